import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView, type RouteRecordRaw, type Router } from 'vue-router'
import { defineComponent, h } from 'vue'
import { installFetchMock, json, problem } from '@/testing/fetchMock'
import { ALL_PERMISSIONS, sampleSession } from '@/testing/fixtures'
import { useAuthStore } from '@/stores/auth'
import { appRoutes } from '@/router/routes'
import LoginView from './LoginView.vue'

let f: ReturnType<typeof installFetchMock>
let router: Router
let pinia: Pinia
let wrapper: VueWrapper | undefined

const Stub = defineComponent({ render: () => h('div', { 'data-testid': 'landed' }) })
const Root = defineComponent({ render: () => h(RouterView) })

/** The same routes with every page replaced by the stand-in. */
function stubbed(routes: readonly RouteRecordRaw[]): RouteRecordRaw[] {
  return routes.map(
    (r) => ({ ...r, component: Stub, redirect: undefined, children: r.children && stubbed(r.children) }) as RouteRecordRaw,
  )
}

beforeEach(async () => {
  pinia = createPinia()
  setActivePinia(pinia)
  f = installFetchMock()
  // The real route table (for where to land), with stand-ins for the pages behind the login.
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
      {
        path: '/',
        component: Stub,
        children: stubbed(appRoutes),
      },
    ],
  })
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function openLogin(path = '/login?redirect=/system/users') {
  await router.push(path)
  wrapper = mount(Root, { global: { plugins: [router, pinia] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const byId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)

async function fillAndSubmit(w: VueWrapper, username: string, password: string) {
  await byId(w, 'login-username').setValue(username)
  await byId(w, 'login-password').setValue(password)
  await byId(w, 'login-form').trigger('submit')
  await settle()
}

async function settle() {
  for (let i = 0; i < 5; i++) await flushPromises()
}

/** The message under a form field (Element Plus shows it after a short debounce). */
async function fieldError(w: VueWrapper, field: string): Promise<string> {
  const selector = `[data-testid="field-${field}"] .el-form-item__error`
  await vi.waitFor(() => expect(w.find(selector).exists()).toBe(true))
  return w.find(selector).text()
}

/** The el-alert element of a notice (test-utils stubs the transition that wraps it). */
const alertOf = (w: VueWrapper, id: string) => {
  const outer = byId(w, id)
  return outer.classes().includes('el-alert') ? outer : outer.find('.el-alert')
}

describe('LoginView', () => {
  it('signs in with username and password and goes back to the page the user came for', async () => {
    f.on('POST', '/api/v1/auth/login', json(sampleSession(ALL_PERMISSIONS)))
    const w = await openLogin()
    expect(byId(w, 'login-redirect-hint').exists()).toBe(true)

    await fillAndSubmit(w, ' zhangwei ', 'secret-pass-1')

    const calls = f.calls('/api/v1/auth/login', 'POST')
    expect(calls).toHaveLength(1)
    expect(calls[0]!.body).toEqual({ username: 'zhangwei', password: 'secret-pass-1' })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/system/users'))
    const auth = useAuthStore()
    expect(auth.user?.display_name).toBe('张伟')
    expect(auth.can('users.manage')).toBe(true)
  })

  it('asks for the 6-digit code when the server says two-factor is needed, then signs in', async () => {
    f.on('POST', '/api/v1/auth/login', problem(401, 'totp-required', '请输入动态验证码'), 1)
    const w = await openLogin()
    expect(byId(w, 'login-totp').exists()).toBe(false)

    await fillAndSubmit(w, 'admin', 'Admin#2026pass')
    expect(byId(w, 'login-totp').exists()).toBe(true)
    expect(byId(w, 'login-password').exists()).toBe(false)
    expect(byId(w, 'login-totp-user').text()).toBe('admin')
    expect(byId(w, 'login-notice').text()).toContain('需要两步验证')
    expect(router.currentRoute.value.name).toBe('login')

    // A code that is not six digits is stopped here.
    await byId(w, 'login-totp').setValue('12a')
    await byId(w, 'login-form').trigger('submit')
    await settle()
    expect(f.calls('/api/v1/auth/login')).toHaveLength(1)
    expect(await fieldError(w, 'totp')).toContain('6 位')

    f.on('POST', '/api/v1/auth/login', json(sampleSession(ALL_PERMISSIONS, { username: 'admin' })))
    await byId(w, 'login-totp').setValue('123456')
    await byId(w, 'login-form').trigger('submit')
    await settle()

    const calls = f.calls('/api/v1/auth/login')
    expect(calls).toHaveLength(2)
    expect(calls[1]!.body).toEqual({ username: 'admin', password: 'Admin#2026pass', totp_code: '123456' })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/system/users'))
  })

  it('shows a refused code under the code field and keeps the code step', async () => {
    f.on('POST', '/api/v1/auth/login', problem(401, 'totp-required', '请输入动态验证码'), 1)
    const w = await openLogin()
    await fillAndSubmit(w, 'admin', 'pw')
    f.on('POST', '/api/v1/auth/login', problem(401, 'totp-invalid', '动态验证码不正确或已过期，请重新输入。'))
    await byId(w, 'login-totp').setValue('000000')
    await byId(w, 'login-form').trigger('submit')
    await settle()

    expect(await fieldError(w, 'totp')).toBe('动态验证码不正确或已过期，请重新输入。')
    expect((byId(w, 'login-totp').element as HTMLInputElement).value).toBe('')
    expect(router.currentRoute.value.name).toBe('login')

    // 「返回」 goes back to the password step.
    await byId(w, 'login-back').trigger('click')
    expect(byId(w, 'login-password').exists()).toBe(true)
    expect(byId(w, 'login-totp').exists()).toBe(false)
  })

  it('says how many tries remain after a wrong password, and clears the password', async () => {
    f.on('POST', '/api/v1/auth/login', problem(401, 'login-failed', '用户名或密码不正确，还可尝试 3 次。'))
    const w = await openLogin()
    await fillAndSubmit(w, 'zhangwei', 'wrong')
    const notice = byId(w, 'login-notice')
    expect(alertOf(w, 'login-notice').classes()).toContain('el-alert--error')
    expect(notice.text()).toContain('用户名或密码错误')
    expect(notice.text()).toContain('还可尝试 3 次')
    expect((byId(w, 'login-password').element as HTMLInputElement).value).toBe('')
    expect((byId(w, 'login-username').element as HTMLInputElement).value).toBe('zhangwei')
    expect(router.currentRoute.value.name).toBe('login')
    expect(useAuthStore().isAuthenticated).toBe(false)
  })

  it('explains a locked account with the time it unlocks', async () => {
    f.on(
      'POST',
      '/api/v1/auth/login',
      problem(423, 'account-locked', '连续登录失败次数过多，账户已锁定，将于 2026-11-22 16:30 自动解锁。'),
    )
    const w = await openLogin()
    await fillAndSubmit(w, 'zhangwei', 'wrong')
    const notice = byId(w, 'login-notice')
    expect(alertOf(w, 'login-notice').classes()).toContain('el-alert--warning')
    expect(notice.text()).toContain('账户已被临时锁定')
    expect(notice.text()).toContain('将于 2026-11-22 16:30 自动解锁')
    expect(byId(w, 'login-totp').exists()).toBe(false)
  })

  it('explains a disabled account', async () => {
    f.on('POST', '/api/v1/auth/login', problem(403, 'account-disabled', '该账户已被停用，请联系系统管理员。'))
    const w = await openLogin()
    await fillAndSubmit(w, 'zhangwei', 'pw')
    expect(byId(w, 'login-notice').text()).toContain('账户已停用')
    expect(byId(w, 'login-notice').text()).toContain('该账户已被停用')
  })

  it('checks the fields before asking the server', async () => {
    const w = await openLogin('/login')
    await byId(w, 'login-form').trigger('submit')
    await settle()
    expect(f.requests).toHaveLength(0)
    expect(await fieldError(w, 'username')).toBe('请输入用户名')
    expect(await fieldError(w, 'password')).toBe('请输入密码')
    expect(byId(w, 'login-redirect-hint').exists()).toBe(false)
  })

  it('shows a network failure plainly', async () => {
    f.on('POST', '/api/v1/auth/login', () => Promise.reject(new TypeError('Failed to fetch')))
    const w = await openLogin()
    await fillAndSubmit(w, 'zhangwei', 'pw')
    expect(byId(w, 'login-notice').text()).toContain('无法连接服务器')
  })
})
