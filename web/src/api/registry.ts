/**
 * 名录库 / the registries: institutions with their practice licences, practitioners with
 * their registrations, inspectors and the responsibility list (server: src/registry/).
 */
import type { LocationQuery } from 'vue-router'
import { download, http, type DownloadedFile } from './http'
import type { Page } from './users'
import {
  apiListQuery,
  queryId,
  queryOneOf,
  queryString,
  type FilterValue,
} from '@/utils/listQuery'
import { daysBetween } from '@/utils/format'

// ---- 代码与中文名 / codes and their Chinese names ---------------------------------------------

export interface Option<V extends string = string> {
  value: V
  label: string
}

function labelOf(options: readonly Option[], value: string | null | undefined, empty = '—'): string {
  if (!value) return empty
  return options.find((o) => o.value === value)?.label ?? value
}

/** 机构类别, in the server's order (src/registry/service.cpp kCategories). */
export const CATEGORY_OPTIONS: readonly Option[] = [
  { value: 'hospital', label: '医院' },
  { value: 'primary_care', label: '基层医疗卫生机构' },
  { value: 'public_health', label: '专业公共卫生机构' },
  { value: 'clinic', label: '诊所、门诊部' },
  { value: 'pharmacy', label: '药店' },
  { value: 'health_check', label: '健康体检中心' },
  { value: 'elderly_care_clinic', label: '医养结合机构' },
  { value: 'blood_station', label: '血站' },
  { value: 'other', label: '其他医疗卫生机构' },
]
export const categoryLabel = (v: string | null | undefined) => labelOf(CATEGORY_OPTIONS, v)

export const OWNERSHIP_OPTIONS: readonly Option[] = [
  { value: 'public', label: '公立' },
  { value: 'private', label: '社会办' },
]
export const ownershipLabel = (v: string | null | undefined) => labelOf(OWNERSHIP_OPTIONS, v)

export const PROFIT_TYPE_OPTIONS: readonly Option[] = [
  { value: 'non_profit', label: '非营利性' },
  { value: 'for_profit', label: '营利性' },
]
export const profitTypeLabel = (v: string | null | undefined) => labelOf(PROFIT_TYPE_OPTIONS, v)

/** 医院等级: 3A = 三级甲等 … 1C = 一级丙等. */
export const GRADE_OPTIONS: readonly Option[] = (() => {
  const levels: Array<[string, string]> = [
    ['3', '三级'],
    ['2', '二级'],
    ['1', '一级'],
  ]
  const classes: Array<[string, string]> = [
    ['A', '甲等'],
    ['B', '乙等'],
    ['C', '丙等'],
  ]
  return levels.flatMap(([l, ll]) => classes.map(([c, cl]) => ({ value: `${l}${c}`, label: `${ll}${cl}` })))
})()
/** The grade's Chinese name; 「未定级」 for none. */
export const gradeLabel = (v: string | null | undefined) => labelOf(GRADE_OPTIONS, v, '未定级')

export const INSTITUTION_STATUS_OPTIONS: readonly Option[] = [
  { value: 'active', label: '正常' },
  { value: 'suspended', label: '暂停' },
  { value: 'revoked', label: '吊销' },
  { value: 'closed', label: '关闭' },
]
export const institutionStatusLabel = (v: string | null | undefined) => labelOf(INSTITUTION_STATUS_OPTIONS, v)

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function institutionStatusTag(status: string): TagType {
  if (status === 'active') return 'success'
  if (status === 'suspended') return 'warning'
  if (status === 'revoked') return 'danger'
  return 'info'
}

/** 执业许可证状态 (and the two states a date query may answer). */
export const LICENSE_STATUS_OPTIONS: readonly Option[] = [
  { value: 'valid', label: '有效' },
  { value: 'validation_deferred', label: '暂缓校验' },
  { value: 'suspended', label: '暂停执业' },
  { value: 'revoked', label: '吊销' },
  { value: 'cancelled', label: '注销' },
  { value: 'expired', label: '已过有效期' },
  { value: 'not_issued', label: '尚未发证' },
]
export const licenseStatusLabel = (v: string | null | undefined) => labelOf(LICENSE_STATUS_OPTIONS, v)

