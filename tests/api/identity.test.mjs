// Identity, access control and the ledger against the real binary with the demo city,
// once per store. Covers the permission matrix walk, lockout, sessions, data scope,
// SQL metacharacters, bad bodies, tampering and signed checkpoints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, Client, expectProblem, rawSql, runWeijian } from '../lib/server.mjs';
import { DEMO_PASSWORD, DEMO_ADMIN_TOTP } from '../lib/totp.mjs';

const expectedMatrix = JSON.parse(readFileSync(new URL('./permission_matrix.json', import.meta.url)));
delete expectedMatrix._comment;
const roleAccounts = {
  admin: 'admin', section_head: 'section_head_a', inspector: 'inspector_a', legal_reviewer: 'legal_reviewer',
  insurance_auditor: 'insurance_auditor', department_liaison: 'liaison', institution_reporter: 'reporter',
};

let srv;
let admin;
before(async () => {
  srv = await startServer({ demo: true, args: ['--max-body-bytes', '65536'] });
  admin = new Client(srv.baseUrl);
  await admin.login('admin', DEMO_PASSWORD, DEMO_ADMIN_TOTP);
});
after(async () => { await srv.stop(); });

async function login(username) {
  const c = new Client(srv.baseUrl);
  await c.login(username, DEMO_PASSWORD);
  return c;
}

test('the permission matrix is the reviewed one', async () => {
  const roles = await (await admin.get('/api/v1/roles')).json();
  const actual = Object.fromEntries(roles.map((r) => [r.role, r.permissions]));
  assert.deepEqual(actual, expectedMatrix);
  for (const r of roles) assert.match(r.label, /[\u4e00-\u9fff]/);
});

test('every route as every role, and without login, answers as the matrix says', async () => {
  const routes = await (await admin.get('/api/v1/system/routes')).json();
  assert.ok(routes.length >= 30, 'the catalogue lists the routes');
  // Logout ends the session: walk it last.
  routes.sort((a, b) => (a.pattern.endsWith('/logout') ? 1 : 0) - (b.pattern.endsWith('/logout') ? 1 : 0));
  const clients = { anonymous: new Client(srv.baseUrl) };
  for (const [role, user] of Object.entries(roleAccounts)) clients[role] = role === 'admin' ? null : await login(user);
  const failures = [];
  for (const [role, client] of Object.entries(clients)) {
    if (role === 'admin') continue;  // the admin session is shared by other tests; covered below
    for (const r of routes) {
      if (r.pattern === '/api/v1/auth/login') continue;
      const url = r.pattern.replaceAll('{id}', '999999');
      const res = await client.request(r.method, url, r.method === 'GET' ? undefined : {});
      let expected;
      if (r.permission === '') expected = 'open';
      else if (role === 'anonymous') expected = 401;
      else if (r.permission === 'self' || expectedMatrix[role].includes(r.permission)) expected = 'allowed';
      else expected = 403;
      const ok = expected === 'open' || expected === 'allowed' ? ![401, 403].includes(res.status) : res.status === expected;
      if (!ok) failures.push(`${role} ${r.method} ${url} (${r.permission}) → ${res.status}, expected ${expected}`);
      if (res.status >= 400) {
        // /fhir answers errors as FHIR OperationOutcome; every other route as problem+json.
        const errorType = r.pattern.startsWith('/fhir') ? /^application\/fhir\+json/ : /problem\+json/;
        assert.match(res.headers.get('content-type'), errorType, `${role} ${r.method} ${url}`);
      }
    }
  }
  // The administrator may do everything it is given, without logging out the shared client.
  for (const r of routes.filter((x) => x.permission !== '' && x.permission !== 'self')) {
    const res = await admin.request(r.method, r.pattern.replaceAll('{id}', '999999'), r.method === 'GET' ? undefined : {});
    if ([401, 403].includes(res.status)) failures.push(`admin ${r.method} ${r.pattern} → ${res.status}`);
  }
  assert.deepEqual(failures, []);
});

