import { http } from './http'

export type JurisdictionLevel = 'city' | 'district' | 'town' | 'grid_cell'

export interface Jurisdiction {
  id: number
  parent_id: number | null
  code: string
  name: string
  level: JurisdictionLevel | (string & {})
  path: string
}

/** Levels from the top down, with their Chinese names. */
export const LEVEL_OPTIONS: ReadonlyArray<{ value: JurisdictionLevel; label: string }> = [
  { value: 'city', label: '市' },
  { value: 'district', label: '区县' },
  { value: 'town', label: '乡镇街道' },
  { value: 'grid_cell', label: '网格' },
]

export function levelLabel(level: string): string {
  return LEVEL_OPTIONS.find((l) => l.value === level)?.label ?? level
}

/** The level a child of this level has; null for a grid cell, which has none. */
export function childLevel(level: string): JurisdictionLevel | null {
  const i = LEVEL_OPTIONS.findIndex((l) => l.value === level)
  if (i < 0 || i + 1 >= LEVEL_OPTIONS.length) return null
  return LEVEL_OPTIONS[i + 1]!.value
}

export function listJurisdictions(signal?: AbortSignal): Promise<{ items: Jurisdiction[] }> {
  return http.get<{ items: Jurisdiction[] }>('/api/v1/jurisdictions', { signal })
}

export interface CreateJurisdictionRequest {
  parent_id: number | null
  code: string
  name: string
  level: string
}

export function createJurisdiction(body: CreateJurisdictionRequest): Promise<Jurisdiction> {
  return http.post<Jurisdiction>('/api/v1/jurisdictions', body)
}

export function renameJurisdiction(id: number, name: string): Promise<Jurisdiction> {
  return http.patch<Jurisdiction>(`/api/v1/jurisdictions/${id}`, { name })
}
