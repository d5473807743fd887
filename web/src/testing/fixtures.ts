/** Sample data for unit tests. */
import type { Session } from '@/api/auth'
import type { User } from '@/api/users'

export function sampleUser(overrides: Partial<User> = {}): User {
  return {
    id: 7,
    username: 'zhangwei',
    display_name: '张伟',
    role: 'section_head',
    role_label: '执法科室负责人',
    department_id: 1,
    department_name: '市卫生健康委员会',
    jurisdiction_id: 2,
    jurisdiction_name: '上城区',
    status: 'active',
    totp_enabled: false,
    locked_until: null,
    last_login_at: '2026-11-20T01:02:03Z',
    created_at: '2026-01-01T00:00:00Z',
    ...overrides,
  }
}

export function sampleSession(permissions: string[], user: Partial<User> = {}): Session {
  return { user: sampleUser(user), permissions, expires_at: '2026-11-22T16:00:00Z' }
}

export const ALL_PERMISSIONS = [
  'system.info',
  'users.read',
  'users.manage',
  'departments.read',
  'departments.manage',
  'jurisdictions.read',
  'jurisdictions.manage',
  'ledger.read',
  'ledger.verify',
  'roles.read',
]
