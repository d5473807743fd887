// Registries against the real binary with the demo city, once per store: validation of
// codes and ID numbers, licences and registrations on past dates, validation and renewal
// rules, data scope, all-or-nothing imports (UTF-8 and GB18030) and the public portal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, expectProblem, TODAY } from '../lib/server.mjs';
import { DEMO_PASSWORD } from '../lib/totp.mjs';

const ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCode(first17) {
  const sum = [...first17].reduce((a, c, i) => a + ALPHA.indexOf(c) * CW[i], 0);
  return first17 + ALPHA[(31 - (sum % 31)) % 31];
}
const IW = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const idNumber = (first17) => first17 + '10X98765432'[[...first17].reduce((a, c, i) => a + Number(c) * IW[i], 0) % 11];

let srv, a, b, gridA, gridB;
before(async () => {
  srv = await startServer({ demo: true });
  a = new Client(srv.baseUrl);
  await a.login('section_head_a', DEMO_PASSWORD);
  b = new Client(srv.baseUrl);
  await b.login('section_head_b', DEMO_PASSWORD);
  const jur = (await (await a.get('/api/v1/jurisdictions')).json()).items;
  const me = (await (await a.get('/api/v1/auth/me')).json()).user;
  const meB = (await (await b.get('/api/v1/auth/me')).json()).user;
  const pathOf = (id) => jur.find((j) => j.id === id).path;
  gridA = jur.find((j) => j.level === 'grid_cell' && j.path.startsWith(pathOf(me.jurisdiction_id)));
  gridB = jur.find((j) => j.level === 'grid_cell' && j.path.startsWith(pathOf(meB.jurisdiction_id)));
});
after(async () => { await srv.stop(); });

let serial = 0;
function institutionBody(over = {}) {
  serial += 1;
  return {
    credit_code: creditCode(`52330302MJ${String(serial).padStart(7, '0')}`), name: `测试门诊部${serial}`, category: 'clinic',
    ownership: 'private', profit_type: 'for_profit', address: '测试路1号', jurisdiction_id: gridA.id,
    legal_representative: '张三', person_in_charge: '李四', beds: 0, ...over,
  };
}

test('the demo city has registries of realistic size', async () => {
  const admin = await (await a.get('/api/v1/institutions?page_size=1')).json();
  assert.ok(admin.total > 200, `district A holds ${admin.total} institutions`);
  const overdue = await (await a.get('/api/v1/licenses/overdue-validations')).json();
  assert.ok(overdue.total > 0, 'some validations are overdue');
  for (const l of overdue.items) assert.ok(l.validation_due_on < TODAY);
  const lapsed = await (await a.get('/api/v1/practitioners?kind=nurse&renewal_due=true&page_size=50')).json();
  assert.ok(lapsed.total > 0, 'some nurse registrations are due or lapsed');
  const rates = await (await a.get('/api/v1/practitioners/e-registration')).json();
  assert.equal(rates.districts.length, 1, 'a district head sees its own district');
  assert.ok(rates.rate > 0.9 && rates.rate < 1);
});

test('credit codes are checked (GB 32100) and duplicates refused, field by field', async () => {
  const good = institutionBody();
  const wrong = { ...good, credit_code: good.credit_code.slice(0, 17) + (good.credit_code[17] === '0' ? '1' : '0') };
  const p = await expectProblem(assert, await a.post('/api/v1/institutions', wrong), 422);
  assert.deepEqual(p.errors.map((e) => e.field), ['credit_code']);
  assert.match(p.errors[0].message, /校验位/);
  const bad = await expectProblem(assert, await a.post('/api/v1/institutions', { ...institutionBody(), category: 'spa', ownership: 'x', beds: -1 }), 422);
  assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['beds', 'category', 'ownership']);
  const res = await a.post('/api/v1/institutions', { ...good, credit_code: good.credit_code.toLowerCase() });
  assert.equal(res.status, 201);
  assert.equal((await res.json()).credit_code, good.credit_code, 'normalised to upper case');
  const dup = await expectProblem(assert, await a.post('/api/v1/institutions', good), 422);
  assert.equal(dup.errors[0].field, 'credit_code');
});

