import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, RouterView, type Router } from 'vue-router'
import { defineComponent, h } from 'vue'
import { installFetchMock, json, noContent } from '@/testing/fetchMock'
import { ALL_PERMISSIONS, sampleSession } from '@/testing/fixtures'
import { createAppRouter } from '@/router/create'
import { useAuthStore } from '@/stores/auth'

let f: ReturnType<typeof installFetchMock>
let router: Router
let pinia: Pinia
let wrapper: VueWrapper | undefined

const Root = defineComponent({ render: () => h(RouterView) })

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  f = installFetchMock()
  router = createAppRouter(createMemoryHistory())
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function open(path: string, permissions: string[]) {
  f.on('GET', '/api/v1/auth/me', json(sampleSession(permissions)))
  await router.push(path)
  wrapper = mount(Root, { global: { plugins: [router, pinia] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const menuIds = (w: VueWrapper) =>
  w
    .find('[data-testid="side-menu"]')
    .findAll('[data-testid^="menu-"]')
    .map((e) => e.attributes('data-testid'))

describe('AppShell', () => {
  it('shows every menu entry to a user who holds every permission', async () => {
    const w = await open('/account', ALL_PERMISSIONS)
    expect(menuIds(w)).toEqual([
      'menu-home',
      'menu-system',
      'menu-system-users',
      'menu-system-departments',
      'menu-system-jurisdictions',
      'menu-system-roles',
      'menu-system-ledger',
    ])
    expect(w.find('[data-testid="account"]').exists()).toBe(true)
  })

  it('shows only the entries the permissions allow', async () => {
    const w = await open('/account', ['system.info', 'users.read', 'jurisdictions.read'])
    expect(menuIds(w)).toEqual(['menu-home', 'menu-system', 'menu-system-users', 'menu-system-jurisdictions'])
    expect(w.text()).not.toContain('审计日志')
    expect(w.text()).not.toContain('角色与权限')
  })

  it('drops the 系统管理 sub-menu when none of its pages is allowed', async () => {
    const w = await open('/account', ['system.info'])
    expect(menuIds(w)).toEqual(['menu-home'])
  })

  it('shows the 403 page in the shell, at the same address, for a page without permission', async () => {
    const w = await open('/system/ledger', ['system.info', 'users.read'])
    expect(router.currentRoute.value.fullPath).toBe('/system/ledger')
    const forbidden = w.find('[data-testid="forbidden"]')
    expect(forbidden.exists()).toBe(true)
    expect(forbidden.text()).toContain('没有访问权限')
    expect(forbidden.text()).toContain('审计日志')
    expect(forbidden.text()).toContain('执法科室负责人')
    expect(w.find('[data-testid="ledger-page"]').exists()).toBe(false)
    // The page's own calls were never made.
    expect(f.calls('/api/v1/ledger')).toHaveLength(0)
    expect(w.find('[data-testid="app-title"]').exists()).toBe(true)
  })

  it('shows the user in the top bar and signs out to the login page', async () => {
    const w = await open('/account', ALL_PERMISSIONS)
    expect(w.find('[data-testid="user-menu-name"]').text()).toBe('张伟')
    expect(w.find('[data-testid="user-menu-role"]').text()).toBe('执法科室负责人')

    f.on('POST', '/api/v1/auth/logout', noContent())
    await w.find('[data-testid="user-menu"]').trigger('click')
    await flushPromises()
    const logout = document.querySelector<HTMLElement>('[data-testid="menu-logout"]')
    expect(logout).not.toBeNull()
    logout!.click()
    await flushPromises()

    expect(f.calls('/api/v1/auth/logout', 'POST')).toHaveLength(1)
    // The login page is loaded on demand: wait for the navigation to finish.
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query.redirect).toBeUndefined()
    expect(useAuthStore().user).toBeNull()
  })
})
