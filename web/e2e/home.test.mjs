// Browser tests of the web shell against a running Weijian server.
//
//   WEIJIAN_BASE_URL=http://127.0.0.1:43123 npm run test:e2e
//
// The server must serve web/dist with SPA fallback and answer /api/v1/system/info.
// The figures checked are read from the server's API during the test, never constants.
// Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH); no browser is downloaded.

import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
const TIMEOUT_MS = 20_000

const STORE_KIND_LABELS = { sqlite: 'SQLite（嵌入式）', postgresql: 'PostgreSQL' }

function baseUrl() {
  const raw = process.env.WEIJIAN_BASE_URL
  if (!raw) {
    throw new Error(
      'WEIJIAN_BASE_URL is not set. Start the Weijian server (it serves web/dist) and run, e.g., ' +
        'WEIJIAN_BASE_URL=http://127.0.0.1:43123 npm run test:e2e — the build system sets it itself.',
    )
  }
  return raw.replace(/\/+$/, '')
}

/** Text with all whitespace removed, so layout spacing does not matter. */
const squash = (s) => (s ?? '').replace(/\s+/g, '')

let browserPromise

/** Debian's Chromium, launched once for all tests on first use. */
function getBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with 'apt-get install -y chromium'.`)
  }
  browserPromise ??= chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
  return browserPromise
}

/** A fresh page that records every sign of a broken app: script errors, failed loads, 4xx/5xx. */
async function openPage(contextOptions = {}) {
  const browser = await getBrowser()
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...contextOptions })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT_MS)
  const problems = []
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`)
  })
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`))
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`)
  })
  return { context, page, problems }
}

async function fetchSystemInfo(base) {
  const res = await fetch(`${base}/api/v1/system/info`, { headers: { Accept: 'application/json' } })
  assert.equal(res.status, 200, 'GET /api/v1/system/info must answer 200')
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/i, 'system info must be JSON')
  const info = await res.json()
  assert.equal(typeof info.version, 'string')
  assert.ok(Array.isArray(info.counts), 'system info must carry a counts list')
  return info
}

async function assertShell(page) {
  const title = page.getByTestId('app-title')
  await title.waitFor()
  assert.equal(squash(await title.textContent()), '卫监·医疗卫生行业综合监管平台')
}

describe('web shell', () => {
  // Each test checks WEIJIAN_BASE_URL itself, so a missing one fails every test by name.
  after(async () => {
    if (browserPromise) await (await browserPromise).close()
  })

  test('home page shows the live figures of the server', { timeout: 60_000 }, async () => {
    const base = baseUrl()
    const info = await fetchSystemInfo(base)
    const { context, page, problems } = await openPage({ viewport: { width: 1280, height: 800 } })
    try {
      await page.goto(`${base}/`)
      await assertShell(page)
      await page.getByTestId('info-version').waitFor()
      assert.match(await page.title(), /卫监/)

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

      // Every count the server reports has its card, with its label and its number.
      assert.equal(await page.locator('[data-testid^="count-"]').count(), info.counts.length)
      for (const c of info.counts) {
        const card = page.getByTestId(`count-${c.key}`)
        await card.waitFor()
        const text = squash(await card.textContent()).replace(/,/g, '')
        assert.ok(text.includes(squash(c.label)), `card ${c.key} shows its label "${c.label}", got "${text}"`)
        assert.match(text, new RegExp(`(^|\\D)${c.count}(\\D|$)`), `card ${c.key} shows ${c.count}, got "${text}"`)
      }
      if (info.counts.length >= 2) {
        await page.getByTestId('counts-chart').locator('canvas').first().waitFor()
      }

      // The refresh button asks the server again.
      const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/system/info') && r.status() === 200)
      await page.getByTestId('refresh').click()
      await again
      await page.getByTestId('info-version').waitFor()

      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test('a deep link loads the shell (SPA fallback) and the menu leads home', { timeout: 60_000 }, async () => {
    const base = baseUrl()
    const { context, page, problems } = await openPage({ viewport: { width: 1280, height: 800 } })
    try {
      const response = await page.goto(`${base}/some/unknown/page`)
      assert.equal(response?.status(), 200, 'the server answers unknown page paths with index.html')
      await assertShell(page)
      await page.getByTestId('not-found').waitFor()
      assert.match(await page.getByTestId('not-found').textContent(), /页面不存在/)

      await page.getByTestId('side-menu').getByText('首页').click()
      await page.getByTestId('info-version').waitFor()
      assert.equal(new URL(page.url()).pathname, '/')

      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test('a narrow window gets a menu drawer and no sideways scrolling', { timeout: 60_000 }, async () => {
    const base = baseUrl()
    const { context, page, problems } = await openPage({ viewport: { width: 390, height: 844 } })
    try {
      await page.goto(`${base}/`)
      await assertShell(page)
      await page.getByTestId('info-version').waitFor()
      assert.equal(await page.getByTestId('side-menu').count(), 0, 'no side menu beside the page')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`)

      await page.getByTestId('menu-toggle').click()
      await page.getByTestId('side-menu').getByText('首页').waitFor({ state: 'visible' })

      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
})
