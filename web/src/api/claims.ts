import type { LocationQuery } from 'vue-router'
import { download, http } from './http'
import { filterQuery, queryOneOf, queryString } from '@/utils/listQuery'

/** 医保智能审核: findings, encounters, reviews, summaries and the rule base. */

export interface Finding {
  id: number
  rule_id: string
  rule_name: string
  verdict: 'violation' | 'suspicious'
  psn_no: string
  mdtrt_id: string
  feedetl_sn: string
  related: string
  medins_id: string
  dr_codg: string
  amount: string
  evidence: string
  occurred_on: string
  month: string
  review_status: 'open' | 'confirmed' | 'dismissed'
  review_reason: string | null
  reviewed_at: string | null
  /** Registry names, null when the registry does not know the code. */
  institution_name: string | null
  dr_name: string | null
}

export interface FindingPage {
  items: Finding[]
  total: number
  page: number
  page_size: number
}

export interface FindingFilters {
  rule_id: string
  review_status: string
  verdict: string
  medins_id: string
  month: string
  psn_no: string
}

export const blankFindingFilters = (): FindingFilters => ({
  rule_id: '',
  review_status: '',
  verdict: '',
  medins_id: '',
  month: '',
  psn_no: '',
})

export interface FeeLineRow {
  feedetl_sn: string
  med_list_codg: string
  name: string | null
  item_type: string | null
  cnt: string
  pric: string
  amount: string
  fee_ocur_time: string
  prd_days: number | null
  dr_codg: string
}

export interface Encounter {
  mdtrt_id: string
  psn_no: string
  gend: number
  brdy: string
  medins_id: string
  institution_name: string | null
  medins_lv: number
  med_type: number
  adm_date: string
  dscg_date: string
  dise_codg: string
  total: string
  lines: FeeLineRow[]
  findings: Finding[]
}

export interface SummaryItem {
  key: string
  label?: string
  count: number
  amount: string
  confirmed: number
  open: number
}

export interface TrendItem {
  month: string
  adjuvant: string
  high_value: string
  total: string
}

export interface Rule {
  id: string
  name: string
  verdict: 'violation' | 'suspicious'
  severity: 'high' | 'medium' | 'low'
  enabled: boolean
  params: Record<string, unknown>
}

export interface RuleBase {
  basis: string
  rules: Rule[]
}

export const REVIEW_STATUS_OPTIONS = [
  { value: 'open', label: '待审核' },
  { value: 'confirmed', label: '已确认' },
  { value: 'dismissed', label: '已排除' },
] as const

export const VERDICT_OPTIONS = [
  { value: 'violation', label: '违规' },
  { value: 'suspicious', label: '可疑' },
] as const

export const SEVERITY_OPTIONS = [
  { value: 'high', label: '高' },
  { value: 'medium', label: '中' },
  { value: 'low', label: '低' },
] as const

export const MED_TYPE_LABELS: Record<number, string> = { 11: '普通门诊', 14: '门诊慢特病', 21: '住院', 41: '定点药店购药' }

export const reviewStatusLabel = (s: string) => REVIEW_STATUS_OPTIONS.find((o) => o.value === s)?.label ?? s
export const verdictLabel = (s: string) => VERDICT_OPTIONS.find((o) => o.value === s)?.label ?? s
export const reviewStatusTag = (s: string) => (s === 'confirmed' ? 'danger' : s === 'dismissed' ? 'info' : 'warning')

/** The findings filters the address bar carries (the queue can be linked to and bookmarked). */
export function findingFiltersFrom(query: LocationQuery): FindingFilters {
  const month = queryString(query, 'month')
  return {
    rule_id: queryString(query, 'rule_id'),
    review_status: queryOneOf(query, 'review_status', REVIEW_STATUS_OPTIONS),
    verdict: queryOneOf(query, 'verdict', VERDICT_OPTIONS),
    medins_id: queryString(query, 'medins_id'),
    month: /^\d{4}-\d{2}$/.test(month) ? month : '',
    psn_no: queryString(query, 'psn_no'),
  }
}

export function listFindings(f: FindingFilters, page: number, pageSize: number, signal?: AbortSignal) {
  return http.get<FindingPage>('/api/v1/claims/findings', { query: { ...filterQuery({ ...f }), page, page_size: pageSize }, signal })
}

export function exportFindings(f: FindingFilters) {
  return download('/api/v1/claims/findings/export', '医保审核疑点.csv', { query: filterQuery({ ...f }) })
}

export function getEncounter(mdtrtId: string) {
  return http.get<Encounter>(`/api/v1/claims/encounters/${encodeURIComponent(mdtrtId)}`)
}

export function reviewFinding(id: number, decision: 'confirmed' | 'dismissed', reason: string) {
  return http.post<Pick<Finding, 'id' | 'review_status' | 'review_reason' | 'reviewed_at'>>(
    `/api/v1/claims/findings/${id}/review`,
    { decision, reason },
  )
}

export function getSummary(by: 'rule' | 'provider' | 'practitioner' | 'month', month = '') {
  return http.get<{ by: string; items: SummaryItem[] }>('/api/v1/claims/summary', { query: { by, month } })
}

export interface Lead {
  medins_id: string
  institution_name: string | null
  institution_id: number | null
  confirmed: number
  amount: string
  violations: number
  last_confirmed_at: string
}

/** 执法线索: confirmed findings by provider. */
export function getLeads() {
  return http.get<{ items: Lead[] }>('/api/v1/claims/leads')
}

export function getTrends() {
  return http.get<{ items: TrendItem[] }>('/api/v1/claims/trends')
}

export function getRuleBase() {
  return http.get<RuleBase>('/api/v1/claims/rules')
}

export function saveRuleBase(rb: RuleBase) {
  return http.put<RuleBase>('/api/v1/claims/rules', rb)
}
