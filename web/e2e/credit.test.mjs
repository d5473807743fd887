// Browser test of the joint-sanctions check (联合惩戒查询) against a running server: a section
// head lists a new institution as dishonest through the API, then another department's view
// of the page answers 受限 for it, 未受限 for a clean subject and says what is wrong with a
// mistyped code.
//
//   WEIJIAN_BASE_URL=… WEIJIAN_E2E_DISTRICT_A_USER=… WEIJIAN_E2E_STAFF_PASSWORD=… npm run test:e2e

import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { baseUrl, closeBrowser, eventually, login, openPage, squash, staffAccount } from './lib.mjs'

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
function newCreditCode() {
  let first17 = '12330300'
  for (let i = 0; i < 9; i++) first17 += ALPHABET[Math.floor(Math.random() * ALPHABET.length)]
  const sum = [...first17].reduce((a, c, i) => a + ALPHABET.indexOf(c) * WEIGHTS[i], 0)
  return first17 + ALPHABET[(31 - (sum % 31)) % 31]
}

async function apiSession(account) {
  const base = baseUrl()
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  })
  const body = await res.json()
  assert.equal(res.status, 200, `login answered ${res.status}`)
  const cookie = res.headers.getSetCookie().map((c) => c.split(';', 1)[0]).join('; ')
  return {
    user: body.user,
    async call(method, path, payload) {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { Cookie: cookie, Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json' } : {}) },
        body: payload ? JSON.stringify(payload) : undefined,
      })
      const text = await r.text()
      return { status: r.status, body: text ? JSON.parse(text) : null, text }
    },
  }
}

describe('credit: the joint-sanctions check', () => {
  const account = staffAccount('WEIJIAN_E2E_DISTRICT_A_USER')
  after(closeBrowser)

  test('a listed institution is restricted, a clean one is not, a mistyped code is explained', { timeout: 120_000 }, async () => {
    const api = await apiSession(account)
    const suffix = Date.now().toString(36)
    const listed = newCreditCode()
    const clean = newCreditCode()
    for (const [code, name] of [[listed, `失信测试医院${suffix}`], [clean, `守信测试医院${suffix}`]]) {
      const r = await api.call('POST', '/api/v1/institutions', {
        credit_code: code, name, category: 'hospital', ownership: 'public', profit_type: 'non_profit', address: '测试路1号',
        jurisdiction_id: api.user.jurisdiction_id, legal_representative: '张测试', person_in_charge: '李测试', beds: 20,
      })
      assert.equal(r.status, 201, r.text)
    }
    const entry = await api.call('POST', '/api/v1/credit/lists', {
      subject_code: listed, trigger_code: 'illegal_practice', basis: `浏览器测试：认定非法行医（${suffix}）`,
    })
    assert.equal(entry.status, 201, entry.text)

    const { context, page, problems, expectStatus } = await openPage()
    try {
      await login(page, account, { redirect: '/credit/sanctions' })
      await page.getByTestId('sanctions-page').waitFor()

      await page.getByTestId('sanctions-subject').fill(listed)
      await page.getByTestId('sanctions-check').click()
      await eventually(async () => {
        const verdict = squash(await page.getByTestId('sanctions-verdict').textContent())
        assert.match(verdict, /^受限/)
        assert.ok(verdict.includes(`限制至${entry.body.ends_on}`), verdict)
      })
      assert.ok(squash(await page.getByTestId('sanctions-answer').textContent()).includes(`浏览器测试：认定非法行医（${suffix}）`))

      await page.getByTestId('sanctions-subject').fill(clean)
      await page.getByTestId('sanctions-check').click()
      await eventually(async () => assert.match(squash(await page.getByTestId('sanctions-verdict').textContent()), /^未受限/))

      expectStatus(400, /\/api\/v1\/credit\/sanctions\?/)
      const typo = listed.slice(0, 17) + ALPHABET[(ALPHABET.indexOf(listed[17]) + 1) % ALPHABET.length]
      await page.getByTestId('sanctions-subject').fill(typo)
      await page.getByTestId('sanctions-check').click()
      await eventually(async () => assert.match(squash(await page.getByTestId('sanctions-error').textContent()), /不是有效的统一社会信用代码/))
      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })
})
