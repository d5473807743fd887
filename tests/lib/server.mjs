// Test harness: starts the real weijian binary on a free port against a fresh store
// (SQLite in a temporary folder, or a new database on the test PostgreSQL) and stops it.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const store = process.env.WEIJIAN_TEST_STORE ?? 'sqlite';
const bin = process.env.WEIJIAN_BIN ?? path.resolve('build/weijian');
const sourceDir = process.env.WEIJIAN_SOURCE_DIR ?? path.resolve('.');
let counter = 0;

// The date of this test run, pinned: every server and command the harness starts runs with
// WEIJIAN_TODAY set to it, and tests take their dates from it, so a run that crosses midnight
// in Shanghai (or data made at 23:59 and checked at 00:01) sees one date throughout.
export const TODAY = process.env.WEIJIAN_TODAY || new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
export const YEAR = Number(TODAY.slice(0, 4));
const pinned = { WEIJIAN_TODAY: TODAY };

export function pgBaseUrl() {
  const file = process.env.WEIJIAN_TEST_PG_URL_FILE;
  if (!file || !existsSync(file)) throw new Error('WEIJIAN_TEST_PG_URL_FILE does not name a running test PostgreSQL');
  return readFileSync(file, 'utf8').trim();
}

// A fresh, empty store URL for one server.
export function freshDbUrl(dir) {
  if (store === 'sqlite') return `sqlite:${path.join(dir, 'weijian.db')}`;
  if (store !== 'postgresql') throw new Error(`unknown WEIJIAN_TEST_STORE ${store}`);
  const base = pgBaseUrl();
  const name = `wj_api_${process.pid}_${Date.now()}_${counter++}`;
  execFileSync('psql', [`${base}/postgres`, '-qc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  return `${base}/${name}`;
}

// Runs a weijian command against a store; returns {status, stdout, stderr}.
export function runWeijian(args, { db, dir, env = {} } = {}) {
  const r = spawnSync(bin, [...args, ...(db ? ['--db', db] : []), '--data-dir', path.join(sourceDir, 'data'),
    '--key-dir', path.join(dir, 'keys'), '--log-level', 'warn'], { encoding: 'utf8', env: { ...process.env, ...pinned, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs SQL directly against a server's store, bypassing the server (to simulate tampering).
export function rawSql(db, statement) {
  if (db.startsWith('sqlite:')) return execFileSync('sqlite3', [db.slice(7), statement], { encoding: 'utf8' });
  return execFileSync('psql', [db, '-qtAc', statement], { encoding: 'utf8' });
}

// demo: load the demo city (`weijian demo`) into the fresh store before starting.
export async function startServer({ args = [], env = {}, dbUrl, demo = false } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weijian-api-'));
  const db = dbUrl ?? freshDbUrl(dir);
  if (demo) {
    const r = runWeijian(['demo'], { db, dir });
    if (r.status !== 0) throw new Error(`weijian demo failed:\n${r.stderr}`);
  }
  const accessLog = path.join(dir, 'access.log');
  const child = spawn(bin, ['serve', '--port', '0', '--db', db, '--web-root', path.join(sourceDir, 'web/dist'),
    '--data-dir', path.join(sourceDir, 'data'), '--key-dir', path.join(dir, 'keys'),
    '--access-log', accessLog, '--io-threads', '2', '--workers', '4', ...args], {
    env: { ...process.env, ...pinned, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`weijian did not start in 20 s:\n${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`weijian exited (${code}) before listening:\n${stderr}`)); });
  });
  const url = new URL(baseUrl);
  return {
    baseUrl, host: url.hostname, port: Number(url.port), dir, db, accessLog, child, exited,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

// Sends raw bytes on one connection and returns everything the server sent until it closed
// (or until `idleMs` passed without data).
export function rawRequest(port, chunks, { idleMs = 3000, host = '127.0.0.1', gapMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, host);
    let data = Buffer.alloc(0);
    let timer;
    const done = () => { clearTimeout(timer); sock.destroy(); resolve(data.toString('utf8')); };
    const arm = () => { clearTimeout(timer); timer = setTimeout(done, idleMs); };
    sock.on('data', (d) => { data = Buffer.concat([data, d]); arm(); });
    sock.on('end', done);
    sock.on('error', (e) => (data.length ? done() : reject(e)));
    sock.on('connect', async () => {
      arm();
      for (const c of [].concat(chunks)) {
        sock.write(c);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

// Splits a raw HTTP/1.1 stream into responses: [{status, headers, body}].
export function parseResponses(text) {
  const out = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1')) {
    const end = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, end).split('\r\n');
    const status = Number(head[0].split(' ')[1]);
    const headers = Object.fromEntries(head.slice(1).map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
    }));
    const len = Number(headers['content-length'] ?? 0);
    const bodyBytes = Buffer.from(rest.slice(end + 4), 'utf8');
    const body = bodyBytes.subarray(0, len).toString('utf8');
    out.push({ status, headers, body });
    rest = bodyBytes.subarray(len).toString('utf8');
  }
  return out;
}

// Asserts that a fetch Response is an RFC 9457 problem with a Chinese detail.
export async function expectProblem(assert, res, status) {
  assert.equal(res.status, status, `expected HTTP ${status}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const p = await res.json();
  assertProblemBody(assert, p, status);
  return p;
}

export function assertProblemBody(assert, p, status) {
  assert.equal(p.status, status);
  assert.match(p.type, /^\/problems\/[a-z-]+$/);
  assert.equal(typeof p.title, 'string');
  assert.match(p.detail, /[\u4e00-\u9fff]/, 'detail must be Chinese');
  assert.ok(Array.isArray(p.errors), 'errors[] must be present');
}

// A logged-in HTTP client: keeps the session cookie like a browser does.
export class Client {
  constructor(baseUrl) { this.baseUrl = baseUrl; this.cookie = ''; }
  async request(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      if (!('content-type' in h)) h['content-type'] = 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = /wj_session=([^;]*)/.exec(set);
      this.cookie = m && m[1] ? `wj_session=${m[1]}` : '';
    }
    return res;
  }
  get(path) { return this.request('GET', path); }
  post(path, body = {}) { return this.request('POST', path, body); }
  patch(path, body) { return this.request('PATCH', path, body); }
  async login(username, password, totpSecret, offsetSteps = 0) {
    const { totpCode } = await import('./totp.mjs');
    const body = { username, password };
    if (totpSecret) body.totp_code = totpCode(totpSecret, Date.now() / 1000, offsetSteps);
    this.lastTotpCode = body.totp_code;
    const res = await this.post('/api/v1/auth/login', body);
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
    return res.json();
  }
}