export function licenseStatusTag(status: string): TagType {
  if (status === 'valid') return 'success'
  if (status === 'validation_deferred' || status === 'suspended') return 'warning'
  if (status === 'revoked' || status === 'expired') return 'danger'
  return 'info'
}

export type LicenseEventKind = 'validate' | 'defer_validation' | 'suspend' | 'reinstate' | 'revoke' | 'cancel'

export const LICENSE_EVENT_OPTIONS: readonly Option<LicenseEventKind>[] = [
  { value: 'validate', label: '校验' },
  { value: 'defer_validation', label: '暂缓校验' },
  { value: 'suspend', label: '暂停执业' },
  { value: 'reinstate', label: '恢复' },
  { value: 'revoke', label: '吊销' },
  { value: 'cancel', label: '注销' },
]
export const licenseEventLabel = (v: string | null | undefined) =>
  v === 'issue' ? '发证' : labelOf(LICENSE_EVENT_OPTIONS, v)

/**
 * The events the server accepts for a licence in this status (it checks again): nothing
 * after 吊销 or 注销; 恢复 only from 暂停执业 or 暂缓校验.
 */
export function allowedLicenseEvents(status: string): LicenseEventKind[] {
  if (status === 'revoked' || status === 'cancelled') return []
  return LICENSE_EVENT_OPTIONS.map((o) => o.value).filter(
    (k) => k !== 'reinstate' || status === 'suspended' || status === 'validation_deferred',
  )
}

export type PractitionerKind = 'physician' | 'nurse' | 'pharmacist' | 'technician'

export const KIND_OPTIONS: readonly Option<PractitionerKind>[] = [
  { value: 'physician', label: '医师' },
  { value: 'nurse', label: '护士' },
  { value: 'pharmacist', label: '药师' },
  { value: 'technician', label: '技师' },
]
export const kindLabel = (v: string | null | undefined) => labelOf(KIND_OPTIONS, v)

export const PRACTITIONER_STATUS_OPTIONS: readonly Option[] = [
  { value: 'registered', label: '已注册' },
  { value: 'cancelled', label: '已注销' },
  { value: 'unregistered', label: '未注册' },
]
/** Includes 「注册已过期」, which only the date query answers. */
export const practitionerStatusLabel = (v: string | null | undefined) =>
  v === 'lapsed' ? '注册已过期' : labelOf(PRACTITIONER_STATUS_OPTIONS, v)

export function practitionerStatusTag(status: string): TagType {
  if (status === 'registered') return 'success'
  if (status === 'lapsed') return 'danger'
  return 'info'
}

export type RegistrationEventKind = 'change' | 'renew' | 'cancel' | 'add_site' | 'end_site'

export const REGISTRATION_EVENT_OPTIONS: readonly Option<RegistrationEventKind>[] = [
  { value: 'change', label: '变更执业机构' },
  { value: 'renew', label: '延续注册' },
  { value: 'cancel', label: '注销注册' },
  { value: 'add_site', label: '新增备案机构' },
  { value: 'end_site', label: '结束备案' },
]
export const registrationEventLabel = (v: string | null | undefined) =>
  v === 'register' ? '首次注册' : labelOf(REGISTRATION_EVENT_OPTIONS, v)

export const SEX_OPTIONS: readonly Option[] = [
  { value: 'M', label: '男' },
  { value: 'F', label: '女' },
]
export const sexLabel = (v: string | null | undefined) => labelOf(SEX_OPTIONS, v)

/**
 * Days before a nurse's registration expires from which it counts as 「即将到期」. The server
 * reads the same number from data/registry/rules.json (`renewal_notice_days`) but does not
 * publish it; keep the two equal.
 */
export const RENEWAL_NOTICE_DAYS = 90

export type RenewalState = 'expired' | 'due' | 'ok' | 'none'

