import { download, http, type DownloadedFile } from './http'
import type { Page } from './users'

/** One entry of the hash-chained process record. */
export interface LedgerEntry {
  seq: number
  /** RFC 3339 instant in UTC. */
  time: string
  actor_id: number | null
  actor_name: string | null
  department_id: number | null
  /** Where the change happened in the jurisdiction tree (ids from the root, e.g. `/1/2/`). */
  jurisdiction_path?: string | null
  jurisdiction_id?: number | null
  action: string
  action_label: string
  subject_type: string
  subject_id: string | number | null
  /** What changed, as the service recorded it. */
  change: unknown
  digest: string
  prev_hash: string
  hash: string
}

export interface LedgerQuery {
  /** Part of the actor's name. */
  actor?: string
  action?: string
  subject_type?: string
  subject_id?: string
  /** `YYYY-MM-DD`, Beijing calendar day, inclusive. */
  from?: string
  to?: string
  page?: number
  page_size?: number
}

export interface LedgerAction {
  action: string
  label: string
}

export interface LedgerVerifyResult {
  ok: boolean
  entries: number
  first_bad_seq: number | null
  /** Chinese explanation. */
  detail: string
}

export interface LedgerCheckpoint {
  seq: number
  head_hash: string
  time: string
  sm2_id: string
  signature: string
  public_key_pem: string
}

/** Chinese names of the subject types the identity module records. */
export const SUBJECT_TYPE_LABELS: Record<string, string> = {
  user: '用户',
  department: '部门',
  jurisdiction: '辖区',
  session: '登录会话',
  role: '角色',
  institution: '医疗卫生机构',
  practice_license: '执业许可证',
  practitioner: '医务人员',
  inspector: '执法人员',
  responsibility_list: '权责清单',
}

export function subjectTypeLabel(type: string): string {
  return SUBJECT_TYPE_LABELS[type] ?? type
}

export function listLedger(query: LedgerQuery, signal?: AbortSignal): Promise<Page<LedgerEntry>> {
  const q: Record<string, string | number | undefined> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    q[key] = typeof value === 'string' ? value.trim() || undefined : value
  }
  return http.get<Page<LedgerEntry>>('/api/v1/ledger', { query: q, signal })
}

export function listLedgerActions(signal?: AbortSignal): Promise<LedgerAction[]> {
  return http.get<LedgerAction[]>('/api/v1/ledger/actions', { signal })
}

/** Re-hashes the whole chain on the server: may take a while on a long ledger. */
export function verifyLedger(): Promise<LedgerVerifyResult> {
  return http.post<LedgerVerifyResult>('/api/v1/ledger/verify', undefined, { timeoutMs: 10 * 60_000 })
}

export function getLedgerCheckpoint(): Promise<LedgerCheckpoint> {
  return http.get<LedgerCheckpoint>('/api/v1/ledger/checkpoint')
}

/** The signed checkpoint as the server writes the file (its bytes and suggested name). */
export function downloadLedgerCheckpoint(): Promise<DownloadedFile> {
  return download('/api/v1/ledger/checkpoint', '审计日志签名检查点.json')
}
