// The foundation's HTTP behaviour against the real binary, once per store
// (WEIJIAN_TEST_STORE=sqlite|postgresql).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { startServer, rawRequest, parseResponses, expectProblem, assertProblemBody, store, Client } from '../lib/server.mjs';
import { DEMO_PASSWORD } from '../lib/totp.mjs';

const sourceDir = process.env.WEIJIAN_SOURCE_DIR ?? path.resolve('.');
let srv;
before(async () => { srv = await startServer({ demo: true, args: ['--max-body-bytes', '4096', '--max-header-bytes', '4096'] }); });
after(async () => { const r = await srv.stop(); assert.equal(r.code, 0, srv.stderr()); });

test('healthz and readyz answer', async () => {
  const h = await fetch(`${srv.baseUrl}/healthz`);
  assert.equal(h.status, 200);
  assert.deepEqual(await h.json(), { status: 'ok' });
  const r = await fetch(`${srv.baseUrl}/readyz`);
  assert.equal(r.status, 200);
  assert.equal((await r.json()).store, store);
});

test('system info needs a login, then reports version, store kind, schema and real counts', async () => {
  await expectProblem(assert, await fetch(`${srv.baseUrl}/api/v1/system/info`), 401);
  const inspector = new Client(srv.baseUrl);
  await inspector.login('inspector_a', DEMO_PASSWORD);
  const res = await inspector.get('/api/v1/system/info');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const info = await res.json();
  assert.match(info.version, /^\d+\.\d+\.\d+$/);
  assert.equal(info.store.kind, store);
  assert.ok(info.store.schema_version >= 1);
  assert.ok(Date.parse(info.started_at) <= Date.now());
  assert.ok(Date.parse(info.installed_at) <= Date.parse(info.started_at));
  const migrations = info.counts.find((c) => c.key === 'schema_migrations');
  assert.equal(migrations.count, info.store.schema_version, 'one row per applied migration');
  for (const c of info.counts) assert.match(c.label, /[\u4e00-\u9fff]/);
});

test('unknown API route is a 404 problem, never the web page', async () => {
  const p = await expectProblem(assert, await fetch(`${srv.baseUrl}/api/v1/no-such-thing`), 404);
  assert.equal(p.type, '/problems/not-found');
  assert.equal(p.instance, '/api/v1/no-such-thing');
});

test('wrong method is a 405 problem with Allow', async () => {
  const res = await fetch(`${srv.baseUrl}/api/v1/system/info`, { method: 'DELETE' });
  await expectProblem(assert, res, 405);
  assert.equal(res.headers.get('allow'), 'GET, HEAD');
});

test('HEAD answers headers with the GET length and no body', async () => {
  const raw = await rawRequest(srv.port, 'HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const [head] = raw.split('\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 200/);
  assert.match(head, /Content-Length: 15/i);
  assert.equal(raw.split('\r\n\r\n')[1], '');
});

test('keep-alive serves several requests on one connection', async () => {
  const one = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const raw = await rawRequest(srv.port, [one, one, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], { gapMs: 20 });
  const responses = parseResponses(raw);
  assert.equal(responses.length, 3);
  for (const r of responses) assert.equal(r.status, 200);
  assert.equal(responses[2].headers.connection, 'close');
});

test('malformed HTTP gets a 400 problem and the server goes on', async () => {
  const raw = await rawRequest(srv.port, 'THIS IS NOT HTTP\r\n\r\n');
  const [r] = parseResponses(raw);
  assert.equal(r.status, 400);
  assert.match(r.headers['content-type'], /problem\+json/);
  assertProblemBody(assert, JSON.parse(r.body), 400);
  assert.equal((await fetch(`${srv.baseUrl}/healthz`)).status, 200);
});

