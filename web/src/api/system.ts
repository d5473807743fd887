import { http } from './http'

/** The stores the server can run on. */
export type StoreKind = 'sqlite' | 'postgresql'

/** One figure the server counts; the list grows as modules land. */
export interface SystemCount {
  /** Stable identifier, e.g. `institution`. */
  key: string
  /** Chinese label to show, e.g. 「医疗卫生机构」. */
  label: string
  count: number
}

/** `GET /api/v1/system/info` */
export interface SystemInfo {
  product: string
  version: string
  /** RFC 3339 instant in UTC. */
  started_at: string
  uptime_seconds: number
  store: {
    kind: StoreKind | (string & {})
    schema_version: number
  }
  counts: SystemCount[]
}

export function getSystemInfo(signal?: AbortSignal): Promise<SystemInfo> {
  return http.get<SystemInfo>('/api/v1/system/info', { signal })
}

/** The Chinese name of a store kind. */
export function storeKindLabel(kind: string): string {
  switch (kind) {
    case 'sqlite':
      return 'SQLite（嵌入式）'
    case 'postgresql':
      return 'PostgreSQL'
    default:
      return kind || '未知'
  }
}
