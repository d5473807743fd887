#!/usr/bin/env node
// The module boundaries, checked over the source text (CTest `boundaries`, and by hand:
// `node scripts/check-boundaries.mjs`). What it reads is declared once, in CMakeLists.txt:
// `wj_module(name DEPENDS … TABLES …)`. It refuses
//   1. an #include of another module's header that the including module does not DEPEND on
//      (the compiler refuses the same for library code; this covers the tests too);
//   2. SQL on a table from outside the module that owns it, or from a file of that module that
//      is not its store (a file named *store*.cpp/h, or the module's tests);
//   3. a row read by position (`text(i, 3)`) outside src/store/: rows are read by column name;
//   4. a table created by a migration that no module owns.
// Exit 0 with a summary, or 1 listing every violation as file:line.
//
// While modules move into this shape, scripts/boundaries-baseline.txt holds the count of
// violations each not-yet-converted file still has: a file may not exceed its count, a file not
// listed may have none, and a count that fell must be lowered (`--write-baseline` rewrites the
// file), so the list only shrinks. It is deleted when it is empty.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? path.join(import.meta.dirname, '..'));
const src = path.join(root, 'src');

function modulesOf(cmake) {
  const text = cmake.replace(/#[^\n]*/g, '');
  const out = new Map();
  for (const m of text.matchAll(/wj_module\(\s*([a-z_]+)([^)]*)\)/g)) {
    const words = m[2].split(/\s+/).filter(Boolean);
    const mod = { deps: new Set(), tables: new Set() };
    let section = null;
    for (const w of words) {
      if (w === 'DEPENDS' || w === 'TABLES' || w === 'LIBS') section = w;
      else if (section === 'DEPENDS') mod.deps.add(w);
      else if (section === 'TABLES') mod.tables.add(w);
    }
    out.set(m[1], mod);
  }
  return out;
}

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) files.push(...walk(p));
    else if (/\.(cpp|h)$/.test(name)) files.push(p);
  }
  return files;
}

const modules = modulesOf(readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8'));
const owner = new Map();
for (const [name, m] of modules) for (const t of m.tables) owner.set(t, name);

const problems = [];
const migrations = path.join(src, 'store', 'migrations');
for (const f of readdirSync(migrations).filter((n) => n.endsWith('.sql')).sort()) {
  const sql = readFileSync(path.join(migrations, f), 'utf8');
  for (const m of sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g))
    if (!owner.has(m[1])) problems.push(`src/store/migrations/${f}: table ${m[1]} is owned by no module (add it to TABLES of its wj_module in CMakeLists.txt)`);
}

const lineOf = (text, index) => text.slice(0, index).split('\n').length;
const sqlRef = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_]+)\b/g;
const positional = /\b(?:text|integer|real|is_null)\(\s*[A-Za-z_0-9]+\s*,\s*[0-9]+\s*\)/g;
let files = 0;
for (const file of walk(src)) {
  const rel = path.relative(root, file);
  const parts = path.relative(src, file).split(path.sep);
  const mod = parts.length > 1 ? parts[0] : 'app'; // src/main.cpp is the app's
  const m = modules.get(mod);
  if (!m) { problems.push(`${rel}: folder src/${mod} is not a module declared in CMakeLists.txt`); continue; }
  const text = readFileSync(file, 'utf8');
  const test = /_test\.cpp$|test_[a-z_]+\.h$/.test(file);
  const storeFile = /store[a-z_]*\.(cpp|h)$/.test(path.basename(file)) || test;
  files++;
  for (const inc of text.matchAll(/^#include "([a-z_]+)\/[^"]+"/gm)) {
    const dep = inc[1];
    if (dep !== mod && !m.deps.has(dep))
      problems.push(`${rel}:${lineOf(text, inc.index)}: includes ${dep}/, which module ${mod} does not DEPEND on`);
  }
  for (const ref of text.matchAll(sqlRef)) {
    const t = ref[1];
    const o = owner.get(t);
    if (!o) continue;
    if (o !== mod) problems.push(`${rel}:${lineOf(text, ref.index)}: SQL on ${t}, a table of module ${o}; use ${o}'s public header`);
    else if (!storeFile && mod !== 'store') problems.push(`${rel}:${lineOf(text, ref.index)}: SQL on ${t} outside ${mod}'s store files`);
  }
  if (mod !== 'store')
    for (const p of text.matchAll(positional))
      problems.push(`${rel}:${lineOf(text, p.index)}: reads a row by position (${p[0]}); map it by column name in the store`);
}

const baselineFile = path.join(root, 'scripts', 'boundaries-baseline.txt');
const byFile = new Map();
for (const p of problems) {
  const f = p.slice(0, p.indexOf(':'));
  byFile.set(f, (byFile.get(f) ?? 0) + 1);
}
if (process.argv.includes('--write-baseline')) {
  const lines = [...byFile].sort().map(([f, n]) => `${f} ${n}`);
  writeFileSync(baselineFile, lines.length ? '# file violations (scripts/check-boundaries.mjs); only ever lowered\n' + lines.join('\n') + '\n' : '');
  console.log(`check-boundaries: baseline written, ${problems.length} violation(s) in ${byFile.size} file(s)`);
  process.exit(0);
}
const baseline = new Map();
if (existsSync(baselineFile))
  for (const line of readFileSync(baselineFile, 'utf8').split('\n')) {
    const m = /^(\S+) (\d+)$/.exec(line);
    if (m) baseline.set(m[1], Number(m[2]));
  }
const allowed = [];
const refused = problems.filter((p) => {
  const f = p.slice(0, p.indexOf(':'));
  const ok = (byFile.get(f) ?? 0) <= (baseline.get(f) ?? 0);
  if (ok) allowed.push(p);
  return !ok;
});
for (const [f, n] of baseline)
  if ((byFile.get(f) ?? 0) < n)
    refused.push(`${f}: has ${byFile.get(f) ?? 0} violation(s), fewer than the baseline's ${n}: run node scripts/check-boundaries.mjs --write-baseline`);
if (allowed.length && !refused.length)
  console.log(`check-boundaries: ${allowed.length} violation(s) left in ${baseline.size} file(s) of the baseline, none new`);
problems.length = 0;
problems.push(...refused);

if (problems.length) {
  // exitCode, not exit(): a long report to a pipe must be written out whole.
  console.error(`check-boundaries: ${problems.length} violation(s)\n` + problems.join('\n'));
  process.exitCode = 1;
} else if (!allowed.length) {
  console.log(`check-boundaries: ${files} files, ${modules.size} modules, ${owner.size} tables: no violation`);
}