/** Whether a registration that ends on `expiresOn` has run out, ends soon, or neither. */
export function renewalState(expiresOn: string | null | undefined, today: string): RenewalState {
  if (!expiresOn) return 'none'
  const days = daysBetween(today, expiresOn)
  if (!Number.isFinite(days)) return 'none'
  if (days < 0) return 'expired'
  if (days <= RENEWAL_NOTICE_DAYS) return 'due'
  return 'ok'
}

/** Chinese names of the registry's ledger actions (the server labels only its identity ones). */
export const REGISTRY_ACTION_LABELS: Record<string, string> = {
  'institution.create': '登记机构',
  'institution.update': '变更机构信息',
  'license.issue': '发放执业许可证',
  'license.validate': '许可证校验',
  'license.defer_validation': '许可证暂缓校验',
  'license.suspend': '暂停执业',
  'license.reinstate': '恢复执业',
  'license.revoke': '吊销许可证',
  'license.cancel': '注销许可证',
  'practitioner.register': '执业注册',
  'practitioner.change': '变更执业机构',
  'practitioner.renew': '延续注册',
  'practitioner.cancel': '注销注册',
  'practitioner.add_site': '多机构执业备案',
  'practitioner.end_site': '结束多机构执业备案',
  'inspector.create': '新增执法人员',
  'inspector.conflict_declare': '申报利害关系',
}

/** The ledger entry's action in Chinese: the server's label when it has one, else ours. */
export function ledgerActionLabel(entry: { action: string; action_label?: string | null }): string {
  if (entry.action_label && entry.action_label !== entry.action) return entry.action_label
  return REGISTRY_ACTION_LABELS[entry.action] ?? entry.action
}

/** Chinese names of the columns a registry ledger entry's change names. */
export const FIELD_LABELS: Record<string, string> = {
  name: '机构名称',
  credit_code: '统一社会信用代码',
  category: '机构类别',
  ownership: '举办主体',
  profit_type: '经营性质',
  grade: '医院等级',
  address: '地址',
  jurisdiction_id: '所属辖区',
  legal_representative: '法定代表人',
  person_in_charge: '主要负责人',
  phone: '联系电话',
  beds: '床位数',
  clinical_subjects: '诊疗科目',
  large_equipment: '大型医用设备',
  medins_code: '医保定点编码',
  status: '状态',
  effective_on: '生效日期',
  note: '说明',
  license_no: '许可证号',
  issued_on: '发证日期',
  valid_until: '有效期至',
}

// ---- 机构 / institutions ---------------------------------------------------------------------

export interface Institution {
  id: number
  credit_code: string
  name: string
  category: string
  category_label: string
  ownership: string
  profit_type: string
  grade: string
  address: string
  jurisdiction_id: number
  jurisdiction_name: string
  legal_representative: string
  person_in_charge: string
  phone: string
  beds: number
  clinical_subjects: string
  large_equipment: string
  medins_code: string | null
  status: string
  created_at: string
  updated_at: string
}

export interface PracticeLicense {
  id: number
  institution_id: number
  license_no: string
  issued_on: string
  valid_until: string
  clinical_subjects: string
  beds: number
  last_validated_on: string | null
  validation_due_on: string
  validation_overdue: boolean
  status: string
  status_label: string
  /** The licence's history in date order (present on the institution detail). */
  events?: LicenseEventRecord[]
}

export interface LicenseEventRecord {
  kind: string
  kind_label: string
  effective_on: string
  status_after: string
  status_label: string
  valid_until: string
  note: string
}

export interface StaffCount {
  kind: string
  kind_label: string
  total: number
  registered: number
  e_registered: number
}

export interface InstitutionDetail extends Institution {
  licenses: PracticeLicense[]
  staff: StaffCount[]
}

export interface InstitutionFilters {
  q: string
  category: string
  ownership: string
  grade: string
  status: string
  jurisdiction_id: number | null
}

export const blankInstitutionFilters = (): InstitutionFilters => ({
  q: '',
  category: '',
  ownership: '',
  grade: '',
  status: '',
  jurisdiction_id: null,
})

