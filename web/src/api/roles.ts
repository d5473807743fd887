import { http } from './http'

/** One row of the permission matrix: `GET /api/v1/roles`. */
export interface RoleInfo {
  role: string
  label: string
  permissions: string[]
}

export function listRoles(signal?: AbortSignal): Promise<RoleInfo[]> {
  return http.get<RoleInfo[]>('/api/v1/roles', { signal })
}
