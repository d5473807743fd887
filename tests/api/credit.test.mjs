// Credit supervision against the real binary with the demo city, once per store: points need a
// source record, thresholds fire and restrict, a revoked penalty withdraws its points, list
// entries need a basis, restoration waits for the minimum period, the joint-sanctions check
// (single and CSV bulk, bad codes → 400), the dual-publication export and the public record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectProblem, TODAY } from '../lib/server.mjs';
import { DEMO_PASSWORD } from '../lib/totp.mjs';

const ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const creditCode = (first17) => first17 + ALPHA[(31 - ([...first17].reduce((a, c, i) => a + ALPHA.indexOf(c) * CW[i], 0) % 31)) % 31];
const IW = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idNumber = (first17) => first17 + '10X98765432'[[...first17].reduce((a, c, i) => a + Number(c) * IW[i], 0) % 11];

let srv, head, liaison, reporter, grid;
before(async () => {
  srv = await startServer({ demo: true });
  head = new Client(srv.baseUrl);
  await head.login('section_head_a', DEMO_PASSWORD);
  liaison = new Client(srv.baseUrl);
  await liaison.login('liaison', DEMO_PASSWORD);
  reporter = new Client(srv.baseUrl);
  await reporter.login('reporter', DEMO_PASSWORD);
  const jur = (await (await head.get('/api/v1/jurisdictions')).json()).items;
  const me = (await (await head.get('/api/v1/auth/me')).json()).user;
  const mine = jur.find((j) => j.id === me.jurisdiction_id).path;
  grid = jur.find((j) => j.level === 'grid_cell' && j.path.startsWith(mine));
});
after(async () => { await srv.stop(); });