/** The filters an address carries (unknown codes are dropped). */
export function institutionFiltersFrom(query: LocationQuery): InstitutionFilters {
  return {
    q: queryString(query, 'q'),
    category: queryOneOf(query, 'category', CATEGORY_OPTIONS),
    ownership: queryOneOf(query, 'ownership', OWNERSHIP_OPTIONS),
    grade: queryOneOf(query, 'grade', GRADE_OPTIONS),
    status: queryOneOf(query, 'status', INSTITUTION_STATUS_OPTIONS),
    jurisdiction_id: queryId(query, 'jurisdiction_id'),
  }
}

export function listInstitutions(
  filters: Partial<InstitutionFilters>,
  page: number,
  pageSize?: number,
  signal?: AbortSignal,
): Promise<Page<Institution>> {
  return http.get<Page<Institution>>('/api/v1/institutions', {
    query: apiListQuery(filters as Record<string, FilterValue>, page, pageSize),
    signal,
  })
}

export function getInstitution(id: number, signal?: AbortSignal): Promise<InstitutionDetail> {
  return http.get<InstitutionDetail>(`/api/v1/institutions/${id}`, { signal })
}

export interface CreateInstitutionRequest {
  credit_code: string
  name: string
  category: string
  ownership: string
  profit_type: string
  grade: string
  address: string
  jurisdiction_id: number | null
  legal_representative: string
  person_in_charge: string
  phone: string
  beds: number
  clinical_subjects: string
  large_equipment: string
  medins_code: string
}

export function createInstitution(body: CreateInstitutionRequest): Promise<Institution> {
  return http.post<Institution>('/api/v1/institutions', body)
}

/** The fields the server lets change after registration (PATCH /institutions/{id}). */
export const EDITABLE_INSTITUTION_FIELDS = [
  'name',
  'address',
  'legal_representative',
  'person_in_charge',
  'phone',
  'grade',
  'beds',
  'status',
  'clinical_subjects',
  'large_equipment',
] as const

export type UpdateInstitutionRequest = Partial<Pick<Institution, (typeof EDITABLE_INSTITUTION_FIELDS)[number]>>

export function updateInstitution(id: number, body: UpdateInstitutionRequest): Promise<Institution> {
  return http.patch<Institution>(`/api/v1/institutions/${id}`, body)
}

// ---- 执业许可证 / practice licences ----------------------------------------------------------

export interface IssueLicenseRequest {
  license_no: string
  issued_on: string
  valid_until: string
  clinical_subjects: string
  beds: number
}

export function issueLicense(institutionId: number, body: IssueLicenseRequest): Promise<PracticeLicense> {
  return http.post<PracticeLicense>(`/api/v1/institutions/${institutionId}/licenses`, body)
}

export interface LicenseEventRequest {
  kind: LicenseEventKind
  effective_on: string
  valid_until?: string
  note?: string
}

export function licenseEvent(licenseId: number, body: LicenseEventRequest): Promise<PracticeLicense> {
  return http.post<PracticeLicense>(`/api/v1/licenses/${licenseId}/events`, body)
}

export interface LicenseStatusOn {
  license_id: number
  license_no: string
  on: string
  status: string
  status_label: string
  valid: boolean
  /** The day the status began (the last event on or before `on`); null before issue. */
  since: string | null
}

export function licenseStatusOn(licenseId: number, on: string, signal?: AbortSignal): Promise<LicenseStatusOn> {
  return http.get<LicenseStatusOn>(`/api/v1/licenses/${licenseId}/status`, { query: { on }, signal })
}

export interface OverdueLicense extends PracticeLicense {
  institution_name: string
}

export function listOverdueValidations(
  asOf: string | null,
  page: number,
  pageSize?: number,
  signal?: AbortSignal,
): Promise<Page<OverdueLicense>> {
  return http.get<Page<OverdueLicense>>('/api/v1/licenses/overdue-validations', {
    query: apiListQuery({ as_of: asOf }, page, pageSize),
    signal,
  })
}

// ---- 医务人员 / practitioners ----------------------------------------------------------------