test('a licence answers for any past date; validation follows the bed rule', async () => {
  const inst = await (await a.post('/api/v1/institutions', institutionBody({ category: 'hospital', beds: 150 }))).json();
  const big = await (await a.post(`/api/v1/institutions/${inst.id}/licenses`,
    { license_no: `T-${inst.id}-A`, issued_on: '2023-04-10', valid_until: '2038-04-09', beds: 150 })).json();
  assert.equal(big.validation_due_on, '2026-04-10', '100 beds or more: every 3 years');
  const small = await (await a.post(`/api/v1/institutions/${inst.id}/licenses`,
    { license_no: `T-${inst.id}-B`, issued_on: '2024-02-29', valid_until: '2029-02-28', beds: 50 })).json();
  assert.equal(small.validation_due_on, '2025-02-28', 'under 100 beds: every year (29 Feb → 28 Feb)');
  const overdue = await (await a.get('/api/v1/licenses/overdue-validations?page_size=500')).json();
  assert.ok(overdue.items.some((l) => l.id === small.id));
  const r1 = await a.post(`/api/v1/licenses/${small.id}/events`, { kind: 'validate', effective_on: '2025-02-20' });
  assert.equal((await r1.json()).validation_due_on, '2026-02-20');
  await a.post(`/api/v1/licenses/${small.id}/events`, { kind: 'suspend', effective_on: '2025-06-01' });
  const on = async (d) => (await (await a.get(`/api/v1/licenses/${small.id}/status?on=${d}`)).json());
  assert.equal((await on('2024-02-28')).status, 'not_issued');
  assert.equal((await on('2024-02-29')).valid, true);
  assert.equal((await on('2025-05-31')).status, 'valid');
  assert.equal((await on('2025-06-01')).status, 'suspended');
  assert.equal((await on('2030-01-01')).status, 'suspended');
  const early = await expectProblem(assert, await a.post(`/api/v1/licenses/${small.id}/events`, { kind: 'reinstate', effective_on: '2025-05-01' }), 422);
  assert.equal(early.errors[0].field, 'effective_on', 'events are recorded in date order');
  await a.post(`/api/v1/licenses/${small.id}/events`, { kind: 'revoke', effective_on: '2025-07-01' });
  await expectProblem(assert, await a.post(`/api/v1/licenses/${small.id}/events`, { kind: 'reinstate', effective_on: '2025-08-01' }), 409);
  assert.equal((await on('2025-12-31')).status, 'revoked');
  const detail = await (await a.get(`/api/v1/institutions/${inst.id}`)).json();
  const history = detail.licenses.find((l) => l.id === small.id).events.map((e) => `${e.effective_on} ${e.kind}>${e.status_after}`);
  assert.deepEqual(history, ['2024-02-29 issue>valid', '2025-02-20 validate>valid', '2025-06-01 suspend>suspended', '2025-07-01 revoke>revoked']);
  await expectProblem(assert, await a.get(`/api/v1/licenses/${small.id}/status?on=2025-02-30`), 400);
});

