// Shared helpers of the browser tests: the browser, pages that record what goes wrong, and
// signing in (with the TOTP step when the account has one).
//
// Environment:
//   WEIJIAN_BASE_URL              the running server (serves web/dist and the API)
//   WEIJIAN_E2E_ADMIN_USER        an administrator …
//   WEIJIAN_E2E_ADMIN_PASSWORD    … with this password …
//   WEIJIAN_E2E_ADMIN_TOTP_CMD    … and a shell command printing its current 6-digit TOTP code
//   WEIJIAN_E2E_DISTRICT_A_USER   section heads of two different districts …
//   WEIJIAN_E2E_DISTRICT_B_USER
//   WEIJIAN_E2E_STAFF_PASSWORD    … sharing this password
//   CHROMIUM_PATH                 Chromium to drive (default /usr/bin/chromium)

import assert from 'node:assert/strict'
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
export const TIMEOUT_MS = 20_000

export function baseUrl() {
  const raw = process.env.WEIJIAN_BASE_URL
  if (!raw) {
    throw new Error(
      'WEIJIAN_BASE_URL is not set. Start the Weijian server (it serves web/dist) and run, e.g., ' +
        'WEIJIAN_BASE_URL=http://127.0.0.1:43123 npm run test:e2e — the build system sets it itself.',
    )
  }
  return raw.replace(/\/+$/, '')
}

/** A required environment variable, or an error naming it. */
export function env(name) {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: the browser tests need it (see web/e2e/lib.mjs).`)
  return value
}

/** The administrator's credentials, with a function giving the current TOTP code. */
export function adminAccount() {
  const totpCmd = env('WEIJIAN_E2E_ADMIN_TOTP_CMD')
  return {
    username: env('WEIJIAN_E2E_ADMIN_USER'),
    password: env('WEIJIAN_E2E_ADMIN_PASSWORD'),
    totp: () => {
      const out = execSync(totpCmd, { encoding: 'utf8', shell: '/bin/sh', timeout: 10_000 }).trim()
      const code = out.match(/\b\d{6}\b/)?.[0]
      if (!code) throw new Error(`WEIJIAN_E2E_ADMIN_TOTP_CMD printed no 6-digit code: "${out}"`)
      return code
    },
  }
}

/** A district section head's credentials (no TOTP expected, but handled if asked for). */
export function staffAccount(userVar) {
  return { username: env(userVar), password: env('WEIJIAN_E2E_STAFF_PASSWORD'), totp: null }
}

/** Text with all whitespace removed, so layout spacing does not matter. */
export const squash = (s) => (s ?? '').replace(/\s+/g, '')

let browserPromise
/** page → its expectStatus, so helpers can excuse the answers they provoke. */
const excusers = new WeakMap()

/** Debian's Chromium, launched once per test file on first use. */
export function getBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with 'apt-get install -y chromium'.`)
  }
  browserPromise ??= chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
  return browserPromise
}

export async function closeBrowser() {
  if (browserPromise) await (await browserPromise).close()
  browserPromise = undefined
}

/**
 * A fresh page (own cookie jar) that records every sign of a broken app: script errors,
 * failed loads, 4xx/5xx. `page.expectedStatus(pattern)` excuses answers a test provokes on
 * purpose (the 401 of `/auth/me` before signing in, say); `problems()` lists the rest.
 */
export async function openPage(contextOptions = {}) {
  const browser = await getBrowser()
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...contextOptions })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT_MS)
  const recorded = []
  const excused = []
  page.on('pageerror', (err) => recorded.push({ text: `page error: ${err.message}` }))
  page.on('console', (msg) => {
    if (msg.type() === 'error') recorded.push({ text: `console error: ${msg.text()}`, url: msg.location()?.url })
  })
  page.on('requestfailed', (req) => {
    // A download handed to the browser shows up as an aborted request: not a failure.
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && req.url().includes('/export')) return
    recorded.push({ text: `request failed: ${req.url()} ${req.failure()?.errorText}` })
  })
  page.on('response', (res) => {
    if (res.status() >= 400) recorded.push({ text: `HTTP ${res.status()}: ${res.url()}`, status: res.status(), url: res.url() })
  })
  const expectStatus = (status, urlPattern) => excused.push({ status, urlPattern })
  const isExcused = (p) =>
    excused.some(
      (e) =>
        // The HTTP answer itself, or Chromium's console line about the same resource.
        (p.status === e.status && e.urlPattern.test(p.url ?? '')) ||
        (p.text.startsWith('console error: Failed to load resource') &&
          p.text.includes(`status of ${e.status}`) &&
          e.urlPattern.test(p.url ?? '')),
    )
  const problems = () => recorded.filter((p) => !isExcused(p)).map((p) => p.text)
  excusers.set(page, expectStatus)
  return { context, page, problems, expectStatus }
}

/**
 * GET from inside the page, so the session cookie (SameSite=Strict) goes along:
 * `{ status, body }` whatever the status (body parsed when JSON).
 */