export interface Practitioner {
  id: number
  /** Masked in lists (110101********1233), whole on the detail page. */
  id_number: string
  name: string
  sex: string
  birth_date: string
  kind: string
  kind_label: string
  qualification_no: string
  practice_cert_no: string | null
  practice_category: string
  practice_scope: string
  institution_id: number | null
  institution_name: string | null
  status: string
  registered_on: string | null
  registration_expires_on: string | null
  e_registered: boolean
}

export interface RegistrationRecord {
  kind: string
  effective_on: string
  institution_id: number | null
  institution_name: string | null
  expires_on: string | null
}

export interface PracticeSite {
  institution_id: number
  institution_name: string
  filed_on: string
  ended_on: string | null
}

export interface PractitionerDetail extends Practitioner {
  registrations: RegistrationRecord[]
  additional_sites: PracticeSite[]
}

export interface PractitionerFilters {
  q: string
  kind: string
  status: string
  institution_id: number | null
  jurisdiction_id: number | null
  /** 即将到期/已到期的护士注册 → `renewal_due=true`. */
  renewal_due: boolean
}

export const blankPractitionerFilters = (): PractitionerFilters => ({
  q: '',
  kind: '',
  status: '',
  institution_id: null,
  jurisdiction_id: null,
  renewal_due: false,
})

export function practitionerFiltersFrom(query: LocationQuery): PractitionerFilters {
  return {
    q: queryString(query, 'q'),
    kind: queryOneOf(query, 'kind', KIND_OPTIONS),
    status: queryOneOf(query, 'status', PRACTITIONER_STATUS_OPTIONS),
    institution_id: queryId(query, 'institution_id'),
    jurisdiction_id: queryId(query, 'jurisdiction_id'),
    renewal_due: queryString(query, 'renewal_due') === 'true',
  }
}

export function listPractitioners(
  filters: Partial<PractitionerFilters>,
  page: number,
  pageSize?: number,
  signal?: AbortSignal,
): Promise<Page<Practitioner>> {
  return http.get<Page<Practitioner>>('/api/v1/practitioners', {
    query: apiListQuery(filters as Record<string, FilterValue>, page, pageSize),
    signal,
  })
}

export function getPractitioner(id: number, signal?: AbortSignal): Promise<PractitionerDetail> {
  return http.get<PractitionerDetail>(`/api/v1/practitioners/${id}`, { signal })
}

export interface RegisterPractitionerRequest {
  id_number: string
  name: string
  kind: string
  qualification_no: string
  practice_cert_no: string
  practice_category: string
  practice_scope: string
  institution_id: number | null
  registered_on: string
}

export function registerPractitioner(body: RegisterPractitionerRequest): Promise<PractitionerDetail> {
  return http.post<PractitionerDetail>('/api/v1/practitioners', body)
}

export interface RegistrationEventRequest {
  kind: RegistrationEventKind
  effective_on: string
  institution_id?: number | null
}

export function registrationEvent(id: number, body: RegistrationEventRequest): Promise<PractitionerDetail> {
  return http.post<PractitionerDetail>(`/api/v1/practitioners/${id}/events`, body)
}

export interface PractitionerStatusOn {
  practitioner_id: number
  on: string
  status: string
  practising: boolean
  institution_id: number | null
  additional_site_ids: number[]
}

export function practitionerStatusOn(id: number, on: string, signal?: AbortSignal): Promise<PractitionerStatusOn> {
  return http.get<PractitionerStatusOn>(`/api/v1/practitioners/${id}/status`, { query: { on }, signal })
}

export interface ERegistrationDistrict {
  jurisdiction_id: number
  name: string
  practitioners: number
  e_registered: number
  /** 0…1 */
  rate: number
}

export interface ERegistrationRates {
  districts: ERegistrationDistrict[]
  practitioners: number
  e_registered: number
  rate: number
}

export function getERegistrationRates(signal?: AbortSignal): Promise<ERegistrationRates> {
  return http.get<ERegistrationRates>('/api/v1/practitioners/e-registration', { signal })
}

// ---- 执法人员 / inspectors -------------------------------------------------------------------

export interface Inspector {
  id: number
  name: string
  department_id: number
  department_name: string
  jurisdiction_id: number
  jurisdiction_name: string
  cert_no: string
  cert_valid_until: string
  cert_valid: boolean
  specialties: string
  status: string
}

