// Browser test of the claims audit (医保智能审核) against a running demo server: the
// findings queue with filters, an encounter with its lines and hits, a review (dismiss with a
// reason), the rule base with validation, and the charts.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { adminAccount, apiGet, baseUrl, closeBrowser, eventually, openPage, signedInState, squash, staffAccount } from './lib.mjs'

after(closeBrowser)

describe('医保智能审核', () => {
  test('an auditor filters the queue, opens an encounter and dismisses a finding with a reason', async () => {
    const { context, page, problems } = await openPage({
      viewport: { width: 1440, height: 900 },
      storageState: await signedInState(adminAccount()),
    })
    try {
      await page.goto(`${baseUrl()}/claims/findings`)
      await page.getByTestId('claims-findings-page').waitFor()
      const all = await apiGet(page, '/api/v1/claims/findings?page=1&page_size=20')
      assert.ok(all.total > 0, 'the demo holds findings')
      await eventually(async () => {
        const total = (await page.getByTestId('claims-total').textContent()).replace(/,/g, '').trim()
        assert.equal(Number(total), all.total)
      })

      // Filter by the review status 待审核 through the select.
      await page.getByTestId('filter-review-status').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: '待审核' }).click()
      const open = await apiGet(page, '/api/v1/claims/findings?review_status=open&page=1&page_size=20')
      await eventually(async () => {
        const total = (await page.getByTestId('claims-total').textContent()).replace(/,/g, '').trim()
        assert.equal(Number(total), open.total)
        const statuses = await page.getByTestId('finding-cell-status').allTextContents()
        assert.ok(statuses.length > 0 && statuses.every((s) => s.trim() === '待审核'))
      })

      // Open the first finding that belongs to an encounter.
      const target = open.items.find((f) => f.mdtrt_id)
      assert.ok(target)
      await page.getByTestId('finding-cell-mdtrt').filter({ hasText: target.mdtrt_id }).first().click()
      await page.getByTestId('claims-encounter-page').waitFor()
      const enc = await apiGet(page, `/api/v1/claims/encounters/${encodeURIComponent(target.mdtrt_id)}`)
      assert.equal(squash(await page.getByTestId('encounter-title').textContent()), `就诊${target.mdtrt_id}`)
      assert.equal((await page.getByTestId('encounter-total').textContent()).trim(), enc.total)
      await eventually(async () => {
        assert.equal(await page.getByTestId('encounter-lines').locator('tbody tr').count(), enc.lines.length)
        assert.equal(await page.getByTestId('encounter-findings').locator('tbody tr').count(), enc.findings.length)
      })

      // Dismiss: the reason is required, then the finding shows 已排除 and the server agrees.
      const row = page.getByTestId('encounter-findings').locator('tbody tr', { hasText: target.evidence.slice(0, 12) }).first()
      await row.getByTestId('finding-dismiss').click()
      await page.getByTestId('dismiss-submit').click()
      await page.getByText('排除疑点须说明理由').waitFor()
      await page.getByTestId('dismiss-reason').fill('病历已核实，用药合理')
      await page.getByTestId('dismiss-submit').click()
      await eventually(async () => {
        assert.equal((await row.getByTestId('finding-status').textContent()).trim(), '已排除')
      })
      const after = await apiGet(page, `/api/v1/claims/findings?mdtrt_id=${encodeURIComponent(target.mdtrt_id)}&review_status=dismissed`)
      assert.ok(after.items.some((f) => f.id === target.id && f.review_reason === '病历已核实，用药合理'))

      // Back to the queue: its filter lives in the address, so it is still applied; a link with a
      // rule in its address opens the queue filtered by that rule.
      const shownTotal = async () => Number((await page.getByTestId('claims-total').textContent()).replace(/,/g, '').trim())
      await page.goBack()
      await page.getByTestId('claims-findings-page').waitFor()
      assert.match(page.url(), /review_status=open/)
      const openNow = await apiGet(page, '/api/v1/claims/findings?review_status=open&page=1&page_size=20')
      await eventually(async () => assert.equal(await shownTotal(), openNow.total))
      await page.goto(`${baseUrl()}/claims/findings?rule_id=repeat_dispensing`)
      await page.getByTestId('claims-findings-page').waitFor()
      const byRule = await apiGet(page, '/api/v1/claims/findings?rule_id=repeat_dispensing&page=1&page_size=20')
      assert.ok(byRule.total > 0 && byRule.total < all.total)
      await eventually(async () => {
        assert.equal(await shownTotal(), byRule.total)
        const names = await page.getByTestId('finding-cell-rule').allTextContents()
        assert.ok(names.length > 0 && names.every((n) => n.trim() === byRule.items[0].rule_name))
      })
      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })

  test('the rule base refuses a bad parameter naming the rule, and the charts draw', async () => {
    const { context, page, problems, expectStatus } = await openPage({
      viewport: { width: 1440, height: 900 },
      storageState: await signedInState(adminAccount()),
    })
    try {
      await page.goto(`${baseUrl()}/claims/rules`)
      await page.getByTestId('claims-rules-page').waitFor()
      await eventually(async () => assert.equal(await page.getByTestId('rules-table').locator('tbody tr').count(), 21))
      expectStatus(422, /\/api\/v1\/claims\/rules$/)
      await page.getByTestId('rule-params-split_admission').fill('{"max_gap_days": -1, "diagnosis_prefix_length": 3}')
      await page.getByTestId('rules-save').click()
      await eventually(async () => {
        const text = await page.getByTestId('rule-error-split_admission').textContent()
        assert.match(text, /max_gap_days/)
      })
      const rb = await apiGet(page, '/api/v1/claims/rules')
      assert.equal(rb.rules.find((r) => r.id === 'split_admission').params.max_gap_days, 15, 'nothing was saved')

      await page.goto(`${baseUrl()}/claims/charts`)
      await page.getByTestId('claims-charts-page').waitFor()
      for (const id of ['chart-rule', 'chart-provider', 'chart-month', 'chart-trend'])
        await page.getByTestId(id).locator('canvas').first().waitFor()
      const leads = await apiGet(page, '/api/v1/claims/leads')
      await eventually(async () => {
        assert.equal(await page.getByTestId('claims-leads').locator('tbody tr.el-table__row').count(), leads.items.length)
      })
      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })

  test('a section head reads the queue of the district but has no review buttons', async () => {
    const { context, page, problems } = await openPage({
      viewport: { width: 1440, height: 900 },
      storageState: await signedInState(staffAccount('WEIJIAN_E2E_DISTRICT_A_USER')),
    })
    try {
      await page.goto(`${baseUrl()}/claims/findings`)
      await page.getByTestId('claims-findings-page').waitFor()
      const mine = await apiGet(page, '/api/v1/claims/findings?page=1&page_size=20')
      await eventually(async () => {
        const total = (await page.getByTestId('claims-total').textContent()).replace(/,/g, '').trim()
        assert.equal(Number(total), mine.total)
      })
      const first = mine.items.find((f) => f.mdtrt_id)
      if (first) {
        await page.goto(`${baseUrl()}/claims/encounters/${encodeURIComponent(first.mdtrt_id)}`)
        await page.getByTestId('encounter-findings').waitFor()
        assert.equal(await page.getByTestId('finding-confirm').count(), 0)
      }
      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })
})
