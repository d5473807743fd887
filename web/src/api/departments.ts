import { http } from './http'

export interface Department {
  id: number
  code: string
  name: string
  short_name: string
  duties: string
}

export type DepartmentInput = Omit<Department, 'id'>

export function listDepartments(q?: string, signal?: AbortSignal): Promise<{ items: Department[] }> {
  return http.get<{ items: Department[] }>('/api/v1/departments', {
    query: { q: q?.trim() || undefined },
    signal,
  })
}

export function createDepartment(body: DepartmentInput): Promise<Department> {
  return http.post<Department>('/api/v1/departments', body)
}

export function updateDepartment(id: number, body: Partial<DepartmentInput>): Promise<Department> {
  return http.patch<Department>(`/api/v1/departments/${id}`, body)
}
