import { http } from './http'
import type { User } from './users'

/** What the server says about the signed-in user: `GET /api/v1/auth/me` and the login answer. */
export interface Session {
  user: User
  /** The action strings this user may perform, e.g. `users.read`. */
  permissions: string[]
  /** RFC 3339 instant in UTC when the session ends. */
  expires_at: string
}

export interface LoginRequest {
  username: string
  password: string
  /** The 6-digit code, sent once the server answered `/problems/totp-required`. */
  totp_code?: string
}

/** The problem slugs the login call answers with (`/problems/<slug>`). */
export const LOGIN_PROBLEMS = {
  loginFailed: 'login-failed',
  totpRequired: 'totp-required',
  totpInvalid: 'totp-invalid',
  accountLocked: 'account-locked',
  accountDisabled: 'account-disabled',
} as const

// The auth calls never trigger the global 「back to the login page」 handler: a 401 here is
// an answer to show (wrong password, code needed), or the guard handles it itself.

export function login(body: LoginRequest): Promise<Session> {
  return http.post<Session>('/api/v1/auth/login', body, { authRedirect: false })
}

export function logout(): Promise<void> {
  return http.post<void>('/api/v1/auth/logout', undefined, { authRedirect: false })
}

export function getMe(signal?: AbortSignal): Promise<Session> {
  return http.get<Session>('/api/v1/auth/me', { authRedirect: false, signal })
}

/** 204; the user's other sessions are revoked. */
export function changePassword(body: { old_password: string; new_password: string }): Promise<void> {
  return http.post<void>('/api/v1/auth/password', body, { authRedirect: false })
}

export interface TotpSetup {
  /** Base32 secret. */
  secret: string
  /** `otpauth://totp/…` for authenticator apps. */
  otpauth_uri: string
}

export function setupTotp(): Promise<TotpSetup> {
  return http.post<TotpSetup>('/api/v1/auth/totp/setup')
}

export function enableTotp(code: string): Promise<void> {
  return http.post<void>('/api/v1/auth/totp/enable', { code })
}

/** Refused with 403 for roles that must keep two-factor sign-in. */
export function disableTotp(password: string): Promise<void> {
  return http.post<void>('/api/v1/auth/totp/disable', { password }, { authRedirect: false })
}
