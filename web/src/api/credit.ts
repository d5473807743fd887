/** Credit supervision (信用监管): points, consequences, lists, restoration, sanctions, 双公示. */
import { ApiError, download, http, type DownloadedFile, type Problem } from './http'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface ContextRef {
  context: string
  label: string
}

export interface Behaviour {
  code: string
  description: string
  institution_points: number
  practitioner_points: number
  basis: string
}

export interface ThresholdRule {
  points: number
  code: string
  label: string
  duration: string
  contexts: ContextRef[]
  departments: string[]
  dishonesty_list: boolean
}

export interface CreditRules {
  behaviours: Behaviour[]
  institution_thresholds: ThresholdRule[]
  practitioner_thresholds: ThresholdRule[]
  triggers: { code: string; list: string; list_label: string; label: string; severity: string; severity_label: string }[]
  contexts: ContextRef[]
  publication: Record<'serious' | 'ordinary', { min_months: number; max_months: number }>
  working_days: { publish_within: number; restoration_review: number; notify_within: number }
  current_cycle: { label: string; first: string; last: string }
  sources: { kind: string; available: boolean }[]
}

export interface Penalty {
  id: number
  decision_no: string
  subject_kind: string
  subject_code: string
  subject_name: string
  violation_type: string
  facts: string
  basis: string
  category: string
  content: string
  fine_fen: number
  decision_date: string
  publication_ends_on: string
  authority: string
  revoked: boolean
  revoked_on: string | null
  revocation_decision_no: string | null
  revocation_reason: string | null
}

export interface CreditPoint {
  id: number
  subject_kind: string
  subject_code: string
  subject_name: string
  behaviour_code: string
  description?: string
  points: number
  cycle: string
  assessed_on: string
  source_kind: string
  source_ref: string
  status: string
  withdrawn_on: string | null
  withdrawal_decision: string | null
  withdrawal_reason: string | null
}

export interface Consequence {
  id: number
  subject_kind: string
  subject_code: string
  subject_name: string
  cycle: string
  threshold_points: number
  code: string
  label: string
  total_at_crossing: number
  starts_on: string
  ends_on: string
  contexts: ContextRef[]
  status: string
  withdrawal_reason: string | null
  notifications?: { department_code: string; department_name: string; due_on: string; message: string }[]
}

export interface ListEntry {
  id: number
  list_kind: string
  list_label: string
  subject_kind: string
  subject_code: string
  subject_name: string
  trigger_code: string
  trigger_label: string
  severity: string
  severity_label: string
  basis: string
  starts_on: string
  publish_by: string
  min_ends_on: string
  ends_on: string
  contexts: ContextRef[]
  status: string
  status_label: string
  restorable_from: string
}

export interface Restoration {
  id: number
  list_entry_id: number
  applied_on: string
  applicant: string
  obligations: string
  commitment: string
  review_due_on: string
  status: string
  decided_on: string | null
  decision_reason: string | null
  subject_code: string
  subject_name: string
  trigger_label: string
  min_ends_on: string
  ends_on: string
  overdue: boolean
}

export interface SanctionReason {
  kind: string
  kind_label: string
  id: number
  reason: string
  since: string
  until: string
}

export interface SanctionAnswer {
  subject: string
  subject_type: 'credit_code' | 'id_number'
  context: string
  context_label: string
  restricted: boolean
  until: string | null
  reasons: SanctionReason[]
  checked_on: string
}

export interface BulkAnswer {
  context: string
  context_label: string
  checked_on: string
  total: number
  restricted: number
  invalid: number
  results: ({ line: number; subject: string; valid: boolean; error?: string } & Partial<SanctionAnswer>)[]
}

export interface CreditRecord {
  subject_kind: string
  subject_kind_label: string
  subject_code: string
  name: string
  registration: Record<string, unknown>
  inspections: { available: boolean; items: InspectionResultRecord[] }
  penalties: Penalty[]
  points_by_cycle: { cycle: string; total: number; items: CreditPoint[] }[]
  consequences: Consequence[]
  list_entries: ListEntry[]
  restorations: Restoration[]
  rating: { score: number; grade: string; cycle: string; formula: string; components: Record<string, number> }
}

export interface CreditFilters {
  q?: string
  subject_code?: string
  subject_kind?: string
  status?: string
  list_kind?: string
  severity?: string
  trigger_code?: string
}

type Q = Record<string, string | number | undefined>
const clean = (f: Q): Q => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '' && v !== undefined))

export const STATUS_LABELS: Record<string, string> = {
  active: '有效',
  withdrawn: '已撤回',
  pending: '待审核',
  approved: '已准予修复',
  rejected: '不予修复',
}
export const statusLabel = (s: string) => STATUS_LABELS[s] ?? s
export const subjectKindLabel = (k: string) => (k === 'institution' ? '机构' : '医务人员')
export const CONTEXTS: ContextRef[] = [
  { context: 'insurance_designation', label: '医保定点（医保支付资格）' },
  { context: 'key_specialty', label: '重点专科申请' },
  { context: 'grade_review', label: '等级评审' },
  { context: 'public_funding', label: '财政资金支持' },
  { context: 'procurement', label: '政府采购' },
  { context: 'promotion', label: '职称晋升与评优' },
  { context: 'license_application', label: '行政许可申请' },
]

