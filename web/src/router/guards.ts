import type { RouteLocationNormalizedLoaded, RouteLocationRaw, Router } from 'vue-router'
import { setUnauthorizedHandler } from '@/api/http'
import { useAuthStore } from '@/stores/auth'
import { buildMenu, firstMenuPath } from './menu'
import { appRoutes } from './routes'

/** The login page, remembering where to come back to. */
export function loginLocation(returnTo: string): RouteLocationRaw {
  const redirect = safeRedirect(returnTo)
  return { name: 'login', query: redirect ? { redirect } : {} }
}

/**
 * A `redirect` query value we are willing to follow: a path on this site (never another
 * origin, never the login page itself); null otherwise.
 */
export function safeRedirect(raw: unknown): string | null {
  const value = Array.isArray(raw) ? raw[0] : raw
  if (typeof value !== 'string' || !value.startsWith('/')) return null
  // `//host` and `/\host` are other origins to a browser.
  if (value.startsWith('//') || value.startsWith('/\\')) return null
  if (value === '/login' || value.startsWith('/login?') || value.startsWith('/login#')) return null
  return value
}

/** Whether the signed-in user may open every level of the route. */
export function routeAllowed(
  route: Pick<RouteLocationNormalizedLoaded, 'matched'>,
  can: (permission: string) => boolean,
): boolean {
  return route.matched.every((r) => !r.meta.permission || can(r.meta.permission))
}

/**
 * Where to go after signing in: the page the user came for, or — when that is the home
 * page and they may not see it — the first page of their menu (else their account page).
 */
export function landingPath(router: Router, redirect: unknown): string {
  const auth = useAuthStore()
  const target = safeRedirect(redirect) ?? '/'
  if (target !== '/') return target
  const can = (p: string) => auth.can(p)
  if (routeAllowed(router.resolve('/'), can)) return '/'
  return firstMenuPath(buildMenu(appRoutes, { can })) ?? '/account'
}

/**
 * Every page but the public ones needs a session: the first navigation asks the server who
 * we are (once); without a session the user goes to the login page. Any later API call that
 * answers 401 does the same, from wherever the user is.
 */
export function installAuthGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    if (to.meta.public) {
      // Signed in already (known without asking the server): no need for the login page.
      if (to.name === 'login' && auth.isAuthenticated) return landingPath(router, to.query.redirect)
      return true
    }
    await auth.ensureLoaded()
    if (!auth.isAuthenticated) return loginLocation(to.fullPath)
    return true
  })

  setUnauthorizedHandler(() => {
    const auth = useAuthStore()
    auth.clear()
    const current = router.currentRoute.value
    if (current.meta.public) return
    void router.replace(loginLocation(current.fullPath))
  })
}
