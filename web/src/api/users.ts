import { download, http, type DownloadedFile } from './http'
import type { LedgerEntry } from './ledger'

export type RoleValue =
  | 'admin'
  | 'inspector'
  | 'section_head'
  | 'legal_reviewer'
  | 'insurance_auditor'
  | 'department_liaison'
  | 'institution_reporter'

/** The roles in the order they are offered, with their Chinese names. */
export const ROLE_OPTIONS: ReadonlyArray<{ value: RoleValue; label: string }> = [
  { value: 'admin', label: '系统管理员' },
  { value: 'inspector', label: '监督执法人员' },
  { value: 'section_head', label: '执法科室负责人' },
  { value: 'legal_reviewer', label: '法制审核人员' },
  { value: 'insurance_auditor', label: '医保审核人员' },
  { value: 'department_liaison', label: '部门联络员' },
  { value: 'institution_reporter', label: '机构填报人员' },
]

export function roleLabel(role: string): string {
  return ROLE_OPTIONS.find((r) => r.value === role)?.label ?? role
}

export type UserStatus = 'active' | 'disabled'

export const STATUS_OPTIONS: ReadonlyArray<{ value: UserStatus; label: string }> = [
  { value: 'active', label: '正常' },
  { value: 'disabled', label: '已停用' },
]

export function statusLabel(status: string): string {
  return STATUS_OPTIONS.find((s) => s.value === status)?.label ?? status
}

export interface User {
  id: number
  username: string
  display_name: string
  role: RoleValue | (string & {})
  role_label: string
  department_id: number | null
  department_name: string | null
  jurisdiction_id: number | null
  jurisdiction_name: string | null
  status: UserStatus | (string & {})
  totp_enabled: boolean
  /** Set while the account is locked after failed logins (RFC 3339, UTC). */
  locked_until: string | null
  last_login_at: string | null
  created_at: string
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface UserFilters {
  q?: string
  role?: string
  department_id?: number | null
  jurisdiction_id?: number | null
  status?: string
}

export interface UserQuery extends UserFilters {
  page?: number
  page_size?: number
}

/** Empty filters are left out of the query string. */
function cleanQuery(query: UserQuery): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    out[key] = typeof value === 'string' ? value.trim() || undefined : value
  }
  return out
}

export function listUsers(query: UserQuery, signal?: AbortSignal): Promise<Page<User>> {
  return http.get<Page<User>>('/api/v1/users', { query: cleanQuery(query), signal })
}

export function getUser(id: number, signal?: AbortSignal): Promise<User> {
  return http.get<User>(`/api/v1/users/${id}`, { signal })
}

export interface CreateUserRequest {
  username: string
  display_name: string
  role: string
  department_id: number | null
  jurisdiction_id: number | null
  password: string
}

export function createUser(body: CreateUserRequest): Promise<User> {
  return http.post<User>('/api/v1/users', body)
}

export type UpdateUserRequest = Partial<
  Pick<User, 'display_name' | 'role' | 'department_id' | 'jurisdiction_id' | 'status'>
>

export function updateUser(id: number, body: UpdateUserRequest): Promise<User> {
  return http.patch<User>(`/api/v1/users/${id}`, body)
}

export function resetUserPassword(id: number, newPassword: string): Promise<void> {
  return http.post<void>(`/api/v1/users/${id}/reset-password`, { new_password: newPassword })
}

export function unlockUser(id: number): Promise<void> {
  return http.post<void>(`/api/v1/users/${id}/unlock`)
}

export function revokeUserSessions(id: number): Promise<void> {
  return http.post<void>(`/api/v1/users/${id}/revoke-sessions`)
}

/** The CSV of every user matching the filters (UTF-8 with BOM). */
export function exportUsers(filters: UserFilters): Promise<DownloadedFile> {
  return download('/api/v1/users/export', '用户列表.csv', { query: cleanQuery(filters), timeoutMs: 120_000 })
}

/** The ledger entries whose subject is this user. */
export function getUserHistory(id: number, signal?: AbortSignal): Promise<{ items: LedgerEntry[] }> {
  return http.get<{ items: LedgerEntry[] }>(`/api/v1/users/${id}/history`, { signal })
}
