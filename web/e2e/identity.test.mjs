// Browser tests of identity, access control and the audit ledger against a running server.
//
//   WEIJIAN_BASE_URL=… WEIJIAN_E2E_ADMIN_USER=… WEIJIAN_E2E_ADMIN_PASSWORD=… \
//   WEIJIAN_E2E_ADMIN_TOTP_CMD=… WEIJIAN_E2E_DISTRICT_A_USER=… WEIJIAN_E2E_DISTRICT_B_USER=… \
//   WEIJIAN_E2E_STAFF_PASSWORD=… npm run test:e2e
//
// What the pages show is compared with what the API answers to the same session.

import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  adminAccount,
  apiGet,
  apiTry,
  baseUrl,
  closeBrowser,
  eventually,
  login,
  MENU_PERMISSIONS,
  menuEntries,
  openPage,
  signedInState,
  staffAccount,
} from './lib.mjs'

/** Texts of the elements with this test id, in page order. */
const texts = (page, testId) =>
  page.locator(`[data-testid="${testId}"]`).evaluateAll((els) => els.map((e) => e.textContent.trim()))

/** Choose an option in an Element Plus select: open it, click the option in the drop-down. */
async function choose(page, selectTestId, optionLocator) {
  await page.getByTestId(selectTestId).click()
  const option = optionLocator(page.locator('.el-popper:visible'))
  await option.first().waitFor({ state: 'visible' })
  await option.first().click()
}

/** Every user the session may see, through all pages of the API. */
async function allUsers(page) {
  const users = []
  for (let p = 1; ; p++) {
    const batch = await apiGet(page, `/api/v1/users?page=${p}&page_size=100`)
    users.push(...batch.items)
    if (batch.items.length === 0 || users.length >= batch.total) return users
  }
}

/** Ids of the jurisdiction and everything below it, from a flat list. */
function subtree(items, rootId) {
  const ids = new Set([rootId])
  let grew = true
  while (grew) {
    grew = false
    for (const j of items) {
      if (j.parent_id !== null && ids.has(j.parent_id) && !ids.has(j.id)) {
        ids.add(j.id)
        grew = true
      }
    }
  }
  return ids
}

/** The full jurisdiction list, read with the administrator's session. */
async function allJurisdictions() {
  const { context, page } = await openPage({ storageState: await signedInState(adminAccount()) })
  try {
    await page.goto(`${baseUrl()}/account`)
    await page.getByTestId('account').waitFor()
    return (await apiGet(page, '/api/v1/jurisdictions')).items
  } finally {
    await context.close()
  }
}

