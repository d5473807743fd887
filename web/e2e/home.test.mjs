// Browser tests of the web shell against a running Weijian server.
//
//   WEIJIAN_BASE_URL=http://127.0.0.1:43123 WEIJIAN_E2E_ADMIN_USER=… npm run test:e2e
//
// The server must serve web/dist with SPA fallback. Every page needs a session now, so the
// tests sign in as the administrator (see lib.mjs for the environment they read).
// The figures checked are read from the server's API during the test, never constants.
// Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH); no browser is downloaded.

import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  adminAccount,
  apiGet,
  baseUrl,
  closeBrowser,
  eventually,
  openPage,
  signedInState,
  squash,
} from './lib.mjs'

const STORE_KIND_LABELS = { sqlite: 'SQLite（嵌入式）', postgresql: 'PostgreSQL' }

async function assertShell(page) {
  const title = page.getByTestId('app-title')
  await title.waitFor()
  assert.equal(squash(await title.textContent()), '卫监·医疗卫生行业综合监管平台')
}

/** A page already signed in as the administrator. */
async function adminPage(contextOptions = {}) {
  return openPage({ ...contextOptions, storageState: await signedInState(adminAccount()) })
}

describe('web shell', () => {
  // Each test checks WEIJIAN_BASE_URL itself, so a missing one fails every test by name.
  after(closeBrowser)

  test('without a session the API refuses and the home page leads to the login page', { timeout: 60_000 }, async () => {
    const base = baseUrl()
    const res = await fetch(`${base}/api/v1/system/info`, { headers: { Accept: 'application/json' } })
    assert.equal(res.status, 401, 'GET /api/v1/system/info without a session must answer 401')
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/i)

    const { context, page, problems, expectStatus } = await openPage({ viewport: { width: 1280, height: 800 } })
    expectStatus(401, /\/api\/v1\/auth\/me$/)
    try {
      await page.goto(`${base}/`)
      await page.getByTestId('login-page').waitFor()
      const url = new URL(page.url())
      assert.equal(url.pathname, '/login')
      assert.equal(url.searchParams.get('redirect'), '/')
      assert.match(await page.title(), /登录/)
      assert.equal(await page.getByTestId('side-menu').count(), 0, 'no shell before signing in')
      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })

  test('home page shows the live figures of the server', { timeout: 120_000 }, async () => {
    const base = baseUrl()
    const { context, page, problems } = await adminPage({ viewport: { width: 1280, height: 800 } })
    try {
      await page.goto(`${base}/`)
      await assertShell(page)
      await page.getByTestId('info-version').waitFor()
      assert.match(await page.title(), /卫监/)
      const info = await apiGet(page, '/api/v1/system/info')
      assert.equal(typeof info.version, 'string')
      assert.ok(Array.isArray(info.counts), 'system info must carry a counts list')

      assert.equal((await page.getByTestId('info-version').textContent()).trim(), info.version)
      assert.ok(info.store.kind in STORE_KIND_LABELS, `unexpected store kind ${info.store.kind}`)
      assert.equal(
        (await page.getByTestId('info-store-kind').textContent()).trim(),
        STORE_KIND_LABELS[info.store.kind],
      )
      assert.equal(
        (await page.getByTestId('info-schema-version').textContent()).trim(),
        String(info.store.schema_version),
      )
      const uptime = (await page.getByTestId('info-uptime').textContent()).trim()
      assert.match(uptime, /^(?:(?:\d+ 天 )?(?:\d+ 小时 )?\d+ 分|\d+ 秒)$/, `uptime in Chinese, got "${uptime}"`)

      // Every count the server reports has its card, with its label and its number. Counts
      // can move while we look (a sign-in adds ledger entries): refresh and compare until a
      // reading of the page and one of the API agree.
      let again
      await eventually(
        async () => {
          const shown = page.waitForResponse((r) => r.url().endsWith('/api/v1/system/info') && r.status() === 200)
          await page.getByTestId('refresh').click()
          await shown
          await page.getByTestId('info-version').waitFor()
          again = await apiGet(page, '/api/v1/system/info')
          assert.equal(await page.locator('[data-testid^="count-"]').count(), again.counts.length)
          for (const c of again.counts) {
            const card = page.getByTestId(`count-${c.key}`)
            await card.waitFor()
            const text = squash(await card.textContent()).replace(/,/g, '')
            assert.ok(text.includes(squash(c.label)), `card ${c.key} shows its label "${c.label}", got "${text}"`)
            assert.match(text, new RegExp(`(^|\\D)${c.count}(\\D|$)`), `card ${c.key} shows ${c.count}, got "${text}"`)
          }
        },
        { timeoutMs: 15_000, intervalMs: 500 },
      )
      if (again.counts.length >= 2) {
        await page.getByTestId('counts-chart').locator('canvas').first().waitFor()
      }

      // The refresh button asks the server again.
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/system/info') && r.status() === 200)
      await page.getByTestId('refresh').click()
      await answered
      await page.getByTestId('info-version').waitFor()

      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })

  test('a deep link loads the shell (SPA fallback) and the menu leads home', { timeout: 120_000 }, async () => {
    const base = baseUrl()
    const { context, page, problems } = await adminPage({ viewport: { width: 1280, height: 800 } })
    try {
      const response = await page.goto(`${base}/some/unknown/page`)
      assert.equal(response?.status(), 200, 'the server answers unknown page paths with index.html')
      await assertShell(page)
      await page.getByTestId('not-found').waitFor()
      assert.match(await page.getByTestId('not-found').textContent(), /页面不存在/)

      await page.getByTestId('side-menu').getByText('首页').click()
      await page.getByTestId('info-version').waitFor()
      assert.equal(new URL(page.url()).pathname, '/')

      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })

  test('a narrow window gets a menu drawer and no sideways scrolling', { timeout: 120_000 }, async () => {
    const base = baseUrl()
    const { context, page, problems } = await adminPage({ viewport: { width: 390, height: 844 } })
    try {
      await page.goto(`${base}/`)
      await assertShell(page)
      await page.getByTestId('info-version').waitFor()
      assert.equal(await page.getByTestId('side-menu').count(), 0, 'no side menu beside the page')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`)
      await page.getByTestId('user-menu').waitFor()

      await page.getByTestId('menu-toggle').click()
      await page.getByTestId('side-menu').getByText('首页').waitFor({ state: 'visible' })

      assert.deepEqual(problems(), [])
    } finally {
      await context.close()
    }
  })
})