test('practitioners: ID numbers checked, sex and birth derived, nurse registration lasts 5 years', async () => {
  const inst = await (await a.post('/api/v1/institutions', institutionBody())).json();
  const other = await (await a.post('/api/v1/institutions', institutionBody())).json();
  const bad = await expectProblem(assert, await a.post('/api/v1/practitioners',
    { id_number: '11010519491231002Y', name: '错号', kind: 'nurse', institution_id: inst.id, registered_on: '2019-01-01' }), 422);
  assert.equal(bad.errors[0].field, 'id_number');
  const id = idNumber('33030219900615002');  // digit 17 even: female
  const n = await (await a.post('/api/v1/practitioners',
    { id_number: id, name: '王护士', kind: 'nurse', institution_id: inst.id, registered_on: '2019-03-01', practice_cert_no: `N${serial}` })).json();
  assert.equal(n.sex, 'F');
  assert.equal(n.birth_date, '1990-06-15');
  assert.equal(n.registration_expires_on, '2024-02-29');
  const on = async (d) => (await (await a.get(`/api/v1/practitioners/${n.id}/status?on=${d}`)).json());
  assert.equal((await on('2019-02-28')).status, 'unregistered');
  assert.equal((await on('2024-02-29')).institution_id, inst.id);
  assert.equal((await on('2024-03-01')).status, 'lapsed');
  await a.post(`/api/v1/practitioners/${n.id}/events`, { kind: 'renew', effective_on: '2024-03-15' });
  assert.equal((await on('2024-03-20')).practising, true);
  await a.post(`/api/v1/practitioners/${n.id}/events`, { kind: 'change', effective_on: '2025-01-10', institution_id: other.id });
  await a.post(`/api/v1/practitioners/${n.id}/events`, { kind: 'add_site', effective_on: '2025-02-01', institution_id: inst.id });
  const s = await on('2025-03-01');
  assert.equal(s.institution_id, other.id);
  assert.deepEqual(s.additional_site_ids, [inst.id]);
  assert.equal((await on('2024-12-31')).institution_id, inst.id, 'before the change, the old institution');
  await a.post(`/api/v1/practitioners/${n.id}/events`, { kind: 'cancel', effective_on: '2025-06-30' });
  assert.equal((await on('2025-07-01')).status, 'cancelled');
  const list = await (await a.get(`/api/v1/practitioners?q=${encodeURIComponent('王护士')}`)).json();
  assert.match(list.items[0].id_number, /^\d{6}\*{8}\d{3}[\dX]$/, 'lists mask the ID number');
  const dup = await expectProblem(assert, await a.post('/api/v1/practitioners',
    { id_number: id, name: '重复', kind: 'nurse', institution_id: inst.id, registered_on: '2020-01-01' }), 422);
  assert.equal(dup.errors[0].field, 'id_number');
});

test("data scope: another district's institution is 404 and cannot be used", async () => {
  const inst = await (await a.post('/api/v1/institutions', institutionBody())).json();
  await expectProblem(assert, await b.get(`/api/v1/institutions/${inst.id}`), 404);
  const p = await expectProblem(assert, await b.post('/api/v1/practitioners',
    { id_number: idNumber('33030219851201003'), name: '越界', kind: 'physician', institution_id: inst.id, registered_on: '2020-01-01' }), 422);
  assert.equal(p.errors[0].field, 'institution_id');
  const outside = await expectProblem(assert, await a.post('/api/v1/institutions', institutionBody({ jurisdiction_id: gridB.id })), 422);
  assert.equal(outside.errors[0].field, 'jurisdiction_id');
  const listB = await (await b.get(`/api/v1/institutions?q=${encodeURIComponent(inst.name)}`)).json();
  assert.equal(listB.total, 0);
});