export async function apiTry(page, path) {
  const result = await page.evaluate(async (p) => {
    const res = await fetch(p, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    return { status: res.status, text: await res.text() }
  }, path)
  let body = result.text
  try {
    body = JSON.parse(result.text)
  } catch {
    // Not JSON: keep the text.
  }
  return { status: result.status, body, text: result.text }
}

/** GET from inside the page and require 200; the parsed JSON body. */
export async function apiGet(page, path) {
  const { status, body, text } = await apiTry(page, path)
  assert.equal(status, 200, `GET ${path} answered ${status}: ${text.slice(0, 300)}`)
  return body
}

/** Seconds until the next 30-second TOTP step begins. */
const secondsToNextStep = () => 30 - (Math.floor(Date.now() / 1000) % 30)

/**
 * Sign in through the login page and wait for the shell. Handles the TOTP step: when the
 * server asks for a code, `account.totp()` provides one. A code the server refuses (already
 * used by another test in this 30-second step) is retried once with the next step's code.
 */
export async function login(page, account, { redirect = '/' } = {}) {
  let askedForTotp = false
  const base = baseUrl()
  // 「A code is needed」 (and a refused reused code) come as 401 answers to the login call.
  excusers.get(page)?.(401, /\/api\/v1\/auth\/login$/)
  await page.goto(`${base}/login?redirect=${encodeURIComponent(redirect)}`)
  await page.getByTestId('login-username').fill(account.username)
  await page.getByTestId('login-password').fill(account.password)
  await page.getByTestId('login-submit').click()

  // Either the shell (signed in), the TOTP field, or an error notice.
  const shell = page.getByTestId('app-title')
  const totpField = page.getByTestId('login-totp')
  const notice = page.locator(
    ':is([data-testid="login-notice"].el-alert--error, [data-testid="login-notice"].el-alert--warning, ' +
      '[data-testid="login-notice"] .el-alert--error, [data-testid="login-notice"] .el-alert--warning)',
  )
  await shell.or(totpField).or(notice).first().waitFor()
  if (await notice.isVisible()) {
    throw new Error(`login of ${account.username} failed: ${squash(await notice.textContent())}`)
  }

  if (await totpField.isVisible()) {
    askedForTotp = true
    assert.ok(account.totp, `${account.username} was asked for a TOTP code but the test has no way to get one`)
    for (let attempt = 0; ; attempt++) {
      await totpField.fill(account.totp())
      await page.getByTestId('login-submit').click()
      const fieldError = page.getByTestId('field-totp').locator('.el-form-item__error')
      await shell.or(fieldError).or(notice).first().waitFor()
      if (await shell.isVisible()) break
      if (await notice.isVisible()) {
        throw new Error(`login of ${account.username} failed: ${squash(await notice.textContent())}`)
      }
      if (attempt >= 1) throw new Error(`TOTP code refused twice: ${squash(await fieldError.textContent())}`)
      // Probably a code already used in this step (replay protection): wait for the next one.
      await page.waitForTimeout((secondsToNextStep() + 1) * 1000)
    }
  }
  await shell.waitFor()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  return { askedForTotp }
}

const sessions = new Map()

/**
 * Sign in once per test file and hand out the browser state (the HttpOnly session cookie)
 * for new contexts: `openPage({ storageState: await signedInState(adminAccount()) })`.
 * Saves a TOTP code per test, which the server will not accept twice in one 30-second step.
 */
export function signedInState(account) {
  if (!sessions.has(account.username)) {
    sessions.set(
      account.username,
      (async () => {
        const { context, page } = await openPage()
        try {
          await login(page, account)
          return await context.storageState()
        } finally {
          await context.close()
        }
      })(),
    )
  }
  return sessions.get(account.username)
}

/** Retry an async check until it passes (or the time is up, then throw its last error). */
export async function eventually(check, { timeoutMs = TIMEOUT_MS, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (e) {
      if (Date.now() > deadline) throw e
      await new Promise((r) => setTimeout(r, intervalMs))
    }
  }
}

/** The label of each menu entry the side menu shows, by test id. */
export async function menuEntries(page) {
  const menu = page.getByTestId('side-menu')
  await menu.waitFor()
  const ids = await menu.locator('[data-testid^="menu-"]').evaluateAll((els) =>
    els.map((el) => el.getAttribute('data-testid')),
  )
  return new Set(ids)
}

/** The menu entries (test id → permission) as routes.ts declares them. */
export const MENU_PERMISSIONS = {
  'menu-home': 'system.info',
  'menu-system-users': 'users.read',
  'menu-system-departments': 'departments.read',
  'menu-system-jurisdictions': 'jurisdictions.read',
  'menu-system-roles': 'roles.read',
  'menu-system-ledger': 'ledger.read',
  'menu-registry-institutions': 'registry.read',
  'menu-registry-practitioners': 'registry.read',
  'menu-registry-validations': 'registry.read',
  'menu-registry-eregistration': 'registry.read',
  'menu-registry-inspectors': 'registry.read',
  'menu-registry-responsibilities': 'registry.read',
  'menu-inspection-items': 'inspection.read',
  'menu-inspection-plans': 'inspection.read',
  'menu-inspection-tasks': 'inspection.read',
  'menu-inspection-stats': 'inspection.read',
}
