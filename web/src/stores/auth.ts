import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { ApiError, errorMessage, isUnauthorized } from '@/api/http'
import * as authApi from '@/api/auth'
import type { LoginRequest, Session } from '@/api/auth'
import type { User } from '@/api/users'
import { useReferenceStore } from './reference'

/**
 * Who is signed in and what they may do. The session itself is an HttpOnly cookie the
 * script never sees: this store only holds what `GET /api/v1/auth/me` (or the login
 * answer) said about it.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = shallowRef<User | null>(null)
  const permissions = ref<string[]>([])
  const expiresAt = ref<string | null>(null)
  /** True once the server has been asked who we are (answered yes or no). */
  const loaded = ref(false)
  /** Why we could not find out (server down and the like); null when we could. */
  const loadError = ref<string | null>(null)

  const permissionSet = computed(() => new Set(permissions.value))
  const isAuthenticated = computed(() => user.value !== null)

  function can(permission: string | undefined | null): boolean {
    if (!permission) return true
    return permissionSet.value.has(permission)
  }

  function apply(session: Session) {
    // Another user may see another data scope: drop what the last one loaded.
    if (user.value?.id !== session.user.id) useReferenceStore().reset()
    user.value = session.user
    permissions.value = [...session.permissions]
    expiresAt.value = session.expires_at
    loaded.value = true
    loadError.value = null
  }

  /** Forget the session locally (after logout, or when the server says it is over). */
  function clear() {
    if (user.value) useReferenceStore().reset()
    user.value = null
    permissions.value = []
    expiresAt.value = null
  }

  let pending: Promise<void> | null = null

  /** Ask the server who we are, once; later calls reuse the answer. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= refresh().finally(() => {
      pending = null
    })
    return pending
  }

  /** Ask the server again (after changing two-factor settings, say). */
  async function refresh(): Promise<void> {
    try {
      apply(await authApi.getMe())
    } catch (e) {
      clear()
      // A 401 is a clear answer: nobody is signed in. Anything else leaves us unsure.
      loadError.value = isUnauthorized(e) ? null : errorMessage(e)
      loaded.value = isUnauthorized(e)
    }
  }

  /** Sign in; throws the server's ApiError (wrong password, code needed, locked …). */
  async function login(request: LoginRequest): Promise<Session> {
    const session = await authApi.login(request)
    apply(session)
    return session
  }

  /** Sign out on the server (best effort) and locally. */
  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch (e) {
      // Already gone on the server, or unreachable: either way we forget it here.
      if (!(e instanceof ApiError)) throw e
    } finally {
      clear()
      loaded.value = true
    }
  }

  return {
    user,
    permissions,
    expiresAt,
    loaded,
    loadError,
    isAuthenticated,
    can,
    clear,
    ensureLoaded,
    refresh,
    login,
    logout,
  }
})
