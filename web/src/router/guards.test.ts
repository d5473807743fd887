import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, type Router } from 'vue-router'
import { http } from '@/api/http'
import { useAuthStore } from '@/stores/auth'
import { installFetchMock, json, problem } from '@/testing/fetchMock'
import { ALL_PERMISSIONS, sampleSession } from '@/testing/fixtures'
import { createAppRouter } from './create'
import { landingPath, safeRedirect } from './guards'

let f: ReturnType<typeof installFetchMock>
let router: Router

beforeEach(() => {
  setActivePinia(createPinia())
  f = installFetchMock()
  router = createAppRouter(createMemoryHistory())
})

const current = () => router.currentRoute.value

describe('auth guard', () => {
  it('sends a visitor without a session to the login page, remembering where they were going', async () => {
    f.on('GET', '/api/v1/auth/me', problem(401, 'unauthorized', '登录已失效，请重新登录'))
    await router.push('/system/users?q=%E5%BC%A0')
    expect(current().name).toBe('login')
    expect(current().query.redirect).toBe('/system/users?q=%E5%BC%A0')
    expect(f.calls('/api/v1/auth/me')).toHaveLength(1)
    expect(useAuthStore().isAuthenticated).toBe(false)
  })

  it('asks the server who we are once, then lets a signed-in user move freely', async () => {
    f.on('GET', '/api/v1/auth/me', json(sampleSession(ALL_PERMISSIONS)))
    await router.push('/account')
    expect(current().name).toBe('account')
    await router.push('/system/roles')
    await router.push('/system/departments')
    expect(current().name).toBe('departments')
    expect(f.calls('/api/v1/auth/me')).toHaveLength(1)
    const auth = useAuthStore()
    expect(auth.user?.username).toBe('zhangwei')
    expect(auth.can('ledger.verify')).toBe(true)
  })

  it('lets the login page open without asking the server', async () => {
    await router.push('/login')
    expect(current().name).toBe('login')
    expect(f.requests).toHaveLength(0)
  })

  it('leads a signed-in user away from the login page to where they were going', async () => {
    f.on('GET', '/api/v1/auth/me', json(sampleSession(ALL_PERMISSIONS)))
    await router.push('/account')
    await router.push('/login?redirect=/system/ledger')
    expect(current().fullPath).toBe('/system/ledger')
  })

  it('sends to the login page when any later call answers 401 unauthorized', async () => {
    f.on('GET', '/api/v1/auth/me', json(sampleSession(ALL_PERMISSIONS)))
    await router.push('/account?tab=password')
    f.on('GET', '/api/v1/ledger', problem(401, 'unauthorized', '登录已失效，请重新登录'))

    await expect(http.get('/api/v1/ledger')).rejects.toMatchObject({ status: 401 })
    await flushPromises()

    expect(current().name).toBe('login')
    expect(current().query.redirect).toBe('/account?tab=password')
    expect(useAuthStore().user).toBeNull()

    // The next page asks again rather than trusting the old answer.
    f.on('GET', '/api/v1/auth/me', problem(401, 'unauthorized', '登录已失效'))
    await router.push('/system/users')
    expect(current().name).toBe('login')
  })

  it('does not leave the page for a 401 that is about a password, not the session', async () => {
    f.on('GET', '/api/v1/auth/me', json(sampleSession(ALL_PERMISSIONS)))
    await router.push('/account')
    f.on('POST', '/api/v1/users/7/reset-password', problem(401, 'login-failed', '密码不正确'))
    await expect(http.post('/api/v1/users/7/reset-password', {})).rejects.toMatchObject({ status: 401 })
    await flushPromises()
    expect(current().name).toBe('account')
    expect(useAuthStore().isAuthenticated).toBe(true)
  })

  it('does not redirect the login page to itself on a 401', async () => {
    await router.push('/login?redirect=/system/users')
    f.on('GET', '/api/v1/x', problem(401, 'unauthorized', '登录已失效'))
    await expect(http.get('/api/v1/x')).rejects.toMatchObject({ status: 401 })
    await flushPromises()
    expect(current().fullPath).toBe('/login?redirect=/system/users')
  })

  it('goes to the login page with the reason when the server cannot be reached, and asks again next time', async () => {
    f.on('GET', '/api/v1/auth/me', () => Promise.reject(new TypeError('Failed to fetch')))
    await router.push('/system/users')
    expect(current().name).toBe('login')
    expect(useAuthStore().loadError).toBe('无法连接服务器，请检查网络后重试')

    f.on('GET', '/api/v1/auth/me', json(sampleSession(ALL_PERMISSIONS)))
    await router.push('/system/users')
    expect(current().name).toBe('users')
    expect(useAuthStore().loadError).toBeNull()
  })
})

