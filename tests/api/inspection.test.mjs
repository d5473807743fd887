// Double-random inspection against the real binary with the demo city, once per store: the
// ceremony (freeze → witnesses → draw), refusals with reasons, verification of every demo draw
// from its public record, tasks, results, photos, reassignment, publication and data scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, Client, expectProblem, runWeijian, rawSql, TODAY, YEAR } from '../lib/server.mjs';
import { DEMO_PASSWORD } from '../lib/totp.mjs';

let srv, head, headB, legal, liaison, inspector, anon, districtA, health, items;
before(async () => {
  srv = await startServer({ demo: true });
  head = new Client(srv.baseUrl);
  await head.login('section_head_a', DEMO_PASSWORD);
  headB = new Client(srv.baseUrl);
  await headB.login('section_head_b', DEMO_PASSWORD);
  legal = new Client(srv.baseUrl);
  await legal.login('legal_reviewer', DEMO_PASSWORD);
  liaison = new Client(srv.baseUrl);
  await liaison.login('liaison', DEMO_PASSWORD);
  inspector = new Client(srv.baseUrl);
  await inspector.login('inspector_a', DEMO_PASSWORD);
  anon = new Client(srv.baseUrl);
  const me = (await (await head.get('/api/v1/auth/me')).json()).user;
  districtA = me.jurisdiction_id;
  const depts = (await (await head.get('/api/v1/departments')).json()).items;
  health = depts.find((d) => d.code === 'health').id;
  items = (await (await head.get('/api/v1/inspection/items?page_size=100')).json()).items;
});
after(async () => { await srv.stop(); });

const itemId = (code) => items.find((i) => i.code === code).id;
const year = YEAR;
const today = TODAY;
function planBody(over = {}) {
  return {
    title: '测试抽查计划', year, period_start: today, period_end: `${year}-12-31`, item_ids: [itemId('SJ-YL-001')],
    lead_department_id: health, categories: ['clinic'], scope_jurisdiction_id: districtA, ...over,
  };
}

test('the catalogue is seeded with the health sector\'s items and can be filtered', async () => {
  assert.ok(items.length >= 35);
  for (const code of ['SJ-GG-001', 'SJ-YS-001', 'SJ-XX-001', 'SJ-ZY-001', 'SJ-FS-001', 'SJ-CR-001', 'SJ-XY-001', 'SJ-YL-010', 'SJ-YL-009'])
    assert.ok(items.some((i) => i.code === code), code);
  const key = (await (await head.get('/api/v1/inspection/items?kind=key&page_size=100')).json()).items;
  assert.ok(key.length > 0 && key.every((i) => i.kind === 'key'));
  const water = (await (await head.get('/api/v1/inspection/items?category=water_supply')).json()).items;
  assert.ok(water.length >= 2 && water.every((i) => i.target_categories.some((c) => c.id === 'water_supply')));
  const p = await expectProblem(assert, await head.post('/api/v1/inspection/items', { code: 'SJ-YL-001', name: 'x' }), 422);
  assert.ok(p.errors.some((e) => e.field === 'code'));
  assert.ok(p.errors.some((e) => e.field === 'target_categories'));
  await expectProblem(assert, await inspector.post('/api/v1/inspection/items', {}), 403);
});

