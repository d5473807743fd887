// Browser tests of the registries (名录库) and the public portal against a running server.
//
//   WEIJIAN_BASE_URL=… WEIJIAN_E2E_DISTRICT_A_USER=… WEIJIAN_E2E_STAFF_PASSWORD=… npm run test:e2e
//
// The records each test needs are made here (through the API, or through the form under
// test), so nothing depends on the demo registry data.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  apiGet,
  baseUrl,
  closeBrowser,
  eventually,
  openPage,
  signedInState,
  squash,
  staffAccount,
} from './lib.mjs'

// ---- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------------

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character of 17 code characters: (31 − Σ value×weight mod 31) mod 31. */
function creditCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CODE_ALPHABET.indexOf(first17[i])
    if (v < 0) throw new Error(`not a credit-code character: ${first17[i]}`)
    sum += v * CODE_WEIGHTS[i]
  }
  return CODE_ALPHABET[(31 - (sum % 31)) % 31]
}

/** A fresh valid code: 1 (机构编制) 2 (事业单位), a division, a random 9-character body. */
function newCreditCode() {
  let body = ''
  for (let i = 0; i < 9; i++) body += CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)]
  const first17 = `12330300${body}`
  return first17 + creditCheck(first17)
}

/** The same code with a wrong check character. */
function breakCheck(code) {
  const right = code[17]
  const wrong = CODE_ALPHABET[(CODE_ALPHABET.indexOf(right) + 1) % CODE_ALPHABET.length]
  return code.slice(0, 17) + wrong
}

// ---- The API as section_head_a, from Node ---------------------------------------------------