test('bad Content-Length gets a 400 problem', async () => {
  const raw = await rawRequest(srv.port, 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
  assert.equal(parseResponses(raw)[0].status, 400);
});

test('oversized headers get a 431 problem and the server goes on', async () => {
  const res = await fetch(`${srv.baseUrl}/healthz`, { headers: { 'x-filler': 'a'.repeat(8000) } });
  const p = await expectProblem(assert, res, 431);
  assert.equal(p.type, '/problems/header-too-large');
  assert.equal((await fetch(`${srv.baseUrl}/healthz`)).status, 200);
});

test('oversized body gets a 413 problem, declared or chunked', async () => {
  const res = await fetch(`${srv.baseUrl}/api/v1/system/info`, { method: 'POST', body: 'x'.repeat(10000) });
  const p = await expectProblem(assert, res, 413);
  assert.equal(p.type, '/problems/body-too-large');
  const chunk = 'x'.repeat(3000);
  const raw = await rawRequest(srv.port, [
    'POST /api/v1/system/info HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
    `bb8\r\n${chunk}\r\n`, `bb8\r\n${chunk}\r\n`, '0\r\n\r\n']);
  assert.equal(parseResponses(raw)[0].status, 413);
  assert.equal((await fetch(`${srv.baseUrl}/healthz`)).status, 200);
});

test('a body within the limit reaches routing (405 here, not 413)', async () => {
  const res = await fetch(`${srv.baseUrl}/api/v1/system/info`, { method: 'POST', body: 'x'.repeat(1000) });
  await expectProblem(assert, res, 405);
});

test('metrics are Prometheus text with per-route counters, histograms and store figures', async () => {
  await fetch(`${srv.baseUrl}/healthz`);
  const text = await (await fetch(`${srv.baseUrl}/metrics`)).text();
  const m = /weijian_http_requests_total\{method="GET",route="\/healthz",status="2xx"\} (\d+)/.exec(text);
  assert.ok(m && Number(m[1]) >= 1, 'healthz counter');
  assert.match(text, /weijian_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+/);
  assert.match(text, /weijian_http_requests_total\{method="\*",route="\(none\)",status="4xx"\} \d+/);
  assert.match(text, new RegExp(`weijian_store_queries_total\\{engine="${store}"\\} \\d+`));
  assert.match(text, /weijian_store_pool_connections\{engine="\w+",state="idle"\} \d+/);
  // Every sample line is "name{labels} value" or "name value".
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
    assert.match(line, /^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$/, line);
});

test('access log has one JSON line per request, without query strings', async () => {
  await fetch(`${srv.baseUrl}/healthz?token=secret-value`);
  await new Promise((r) => setTimeout(r, 400));  // flushed every 200 ms
  const lines = readFileSync(srv.accessLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const last = lines.filter((l) => l.path === '/healthz').at(-1);
  assert.equal(last.status, 200);
  assert.equal(last.route, '/healthz');
  assert.equal(last.method, 'GET');
  assert.ok(last.id && last.time && typeof last.ms === 'number');
  assert.ok(!readFileSync(srv.accessLog, 'utf8').includes('secret-value'), 'query strings are not logged');
});

test('web app: SPA fallback, cache headers, missing assets are 404', { skip: !existsSync(path.join(sourceDir, 'web/dist/index.html')) && 'web/dist not built' }, async () => {
  const deep = await fetch(`${srv.baseUrl}/some/deep/page`);
  assert.equal(deep.status, 200);
  assert.match(deep.headers.get('content-type'), /text\/html/);
  assert.equal(deep.headers.get('cache-control'), 'no-cache');
  const html = await deep.text();
  assert.match(html, /<div id="app">/);
  const asset = /(?:src|href)="\/(assets\/[^"]+\.js)"/.exec(html)[1];
  const a = await fetch(`${srv.baseUrl}/${asset}`);
  assert.equal(a.status, 200);
  assert.match(a.headers.get('cache-control'), /immutable/);
  const again = await fetch(`${srv.baseUrl}/${asset}`, { headers: { 'if-none-match': a.headers.get('etag') } });
  assert.equal(again.status, 304);
  await expectProblem(assert, await fetch(`${srv.baseUrl}/assets/missing-file.js`), 404);
  const climb = await rawRequest(srv.port, 'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.doesNotMatch(climb, /root:/);
});

test('graceful shutdown lets a request in flight finish', async () => {
  const s = await startServer({ args: ['--shutdown-grace-seconds', '5'] });
  const net = await import('node:net');
  const sock = net.connect(s.port, '127.0.0.1');
  let data = '';
  sock.on('data', (d) => { data += d; });
  const closed = new Promise((r) => sock.on('close', r));
  await new Promise((r) => sock.on('connect', r));
  sock.write('GET /readyz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345');
  await new Promise((r) => setTimeout(r, 150));
  s.child.kill('SIGTERM');  // the request's headers are in; its body is not
  await new Promise((r) => setTimeout(r, 300));
  sock.write('67890');
  await closed;
  const [res] = parseResponses(data);
  assert.equal(res.status, 200, data);
  assert.equal(res.headers.connection, 'close');
  assert.equal(JSON.parse(res.body).store, store);
  const exit = await s.exited;
  assert.equal(exit.code, 0, s.stderr());
  assert.match(s.stderr(), /shutting down/);
});

test('idle keep-alive connections do not hold up shutdown', async () => {
  const s = await startServer({ args: ['--shutdown-grace-seconds', '30'] });
  const idle = await (await import('node:net')).connect(s.port, '127.0.0.1');
  await new Promise((r) => idle.on('connect', r));
  const t0 = Date.now();
  s.child.kill('SIGINT');
  const exit = await s.exited;
  assert.equal(exit.code, 0);
  assert.ok(Date.now() - t0 < 5000, 'an idle connection must not wait for the grace period');
  idle.destroy();
});

test('configuration: --help lists every option with its environment variable; bad values are refused', () => {
  const bin = process.env.WEIJIAN_BIN;
  const help = execFileSync(bin, ['serve', '--help'], { encoding: 'utf8' });
  for (const opt of ['db', 'port', 'host', 'max-body-bytes', 'max-header-bytes', 'workers', 'access-log', 'config'])
    assert.match(help, new RegExp(`--${opt}[\\s\\S]*WEIJIAN_${opt.toUpperCase().replaceAll('-', '_')}`));
  const bad = spawnSync(bin, ['serve', '--port', 'eighty'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /port.*0 到 65535/);
  const unknown = spawnSync(bin, ['serve', '--colour', 'blue'], { encoding: 'utf8' });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /colour/);
});

test('configuration file and environment are honoured', async () => {
  const file = path.join(srv.dir, 'weijian.conf');
  writeFileSync(file, '# test\nmax-body-bytes = 2048\nlog-level = warn\n');
  const s = await startServer({ args: ['--config', file], env: { WEIJIAN_MAX_HEADER_BYTES: '2048' } });
  try {
    await expectProblem(assert, await fetch(`${s.baseUrl}/healthz`, { method: 'POST', body: 'x'.repeat(3000) }), 413);
    await expectProblem(assert, await fetch(`${s.baseUrl}/healthz`, { headers: { 'x-a': 'a'.repeat(3000) } }), 431);
    assert.doesNotMatch(s.stderr(), /"level":"info"/, 'log-level from the file applies');
  } finally {
    await s.stop();
  }
});