test('brute force locks the account; an administrator can unlock it', async () => {
  const c = new Client(srv.baseUrl);
  for (let i = 1; i <= 4; i++) {
    const p = await expectProblem(assert, await c.post('/api/v1/auth/login', { username: 'inspector_b', password: `wrong-${i}` }), 401);
    assert.equal(p.type, '/problems/login-failed');
    assert.match(p.detail, new RegExp(`再失败 ${5 - i} 次`));
  }
  const fifth = await expectProblem(assert, await c.post('/api/v1/auth/login', { username: 'inspector_b', password: 'wrong-5' }), 401);
  assert.match(fifth.detail, /已锁定/);
  const locked = await expectProblem(assert, await c.post('/api/v1/auth/login', { username: 'inspector_b', password: DEMO_PASSWORD }), 423);
  assert.equal(locked.type, '/problems/account-locked');
  const users = await (await admin.get('/api/v1/users?q=inspector_b')).json();
  const target = users.items.find((u) => u.username === 'inspector_b');
  assert.ok(target.locked_until);
  assert.equal((await admin.post(`/api/v1/users/${target.id}/unlock`)).status, 204);
  await c.login('inspector_b', DEMO_PASSWORD);
  const ledger = await (await admin.get(`/api/v1/ledger?subject_type=user&subject_id=${target.id}&page_size=50`)).json();
  const actions = ledger.items.map((e) => e.action);
  for (const a of ['auth.login_failed', 'auth.locked', 'user.unlock', 'auth.login']) assert.ok(actions.includes(a), a);
});

test('unknown users and wrong passwords get the same answer', async () => {
  const c = new Client(srv.baseUrl);
  const a = await expectProblem(assert, await c.post('/api/v1/auth/login', { username: "' OR '1'='1", password: 'x' }), 401);
  assert.equal(a.type, '/problems/login-failed');
  const b = await expectProblem(assert, await c.post('/api/v1/auth/login', { username: 'nobody_here', password: 'x' }), 401);
  assert.equal(b.detail, a.detail);
});

test('administrators need the second factor, and a code works once', async () => {
  const c = new Client(srv.baseUrl);
  const need = await expectProblem(assert, await c.post('/api/v1/auth/login', { username: 'admin', password: DEMO_PASSWORD }), 401);
  assert.equal(need.type, '/problems/totp-required');
  assert.equal(need.errors[0].field, 'totp_code');
  // The code the shared admin client logged in with is refused when replayed.
  const replay = await expectProblem(assert, await c.post('/api/v1/auth/login',
    { username: 'admin', password: DEMO_PASSWORD, totp_code: admin.lastTotpCode }), 401);
  assert.equal(replay.type, '/problems/totp-invalid');
  const bad = await expectProblem(assert, await c.post('/api/v1/auth/login',
    { username: 'admin', password: DEMO_PASSWORD, totp_code: '000000' }), 401);
  assert.equal(bad.type, '/problems/totp-invalid');
  const disable = await expectProblem(assert, await admin.post('/api/v1/auth/totp/disable', { password: DEMO_PASSWORD }), 409);
  assert.equal(disable.type, '/problems/totp-required-by-role');
});

test('sessions: HttpOnly cookie, bearer token, logout, expiry and revocation', async () => {
  const c = new Client(srv.baseUrl);
  const res = await c.post('/api/v1/auth/login', { username: 'legal_reviewer', password: DEMO_PASSWORD });
  assert.equal(res.status, 200);
  const setCookie = res.headers.get('set-cookie');
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const body = await res.json();
  assert.ok(!JSON.stringify(body).includes(c.cookie.split('=')[1]), 'the token is not in the body');
  const token = c.cookie.split('=')[1];
  const bearer = await fetch(`${srv.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(bearer.status, 200);
  assert.equal((await bearer.json()).user.username, 'legal_reviewer');
  // Only the SM3 digest of the token is stored.
  assert.equal(rawSql(srv.db, `SELECT count(*) FROM sessions WHERE token_hash = '${token}'`).trim(), '0');
  assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
  await expectProblem(assert, await fetch(`${srv.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } }), 401);

  const d = await login('liaison');
  rawSql(srv.db, "UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = (SELECT id FROM users WHERE username = 'liaison')");
  const expired = await expectProblem(assert, await d.get('/api/v1/auth/me'), 401);
  assert.match(expired.detail, /过期/);

  const e = await login('insurance_auditor');
  const me = await (await e.get('/api/v1/auth/me')).json();
  assert.equal((await admin.post(`/api/v1/users/${me.user.id}/revoke-sessions`)).status, 204);
  await expectProblem(assert, await e.get('/api/v1/auth/me'), 401);
});