function practitionersCsv(rows) {
  return '\ufeffid_number,姓名,类别,执业证书编号,执业机构统一社会信用代码,注册日期\r\n' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

test('import: a good file is imported whole, with one ledger entry', async () => {
  const inst = await (await a.post('/api/v1/institutions', institutionBody())).json();
  const rows = [0, 1, 2].map((i) => [idNumber(`33030219700101${100 + i * 2}`), `导入${i}`, '医师', `IMP-A-${i}`, inst.credit_code, '2020-05-01']);
  const res = await a.request('POST', '/api/v1/imports/practitioners', practitionersCsv(rows), { 'content-type': 'text/csv' });
  assert.equal(res.status, 201, await res.clone().text());
  const out = await res.json();
  assert.equal(out.inserted, 3);
  assert.match(out.file_sm3, /^[0-9a-f]{64}$/);
  const staff = await (await a.get(`/api/v1/practitioners?institution_id=${inst.id}`)).json();
  assert.equal(staff.total, 3);
});

test('import: one bad row rejects the whole file with a line-by-line report', async () => {
  const inst = await (await a.post('/api/v1/institutions', institutionBody())).json();
  const before = (await (await a.get('/api/v1/practitioners?page_size=1')).json()).total;
  const rows = [
    [idNumber('33030219710101200'), '好行', '护士', 'IMP-B-1', inst.credit_code, '2021-01-01'],
    ['33030219710101300X', '坏身份证', '护士', 'IMP-B-2', inst.credit_code, '2021-01-01'],
    [idNumber('33030219710101400'), '坏类别', '厨师', 'IMP-B-3', inst.credit_code, '2021-02-30'],
    [idNumber('33030219710101200'), '重复', '医师', 'IMP-B-1', '91350100M000100Y43', '2021-01-01'],
  ];
  const p = await expectProblem(assert, await a.request('POST', '/api/v1/imports/practitioners', practitionersCsv(rows), { 'content-type': 'text/csv' }), 422);
  assert.equal(p.type, '/problems/import-rejected');
  const issues = p.report.issues.map((i) => `${i.line}:${i.field}`);
  assert.deepEqual(issues, ['3:id_number', '4:kind', '4:registered_on', '5:id_number', '5:practice_cert_no', '5:institution_credit_code']);
  for (const i of p.report.issues) assert.match(i.reason, /[\u4e00-\u9fff]/);
  assert.equal(p.report.rows, 4);
  const afterTotal = (await (await a.get('/api/v1/practitioners?page_size=1')).json()).total;
  assert.equal(afterTotal, before, 'nothing half-imported');
});

test('import: GB18030 files (what Excel writes) are read; missing columns are named', async () => {
  const inst = await (await a.post('/api/v1/institutions', institutionBody())).json();
  const utf8 = practitionersCsv([[idNumber('33030219720202201'), '国标姓名', '药师', 'IMP-G-1', inst.credit_code, '2022-02-02']]).slice(1);
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: utf8 });
  assert.notDeepEqual([...gb], [...Buffer.from(utf8)], 'really GB18030 bytes');
  const res = await a.request('POST', '/api/v1/imports/practitioners', gb, { 'content-type': 'text/csv' });
  assert.equal(res.status, 201, await res.clone().text());
  const found = await (await a.get(`/api/v1/practitioners?q=${encodeURIComponent('国标姓名')}`)).json();
  assert.equal(found.total, 1);
  assert.equal(found.items[0].kind, 'pharmacist');
  const missing = await expectProblem(assert, await a.request('POST', '/api/v1/imports/practitioners', 'name,kind\r\n张三,医师\r\n', { 'content-type': 'text/csv' }), 400);
  assert.match(missing.detail, /id_number/);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id_number', 'utf16le')]);
  await expectProblem(assert, await a.request('POST', '/api/v1/imports/practitioners', utf16, { 'content-type': 'text/csv' }), 400);
});

test('import: institutions by jurisdiction code, all or nothing', async () => {
  const head = '统一社会信用代码,名称,类别,举办主体,经营性质,地址,辖区编码,法定代表人,主要负责人,床位数\n';
  const good = [creditCode('92330302MA9000001'), creditCode('92330302MA9000002')]
    .map((c, i) => `${c},导入诊所${i},诊所、门诊部,社会办,营利性,某路${i}号,${gridA.code},甲,乙,0`).join('\n');
  const res = await a.request('POST', '/api/v1/imports/institutions', head + good + '\n', { 'content-type': 'text/csv' });
  assert.equal(res.status, 201, await res.clone().text());
  const bad = `${creditCode('92330302MA9000003')},越界诊所,诊所、门诊部,社会办,营利性,某路,${gridB.code},甲,乙,0\n`;
  const p = await expectProblem(assert, await a.request('POST', '/api/v1/imports/institutions', head + bad, { 'content-type': 'text/csv' }), 422);
  assert.deepEqual(p.report.issues.map((i) => i.field), ['jurisdiction_code']);
});