export const INSPECTOR_STATUS_OPTIONS: readonly Option[] = [
  { value: 'active', label: '在岗' },
  { value: 'inactive', label: '离岗' },
]
export const inspectorStatusLabel = (v: string | null | undefined) => labelOf(INSPECTOR_STATUS_OPTIONS, v)

export interface InspectorFilters {
  q: string
  status: string
  jurisdiction_id: number | null
}

export const blankInspectorFilters = (): InspectorFilters => ({ q: '', status: '', jurisdiction_id: null })

export function inspectorFiltersFrom(query: LocationQuery): InspectorFilters {
  return {
    q: queryString(query, 'q'),
    status: queryOneOf(query, 'status', INSPECTOR_STATUS_OPTIONS),
    jurisdiction_id: queryId(query, 'jurisdiction_id'),
  }
}

export function listInspectors(
  filters: Partial<InspectorFilters>,
  page: number,
  pageSize?: number,
  signal?: AbortSignal,
): Promise<Page<Inspector>> {
  return http.get<Page<Inspector>>('/api/v1/inspectors', {
    query: apiListQuery(filters as Record<string, FilterValue>, page, pageSize),
    signal,
  })
}

export interface CreateInspectorRequest {
  name: string
  department_id: number | null
  jurisdiction_id: number | null
  cert_no: string
  cert_valid_until: string
  specialties: string
}

export function createInspector(body: CreateInspectorRequest): Promise<{ id: number; name: string }> {
  return http.post<{ id: number; name: string }>('/api/v1/inspectors', body)
}

export interface ConflictDeclaration {
  inspector_id: number
  institution_id: number
  reason: string
  declared_on: string
}

export function declareConflict(
  inspectorId: number,
  body: { institution_id: number | null; reason: string },
): Promise<ConflictDeclaration> {
  return http.post<ConflictDeclaration>(`/api/v1/inspectors/${inspectorId}/conflicts`, body)
}

// ---- 权责清单 / responsibility list ----------------------------------------------------------

export interface Responsibility {
  id: number
  department_code: string
  /** Empty when the list names a department the platform does not have. */
  department_name: string
  matter: string
  basis: string
  source: string
}

export function listResponsibilities(q: string, signal?: AbortSignal): Promise<{ items: Responsibility[] }> {
  return http.get<{ items: Responsibility[] }>('/api/v1/responsibility-list', {
    query: { q: q.trim() || undefined },
    signal,
  })
}

export interface ResponsibilityGroup {
  key: string
  department: string
  items: Responsibility[]
}

/** The entries grouped by department, in the order each department first appears. */
export function groupResponsibilities(items: readonly Responsibility[]): ResponsibilityGroup[] {
  const groups = new Map<string, ResponsibilityGroup>()
  for (const item of items) {
    const key = item.department_code
    let g = groups.get(key)
    if (!g) {
      g = { key, department: item.department_name || item.department_code, items: [] }
      groups.set(key, g)
    }
    g.items.push(item)
  }
  return [...groups.values()]
}

// ---- exports (the list's own filters; the server keeps ID numbers masked) ----------------

export type ExportFormat = 'xlsx' | 'csv'

function exportQuery(filters: Record<string, FilterValue>, format: ExportFormat) {
  const query: Record<string, unknown> = { ...apiListQuery(filters, 1) }
  delete query.page
  delete query.page_size
  query.format = format
  return query as Record<string, string>
}

export function exportInstitutions(filters: Partial<InstitutionFilters>, format: ExportFormat): Promise<DownloadedFile> {
  return download('/api/v1/institutions/export', `医疗卫生机构.${format}`, {
    query: exportQuery(filters as Record<string, FilterValue>, format),
    timeoutMs: 120_000,
  })
}

export function exportPractitioners(filters: Partial<PractitionerFilters>, format: ExportFormat): Promise<DownloadedFile> {
  return download('/api/v1/practitioners/export', `医务人员.${format}`, {
    query: exportQuery(filters as Record<string, FilterValue>, format),
    timeoutMs: 120_000,
  })
}