const today = () => TODAY;
let serial = 0;
async function newInstitution() {
  serial += 1;
  const res = await head.post('/api/v1/institutions', {
    credit_code: creditCode(`12330302MC${String(serial).padStart(7, '0')}`), name: `信用测试医院${serial}`, category: 'hospital',
    ownership: 'public', profit_type: 'non_profit', address: '测试路1号', jurisdiction_id: grid.id,
    legal_representative: '张三', person_in_charge: '李四', beds: 50,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}
async function penalty(code, no, over = {}) {
  const res = await head.post('/api/v1/penalties', {
    subject_code: code, decision_no: no, violation_type: '超范围执业', facts: '现场检查发现超出登记科目开展诊疗', basis: '《医疗机构管理条例》第四十七条',
    category: '罚款', content: '罚款人民币1.25万元', fine_fen: 1250000, decision_date: today(), ...over,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}
const assess = (code, behaviour, no) => head.post('/api/v1/credit/points', { subject_code: code, behaviour_code: behaviour, source_kind: 'penalty', source_ref: no });

test('the demo city has credit content: points, consequences, lists and restorations', async () => {
  const points = await (await head.get('/api/v1/credit/points?page_size=1')).json();
  assert.ok(points.total >= 10);
  const cons = await (await head.get('/api/v1/credit/consequences?status=active')).json();
  assert.ok(cons.items.some((c) => c.code === 'designation_cancelled'));
  const lists = await (await head.get('/api/v1/credit/lists?list_kind=dishonesty&status=active')).json();
  assert.ok(lists.total >= 4);
  const honour = await (await head.get('/api/v1/credit/lists?list_kind=honour')).json();
  assert.ok(honour.total >= 2);
  const rest = await (await head.get('/api/v1/credit/restorations')).json();
  assert.deepEqual(rest.items.map((r) => r.status).sort(), ['approved', 'pending']);
  const rules = await (await head.get('/api/v1/credit/rules')).json();
  assert.deepEqual(rules.institution_thresholds.map((t) => t.points), [12, 16, 20]);
  assert.deepEqual(rules.practitioner_thresholds.map((t) => t.points), [9, 12]);
});

test('points without a source record, with an unknown or revoked source, or for another subject are refused', async () => {
  const inst = await newInstitution();
  let p = await expectProblem(assert, await head.post('/api/v1/credit/points', { subject_code: inst.credit_code, behaviour_code: 'B03' }), 422);
  assert.match(p.detail, /来源记录/);
  p = await expectProblem(assert, await assess(inst.credit_code, 'B03', '不存在的文号'), 422);
  assert.ok(p.errors.some((e) => e.field === 'source_ref'));
  p = await expectProblem(assert, await head.post('/api/v1/credit/points', { subject_code: inst.credit_code, behaviour_code: 'B03', source_kind: 'claim_finding', source_ref: 'C-1' }), 422);
  assert.match(p.errors[0].message, /疑点编号/);
  p = await expectProblem(assert, await head.post('/api/v1/credit/points', { subject_code: inst.credit_code, behaviour_code: 'B03', source_kind: 'claim_finding', source_ref: '999999' }), 422);
  assert.match(p.errors[0].message, /疑点不存在/);
  const other = await newInstitution();
  await penalty(other.credit_code, `测卫罚〔2026〕${serial}00号`);
  p = await expectProblem(assert, await assess(inst.credit_code, 'B03', `测卫罚〔2026〕${serial}00号`), 422);
  assert.ok(p.errors.some((e) => e.message === '当事人不一致'));
  p = await expectProblem(assert, await assess(inst.credit_code, 'B99', 'x'), 422);
  assert.ok(p.errors.some((e) => e.field === 'behaviour_code'));
});

test('thresholds fire exactly at 12, 16 and 20; 20 restricts grade review; revoking a penalty withdraws it all', async () => {
  const inst = await newInstitution();
  const code = inst.credit_code;
  const no = (k) => `测卫罚〔2026〕${serial}-${k}号`;
  const steps = [['B09', 10, 0], ['B15', 11, 0], ['B15', 12, 1], ['B05', 14, 1], ['B15', 15, 1], ['B15', 16, 2], ['B05', 18, 2], ['B15', 19, 2], ['B15', 20, 3]];
  let k = 0;
  for (const [behaviour, total, active] of steps) {
    k += 1;
    await penalty(code, no(k));
    const res = await assess(code, behaviour, no(k));
    assert.equal(res.status, 201, await res.clone().text());
    const out = await res.json();
    assert.equal(out.cycle_total, total);
    const cons = await (await head.get(`/api/v1/credit/consequences?subject_code=${code}&status=active`)).json();
    assert.equal(cons.total, active, `${active} consequences at ${total} points`);
  }
  const cons = await (await head.get(`/api/v1/credit/consequences?subject_code=${code}&status=active`)).json();
  const top = cons.items.find((c) => c.threshold_points === 20);
  assert.equal(top.ends_on, `${today().slice(0, 4)}-12-31`);
  assert.deepEqual(top.notifications.map((n) => n.department_code), ['health', 'healthcare_security', 'development_reform']);
  let s = await (await liaison.get(`/api/v1/credit/sanctions?subject=${code}&context=grade_review`)).json();
  assert.equal(s.restricted, true);
  assert.equal(s.until, `${today().slice(0, 4)}-12-31`);
  assert.ok(s.reasons.length >= 1);
  s = await (await liaison.get(`/api/v1/credit/sanctions?subject=${code}&context=procurement`)).json();
  assert.equal(s.restricted, false);
  // The 20-point list entry restricts key specialties too (ordinary dishonesty contexts).
  const entries = await (await head.get(`/api/v1/credit/lists?subject_code=${code}`)).json();
  assert.equal(entries.items[0].trigger_code, 'points_top_threshold');

  // The 20-point consequence was notified to the 发展改革（信用办）; the market regulator was not told.
  const market = await (await liaison.get('/api/v1/credit/notifications/mine?page_size=100')).json();
  assert.ok(!market.items.some((n) => n.subject_code === code), 'market regulation is not among the departments concerned');
  const insurer = new Client(srv.baseUrl);
  await insurer.login('insurance_auditor', DEMO_PASSWORD);
  const mine = await (await insurer.get('/api/v1/credit/notifications/mine?page_size=100')).json();
  const told = mine.items.find((n) => n.subject_code === code);
  assert.ok(told, 'the healthcare security bureau is notified');
  assert.equal(told.department_code, 'healthcare_security');
  assert.match(told.message, /达到 20 分/);

  // Revoking the 10-point penalty takes the total to 10: every consequence goes.
  const pen = (await (await head.get(`/api/v1/penalties?subject_code=${code}&q=${encodeURIComponent(no(1))}`)).json()).items[0];
  await expectProblem(assert, await head.post(`/api/v1/penalties/${pen.id}/revoke`, { reason: '复议撤销' }), 422);
  const rev = await head.post(`/api/v1/penalties/${pen.id}/revoke`, { revocation_decision_no: '测复〔2026〕1号', reason: '复议撤销', revoked_on: today() });
  assert.equal(rev.status, 200, await rev.clone().text());
  const after = await (await head.get(`/api/v1/credit/consequences?subject_code=${code}&status=active`)).json();
  assert.equal(after.total, 0);
  s = await (await liaison.get(`/api/v1/credit/sanctions?subject=${code}&context=grade_review`)).json();
  assert.equal(s.restricted, false);
  const record = await (await head.get(`/api/v1/credit/records/${code}`)).json();
  assert.equal(record.points_by_cycle[0].total, 10);
  assert.ok(record.points_by_cycle[0].items.some((p) => p.status === 'withdrawn'));
  const ledger = await (await head.get(`/api/v1/ledger?action=credit.points_withdraw&subject_id=${code}`)).json();
  assert.equal(ledger.total, 1);
});

test('list entries need a basis and a period within the rules; restoration waits for the minimum period', async () => {
  const inst = await newInstitution();
  let p = await expectProblem(assert, await head.post('/api/v1/credit/lists', { subject_code: inst.credit_code, trigger_code: 'illegal_practice' }), 422);
  assert.match(p.detail, /依据/);
  p = await expectProblem(assert, await head.post('/api/v1/credit/lists', { subject_code: inst.credit_code, trigger_code: 'illegal_practice', basis: '非法行医', publication_months: 6 }), 422);
  assert.ok(p.errors.some((e) => e.field === 'publication_months'));
  const res = await head.post('/api/v1/credit/lists', { subject_code: inst.credit_code, trigger_code: 'illegal_practice', basis: '卫罚认定非法行医' });
  assert.equal(res.status, 201, await res.clone().text());
  const entry = await res.json();
  assert.equal(entry.severity, 'serious');
  p = await expectProblem(assert, await head.post(`/api/v1/credit/lists/${entry.id}/restorations`, { applicant: '张三', obligations: '已整改', commitment: '承诺' }), 422);
  assert.match(p.detail, new RegExp(`最短公示期至 ${entry.min_ends_on}`));
  const s = await (await liaison.get(`/api/v1/credit/sanctions?subject=${inst.credit_code}&context=public_funding`)).json();
  assert.equal(s.restricted, true);
  assert.equal(s.until, entry.ends_on);
  // The demo's pending restoration can be decided, with reasons.
  const pending = (await (await head.get('/api/v1/credit/restorations?status=pending')).json()).items[0];
  await expectProblem(assert, await head.post(`/api/v1/credit/restorations/${pending.id}/decision`, { decision: 'approve' }), 422);
  const d = await head.post(`/api/v1/credit/restorations/${pending.id}/decision`, { decision: 'reject', reason: '整改材料不全' });
  assert.equal(d.status, 200, await d.clone().text());
  const exp = await head.get('/api/v1/credit/lists/export?format=csv&list_kind=dishonesty');
  assert.equal(exp.status, 200);
  assert.match(await exp.text(), /认定依据/);
});

test('list candidates: a revoked licence and two clean cycles are proposed until listed', async () => {
  const inst = await newInstitution();
  const lic = await head.post(`/api/v1/institutions/${inst.id}/licenses`, { license_no: `CR-${serial}-${Date.now()}`, issued_on: '2024-01-02', valid_until: '2029-01-01', beds: 50 });
  assert.equal(lic.status, 201, await lic.clone().text());
  const clean = await (await head.get('/api/v1/credit/list-candidates?trigger=no_points_two_cycles&page_size=200')).json();
  assert.ok(clean.total > 0);
  const pointed = (await (await head.get('/api/v1/credit/points?status=active&subject_kind=institution&page_size=1')).json()).items[0];
  const all = await (await head.get(`/api/v1/credit/list-candidates?trigger=no_points_two_cycles&page_size=${clean.total}`)).json();
  assert.ok(!all.items.some((c) => c.subject_code === pointed.subject_code), 'an institution with points is not proposed');
  const rev = await head.post(`/api/v1/licenses/${(await lic.json()).id}/events`, { kind: 'revoke', effective_on: today(), note: '严重违法' });
  assert.equal(rev.status, 200, await rev.clone().text());
  let cands = await (await head.get('/api/v1/credit/list-candidates?trigger=license_revoked&page_size=200')).json();
  const mine = cands.items.find((c) => c.subject_code === inst.credit_code);
  assert.ok(mine, 'the revoked licence is proposed');
  assert.equal(mine.starts_on, today());
  const res = await head.post('/api/v1/credit/lists', { subject_code: mine.subject_code, trigger_code: 'license_revoked', basis: mine.basis, starts_on: mine.starts_on });
  assert.equal(res.status, 201, await res.clone().text());
  cands = await (await head.get('/api/v1/credit/list-candidates?trigger=license_revoked&page_size=200')).json();
  assert.ok(!cands.items.some((c) => c.subject_code === inst.credit_code), 'once listed it is no longer proposed');
  await expectProblem(assert, await head.get('/api/v1/credit/list-candidates?trigger=medical_fraud'), 400);
});

test('sanctions: invalid codes and contexts get 400 saying what is wrong; liaison may ask, the reporter may not', async () => {
  let p = await expectProblem(assert, await liaison.get('/api/v1/credit/sanctions?subject=12345&context=procurement'), 400);
  assert.match(p.detail, /18 位/);
  p = await expectProblem(assert, await liaison.get('/api/v1/credit/sanctions?subject=91330302MA0000001I&context=procurement'), 400);
  assert.match(p.detail, /统一社会信用代码/);
  const goodId = idNumber('33030219800715123');
  const badId = goodId.slice(0, 17) + (goodId[17] === '0' ? '1' : '0');
  p = await expectProblem(assert, await liaison.get(`/api/v1/credit/sanctions?subject=${badId}&context=procurement`), 400);
  assert.equal(p.errors[0].field, 'subject');
  p = await expectProblem(assert, await liaison.get(`/api/v1/credit/sanctions?subject=${goodId}&context=lottery`), 400);
  assert.equal(p.errors[0].field, 'context');
  const ok = await (await liaison.get(`/api/v1/credit/sanctions?subject=${goodId}&context=promotion`)).json();
  assert.equal(ok.restricted, false);
  assert.equal(ok.subject_type, 'id_number');
  await expectProblem(assert, await reporter.get(`/api/v1/credit/sanctions?subject=${goodId}&context=promotion`), 403);
  await expectProblem(assert, await liaison.get('/api/v1/credit/lists'), 403);
  // Bulk: a CSV of subjects, one answer per line.
  const listed = (await (await head.get('/api/v1/credit/lists?list_kind=dishonesty&status=active&severity=serious')).json()).items[0];
  const csv = `统一社会信用代码或身份证号\r\n${listed.subject_code}\r\n${goodId}\r\nnot-a-code\r\n`;
  const bulk = await (await liaison.request('POST', '/api/v1/credit/sanctions/bulk?context=procurement', csv, { 'content-type': 'text/csv' })).json();
  assert.equal(bulk.total, 3);
  assert.equal(bulk.restricted, 1);
  assert.equal(bulk.invalid, 1);
  assert.equal(bulk.results[0].restricted, true);
  assert.equal(bulk.results[2].line, 4);
});

test('dual publication: the 双公示 layout, incremental since the last export, as CSV and XLSX', async () => {
  const first = await head.get('/api/v1/credit/dual-publication?kind=penalty&format=csv');
  assert.equal(first.status, 200, await first.clone().text());
  const text = await first.text();
  const header = text.replace(/^\uFEFF/, '').split('\r\n')[0].split(',');
  assert.deepEqual(header.slice(0, 4), ['行政相对人名称', '行政相对人类别', '行政相对人代码_1（统一社会信用代码）', '法定代表人']);
  for (const col of ['决定书文号', '违法行为类型', '违法事实', '处罚依据', '处罚类别', '处罚内容', '罚款金额（万元）', '处罚决定日期', '公示截止期', '处罚机关', '处罚机关统一社会信用代码', '数据来源单位'])
    assert.ok(header.includes(col), col);
  assert.ok(Number(first.headers.get('x-export-rows')) > 0);
  const inst = await newInstitution();
  await penalty(inst.credit_code, `测卫罚〔2026〕增量${serial}号`);
  const next = await head.get('/api/v1/credit/dual-publication?kind=penalty&format=csv');
  assert.equal(next.headers.get('x-export-rows'), '1');
  assert.match(await next.text(), /,1\.25,/);
  const xlsx = await head.get('/api/v1/credit/dual-publication?kind=license&format=xlsx&mode=all');
  assert.equal(xlsx.status, 200);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  const batches = await (await head.get('/api/v1/credit/dual-publication/batches')).json();
  assert.ok(batches.items.length >= 2);
  await expectProblem(assert, await head.get('/api/v1/credit/dual-publication?kind=tax'), 400);
});

test('the public credit record shows the rating and what is published', async () => {
  const listed = (await (await head.get('/api/v1/credit/lists?list_kind=dishonesty&status=active&subject_kind=institution')).json()).items[0];
  const inst = (await (await head.get(`/api/v1/institutions?q=${listed.subject_code}`)).json()).items[0];
  const res = await fetch(`${srv.baseUrl}/api/v1/public/institutions/${inst.id}/credit`);
  assert.equal(res.status, 200);
  const pub = await res.json();
  assert.match(pub.rating.grade, /^[ABCD]$/);
  assert.ok(pub.list_entries.length >= 1);
  assert.equal(pub.points_by_cycle.every((c) => !('items' in c)), true);
});