test('password change follows the policy and ends the other sessions', async () => {
  const a = await login('section_head_b');
  const other = await login('section_head_b');
  const weak = await expectProblem(assert, await a.post('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'short' }), 422);
  assert.equal(weak.errors[0].field, 'new_password');
  const wrongOld = await expectProblem(assert, await a.post('/api/v1/auth/password', { old_password: 'nope', new_password: 'Another#Pass2027' }), 422);
  assert.equal(wrongOld.errors[0].field, 'old_password');
  assert.equal((await a.post('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'Another#Pass2027' })).status, 204);
  assert.equal((await a.get('/api/v1/auth/me')).status, 200);
  await expectProblem(assert, await other.get('/api/v1/auth/me'), 401);
  await new Client(srv.baseUrl).login('section_head_b', 'Another#Pass2027');
});

test('data scope: a district section head sees only its district; other records are 404', async () => {
  const a = await login('section_head_a');
  const jur = (await (await a.get('/api/v1/jurisdictions')).json()).items;
  const byId = new Map(jur.map((j) => [j.id, j]));
  const me = (await (await a.get('/api/v1/auth/me')).json()).user;
  const myPath = byId.get(me.jurisdiction_id).path;
  const mine = await (await a.get('/api/v1/users?page_size=500')).json();
  assert.ok(mine.total >= 3);
  for (const u of mine.items) assert.ok(byId.get(u.jurisdiction_id).path.startsWith(myPath), `${u.username} ${myPath}`);
  const all = await (await admin.get('/api/v1/users?page_size=500')).json();
  const outside = all.items.filter((u) => !byId.get(u.jurisdiction_id).path.startsWith(myPath));
  assert.ok(outside.length > 10);
  assert.equal(mine.total + outside.length, all.total);
  for (const u of outside.slice(0, 5)) {
    const r = await expectProblem(assert, await a.get(`/api/v1/users/${u.id}`), 404);
    assert.ok(!JSON.stringify(r).includes(u.display_name), 'no data of the other record');
    await expectProblem(assert, await a.get(`/api/v1/users/${u.id}/history`), 404);
  }
  const ledger = await (await a.get('/api/v1/ledger?page_size=500')).json();
  assert.ok(ledger.total > 0);
  for (const e of ledger.items) assert.ok(e.jurisdiction_path.startsWith(myPath), `${e.seq} ${e.jurisdiction_path} ${myPath}`);
  const bytes = Buffer.from(await (await a.get('/api/v1/users/export')).arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV for Excel starts with a BOM');
  const csv = bytes.toString('utf8');
  assert.equal(csv.trim().split('\r\n').length, mine.total + 1, 'a header and one line per user');
  const exported = new Set(csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]));
  for (const u of mine.items) assert.ok(exported.has(u.username), `${u.username} is exported`);
  for (const u of outside) assert.ok(!exported.has(u.username), `${u.username} is outside the scope`);
});

test('SQL metacharacters in every string field are stored and returned verbatim', async () => {
  const tricky = `O'Brien"); DROP TABLE users;--%_\\`;
  const depts = (await (await admin.get('/api/v1/departments')).json()).items;
  const jur = (await (await admin.get('/api/v1/jurisdictions')).json()).items;
  const res = await admin.post('/api/v1/users', {
    username: 'sql.meta_1', display_name: tricky, role: 'inspector', department_id: depts[0].id,
    jurisdiction_id: jur.find((j) => j.level === 'district').id, password: 'Strong#Pass2026',
  });
  assert.equal(res.status, 201, await res.clone().text());
  const created = await res.json();
  assert.equal(created.display_name, tricky);
  assert.equal((await (await admin.get(`/api/v1/users/${created.id}`)).json()).display_name, tricky);
  const search = await (await admin.get(`/api/v1/users?q=${encodeURIComponent('%_\\')}`)).json();
  assert.deepEqual(search.items.map((u) => u.id), [created.id], '% and _ are literal in search');
  const dept = await admin.post('/api/v1/departments', { code: 'meta_dept', name: tricky, short_name: `'";--`, duties: tricky });
  assert.equal(dept.status, 201);
  const back = (await (await admin.get(`/api/v1/departments?q=${encodeURIComponent(tricky)}`)).json()).items;
  assert.equal(back.length, 1);
  assert.equal(back[0].short_name, `'";--`);
  const patched = await (await admin.patch(`/api/v1/users/${created.id}`, { display_name: `${tricky}2` })).json();
  assert.equal(patched.display_name, `${tricky}2`);
  const hist = await (await admin.get(`/api/v1/users/${created.id}/history`)).json();
  assert.equal(hist.items[0].change.display_name.to, `${tricky}2`);
  assert.equal(hist.items[1].action, 'user.create');
});

test('user form validation names each field', async () => {
  const p = await expectProblem(assert, await admin.post('/api/v1/users', {
    username: 'Bad Name', display_name: '', role: 'wizard', department_id: 999999, jurisdiction_id: -1, password: 'weak',
  }), 422);
  const fields = p.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['department_id', 'display_name', 'jurisdiction_id', 'password', 'role', 'username']);
  const dup = await expectProblem(assert, await admin.post('/api/v1/users', {
    username: 'admin', display_name: 'x', role: 'inspector', department_id: 1, jurisdiction_id: 1, password: 'Strong#Pass2026',
  }), 422);
  assert.deepEqual(dup.errors.map((e) => e.field), ['username']);
});

test('oversized and malformed bodies are refused with problem+json', async () => {
  await expectProblem(assert, await admin.request('POST', '/api/v1/users', '{"username": "x",'), 400);
  await expectProblem(assert, await admin.request('POST', '/api/v1/users', '[1,2]'), 400);
  await expectProblem(assert, await admin.request('POST', '/api/v1/users', 'username=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  await expectProblem(assert, await admin.request('POST', '/api/v1/users', JSON.stringify({ display_name: 'x'.repeat(70000) })), 413);
  await expectProblem(assert, await admin.request('POST', '/api/v1/auth/login', '{bad'), 400);
  await expectProblem(assert, await admin.get('/api/v1/users/abc'), 404);
  await expectProblem(assert, await admin.get('/api/v1/ledger?from=2026-02-30'), 400);
});

test('jurisdiction tree: levels follow city › district › town › grid cell', async () => {
  const jur = (await (await admin.get('/api/v1/jurisdictions')).json()).items;
  const counts = Object.fromEntries(['city', 'district', 'town', 'grid_cell'].map((l) => [l, jur.filter((j) => j.level === l).length]));
  assert.deepEqual(counts, { city: 1, district: 6, town: 60, grid_cell: 300 });
  const town = jur.find((j) => j.level === 'town');
  const wrong = await expectProblem(assert, await admin.post('/api/v1/jurisdictions', { parent_id: town.id, code: 'X1', name: '错层', level: 'district' }), 422);
  assert.equal(wrong.errors[0].field, 'level');
  const ok = await admin.post('/api/v1/jurisdictions', { parent_id: town.id, code: 'NEWGRID1', name: '新网格', level: 'grid_cell' });
  assert.equal(ok.status, 201);
  const created = await ok.json();
  assert.equal(created.path, `${town.path}${created.id}/`);
  const a = await login('section_head_a');
  await expectProblem(assert, await a.patch(`/api/v1/jurisdictions/${created.id}`, { name: 'x' }), 403);
});

test('system info counts what is stored', async () => {
  const info = await (await admin.get('/api/v1/system/info')).json();
  const c = Object.fromEntries(info.counts.map((x) => [x.key, x.count]));
  assert.ok(c.users >= 27);
  assert.ok(c.departments >= 14);
  assert.ok(c.jurisdictions >= 367);
  assert.ok(c.ledger_entries > 400);
});

test('ledger: verify passes, a tampered row is named by the API and the command line', async () => {
  const s = await startServer({ demo: true });
  try {
    const a = new Client(s.baseUrl);
    await a.login('admin', DEMO_PASSWORD, DEMO_ADMIN_TOTP);
    const ok = await (await a.post('/api/v1/ledger/verify')).json();
    assert.equal(ok.ok, true, ok.detail);
    assert.ok(ok.entries > 400);
    assert.equal(runWeijian(['ledger', 'verify'], { db: s.db, dir: s.dir }).status, 0);

    const cp = await a.get('/api/v1/ledger/checkpoint');
    const checkpoint = await cp.json();
    assert.equal(checkpoint.sm2_id, '1234567812345678');
    const cpFile = path.join(s.dir, 'cp.json');
    const keyFile = path.join(s.dir, 'pub.pem');
    writeFileSync(cpFile, JSON.stringify(checkpoint));
    writeFileSync(keyFile, checkpoint.public_key_pem);
    const good = runWeijian(['ledger', 'verify-checkpoint', cpFile, '--public-key', keyFile], { db: s.db, dir: s.dir });
    assert.equal(good.status, 0, good.stderr + good.stdout);
    writeFileSync(cpFile, JSON.stringify({ ...checkpoint, head_hash: 'f'.repeat(64) }));
    assert.equal(runWeijian(['ledger', 'verify-checkpoint', cpFile, '--public-key', keyFile], { db: s.db, dir: s.dir }).status, 1);
    writeFileSync(cpFile, JSON.stringify(checkpoint));

    rawSql(s.db, `UPDATE ledger_entries SET change = '{"name":"改过"}' WHERE seq = 37`);
    const bad = await (await a.post('/api/v1/ledger/verify')).json();
    assert.equal(bad.ok, false);
    assert.equal(bad.first_bad_seq, 37);
    assert.match(bad.detail, /第 37 条/);
    const cli = runWeijian(['ledger', 'verify'], { db: s.db, dir: s.dir });
    assert.equal(cli.status, 1);
    assert.match(cli.stdout, /第 37 条/);
    // Rewriting a whole entry consistently is caught by the signed checkpoint.
    rawSql(s.db, `UPDATE ledger_entries SET hash = '${'e'.repeat(64)}' WHERE seq = ${checkpoint.seq}`);
    const after = runWeijian(['ledger', 'verify-checkpoint', cpFile, '--public-key', keyFile], { db: s.db, dir: s.dir });
    assert.equal(after.status, 1);
    assert.match(after.stdout, /不一致/);
  } finally {
    await s.stop();
  }
});

test('labels: public, cached, unique names, none empty, with the words identity\'s endpoints use', async () => {
  const res = await fetch(`${srv.baseUrl}/api/v1/labels`);  // no session
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'max-age=300');
  const { sets } = await res.json();
  const names = sets.map((s) => s.name);
  assert.equal(new Set(names).size, names.length, 'set names are unique');
  for (const s of sets) {
    assert.ok(s.labels.length > 0, `${s.name} is not empty`);
    const ids = s.labels.map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length, `${s.name}: ids are unique`);
    for (const l of s.labels) assert.match(l.label, /[\u4e00-\u9fff]/);
  }
  const set = (name) => new Map(sets.find((s) => s.name === name).labels.map((l) => [l.id, l.label]));
  const roles = set('identity.role');
  const users = (await (await admin.get('/api/v1/users?page_size=500')).json()).items;
  assert.ok(users.length > 0);
  for (const u of users) assert.equal(roles.get(u.role), u.role_label);
  const levels = set('identity.jurisdiction_level');
  assert.deepEqual([...levels.keys()], ['city', 'district', 'town', 'grid_cell']);
  for (const j of (await (await admin.get('/api/v1/jurisdictions')).json()).items) assert.equal(levels.get(j.level), j.level_label);
  const actions = set('ledger.action');
  const listed = await (await admin.get('/api/v1/ledger/actions')).json();
  assert.deepEqual([...actions.entries()], listed.map((a) => [a.action, a.label]));
  for (const e of (await (await admin.get('/api/v1/ledger?page_size=100')).json()).items) assert.equal(actions.get(e.action), e.action_label);
});