describe('identity and audit ledger', () => {
  after(closeBrowser)

  test(
    'the administrator signs in with a TOTP code, creates a user, finds it in the audit log and verifies the chain',
    { timeout: 180_000 },
    async () => {
      const base = baseUrl()
      const admin = adminAccount()
      const { context, page, problems } = await openPage({ viewport: { width: 1366, height: 900 } })
      try {
        const { askedForTotp } = await login(page, admin, { redirect: '/' })
        assert.ok(askedForTotp, 'the administrator must be asked for a TOTP code')
        const me = await apiGet(page, '/api/v1/auth/me')
        assert.equal(me.user.username, admin.username)
        assert.equal((await page.getByTestId('user-menu-name').textContent()).trim(), me.user.display_name)

        // 用户管理 is in the menu and opens the list.
        const entries = await menuEntries(page)
        for (const id of ['menu-system-users', 'menu-system-ledger']) assert.ok(entries.has(id), `menu shows ${id}`)
        const listed = page.waitForResponse((r) => r.url().includes('/api/v1/users?') && r.status() === 200)
        await page.getByTestId('menu-system-users').click()
        await listed
        await page.getByTestId('users-page').waitFor()

        // Create a user through the form.
        const suffix = Date.now().toString(36)
        const username = `e2e${suffix}`
        const displayName = `测试用户${suffix}`
        const password = `Wj-e2e-${suffix}-Aa9!`
        await page.getByTestId('users-create').click()
        const dialog = page.getByTestId('user-form-dialog')
        await dialog.waitFor()
        await page.getByTestId('user-username').fill(username)
        await page.getByTestId('user-display-name').fill(displayName)
        await choose(page, 'user-role', (p) => p.getByTestId('role-option-inspector'))
        await choose(page, 'user-department', (p) => p.locator('[data-testid^="department-option-"]'))
        // The administrator's own jurisdiction is surely in scope: pick it by name.
        await page.locator('.el-select[data-testid="user-jurisdiction"]').click()
        const node = page
          .locator('.el-popper:visible .el-tree-node__content')
          .filter({ hasText: new RegExp(`^${me.user.jurisdiction_name}（`) })
        await node.first().waitFor({ state: 'visible' })
        await node.first().click()
        await page.getByTestId('user-password').fill(password)
        await page.getByTestId('user-password-confirm').fill(password)

        const createdResponse = page.waitForResponse(
          (r) => new URL(r.url()).pathname === '/api/v1/users' && r.request().method() === 'POST',
        )
        await page.getByTestId('user-form-submit').click()
        const response = await createdResponse
        assert.equal(response.status(), 201, `creating the user answered ${response.status()}: ${await response.text()}`)
        const created = await response.json()
        assert.equal(created.username, username)
        await dialog.waitFor({ state: 'hidden' })

        // The new user is in the list (search for it).
        await page.getByTestId('filter-q').fill(username)
        await page.getByTestId('filter-search').click()
        await eventually(async () => assert.deepEqual(await texts(page, 'user-cell-username'), [username]))

        // Its history: the detail drawer, then the audit log filtered to it.
        const history = await apiGet(page, `/api/v1/users/${created.id}/history`)
        assert.ok(history.items.length >= 1, 'the creation is recorded in the ledger')
        const creation = history.items.reduce((a, b) => (a.seq < b.seq ? a : b))
        assert.equal(creation.actor_id, me.user.id, 'the creation is recorded as done by the administrator')

        await page.getByTestId('user-cell-username').first().click()
        await page.getByTestId('user-detail').waitFor()
        await page.getByTestId(`history-${creation.seq}`).waitFor()
        await page.getByTestId('user-ledger-link').click()
        await page.getByTestId('ledger-page').waitFor()
        assert.equal(new URL(page.url()).pathname, '/system/ledger')

        const query = `subject_type=${encodeURIComponent(creation.subject_type)}&subject_id=${encodeURIComponent(
          String(created.id),
        )}`
        const ledgerPage = await apiGet(page, `/api/v1/ledger?${query}&page=1&page_size=20`)
        assert.ok(ledgerPage.items.some((e) => e.seq === creation.seq), 'the API lists the creation for the subject')
        await eventually(async () => {
          const seqs = (await texts(page, 'ledger-cell-seq')).map(Number)
          assert.deepEqual(seqs, ledgerPage.items.map((e) => e.seq))
        })
        const row = page.locator('.el-table__row', { has: page.getByTestId('ledger-cell-seq').getByText(String(creation.seq), { exact: true }) })
        assert.equal((await row.getByTestId('ledger-cell-actor').textContent()).trim(), creation.actor_name)
        assert.ok(creation.actor_name.includes(me.user.display_name), 'the actor is named as the administrator')
        assert.equal(
          (await row.getByTestId('ledger-cell-action').textContent()).trim(),
          creation.action_label || creation.action,
        )

        // The entry's detail shows the hash chain values.
        await row.click()
        await page.getByTestId('ledger-detail').waitFor()
        assert.ok((await page.getByTestId('ledger-detail-hash').textContent()).includes(creation.hash))
        await page.keyboard.press('Escape')
        await page.getByTestId('ledger-detail').waitFor({ state: 'hidden' })

        // The menu leads to the same page; verify the whole chain.
        await page.getByTestId('menu-system-ledger').click()
        await page.getByTestId('ledger-verify').click()
        const result = page.getByTestId('ledger-verify-result')
        await result.waitFor({ timeout: 120_000 })
        assert.equal(await result.getAttribute('data-ok'), 'true', `verification failed: ${await result.textContent()}`)
        assert.match(await result.textContent(), /校验通过/)
        const checked = Number((await page.getByTestId('ledger-verify-entries').textContent()).replace(/,/g, ''))
        assert.ok(checked >= creation.seq, `verified ${checked} entries, at least up to ${creation.seq}`)

        assert.deepEqual(problems(), [])
      } finally {
        await context.close()
      }
    },
  )

  test(
    "each district's section head sees only the users of that district, and only the menu entries the role allows",
    { timeout: 180_000 },
    async () => {
      const base = baseUrl()
      let jurisdictions = null

      /** Sign in as the head, compare the list with the API, return the ids of all visible users. */
      async function checkDistrict(userVar) {
        const account = staffAccount(userVar)
        const { context, page, problems } = await openPage({ viewport: { width: 1366, height: 900 } })
        try {
          await login(page, account, { redirect: '/system/users' })
          const me = await apiGet(page, '/api/v1/auth/me')
          assert.equal(me.user.username, account.username)
          assert.ok(me.user.jurisdiction_id, `${account.username} has a jurisdiction`)

          // The menu shows exactly what the permissions allow: entries for actions the head
          // lacks (the administrator's) are gone, the others are there.
          const entries = await menuEntries(page)
          for (const [id, permission] of Object.entries(MENU_PERMISSIONS)) {
            if (me.permissions.includes(permission)) assert.ok(entries.has(id), `${account.username} sees ${id}`)
            else assert.ok(!entries.has(id), `${account.username} must not see ${id}`)
          }
          assert.ok(entries.has('menu-system-users'), 'a section head sees the users of the district')
          assert.ok(!me.permissions.includes('users.manage'), 'a section head does not manage users')

          // Page 1 of the list is exactly what the API gives this session, without the
          // administrator's buttons.
          await page.getByTestId('users-page').waitFor()
          assert.equal(await page.getByTestId('users-create').count(), 0, 'no 新建用户 button without users.manage')
          const firstPage = await apiGet(page, '/api/v1/users?page=1&page_size=20')
          await eventually(async () => {
            assert.deepEqual(await texts(page, 'user-cell-username'), firstPage.items.map((u) => u.username))
            const total = (await page.getByTestId('users-total').textContent()).replace(/,/g, '').trim()
            assert.equal(Number(total), firstPage.total)
          })

          // Every user visible to the session belongs to the head's district or below it.
          const users = await allUsers(page)
          assert.equal(users.length, firstPage.total)
          // The district's tree: from the head's own session when it may read it, else the admin's.
          const own = await apiTry(page, '/api/v1/jurisdictions')
          const list = own.status === 200 ? own.body.items : (jurisdictions ??= await allJurisdictions())
          const scope = subtree(list, me.user.jurisdiction_id)
          for (const u of users) {
            assert.ok(
              scope.has(u.jurisdiction_id),
              `${account.username} sees ${u.username} of jurisdiction ${u.jurisdiction_name} (${u.jurisdiction_id}), outside the district`,
            )
          }
          assert.ok(users.some((u) => u.id === me.user.id), 'the head sees their own account')

          // A page outside the permissions (if the role has one) shows the 403 page in its place.
          const barred = Object.entries(MENU_PERMISSIONS).find(([, permission]) => !me.permissions.includes(permission))
          if (barred) {
            const path = barred[0] === 'menu-home' ? '/' : `/${barred[0].slice('menu-'.length).replace(/-/g, '/')}`
            await page.goto(`${base}${path}`)
            await page.getByTestId('forbidden').waitFor()
          }

          assert.deepEqual(problems(), [])
          return { district: me.user.jurisdiction_id, ids: new Set(users.map((u) => u.id)) }
        } finally {
          await context.close()
        }
      }

      const a = await checkDistrict('WEIJIAN_E2E_DISTRICT_A_USER')
      const b = await checkDistrict('WEIJIAN_E2E_DISTRICT_B_USER')
      assert.notEqual(a.district, b.district, 'the two section heads belong to different districts')
      const shared = [...a.ids].filter((id) => b.ids.has(id))
      assert.deepEqual(shared, [], 'the two districts see disjoint sets of users')
    },
  )
})
