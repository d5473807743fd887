// Browser test of double-random inspection (双随机抽查): a draw ceremony end to end.
//
//   WEIJIAN_BASE_URL=… WEIJIAN_E2E_DISTRICT_A_USER=… WEIJIAN_E2E_STAFF_PASSWORD=… npm run test:e2e
//
// The section head creates a plan through the editor, freezes it (the commitment appears),
// enters the first witness number; the legal reviewer, signed in in another browser context,
// enters the second; the section head draws and sees the seed and the tasks, and cannot draw
// again. Then an inspector-sized phone page enters a result, and the public portal shows the
// plan's seed. Every value on screen is checked against the API.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import {
  apiGet,
  baseUrl,
  closeBrowser,
  env,
  eventually,
  openPage,
  signedInState,
  squash,
  staffAccount,
} from './lib.mjs'

/** The second witness: any account with inspection.witness other than the section head. */
const witnessAccount = () => ({
  username: process.env.WEIJIAN_E2E_WITNESS_USER || 'legal_reviewer',
  password: env('WEIJIAN_E2E_STAFF_PASSWORD'),
  totp: null,
})

/** An inspector: enters results, manages nothing. */
const inspectorAccount = () => ({
  username: process.env.WEIJIAN_E2E_INSPECTOR_USER || 'inspector_a',
  password: env('WEIJIAN_E2E_STAFF_PASSWORD'),
  totp: null,
})

/** Click the confirm button of the Element Plus message box that is open. */
async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('.el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

/** Choose the option with this text in the open select drop-down. */
async function chooseOption(page, text) {
  const option = page.locator('.el-popper:visible .el-select-dropdown__item').filter({ hasText: text })
  await option.first().waitFor({ state: 'visible' })
  await option.first().click()
}

/** The text field of an Element Plus input, whether the test id sits on the input or around it. */
const field = (page, id) =>
  page
    .locator(
      `input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`,
    )
    .first()

/** POST from inside the page (the session cookie goes along): `{ status, body }`. */
async function apiPost(page, path, payload) {
  const r = await page.evaluate(
    async ([p, b]) => {
      const res = await fetch(p, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      })
      return { status: res.status, text: await res.text() }
    },
    [path, payload],
  )
  return { status: r.status, body: r.text ? JSON.parse(r.text) : null }
}