/** Sign in through the API and return a fetch that carries the session cookie. */
async function apiSession(account) {
  const base = baseUrl()
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  })
  const body = await res.json()
  assert.equal(res.status, 200, `login of ${account.username} answered ${res.status}: ${JSON.stringify(body)}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0])
    .join('; ')
  assert.ok(cookie.includes('='), 'the login set a session cookie')
  async function call(method, path, payload) {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { Cookie: cookie, Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json' } : {}) },
      body: payload ? JSON.stringify(payload) : undefined,
    })
    const text = await r.text()
    return { status: r.status, body: text ? JSON.parse(text) : null, text }
  }
  return { user: body.user, call }
}

describe('registries and the public portal', () => {
  const account = staffAccount('WEIJIAN_E2E_DISTRICT_A_USER')
  let api
  before(async () => {
    api = await apiSession(account)
  })
  after(closeBrowser)

  test(
    'an anonymous visitor finds an institution on the portal and sees its licence and status',
    { timeout: 120_000 },
    async () => {
      // An institution with a licence, made through the API as the section head.
      const suffix = Date.now().toString(36)
      const name = `公开查询测试医院${suffix}`
      const code = newCreditCode()
      const created = await api.call('POST', '/api/v1/institutions', {
        credit_code: code,
        name,
        category: 'hospital',
        ownership: 'public',
        profit_type: 'non_profit',
        grade: '2A',
        address: `测试路${suffix}号`,
        jurisdiction_id: api.user.jurisdiction_id,
        legal_representative: '张测试',
        person_in_charge: '李测试',
        beds: 80,
      })
      assert.equal(created.status, 201, `creating the institution answered ${created.status}: ${created.text}`)
      const licenseNo = `PDY-E2E-${suffix}`.toUpperCase()
      const license = await api.call('POST', `/api/v1/institutions/${created.body.id}/licenses`, {
        license_no: licenseNo,
        issued_on: '2025-01-15',
        valid_until: '2030-01-14',
        clinical_subjects: '内科;外科',
        beds: 80,
      })
      assert.equal(license.status, 201, `issuing the licence answered ${license.status}: ${license.text}`)

      // No cookie jar, no session: the portal must not ask who we are.
      const { context, page, problems, expectStatus } = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true })
      try {
        await page.goto(`${baseUrl()}/portal`)
        await page.getByTestId('portal-institutions').waitFor()
        assert.equal(squash(await page.getByTestId('portal-title').textContent()), '卫监·医疗卫生机构公开查询')

        await page.getByTestId('portal-q').fill(name)
        const searched = page.waitForResponse(
          (r) => r.url().includes('/api/v1/public/institutions?') && r.url().includes('q=') && r.status() === 200,
        )
        await page.getByTestId('portal-search').click()
        await searched
        await eventually(async () => {
          const names = await page.getByTestId('portal-result-name').allTextContents()
          assert.deepEqual(names.map((n) => n.trim()), [name])
        })
        assert.equal(new URL(page.url()).searchParams.get('q'), name, 'the search is in the address')

        await page.getByTestId('portal-result').first().click()
        await page.getByTestId('portal-institution-name').waitFor()
        assert.equal(new URL(page.url()).pathname, `/portal/institutions/${created.body.id}`)
        assert.equal((await page.getByTestId('portal-institution-name').textContent()).trim(), name)
        assert.equal((await page.getByTestId('portal-institution-status').textContent()).trim(), '正常')

        // What the page shows is what the public API says.
        const pub = await apiGet(page, `/api/v1/public/institutions/${created.body.id}`)
        assert.equal(pub.licenses.length, 1)
        const card = page.getByTestId('portal-license')
        assert.equal((await card.getByTestId('portal-license-no').textContent()).trim(), licenseNo)
        assert.equal((await card.getByTestId('portal-license-status').textContent()).trim(), pub.licenses[0].status_label)
        assert.equal(pub.licenses[0].status_label, '有效')
        assert.ok(squash(await card.textContent()).includes(pub.licenses[0].validation_due_on), 'the validation day is shown')

        // Practitioner search: the server refuses an empty one, and the page says why.
        expectStatus(400, /\/api\/v1\/public\/practitioners/)
        await page.getByTestId('portal-nav-practitioners').click()
        await page.getByTestId('portal-practitioners').waitFor()
        const refused = page.waitForResponse((r) => r.url().includes('/api/v1/public/practitioners') && r.status() === 400)
        await page.getByTestId('portal-practitioner-search').click()
        const detail = (await (await refused).json()).detail
        assert.ok(detail, 'the 400 carries a Chinese detail')
        await eventually(async () =>
          assert.ok(squash(await page.getByTestId('portal-practitioner-error').textContent()).includes(squash(detail))),
        )
        assert.equal(new URL(page.url()).pathname, '/portal/practitioners', 'the visitor stays on the portal')

        assert.deepEqual(problems(), [])
      } finally {
        await context.close()
      }
    },
  )

  test(
    'the section head registers an institution through the form, first meeting the server’s verdict on a bad credit code',
    { timeout: 120_000 },
    async () => {
      const { context, page, problems, expectStatus } = await openPage({
        viewport: { width: 1366, height: 900 },
        storageState: await signedInState(account),
      })
      try {
        const base = baseUrl()
        await page.goto(`${base}/registry/institutions`)
        await page.getByTestId('institutions-page').waitFor()
        const me = await apiGet(page, '/api/v1/auth/me')

        const suffix = Date.now().toString(36)
        const name = `界面登记测试诊所${suffix}`
        const code = newCreditCode()
        const bad = breakCheck(code)

        await page.getByTestId('institutions-create').click()
        const dialog = page.getByTestId('institution-form-dialog')
        await dialog.waitFor()
        await page.getByTestId('institution-credit-code').fill(bad)
        await page.getByTestId('institution-name').fill(name)
        await page.getByTestId('institution-category').click()
        await page.locator('.el-popper:visible').getByTestId('category-option-clinic').click()
        await page.getByTestId('ownership-private').click()
        await page.getByTestId('profit-for_profit').click()
        await page.locator('.el-select[data-testid="institution-jurisdiction"]').click()
        const node = page
          .locator('.el-popper:visible .el-tree-node__content')
          .filter({ hasText: new RegExp(`^${me.user.jurisdiction_name}（`) })
        await node.first().waitFor({ state: 'visible' })
        await node.first().click()
        await page.getByTestId('institution-address').fill(`界面测试路${suffix}号`)
        await page.getByTestId('institution-legal').fill('王界面')
        await page.getByTestId('institution-charge').fill('赵界面')

        // A wrong check character: the server says so, under the field.
        expectStatus(422, /\/api\/v1\/institutions$/)
        const refused = page.waitForResponse(
          (r) => new URL(r.url()).pathname === '/api/v1/institutions' && r.request().method() === 'POST',
        )
        await page.getByTestId('institution-form-submit').click()
        const refusal = await refused
        assert.equal(refusal.status(), 422)
        const problem = await refusal.json()
        const codeError = problem.errors.find((e) => e.field === 'credit_code')
        assert.ok(codeError, `the server names credit_code: ${JSON.stringify(problem)}`)
        const fieldError = page.getByTestId('field-credit_code').locator('.el-form-item__error')
        await fieldError.waitFor()
        assert.equal((await fieldError.textContent()).trim(), codeError.message)
        assert.match(codeError.message, /校验位/)
        assert.ok(await dialog.isVisible(), 'the dialog stays open')

        // The right code: registered, and the detail page shows it.
        await page.getByTestId('institution-credit-code').fill(code)
        await fieldError.waitFor({ state: 'detached' })
        const accepted = page.waitForResponse(
          (r) => new URL(r.url()).pathname === '/api/v1/institutions' && r.request().method() === 'POST',
        )
        await page.getByTestId('institution-form-submit').click()
        const response = await accepted
        assert.equal(response.status(), 201, `registering answered ${response.status()}: ${await response.text()}`)
        const created = await response.json()
        assert.equal(created.credit_code, code)
        await dialog.waitFor({ state: 'hidden' })

        await page.waitForURL((url) => url.pathname === `/registry/institutions/${created.id}`)
        await page.getByTestId('institution-detail').waitFor()
        await eventually(async () => assert.equal((await page.getByTestId('institution-title').textContent()).trim(), name))
        const detail = await apiGet(page, `/api/v1/institutions/${created.id}`)
        assert.equal((await page.getByTestId('institution-credit-code').textContent()).trim(), detail.credit_code)
        assert.equal(detail.category, 'clinic')
        assert.equal(detail.ownership, 'private')
        assert.equal(detail.jurisdiction_id, me.user.jurisdiction_id)

        // And the list finds it by its code.
        await page.goto(`${base}/registry/institutions?q=${code}`)
        await eventually(async () => {
          const names = await page.getByTestId('institution-cell-name').allTextContents()
          assert.deepEqual(names.map((n) => n.trim()), [name])
        })

        assert.deepEqual(problems(), [])
      } finally {
        await context.close()
      }
    },
  )
})