/** 分 → 万元 as the 双公示 layout shows fines. */
export function fenToWan(fen: number): string {
  return (fen / 1_000_000).toFixed(6).replace(/\.?0+$/, '')
}

export const getRules = () => http.get<CreditRules>('/api/v1/credit/rules')
export const listPenalties = (f: Q, page: number, size: number) =>
  http.get<Page<Penalty>>('/api/v1/penalties', { query: clean({ ...f, page, page_size: size }) })
export const recordPenalty = (body: Record<string, unknown>) => http.post<Penalty>('/api/v1/penalties', body)
export const revokePenalty = (id: number, body: Record<string, unknown>) => http.post<Penalty>(`/api/v1/penalties/${id}/revoke`, body)
export const listPoints = (f: Q, page: number, size: number) =>
  http.get<Page<CreditPoint>>('/api/v1/credit/points', { query: clean({ ...f, page, page_size: size }) })
export const assessPoints = (body: Record<string, unknown>) =>
  http.post<CreditPoint & { cycle_total: number; consequences: Consequence[] }>('/api/v1/credit/points', body)
export const withdrawPoints = (id: number, body: Record<string, unknown>) => http.post<unknown>(`/api/v1/credit/points/${id}/withdraw`, body)
export const listConsequences = (f: Q, page: number, size: number) =>
  http.get<Page<Consequence>>('/api/v1/credit/consequences', { query: clean({ ...f, page, page_size: size }) })
export const listEntries = (f: Q, page: number, size: number) =>
  http.get<Page<ListEntry>>('/api/v1/credit/lists', { query: clean({ ...f, page, page_size: size }) })
export const createEntry = (body: Record<string, unknown>) => http.post<ListEntry>('/api/v1/credit/lists', body)
export const exportEntries = (f: Q, format: 'csv' | 'xlsx'): Promise<DownloadedFile> =>
  download(`/api/v1/credit/lists/export?${new URLSearchParams(clean({ ...f, format }) as Record<string, string>)}`, `信用名单.${format}`)
export const listRestorations = (f: Q, page: number, size: number) =>
  http.get<Page<Restoration>>('/api/v1/credit/restorations', { query: clean({ ...f, page, page_size: size }) })
export const applyRestoration = (entryId: number, body: Record<string, unknown>) =>
  http.post<Restoration>(`/api/v1/credit/lists/${entryId}/restorations`, body)
export const decideRestoration = (id: number, body: Record<string, unknown>) =>
  http.post<Restoration>(`/api/v1/credit/restorations/${id}/decision`, body)
export const getRecord = (code: string) => http.get<CreditRecord>(`/api/v1/credit/records/${encodeURIComponent(code)}`)
export const checkSanctions = (subject: string, context: string) =>
  http.get<SanctionAnswer>('/api/v1/credit/sanctions', { query: { subject, context } })
export const dualPublication = (kind: string, mode: string, format: string): Promise<DownloadedFile> =>
  download(`/api/v1/credit/dual-publication?kind=${kind}&mode=${mode}&format=${format}`, `双公示.${format}`)
export const exportBatches = () =>
  http.get<{ items: { id: number; kind: string; rows: number; file_sm3: string; exported_by: string; exported_at: string }[] }>(
    '/api/v1/credit/dual-publication/batches',
  )

/** The bulk check takes the CSV file itself as the body (not JSON), so it is sent here directly. */
export async function checkSanctionsBulk(file: Blob, context: string): Promise<BulkAnswer> {
  const res = await fetch(`/api/v1/credit/sanctions/bulk?context=${encodeURIComponent(context)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', Accept: 'application/json, application/problem+json' },
    body: file,
    credentials: 'same-origin',
  })
  const body = (await res.json().catch(() => null)) as (BulkAnswer & Problem) | null
  if (!res.ok || !body) {
    throw new ApiError({
      status: res.status,
      type: body?.type ?? 'about:blank',
      title: body?.title ?? '查询失败',
      detail: body?.detail ?? `查询失败（HTTP ${res.status}）`,
      errors: body?.errors ?? [],
      problem: body,
    })
  }
  return body
}

export const SUBJECT_KIND_OPTIONS = [
  { value: 'institution', label: '机构' },
  { value: 'practitioner', label: '医务人员' },
]
export const RECORD_STATUS_OPTIONS = [
  { value: 'active', label: '有效' },
  { value: 'withdrawn', label: '已撤回' },
]

export interface ListCandidate {
  subject_code: string
  subject_name: string
  trigger_code: string
  starts_on: string
  basis: string
}
export const listCandidates = (trigger: string, page: number, size: number) =>
  http.get<Page<ListCandidate>>('/api/v1/credit/list-candidates', { query: { trigger, page, page_size: size } })

export interface DepartmentNotification {
  id: number
  department_name: string
  subject_code: string
  subject_name: string
  message: string
  created_on: string
  due_on: string
}
export const myNotifications = (page: number, size: number) =>
  http.get<Page<DepartmentNotification>>('/api/v1/credit/notifications/mine', { query: { page, page_size: size } })

/** A double-random inspection result on the credit record. */
export interface InspectionResultRecord {
  task_id: number
  plan_title: string
  inspected_on: string
  outcome: string
  outcome_label: string
  findings: string
  enforcement_lead: boolean
  published: boolean
  published_on: string
}