describe('double-random inspection', () => {
  const head = () => staffAccount('WEIJIAN_E2E_DISTRICT_A_USER')
  let planId = null
  let planTitle = ''

  before(() => baseUrl())
  after(async () => {
    await closeBrowser()
  })

  test('a draw ceremony: plan, freeze, two witnesses in two sessions, one draw, no second one', { timeout: 240_000 }, async () => {
    const base = baseUrl()
    const h = await openPage({ viewport: { width: 1366, height: 900 }, storageState: await signedInState(head()) })
    const w = await openPage({ viewport: { width: 1280, height: 900 }, storageState: await signedInState(witnessAccount()) })
    try {
      const { page } = h
      // ---- 1. The plan, through the editor.
      await page.goto(`${base}/inspection/plans`)
      await page.getByTestId('inspection-plans-page').waitFor()
      const items = (await apiGet(page, '/api/v1/inspection/items?page_size=100&status=active')).items
      const item = items.find((i) => i.code === 'SJ-YL-001')
      assert.ok(item, 'the catalogue holds SJ-YL-001')
      planTitle = `界面典礼测试计划${Date.now().toString(36)}`

      await page.getByTestId('plans-create').click()
      const dialog = page.getByTestId('plan-form-dialog')
      await dialog.waitFor()
      await field(page, 'field-title').fill(planTitle)
      await page.locator('.el-select[data-testid="plan-items-select"]').click()
      await chooseOption(page, item.code)
      await page.keyboard.press('Escape')
      await page.locator('.el-select[data-testid="plan-lead-select"]').click()
      await chooseOption(page, '卫生健康委员会')
      await page.locator('.el-select[data-testid="plan-categories-select"]').click()
      await chooseOption(page, '诊所、门诊部')
      await page.keyboard.press('Escape')
      // The defaults of the rules are offered: A 5 %, B 10 %, C 30 %, D 60 %.
      const ratios = []
      for (const g of ['A', 'B', 'C', 'D']) ratios.push(await page.getByTestId(`ratio-${g}`).locator('input').inputValue())
      assert.deepEqual(ratios.map(Number), [5, 10, 30, 60])

      // A routine item caps every grade at 60 %: the server's verdict shows under the ratios.
      await page.getByTestId('ratio-A').locator('input').fill('70')
      await page.keyboard.press('Tab')
      h.expectStatus(422, /\/api\/v1\/inspection\/plans$/)
      const refused = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/inspection/plans' && r.request().method() === 'POST',
      )
      await page.getByTestId('plan-form-submit').click()
      const refusal = await refused
      assert.equal(refusal.status(), 422)
      const capError = (await refusal.json()).errors.find((e) => e.field === 'ratios_percent')
      assert.ok(capError, 'the server names ratios_percent')
      const ratioError = page.getByTestId('field-ratios_percent').locator('.el-form-item__error')
      await ratioError.waitFor()
      assert.equal((await ratioError.textContent()).trim(), capError.message)
      assert.match(capError.message, /60%/)
      assert.ok(await dialog.isVisible(), 'the editor stays open')
      await page.getByTestId('ratio-A').locator('input').fill('5')
      await page.keyboard.press('Tab')

      const created = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/inspection/plans' && r.request().method() === 'POST',
      )
      await page.getByTestId('plan-form-submit').click()
      const createdRes = await created
      assert.equal(createdRes.status(), 201, `creating the plan answered ${createdRes.status()}: ${await createdRes.text()}`)
      const plan = await createdRes.json()
      planId = plan.id
      assert.equal(plan.title, planTitle)
      assert.deepEqual(plan.categories.map((c) => c.id), ['clinic'])
      await page.waitForURL((url) => url.pathname === `/inspection/plans/${planId}`)
      await page.getByTestId('plan-page').waitFor()
      await eventually(async () => assert.equal(squash(await page.getByTestId('plan-status').textContent()), '草拟'))

      // ---- 2. Freeze: the commitment is shown, as the API has it.
      await page.getByTestId('plan-freeze').click()
      await confirmBox(page)
      await page.getByTestId('draw-commitment').waitFor()
      const frozen = await apiGet(page, `/api/v1/inspection/plans/${planId}`)
      assert.equal(frozen.status, 'frozen')
      assert.match(frozen.draw.commitment, /^[0-9a-f]{64}$/)
      assert.ok(squash(await page.getByTestId('draw-commitment').textContent()).includes(frozen.draw.commitment))
      assert.equal(frozen.draw.nonce, '', 'the nonce stays sealed until the draw')
      assert.equal(await page.getByTestId('plan-edit').count(), 0, 'a frozen plan cannot be edited')

      // ---- 3. Witness 1 (the section head), then the draw waits for the second one.
      await field(page, 'witness-value').fill('31415')
      await page.getByTestId('witness-submit').click()
      await confirmBox(page)
      await eventually(async () => assert.deepEqual(await page.getByTestId('witness-input').allTextContents(), ['31415']))
      await eventually(async () => assert.ok(await page.getByTestId('plan-draw').isDisabled(), 'the draw waits for the second witness'))
      assert.equal(await page.getByTestId('witness-form').count(), 0, 'the same user cannot witness twice')

      // ---- 4. Witness 2, in another session: no freeze or draw buttons without inspection.manage.
      await w.page.goto(`${base}/inspection/plans/${planId}`)
      await w.page.getByTestId('plan-page').waitFor()
      await w.page.getByTestId('witness-form').waitFor()
      assert.equal(await w.page.getByTestId('plan-draw').count(), 0, 'a witness has no draw button')
      await field(w.page, 'witness-value').fill('27182')
      await w.page.getByTestId('witness-submit').click()
      await confirmBox(w.page)
      await eventually(async () => assert.deepEqual(await w.page.getByTestId('witness-input').allTextContents(), ['31415', '27182']))

      // ---- 5. The draw.
      await page.reload()
      await page.getByTestId('plan-page').waitFor()
      await eventually(async () => assert.ok(await page.getByTestId('plan-draw').isEnabled(), 'both witnesses are in'))
      const drawn = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/inspection/plans/${planId}/draw`)
      await page.getByTestId('plan-draw').click()
      await confirmBox(page)
      const drawRes = await drawn
      assert.equal(drawRes.status(), 200, `the draw answered ${drawRes.status()}: ${await drawRes.text()}`)
      const result = await drawRes.json()
      await page.getByTestId('draw-seed').waitFor()
      await page.getByTestId('draw-done').waitFor()
      assert.ok(squash(await page.getByTestId('draw-seed').textContent()).includes(result.seed))
      await eventually(async () => assert.equal(squash(await page.getByTestId('plan-status').textContent()), '已抽取'))
      await eventually(async () => assert.equal((await page.getByTestId('plan-tasks-total').textContent()).trim(), String(result.tasks)))
      assert.ok(result.tasks > 0, 'tasks were drawn')
      const firstTasks = (await apiGet(page, `/api/v1/inspection/tasks?plan_id=${planId}&page_size=10`)).items
      await eventually(async () => {
        const rows = await page.getByTestId('plan-tasks-table').locator('tbody tr').count()
        assert.equal(rows, Math.min(10, result.tasks))
      })
      assert.ok(squash(await page.getByTestId('plan-tasks-table').textContent()).includes(squash(firstTasks[0].institution_name)))
      // Population and drawn counts per grade are charted.
      await page.getByTestId('grade-chart').locator('canvas').first().waitFor()

      // ---- 6. No second draw: the button is gone, and the server refuses (and records) one.
      assert.equal(await page.getByTestId('plan-draw').count(), 0, 'no draw button after the draw')
      h.expectStatus(409, new RegExp(`/api/v1/inspection/plans/${planId}/draw$`))
      const again = await apiPost(page, `/api/v1/inspection/plans/${planId}/draw`)
      assert.equal(again.status, 409)
      assert.match(again.body.detail, /不能重新抽取/)

      // The public record of the draw: commitment, nonce and seed, for anyone to verify.
      const record = await apiGet(page, `/api/v1/public/inspection/plans/${planId}/draw`)
      assert.equal(record.format, 'weijian-draw/1')
      assert.equal(record.commitment, frozen.draw.commitment)
      assert.equal(record.seed, result.seed)
      assert.ok(squash(await page.getByTestId('step-result').textContent()).includes(squash(`weijian draw verify 抽取记录-计划${planId}.json`)))
      // 下载抽取公示记录 saves the same record under the name the verify command uses.
      const download = page.waitForEvent('download')
      await page.getByTestId('draw-record-download').click()
      const file = await download
      assert.equal(file.suggestedFilename(), `抽取记录-计划${planId}.json`)
      const saved = JSON.parse(readFileSync(await file.path(), 'utf8'))
      assert.equal(saved.format, 'weijian-draw/1')
      assert.equal(saved.seed, result.seed)

      assert.deepEqual(h.problems(), [])
      assert.deepEqual(w.problems(), [])
    } finally {
      await h.context.close()
      await w.context.close()
    }
  })

  test('a result entered on a phone-sized task page, then the portal shows the plan and its seed', { timeout: 120_000 }, async () => {
    assert.ok(planId, 'the ceremony test drew a plan')
    const base = baseUrl()
    const { context, page, problems } = await openPage({
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
      storageState: await signedInState(head()),
    })
    try {
      const task = (await (async () => {
        await page.goto(`${base}/inspection/tasks?view=all&plan_id=${planId}`)
        await page.getByTestId('inspection-tasks-page').waitFor()
        return (await apiGet(page, `/api/v1/inspection/tasks?plan_id=${planId}&page_size=1`)).items[0]
      })())
      await page.getByTestId('task-link').first().waitFor()
      await page.goto(`${base}/inspection/tasks/${task.id}`)
      await page.getByTestId('task-page').waitFor()
      assert.equal((await page.getByTestId('task-target').textContent()).trim(), task.institution_name)
      const risk = await apiGet(page, `/api/v1/inspection/risk/${task.institution_id}`)
      await eventually(async () => assert.ok(squash(await page.getByTestId('task-risk').textContent()).startsWith(`${risk.grade}级`)))
      // Nothing spills over the 375-pixel screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `the task page is ${overflow}px wider than the phone`)

      // A photo from the phone: the raw bytes go up with their type, and their SM3 comes back.
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      )
      const sm3 = createHash('sm3').update(png).digest('hex')
      const uploaded = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/inspection/tasks/${task.id}/photos`)
      await page.getByTestId('photo-input').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: png })
      const upRes = await uploaded
      assert.equal(upRes.status(), 201, `the upload answered ${upRes.status()}: ${await upRes.text()}`)
      assert.equal((await upRes.json()).sm3, sm3, 'the server hashed exactly the bytes of the file')
      assert.equal(upRes.request().headers()['content-type'], 'image/png')
      await page.getByTestId('task-photo').first().waitFor()
      const shown = squash(await page.getByTestId('task-photo').first().textContent())
      assert.ok(shown.includes(sm3.slice(0, 10)) && shown.includes(sm3.slice(-6)), `the SM3 is shown: ${shown}`)

      // Reassignment: the second inspector is replaced, with a reason kept in the history.
      const me = (await apiGet(page, '/api/v1/auth/me')).user
      const full = await apiGet(page, `/api/v1/inspection/tasks/${task.id}`)
      const second = full.inspectors.find((i) => i.active && !i.lead)
      const onTask = new Set(full.inspectors.map((i) => i.inspector_id))
      const candidates = (await apiGet(page, `/api/v1/inspectors?status=active&jurisdiction_id=${me.jurisdiction_id}&page_size=100`)).items
      const to = candidates.find((i) => i.cert_valid && i.jurisdiction_id === me.jurisdiction_id && !onTask.has(i.id))
      assert.ok(second && to, 'a second inspector and a replacement exist')
      await page.getByTestId(`reassign-${second.inspector_id}`).click()
      await page.getByTestId('reassign-dialog').waitFor()
      await page.locator('.el-select[data-testid="reassign-to"]').click()
      await page.keyboard.type(to.cert_no)
      await chooseOption(page, to.name)
      await field(page, 'reassign-reason').fill('原执法人员外出培训，按规定更换')
      const moved = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/inspection/tasks/${task.id}/reassign`)
      await page.getByTestId('reassign-submit').click()
      const movedRes = await moved
      assert.equal(movedRes.status(), 200, `the reassignment answered ${movedRes.status()}: ${await movedRes.text()}`)
      await eventually(async () => {
        const names = (await page.getByTestId('task-inspector').allTextContents()).map(squash)
        assert.ok(names.some((n) => n.includes(to.name)), `${to.name} is on the task: ${names}`)
        assert.ok(!names.some((n) => n.includes(second.name)), `${second.name} is off the task`)
      })
      assert.ok(squash(await page.getByTestId('task-page').textContent()).includes('原执法人员外出培训，按规定更换'))

      await page.getByTestId('result-outcome').getByText('发现问题', { exact: true }).click()
      await field(page, 'result-findings').fill('未按规定公示诊疗科目')
      await page.getByTestId('result-lead').click()
      const saved = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/inspection/tasks/${task.id}/result`)
      await page.getByTestId('result-submit').click()
      assert.equal((await saved).status(), 200)
      await eventually(async () => assert.equal((await page.getByTestId('task-outcome').textContent()).trim(), '发现问题'))
      const after = await apiGet(page, `/api/v1/inspection/tasks/${task.id}`)
      assert.equal(after.status, 'submitted')
      assert.equal(after.enforcement_lead, true)

      // Publish, then the public portal shows the plan's seed and the result.
      await page.getByTestId('task-publish').click()
      await confirmBox(page)
      await eventually(async () => assert.equal((await page.getByTestId('task-status').textContent()).trim(), '已公示'))

      await page.goto(`${base}/portal/inspection`)
      await page.getByTestId('portal-inspection').waitFor()
      const plan = await apiGet(page, `/api/v1/inspection/plans/${planId}`)
      await eventually(async () => {
        const seeds = (await page.getByTestId('portal-seed').allTextContents()).map((s) => s.trim())
        assert.ok(seeds.includes(plan.draw.seed), 'the portal shows the seed of the plan')
      })
      await field(page, 'portal-result-q').fill(task.target_id)
      await page.getByTestId('portal-result-search').click()
      await eventually(async () => {
        const cards = await page.getByTestId('portal-result').allTextContents()
        assert.equal(cards.length, 1)
        assert.ok(squash(cards[0]).includes('未按规定公示诊疗科目'))
      })

      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })

  test('an inspector starts on their own tasks; the tabs filter as the API does; no management buttons', { timeout: 120_000 }, async () => {
    const base = baseUrl()
    const { context, page, problems } = await openPage({
      viewport: { width: 1280, height: 900 },
      storageState: await signedInState(inspectorAccount()),
    })
    try {
      await page.goto(`${base}/inspection/tasks`)
      await page.getByTestId('inspection-tasks-page').waitFor()
      const active = page.locator('[data-testid="task-tabs"] .el-tabs__item.is-active')
      await eventually(async () => assert.equal((await active.textContent()).trim(), '我的任务'))
      const mine = await apiGet(page, '/api/v1/inspection/tasks?mine=true&page_size=20')
      assert.ok(mine.total > 0, 'the demo gives inspector_a tasks')
      const total = async () => Number((await page.getByTestId('tasks-total').textContent()).replace(/,/g, '').trim())
      await eventually(async () => assert.equal(await total(), mine.total))

      await page.locator('[data-testid="task-tabs"] .el-tabs__item').filter({ hasText: '已公示' }).click()
      await page.waitForURL((url) => url.searchParams.get('view') === 'published')
      const published = await apiGet(page, '/api/v1/inspection/tasks?status=published&page_size=20')
      await eventually(async () => assert.equal(await total(), published.total))

      await page.goto(`${base}/inspection/plans`)
      await page.getByTestId('inspection-plans-page').waitFor()
      assert.equal(await page.getByTestId('plans-create').count(), 0, 'no 新建计划 without inspection.manage')
      await page.goto(`${base}/inspection/items`)
      await page.getByTestId('items-table').waitFor()
      assert.equal(await page.getByTestId('items-create').count(), 0, 'no 新增事项 without inspection.manage')

      // Statistics: the completion rate as the API computes it, and the charts drawn.
      await page.goto(`${base}/inspection/stats`)
      await page.getByTestId('inspection-stats-page').waitFor()
      const stats = await apiGet(page, '/api/v1/inspection/stats')
      const rate = `${(Math.round(stats.total.completion_rate * 1000) / 10).toFixed(1)}%`
      await eventually(async () => assert.equal((await page.getByTestId('stats-completion').textContent()).trim(), rate))
      await page.getByTestId('stats-grade-chart').locator('canvas').first().waitFor()
      await page.getByTestId('stats-district-chart').locator('canvas').first().waitFor()

      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })

  test('the section head adds an item to the catalogue, first meeting a taken code, then retires it', { timeout: 120_000 }, async () => {
    const base = baseUrl()
    const { context, page, problems, expectStatus } = await openPage({
      viewport: { width: 1366, height: 900 },
      storageState: await signedInState(head()),
    })
    try {
      await page.goto(`${base}/inspection/items`)
      await page.getByTestId('items-table').waitFor()
      const code = `SJ-UI-${Date.now().toString(36).toUpperCase()}`
      await page.getByTestId('items-create').click()
      await page.getByTestId('item-form-dialog').waitFor()
      await field(page, 'field-code').fill('SJ-YL-001')
      await field(page, 'field-name').fill('界面测试事项')
      await page.getByTestId('field-department_code').locator('.el-select').click()
      await chooseOption(page, '卫生健康委员会')
      await field(page, 'field-legal_basis').fill('《医疗机构管理条例》第四十条')
      await page.getByTestId('field-target_categories').locator('.el-select').click()
      await chooseOption(page, '诊所、门诊部')
      await page.keyboard.press('Escape')
      await field(page, 'field-specialty').fill('医疗服务')

      expectStatus(422, /\/api\/v1\/inspection\/items$/)
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/inspection/items' && r.request().method() === 'POST')
      await page.getByTestId('item-form-submit').click()
      const refusal = await refused
      assert.equal(refusal.status(), 422)
      const codeError = (await refusal.json()).errors.find((e) => e.field === 'code')
      assert.ok(codeError, 'the server names the taken code')
      const shown = page.getByTestId('field-code').locator('.el-form-item__error')
      await shown.waitFor()
      assert.equal((await shown.textContent()).trim(), codeError.message)

      await field(page, 'field-code').fill(code)
      const accepted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/inspection/items' && r.request().method() === 'POST')
      await page.getByTestId('item-form-submit').click()
      const created = await accepted
      assert.equal(created.status(), 201, await created.text())
      const item = await created.json()
      assert.deepEqual(item.target_categories.map((c) => c.id), ['clinic'])
      await page.getByTestId('item-form-dialog').waitFor({ state: 'hidden' })

      await page.goto(`${base}/inspection/items?q=${code}`)
      await eventually(async () => assert.equal((await page.getByTestId('items-total').textContent()).trim(), '1'))
      await page.getByTestId(`item-edit-${item.id}`).click()
      await page.getByTestId('item-form-dialog').waitFor()
      await page.getByTestId('item-form-dialog').getByText('已停用', { exact: true }).click()
      const patched = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/inspection/items/${item.id}`)
      await page.getByTestId('item-form-submit').click()
      assert.equal((await patched).status(), 200)
      const after = await apiGet(page, `/api/v1/inspection/items?q=${code}`)
      assert.equal(after.items[0].status, 'retired')

      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })
})