test('public portal: no login, public facts only', async () => {
  const inst = await (await a.post('/api/v1/institutions', institutionBody({ name: '公开查询测试医院', category: 'hospital', beds: 120 }))).json();
  await a.post(`/api/v1/institutions/${inst.id}/licenses`, { license_no: `PUB-${inst.id}`, issued_on: '2024-01-01', valid_until: '2034-01-01', beds: 120 });
  const id = idNumber('33030219880808003');
  await a.post('/api/v1/practitioners', { id_number: id, name: '公开医生', kind: 'physician', institution_id: inst.id, registered_on: '2015-01-01', practice_cert_no: 'PUB-DOC-1' });
  const anon = new Client(srv.baseUrl);
  const found = await (await anon.get(`/api/v1/public/institutions?q=${encodeURIComponent('公开查询测试')}`)).json();
  assert.equal(found.total, 1);
  const page = await (await anon.get(`/api/v1/public/institutions/${inst.id}`)).json();
  assert.equal(page.licenses[0].license_no, `PUB-${inst.id}`);
  assert.equal(page.staff[0].kind_label, '医师');
  assert.ok(!('legal_representative' in page) && !('phone' in page), 'no contact details of persons');
  const docs = await anon.get(`/api/v1/public/practitioners?q=${encodeURIComponent('公开医生')}`);
  const text = await docs.text();
  assert.ok(!text.includes(id) && !text.includes(id.slice(6, 14)), 'the ID number never appears');
  assert.equal(JSON.parse(text).items[0].institution_name, '公开查询测试医院');
  await expectProblem(assert, await anon.get('/api/v1/public/practitioners'), 400);
  await expectProblem(assert, await anon.get(`/api/v1/public/practitioners?q=${id}`).then(async (r) => {
    const body = await r.json();
    assert.equal(body.total, 0, 'no search by ID number');
    return new Response(JSON.stringify({ type: '/problems/x', title: 't', status: 404, detail: '无', errors: [] }), { status: 404, headers: { 'content-type': 'application/problem+json' } });
  }), 404);
});

test('export: XLSX and CSV of the filtered list, within scope', async () => {
  const inst = await (await a.post('/api/v1/institutions', institutionBody({ name: '导出测试专用诊所' }))).json();
  const x = await a.get(`/api/v1/institutions/export?q=${encodeURIComponent('导出测试专用')}`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition'), /filename\*=UTF-8''%E5%8C%BB/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip (xlsx) file');
  const { writeFileSync } = await import('node:fs');
  const file = `${srv.dir}/export.xlsx`;
  writeFileSync(file, bytes);
  const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.ok(strings.includes('导出测试专用诊所') && strings.includes(inst.credit_code) && strings.includes('统一社会信用代码'));
  const csv = Buffer.from(await (await a.get('/api/v1/institutions/export?format=csv&category=hospital')).arrayBuffer());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').trim().split('\r\n');
  const total = (await (await a.get('/api/v1/institutions?category=hospital&page_size=1')).json()).total;
  assert.equal(lines.length, total + 1, 'header and one line per listed institution');
  const other = Buffer.from(await (await b.get('/api/v1/institutions/export?format=csv')).arrayBuffer()).toString('utf8');
  assert.ok(!other.includes(inst.credit_code), "another district's export leaves it out");
  const people = Buffer.from(await (await a.get('/api/v1/practitioners/export?format=csv&kind=nurse')).arrayBuffer()).toString('utf8');
  assert.match(people.split('\r\n')[1], /,\d{6}\*{8}\d{3}[\dX],/, 'ID numbers stay masked in exports');
});

test('grid staff: each grid cell has its assigned people', async () => {
  const staff = await (await a.get(`/api/v1/grid-staff?jurisdiction_id=${gridA.id}`)).json();
  assert.ok(staff.total >= 1);
  for (const s of staff.items) assert.equal(s.grid_cell_id, gridA.id);
  await expectProblem(assert, await new Client(srv.baseUrl).get('/api/v1/grid-staff'), 401);
});