test('every demo draw is reproduced by `weijian draw verify`, from the store and from the public file', async () => {
  const r = runWeijian(['draw', 'verify', '--all'], { db: srv.db, dir: srv.dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /共核验 2 次抽取：全部复现一致/);
  const plans = (await (await anon.get('/api/v1/public/inspection/plans')).json()).items;
  const drawn = plans.find((p) => p.status === 'drawn');
  const doc = await (await anon.get(`/api/v1/public/inspection/plans/${drawn.id}/draw`)).json();
  assert.equal(doc.format, 'weijian-draw/1');
  const file = path.join(srv.dir, 'draw.json');
  writeFileSync(file, JSON.stringify(doc));
  const ok = runWeijian(['draw', 'verify', file], { dir: srv.dir });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  // A published result edited after the fact no longer verifies.
  doc.result.tasks[0].target = doc.population.find((t) => !doc.result.tasks.some((x) => x.target === t.id)).id;
  writeFileSync(file, JSON.stringify(doc));
  const bad = runWeijian(['draw', 'verify', file], { dir: srv.dir });
  assert.equal(bad.status, 1, bad.stdout);
  assert.match(bad.stdout, /✗ 逐条复现/);
  // Before its draw a frozen plan publishes its commitment but never the nonce.
  const frozen = plans.find((p) => p.status === 'frozen');
  const early = await (await anon.get(`/api/v1/public/inspection/plans/${frozen.id}/draw`)).json();
  assert.match(early.commitment, /^[0-9a-f]{64}$/);
  assert.equal(early.nonce, undefined);
  assert.equal(early.result, undefined);
});

test('the ceremony: freeze publishes a commitment, two different witnesses, one draw, a re-draw refused and recorded', async () => {
  const created = await head.post('/api/v1/inspection/plans', planBody({ title: '典礼测试计划', ratios_percent: [10, 20, 40, 60] }));
  assert.equal(created.status, 201, await created.clone().text());
  const plan = await created.json();
  assert.equal(plan.status, 'draft');
  await expectProblem(assert, await head.post(`/api/v1/inspection/plans/${plan.id}/draw`), 409);
  const frozen = await (await head.post(`/api/v1/inspection/plans/${plan.id}/freeze`)).json();
  assert.match(frozen.commitment, /^[0-9a-f]{64}$/);
  assert.ok(frozen.population_size > 100);
  assert.equal(frozen.population_size, Object.values(frozen.population_by_grade).reduce((a, b) => a + b, 0));
  // Frozen plans cannot be edited; the draw waits for both witnesses.
  await expectProblem(assert, await head.request('PUT', `/api/v1/inspection/plans/${plan.id}`, planBody()), 409);
  await expectProblem(assert, await head.post(`/api/v1/inspection/plans/${plan.id}/draw`), 409);
  const w1 = await head.post(`/api/v1/inspection/plans/${plan.id}/witnesses`, { witness_name: '王建国', input: '31415' });
  assert.equal(w1.status, 201);
  const again = await expectProblem(assert, await head.post(`/api/v1/inspection/plans/${plan.id}/witnesses`, { witness_name: '王建国', input: '9' }), 409);
  assert.match(again.detail, /本人账户/);
  await expectProblem(assert, await inspector.post(`/api/v1/inspection/plans/${plan.id}/witnesses`, { witness_name: 'x', input: '1' }), 403);
  assert.equal((await legal.post(`/api/v1/inspection/plans/${plan.id}/witnesses`, { witness_name: '陈静', input: '27182' })).status, 201);
  const drawn = await head.post(`/api/v1/inspection/plans/${plan.id}/draw`);
  assert.equal(drawn.status, 200, await drawn.clone().text());
  const result = await drawn.json();
  assert.equal(result.nonce.length, 64);
  const pop = frozen.population_by_grade;
  const expect = { A: Math.ceil(pop.A * 0.1 - 1e-9), B: Math.ceil(pop.B * 0.2 - 1e-9), C: Math.ceil(pop.C * 0.4 - 1e-9), D: Math.ceil(pop.D * 0.6 - 1e-9) };
  for (const g of ['A', 'B', 'C', 'D']) assert.equal(result.drawn_by_grade[g], expect[g] || 0, `grade ${g}`);
  const refused = await expectProblem(assert, await head.post(`/api/v1/inspection/plans/${plan.id}/draw`), 409);
  assert.match(refused.detail, /不能重新抽取/);
  assert.equal(rawSql(srv.db, `SELECT count(*) FROM ledger_entries WHERE action = 'inspection.redraw_refused' AND subject_id = '${plan.id}'`).trim(), '1');
  const verify = runWeijian(['draw', 'verify', '--plan', String(plan.id)], { db: srv.db, dir: srv.dir });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  // Tasks: every one has two inspectors, the first from the lead department, none recused.
  const tasks = (await (await head.get(`/api/v1/inspection/tasks?plan_id=${plan.id}&page_size=500`)).json()).items;
  assert.equal(tasks.length, result.tasks);
  const conflicts = rawSql(srv.db, 'SELECT n.id || \'-\' || c.institution_id FROM inspector_conflicts c JOIN inspectors n ON n.id = c.inspector_id').trim().split('\n');
  for (const t of tasks.slice(0, 20)) {
    const full = await (await head.get(`/api/v1/inspection/tasks/${t.id}`)).json();
    const active = full.inspectors.filter((i) => i.active);
    assert.equal(active.length, 2);
    assert.equal(active[0].department_name, '卫生健康委员会');
    for (const i of active) assert.ok(!conflicts.includes(`${i.inspector_id}-${full.institution_id}`));
  }
});

test('bad plans are refused with the reason', async () => {
  const missing = await expectProblem(assert, await head.post('/api/v1/inspection/plans', { title: '' }), 422);
  for (const f of ['title', 'year', 'item_ids', 'lead_department_id', 'scope_jurisdiction_id']) assert.ok(missing.errors.some((e) => e.field === f), f);
  const capped = await expectProblem(assert, await head.post('/api/v1/inspection/plans', planBody({ ratios_percent: [5, 10, 30, 90] })), 422);
  assert.ok(capped.errors.some((e) => e.field === 'ratios_percent' && /60%/.test(e.message)));
  const wrongCat = await expectProblem(assert, await head.post('/api/v1/inspection/plans', planBody({ categories: ['pharmacy'] })), 422);
  assert.ok(wrongCat.errors.some((e) => e.field === 'categories'));
  // Empty population: public places are not in the registry yet.
  const empty = await (await head.post('/api/v1/inspection/plans', planBody({ item_ids: [itemId('SJ-GG-001')], categories: [] }))).json();
  const p1 = await expectProblem(assert, await head.post(`/api/v1/inspection/plans/${empty.id}/freeze`), 422);
  assert.match(p1.detail, /对象库为空/);
  // No inspector of the lead department: more inspectors asked for than the pool holds.
  const depts = (await (await head.get('/api/v1/departments')).json()).items;
  const audit = depts.find((d) => d.code === 'audit').id;
  const nobody = await (await head.post('/api/v1/inspection/plans', planBody({ lead_department_id: audit }))).json();
  const p2 = await expectProblem(assert, await head.post(`/api/v1/inspection/plans/${nobody.id}/freeze`), 422);
  assert.match(p2.detail, /执法人员只有0名/);
  // Still drafts: nothing was frozen.
  assert.equal((await (await head.get(`/api/v1/inspection/plans/${nobody.id}`)).json()).status, 'draft');
  // Another district's head cannot see or freeze it.
  await expectProblem(assert, await headB.get(`/api/v1/inspection/plans/${nobody.id}`), 404);
  await expectProblem(assert, await headB.post(`/api/v1/inspection/plans/${nobody.id}/freeze`), 404);
  const cancelled = await head.post(`/api/v1/inspection/plans/${nobody.id}/cancel`, { reason: '牵头部门填错' });
  assert.equal((await cancelled.json()).status, 'cancelled');
});

test('results: the assigned inspector enters them from a phone, photos are hashed into the ledger, publication is counted in working days', async () => {
  const mine = (await (await inspector.get('/api/v1/inspection/tasks?mine=true&status=assigned&page_size=100')).json()).items;
  assert.ok(mine.length > 0, 'inspector_a has tasks in the demo');
  const task = mine[0];
  const noFindings = await expectProblem(assert, await inspector.post(`/api/v1/inspection/tasks/${task.id}/result`, { outcome: 'problem', inspected_on: today }), 422);
  assert.ok(noFindings.errors.some((e) => e.field === 'findings'));
  await expectProblem(assert, await inspector.post(`/api/v1/inspection/tasks/${task.id}/result`, { outcome: 'no_problem', inspected_on: '2999-01-01' }), 422);
  // An inspector not on the task may not enter its result.
  const others = (await (await inspector.get('/api/v1/inspection/tasks?status=assigned&page_size=200')).json()).items
    .filter((t) => !mine.some((m) => m.id === t.id));
  if (others.length) await expectProblem(assert, await inspector.post(`/api/v1/inspection/tasks/${others[0].id}/result`, { outcome: 'no_problem', inspected_on: today }), 403);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2dd5a2e0000000049454e44ae426082', 'hex');
  const up = await inspector.request('POST', `/api/v1/inspection/tasks/${task.id}/photos?name=${encodeURIComponent('现场1.png')}`, new Uint8Array(png), { 'content-type': 'image/png' });
  assert.equal(up.status, 201, await up.clone().text());
  const photo = await up.json();
  assert.match(photo.sm3, /^[0-9a-f]{64}$/);
  assert.ok(rawSql(srv.db, `SELECT change FROM ledger_entries WHERE action = 'inspection.photo' ORDER BY seq DESC LIMIT 1`).includes(photo.sm3));
  await expectProblem(assert, await inspector.request('POST', `/api/v1/inspection/tasks/${task.id}/photos?name=a.txt`, 'hello', { 'content-type': 'text/plain' }), 400);
  const back = await inspector.get(`/api/v1/inspection/tasks/${task.id}/photos/${photo.id}`);
  assert.deepEqual(Buffer.from(await back.arrayBuffer()), png);
  const res = await inspector.post(`/api/v1/inspection/tasks/${task.id}/result`, {
    outcome: 'problem', findings: '治疗室医疗废物未分类收集。', inspected_on: today, enforcement_lead: true,
  });
  assert.equal(res.status, 200, await res.clone().text());
  const done = await res.json();
  assert.equal(done.status, 'submitted');
  assert.equal(done.enforcement_lead, true);
  assert.ok(done.publish_due_on > today);
  // Publication: by the section head; then on the public portal.
  await expectProblem(assert, await inspector.post(`/api/v1/inspection/tasks/${task.id}/publish`), 403);
  const pub = await (await head.post(`/api/v1/inspection/tasks/${task.id}/publish`)).json();
  assert.equal(pub.status, 'published');
  assert.equal(pub.published_on, today);
  await expectProblem(assert, await inspector.post(`/api/v1/inspection/tasks/${task.id}/result`, { outcome: 'no_problem', inspected_on: today }), 409);
  const portal = (await (await anon.get(`/api/v1/public/inspection/results?q=${encodeURIComponent(task.target_id)}`)).json()).items;
  assert.ok(portal.some((r) => r.id === task.id && r.outcome === 'problem'));
  assert.equal(portal[0].address, undefined, 'the portal shows only public fields');
  // A problem found is a source record for misconduct points (credit), checked against the task.
  const points = await head.post('/api/v1/credit/points', { subject_code: task.target_id, behaviour_code: 'B01', source_kind: 'inspection_finding', source_ref: String(task.id) });
  assert.equal(points.status, 201, await points.clone().text());
  const record = await (await head.get(`/api/v1/credit/records/${task.target_id}`)).json();
  assert.ok(record.inspections.available);
  assert.ok(record.inspections.items.some((i) => i.task_id === task.id && i.outcome === 'problem' && i.published));
  // A task without a problem is no source: the section head enters one (not left to the draw).
  const open = (await (await head.get('/api/v1/inspection/tasks?status=assigned&page_size=200')).json()).items.filter((t) => t.id !== task.id);
  assert.ok(open.length > 1, 'the demo leaves assigned tasks in district A');
  const clean = await head.post(`/api/v1/inspection/tasks/${open[open.length - 1].id}/result`, { outcome: 'no_problem', inspected_on: today });
  assert.equal(clean.status, 200, await clean.clone().text());
  const noProblem = await clean.json();
  assert.equal(noProblem.outcome, 'no_problem');
  const refused = await expectProblem(assert, await head.post('/api/v1/credit/points', {
    subject_code: noProblem.target_id, behaviour_code: 'B01', source_kind: 'inspection_finding', source_ref: String(noProblem.id) }), 422);
  assert.match(JSON.stringify(refused.errors), /未发现问题/);
});

test('reassignment needs a reason and never breaks a recusal', async () => {
  const tasks = (await (await head.get('/api/v1/inspection/tasks?status=assigned&page_size=50')).json()).items;
  const task = await (await head.get(`/api/v1/inspection/tasks/${tasks[0].id}`)).json();
  const from = task.inspectors.find((i) => i.active && !i.lead);
  const pool = (await (await head.get('/api/v1/inspectors?status=active&page_size=200')).json()).items
    .filter((n) => n.cert_valid && !task.inspectors.some((i) => i.inspector_id === n.id));
  const noReason = await expectProblem(assert, await head.post(`/api/v1/inspection/tasks/${task.id}/reassign`, { from_inspector_id: from.inspector_id, to_inspector_id: pool[0].id }), 422);
  assert.ok(noReason.errors.some((e) => e.field === 'reason'));
  // Declare a conflict, then try to assign that inspector: refused.
  const conflicted = pool[1];
  assert.equal((await head.post(`/api/v1/inspectors/${conflicted.id}/conflicts`, { institution_id: task.institution_id, reason: '配偶在该机构任职' })).status, 201);
  const refused = await expectProblem(assert, await head.post(`/api/v1/inspection/tasks/${task.id}/reassign`, {
    from_inspector_id: from.inspector_id, to_inspector_id: conflicted.id, reason: '原执法人员病假',
  }), 422);
  assert.match(JSON.stringify(refused.errors), /回避/);
  const ok = await head.post(`/api/v1/inspection/tasks/${task.id}/reassign`, { from_inspector_id: from.inspector_id, to_inspector_id: pool[0].id, reason: '原执法人员病假' });
  assert.equal(ok.status, 200, await ok.clone().text());
  const after = await ok.json();
  const ended = after.inspectors.find((i) => i.inspector_id === from.inspector_id);
  assert.equal(ended.active, false);
  assert.equal(ended.end_reason, '原执法人员病假');
  assert.ok(after.inspectors.some((i) => i.inspector_id === pool[0].id && i.active && i.source === 'reassign'));
});

test('statistics, exports and data scope', async () => {
  const s = await (await head.get(`/api/v1/inspection/stats?year=${year}`)).json();
  assert.ok(s.total.tasks > 0);
  assert.ok(s.by_grade.length > 0 && s.by_grade.every((g) => g.population >= g.tasks));
  assert.equal(s.by_district.length, 1, 'a district head sees its own district');
  assert.ok(s.by_item.some((i) => i.code === 'SJ-YL-001'));
  assert.equal(s.joint_plans, 1, 'the demo\'s joint plan in district A');
  assert.equal(s.joint_plans_required, 2);
  const sumGrades = s.by_grade.reduce((a, g) => a + g.tasks, 0);
  assert.equal(sumGrades, s.total.tasks);
  const x = await head.get('/api/v1/inspection/tasks/export?format=csv');
  assert.equal(x.status, 200);
  const csv = await x.text();
  assert.match(csv, /计划,对象,统一社会信用代码/);
  assert.equal(csv.trim().split('\n').length - 1, (await (await head.get('/api/v1/inspection/tasks?page_size=1')).json()).total);
  // The demo's city-wide plan: readable by another district once drawn (it is public); its
  // joint plan names its departments.
  const plans = (await (await anon.get('/api/v1/public/inspection/plans')).json()).items;
  const city = plans.filter((p) => p.status === 'drawn' && p.joint_departments.length === 0).at(-1);  // the oldest: the demo's
  assert.equal((await headB.get(`/api/v1/inspection/plans/${city.id}`)).status, 200);
  await expectProblem(assert, await headB.post(`/api/v1/inspection/plans/${city.id}/publish`), 404);
  const joint = plans.find((p) => p.joint_departments.length > 0);
  assert.deepEqual(joint.joint_department_names, ['市场监督管理局']);
  // The plan list (completed a page at a time) says what each plan's own page says.
  const list = (await (await head.get('/api/v1/inspection/plans?page_size=50')).json()).items;
  assert.ok(list.some((p) => p.tasks > 0) && list.some((p) => p.items.length > 1));
  for (const p of list) {
    const one = await (await head.get(`/api/v1/inspection/plans/${p.id}`)).json();
    assert.deepEqual(p.items.map((i) => i.code), one.items.map((i) => i.code), p.title);
    assert.deepEqual(p.joint_department_names, one.joint_department_names);
    const tasks = await (await head.get(`/api/v1/inspection/tasks?plan_id=${p.id}&page_size=1`)).json();
    assert.equal(p.tasks, tasks.total, p.title);
    const published = await (await head.get(`/api/v1/inspection/tasks?plan_id=${p.id}&status=published&page_size=1`)).json();
    assert.equal(p.tasks_published, published.total, p.title);
  }
  for (const p of plans) {
    const one = await (await head.get(`/api/v1/inspection/plans/${p.id}`)).json();
    assert.deepEqual(p.items, one.items.map((i) => i.name));
    if (p.status === 'drawn') assert.match(p.draw.seed, /^[0-9a-f]{64}$/);
  }
  const tA = (await (await head.get('/api/v1/inspection/tasks?page_size=1')).json()).items[0];
  await expectProblem(assert, await headB.get(`/api/v1/inspection/tasks/${tA.id}`), 404);
  const risk = await (await head.get(`/api/v1/inspection/risk/${tA.institution_id}`)).json();
  assert.match(risk.grade, /^[ABCD]$/);
  await expectProblem(assert, await anon.get('/api/v1/inspection/tasks'), 401);
});