describe('public portal', () => {
  it('lets an anonymous visitor open every portal page without asking who they are', async () => {
    for (const path of ['/portal', '/portal?q=%E5%8D%8F%E5%92%8C', '/portal/institutions/12', '/portal/practitioners?q=%E5%BC%A0']) {
      await router.push(path)
      expect(current().fullPath).toBe(path)
      expect(current().meta.public).toBe(true)
    }
    expect(current().name).toBe('portal-practitioners')
    expect(f.calls('/api/v1/auth/me')).toHaveLength(0)
    expect(useAuthStore().isAuthenticated).toBe(false)
  })

  it('keeps unknown portal addresses inside the portal', async () => {
    await router.push('/portal/nowhere/at/all')
    expect(current().name).toBe('portal-not-found')
    expect(f.calls('/api/v1/auth/me')).toHaveLength(0)
  })

  it('does not send a portal visitor to the login page when some call answers 401', async () => {
    await router.push('/portal/institutions/3')
    f.on('GET', '/api/v1/whatever', problem(401, 'unauthorized', '登录已失效'))
    await expect(http.get('/api/v1/whatever')).rejects.toMatchObject({ status: 401 })
    await flushPromises()
    expect(current().fullPath).toBe('/portal/institutions/3')
  })

  it('still guards the staff registry pages', async () => {
    f.on('GET', '/api/v1/auth/me', problem(401, 'unauthorized', '登录已失效，请重新登录'))
    await router.push('/registry/institutions/12')
    expect(current().name).toBe('login')
    expect(current().query.redirect).toBe('/registry/institutions/12')
  })
})

describe('safeRedirect', () => {
  it('accepts paths of this site only', () => {
    expect(safeRedirect('/system/users?q=1#x')).toBe('/system/users?q=1#x')
    expect(safeRedirect(['/a', '/b'])).toBe('/a')
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', null, 3]) {
      expect(safeRedirect(bad)).toBeNull()
    }
    expect(safeRedirect('/login')).toBeNull()
    expect(safeRedirect('/login?redirect=/x')).toBeNull()
  })
})

describe('landingPath', () => {
  it('is the requested page, or for home without permission the first page of the menu', async () => {
    const auth = useAuthStore()
    f.on('POST', '/api/v1/auth/login', json(sampleSession(['ledger.read', 'jurisdictions.read'])))
    await auth.login({ username: 'a', password: 'b' })
    expect(landingPath(router, '/system/ledger?page=2')).toBe('/system/ledger?page=2')
    expect(landingPath(router, undefined)).toBe('/system/jurisdictions')
    expect(landingPath(router, '//evil.example')).toBe('/system/jurisdictions')

    f.on('POST', '/api/v1/auth/login', json(sampleSession(['system.info'], { id: 8 })))
    await auth.login({ username: 'a', password: 'b' })
    expect(landingPath(router, '/')).toBe('/')

    f.on('POST', '/api/v1/auth/login', json(sampleSession([], { id: 9 })))
    await auth.login({ username: 'a', password: 'b' })
    expect(landingPath(router, '/')).toBe('/account')
  })
})
