/**
 * 双随机抽查 / double-random inspection: the item catalogue, sampling plans, the draw ceremony
 * (freeze → witnesses → draw), tasks with results and photos, statistics and the public
 * record (server: src/inspection/).
 */
import type { LocationQuery } from 'vue-router'
import { ApiError, BAD_RESPONSE_MESSAGE, download, http, type DownloadedFile } from './http'
import type { Page } from './users'
import { CATEGORY_OPTIONS, type ExportFormat, type Option, type TagType } from './registry'
import { apiListQuery, queryId, queryOneOf, queryPositive, queryString, type FilterValue } from '@/utils/listQuery'

const BASE = '/api/v1/inspection'

function labelOf(options: readonly Option[], value: string | null | undefined, empty = '—'): string {
  if (!value) return empty
  return options.find((o) => o.value === value)?.label ?? value
}

// ---- 代码与中文名 ------------------------------------------------------------------------------

export const GRADES = ['A', 'B', 'C', 'D'] as const
export type Grade = (typeof GRADES)[number]

/** Risk grades as the draw uses them: A is the lowest risk, D the highest. */
export const RISK_GRADE_OPTIONS: readonly Option[] = [
  { value: 'A', label: 'A 级（低风险）' },
  { value: 'B', label: 'B 级' },
  { value: 'C', label: 'C 级' },
  { value: 'D', label: 'D 级（高风险）' },
]

/**
 * Target categories an item may name: the registry's institution categories plus the
 * public-health targets (server: src/inspection/service.cpp kExtraCategories).
 */
/** The registry's institution categories, then the targets the registry does not hold yet. */
export const TARGET_CATEGORY_OPTIONS: readonly Option[] = [
  ...CATEGORY_OPTIONS,
  { value: 'public_place', label: '公共场所' },
  { value: 'water_supply', label: '供水单位' },
  { value: 'school', label: '学校' },
  { value: 'employer', label: '存在职业病危害的用人单位' },
  { value: 'radiation_user', label: '放射工作单位' },
]
export const targetCategoryLabel = (v: string | null | undefined) => labelOf(TARGET_CATEGORY_OPTIONS, v)

export const ITEM_KIND_OPTIONS: readonly Option[] = [
  { value: 'routine', label: '一般事项' },
  { value: 'key', label: '重点事项' },
]
export const itemKindLabel = (v: string | null | undefined) => labelOf(ITEM_KIND_OPTIONS, v)

export const ITEM_STATUS_OPTIONS: readonly Option[] = [
  { value: 'active', label: '在用' },
  { value: 'retired', label: '已停用' },
]
export const itemStatusLabel = (v: string | null | undefined) => labelOf(ITEM_STATUS_OPTIONS, v)

export const PLAN_STATUS_OPTIONS: readonly Option[] = [
  { value: 'draft', label: '草拟' },
  { value: 'frozen', label: '已冻结，待抽取' },
  { value: 'drawn', label: '已抽取' },
  { value: 'cancelled', label: '已撤销' },
]
export const planStatusLabel = (v: string | null | undefined) => labelOf(PLAN_STATUS_OPTIONS, v)

export function planStatusTag(status: string): TagType {
  if (status === 'draft') return 'info'
  if (status === 'frozen') return 'warning'
  if (status === 'drawn') return 'success'
  return 'danger'
}

export const TASK_STATUS_OPTIONS: readonly Option[] = [
  { value: 'assigned', label: '待检查' },
  { value: 'submitted', label: '已录入结果，待公示' },
  { value: 'published', label: '已公示' },
]
export const taskStatusLabel = (v: string | null | undefined) => labelOf(TASK_STATUS_OPTIONS, v)

export function taskStatusTag(status: string): TagType {
  if (status === 'assigned') return 'primary'
  if (status === 'submitted') return 'warning'
  return 'success'
}

export const OUTCOME_OPTIONS: readonly Option[] = [
  { value: 'no_problem', label: '未发现问题' },
  { value: 'problem', label: '发现问题' },
]
export const outcomeLabel = (v: string | null | undefined) => labelOf(OUTCOME_OPTIONS, v)

export const PLAN_OWNERSHIP_OPTIONS: readonly Option[] = [
  { value: '', label: '不限' },
  { value: 'public', label: '公立' },
  { value: 'private', label: '社会办' },
]

/** Defaults of a new plan (data/inspection/rules.json on the server holds the same). */
export const DEFAULT_RATIOS_PERCENT: readonly number[] = [5, 10, 30, 60]
export const DEFAULT_EXCLUDE_MONTHS: readonly number[] = [12, 0, 0, 0]
/** Items of kind 「一般事项」 cap every grade's ratio at this percentage. */
export const ROUTINE_RATIO_CAP_PERCENT = 60

/** Chinese names of the module's ledger actions. */
export const INSPECTION_ACTION_LABELS: Record<string, string> = {
  'inspection.item_seed': '导入抽查事项清单',
  'inspection.item_create': '新增抽查事项',
  'inspection.item_update': '修改抽查事项',
  'inspection.plan_create': '新建抽查计划',
  'inspection.plan_update': '修改抽查计划',
  'inspection.plan_cancel': '撤销抽查计划',
  'inspection.plan_freeze': '冻结对象库',
  'inspection.witness_input': '见证人录入随机数',
  'inspection.draw': '随机抽取',
  'inspection.redraw_refused': '拒绝重新抽取',
  'inspection.result': '录入抽查结果',
  'inspection.result_lead': '录入结果并移交执法线索',
  'inspection.photo': '上传现场照片',
  'inspection.reassign': '更换执法人员',
  'inspection.publish': '公示抽查结果',
  'inspection.publish_plan': '公示计划全部结果',
}

// ---- 抽查事项清单 ------------------------------------------------------------------------------

export interface CategoryRef {
  id: string
  label: string
}

export interface InspectionItem {
  id: number
  code: string
  name: string
  department_code: string
  department_name: string
  legal_basis: string
  target_categories: CategoryRef[]
  specialty: string
  kind: 'routine' | 'key'
  kind_label: string
  default_ratio_percent: number
  status: 'active' | 'retired'
}

export interface ItemFilters {
  q: string
  department: string
  kind: string
  status: string
  category: string
}

export const blankItemFilters = (): ItemFilters => ({ q: '', department: '', kind: '', status: '', category: '' })

export function itemFiltersFrom(query: LocationQuery): ItemFilters {
  return {
    q: queryString(query, 'q'),
    department: queryString(query, 'department'),
    kind: queryOneOf(query, 'kind', ITEM_KIND_OPTIONS),
    status: queryOneOf(query, 'status', ITEM_STATUS_OPTIONS),
    category: queryOneOf(query, 'category', TARGET_CATEGORY_OPTIONS),
  }
}

export function listItems(
  filters: Partial<ItemFilters>,
  page: number,
  pageSize?: number,
  signal?: AbortSignal,
): Promise<Page<InspectionItem>> {
  return http.get<Page<InspectionItem>>(`${BASE}/items`, {
    query: apiListQuery(filters as Record<string, FilterValue>, page, pageSize),
    signal,
  })
}

/** Every active item (for the plan editor's multi-select): the catalogue is small. */
export async function allActiveItems(signal?: AbortSignal): Promise<InspectionItem[]> {
  const out: InspectionItem[] = []
  for (let page = 1; ; page++) {
    const r = await listItems({ status: 'active' }, page, 100, signal)
    out.push(...r.items)
    if (out.length >= r.total || r.items.length === 0) return out
  }
}

export interface ItemInput {
  code?: string
  name: string
  department_code: string
  legal_basis: string
  target_categories: string[]
  specialty: string
  kind: 'routine' | 'key'
  default_ratio_percent: number
  status?: 'active' | 'retired'
}

export function createItem(body: ItemInput): Promise<InspectionItem> {
  return http.post<InspectionItem>(`${BASE}/items`, body)
}

export function updateItem(id: number, body: Partial<ItemInput>): Promise<InspectionItem> {
  return http.patch<InspectionItem>(`${BASE}/items/${id}`, body)
}

// ---- 抽查计划 ---------------------------------------------------------------------------------

export interface Witness {
  seq: number
  witness_name: string
  input: string
  entered_at: string
  entered_by: string
  /** The account that entered it: one entry per account. */
  user_id: number
}

export interface DrawRecord {
  population_digest: string
  population_size: number
  population_by_grade: Partial<Record<Grade, number>>
  pool_digest: string
  pool_size: number
  commitment: string
  /** Empty until the draw: the nonce stays sealed on the server. */
  nonce: string
  seed: string
  result_digest: string
  frozen_at: string
  drawn_at: string
  witnesses: Witness[]
}

export type PlanStatus = 'draft' | 'frozen' | 'drawn' | 'cancelled'

export interface Plan {
  id: number
  title: string
  year: number
  period_start: string
  period_end: string
  lead_department_id: number
  lead_department_name: string
  lead_department_code: string
  joint_departments: string[]
  categories: CategoryRef[]
  ownership: '' | 'public' | 'private'
  scope_jurisdiction_id: number
  scope_jurisdiction_name: string
  ratios_percent: number[]
  min_total: number
  max_total: number | null
  exclude_months: number[]
  inspectors_per_task: number
  avoid_repeat: boolean
  witnesses_required: number
  public_source: string
  status: PlanStatus
  status_label: string
  created_at: string
  updated_at: string
  items: InspectionItem[]
  tasks: number
  tasks_done: number
  tasks_published: number
}

export interface PlanDetail extends Plan {
  draw: DrawRecord | null
  drawn_by_grade: Partial<Record<Grade, number>>
}

export interface PlanFilters {
  q: string
  status: string
  year: number | null
}

export const blankPlanFilters = (): PlanFilters => ({ q: '', status: '', year: null })

export function planFiltersFrom(query: LocationQuery): PlanFilters {
  const year = queryPositive(query, 'year', 0)
  return {
    q: queryString(query, 'q'),
    status: queryOneOf(query, 'status', PLAN_STATUS_OPTIONS),
    year: year >= 2000 && year <= 2100 ? year : null,
  }
}

export function listPlans(filters: Partial<PlanFilters>, page: number, pageSize?: number, signal?: AbortSignal): Promise<Page<Plan>> {
  return http.get<Page<Plan>>(`${BASE}/plans`, {
    query: apiListQuery(filters as Record<string, FilterValue>, page, pageSize),
    signal,
  })
}

export function getPlan(id: number, signal?: AbortSignal): Promise<PlanDetail> {
  return http.get<PlanDetail>(`${BASE}/plans/${id}`, { signal })
}

export interface PlanInput {
  title: string
  year: number | null
  period_start: string
  period_end: string
  item_ids: number[]
  lead_department_id: number | null
  joint_departments: string[]
  categories: string[]
  ownership: '' | 'public' | 'private'
  scope_jurisdiction_id: number | null
  ratios_percent: number[]
  min_total: number
  max_total: number | null
  exclude_months: number[]
  inspectors_per_task: number
  avoid_repeat: boolean
  witnesses_required: number
  public_source: string
}

/** A new plan's form: this year, the defaults of the rules, the user's own jurisdiction. */
export function blankPlanInput(today: string, jurisdictionId: number | null = null): PlanInput {
  const year = Number(today.slice(0, 4))
  return {
    title: '',
    year,
    period_start: today,
    period_end: `${year}-12-31`,
    item_ids: [],
    lead_department_id: null,
    joint_departments: [],
    categories: [],
    ownership: '',
    scope_jurisdiction_id: jurisdictionId,
    ratios_percent: [...DEFAULT_RATIOS_PERCENT],
    min_total: 0,
    max_total: null,
    exclude_months: [...DEFAULT_EXCLUDE_MONTHS],
    inspectors_per_task: 2,
    avoid_repeat: true,
    witnesses_required: 2,
    public_source: '',
  }
}

/** The form of an existing plan, for editing it while it is a draft. */
export function planInputOf(plan: Plan): PlanInput {
  return {
    title: plan.title,
    year: plan.year,
    period_start: plan.period_start,
    period_end: plan.period_end,
    item_ids: plan.items.map((i) => i.id),
    lead_department_id: plan.lead_department_id,
    joint_departments: [...plan.joint_departments],
    categories: plan.categories.map((c) => c.id),
    ownership: plan.ownership,
    scope_jurisdiction_id: plan.scope_jurisdiction_id,
    ratios_percent: plan.ratios_percent.length === 4 ? [...plan.ratios_percent] : [...DEFAULT_RATIOS_PERCENT],
    min_total: plan.min_total,
    max_total: plan.max_total,
    exclude_months: plan.exclude_months.length === 4 ? [...plan.exclude_months] : [...DEFAULT_EXCLUDE_MONTHS],
    inspectors_per_task: plan.inspectors_per_task,
    avoid_repeat: plan.avoid_repeat,
    witnesses_required: plan.witnesses_required,
    public_source: plan.public_source,
  }
}

/**
 * What the form sends: trimmed texts, and no maximum (null) for an empty or zero one.
 */
export function planBody(input: PlanInput): PlanInput {
  return {
    ...input,
    title: input.title.trim(),
    public_source: input.public_source.trim(),
    max_total: input.max_total && input.max_total > 0 ? input.max_total : null,
  }
}

/**
 * The ratio cap the chosen items impose: 60 % when any of them is a 「一般事项」, none when
 * all are 「重点事项」 (the server checks again).
 */
export function ratioCapFor(items: readonly Pick<InspectionItem, 'kind'>[]): number | null {
  return items.some((i) => i.kind === 'routine') ? ROUTINE_RATIO_CAP_PERCENT : null
}

/** The categories the chosen items may be applied to, in the catalogue's order. */
export function categoriesOfItems(items: readonly Pick<InspectionItem, 'target_categories'>[]): CategoryRef[] {
  const seen = new Map<string, CategoryRef>()
  for (const item of items) for (const c of item.target_categories) if (!seen.has(c.id)) seen.set(c.id, c)
  const order = TARGET_CATEGORY_OPTIONS.map((o) => o.value)
  return [...seen.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
}

export function createPlan(body: PlanInput): Promise<PlanDetail> {
  return http.post<PlanDetail>(`${BASE}/plans`, planBody(body))
}

export function updatePlan(id: number, body: PlanInput): Promise<PlanDetail> {
  return http.put<PlanDetail>(`${BASE}/plans/${id}`, planBody(body))
}

export function cancelPlan(id: number, reason: string): Promise<PlanDetail> {
  return http.post<PlanDetail>(`${BASE}/plans/${id}/cancel`, { reason: reason.trim() })
}

export interface FreezeResult {
  population_size: number
  population_by_grade: Record<Grade, number>
  excluded_recent: number
  population_digest: string
  pool_size: number
  recusals: number
  pool_digest: string
  commitment: string
  frozen_at: string
}

export function freezePlan(id: number): Promise<FreezeResult> {
  return http.post<FreezeResult>(`${BASE}/plans/${id}/freeze`)
}

export interface WitnessResult {
  seq: number
  witness_name: string
  input: string
  entered_at: string
  remaining: number
}

export function addWitness(id: number, body: { witness_name: string; input: string }): Promise<WitnessResult> {
  return http.post<WitnessResult>(`${BASE}/plans/${id}/witnesses`, {
    witness_name: body.witness_name.trim(),
    input: body.input.trim(),
  })
}

export interface DrawResult {
  seed: string
  nonce: string
  result_digest: string
  tasks: number
  drawn_by_grade: Record<Grade, number>
  population_by_grade: Record<Grade, number>
  drawn_at: string
}

export function drawPlan(id: number): Promise<DrawResult> {
  return http.post<DrawResult>(`${BASE}/plans/${id}/draw`)
}

export function publishPlan(id: number): Promise<{ plan_id: number; published: number }> {
  return http.post<{ plan_id: number; published: number }>(`${BASE}/plans/${id}/publish`)
}

/** The steps of the ceremony page, in order. */
export const CEREMONY_STEPS = ['草拟', '冻结对象库（公布承诺值）', '见证人录入随机数', '随机抽取', '结果'] as const

/**
 * The step a plan has reached (index into CEREMONY_STEPS, the one in progress): a draft is
 * at 「草拟」 (0); a frozen plan waits for witnesses (2) or, with all of them in, for the
 * draw (3); a drawn plan shows its result (4). A cancelled plan stays where it stopped.
 */
export function ceremonyStep(plan: Pick<PlanDetail, 'status' | 'draw' | 'witnesses_required'>): number {
  if (plan.status === 'drawn') return 4
  if (!plan.draw) return 0
  if (plan.draw.witnesses.length < plan.witnesses_required) return 2
  return 3
}

/** The witnesses still missing before the draw can happen. */
export function witnessesMissing(plan: Pick<PlanDetail, 'draw' | 'witnesses_required'>): number {
  return Math.max(0, plan.witnesses_required - (plan.draw?.witnesses.length ?? 0))
}

/** Rows of the population / drawn chart: every grade, zeros included. */
export function gradeRows(
  population: Partial<Record<string, number>> | null | undefined,
  drawn: Partial<Record<string, number>> | null | undefined,
): Array<{ grade: Grade; population: number; drawn: number }> {
  return GRADES.map((g) => ({ grade: g, population: population?.[g] ?? 0, drawn: drawn?.[g] ?? 0 }))
}

/** The public address of a plan's draw record (JSON, no login). */
export const drawRecordPath = (planId: number) => `/api/v1/public/inspection/plans/${planId}/draw`

/** The file name a downloaded draw record is saved under. */
export const drawRecordFileName = (planId: number) => `抽取记录-计划${planId}.json`

/** The command anyone can run on the downloaded record to re-run the draw. */
export const drawVerifyCommand = (planId: number) => `weijian draw verify ${drawRecordFileName(planId)}`

/** The published draw record (format weijian-draw/1), as a file to save. */
export function downloadDrawRecord(planId: number): Promise<DownloadedFile> {
  return download(drawRecordPath(planId), drawRecordFileName(planId), { authRedirect: false }).then((f) => ({
    ...f,
    // The server names no file for a JSON answer: keep ours.
    filename: drawRecordFileName(planId),
  }))
}

/** Progress of a plan's tasks as 0…1 fractions (0 when nothing was drawn). */
export function planProgress(plan: Pick<Plan, 'tasks' | 'tasks_done' | 'tasks_published'>): { done: number; published: number } {
  if (!plan.tasks) return { done: 0, published: 0 }
  return { done: plan.tasks_done / plan.tasks, published: plan.tasks_published / plan.tasks }
}

// ---- 任务 -------------------------------------------------------------------------------------

export interface Task {
  id: number
  plan_id: number
  plan_title: string
  institution_id: number
  institution_name: string
  target_id: string
  category_label: string
  grade: Grade
  due_on: string
  overdue: boolean
  status: 'assigned' | 'submitted' | 'published'
  status_label: string
  outcome: 'no_problem' | 'problem' | null
  outcome_label: string
  findings: string
  enforcement_lead: boolean
  inspected_on: string
  publish_due_on: string
  published_on: string
  publication_overdue: boolean
  jurisdiction_name: string
  submitted_at: string
  address: string
  /** Names of the current inspectors, 「、」-separated (lists only). */
  inspectors?: string
}

export interface TaskInspector {
  inspector_id: number
  name: string
  cert_no: string
  department_name: string
  lead: boolean
  source: 'draw' | 'reassign' | string
  assigned_at: string
  active: boolean
  ended_at: string
  end_reason: string
}

export interface TaskPhoto {
  id: number
  file_name: string
  content_type: string
  size: number
  sm3: string
  uploaded_at: string
}

export interface TaskDetail extends Omit<Task, 'inspectors'> {
  inspectors: TaskInspector[]
  items: InspectionItem[]
  photos: TaskPhoto[]
  can_enter_result: boolean
}

/** The task board's tabs, each a fixed set of filters. */
export const TASK_VIEWS = [
  { value: 'mine', label: '我的任务' },
  { value: 'assigned', label: '待检查' },
  { value: 'submitted', label: '待公示' },
  { value: 'overdue', label: '公示逾期' },
  { value: 'published', label: '已公示' },
  { value: 'all', label: '全部' },
] as const
export type TaskView = (typeof TASK_VIEWS)[number]['value']

export interface TaskFilters {
  view: TaskView | ''
  q: string
  outcome: string
  grade: string
  plan_id: number | null
  jurisdiction_id: number | null
}

export const blankTaskFilters = (): TaskFilters => ({
  view: '',
  q: '',
  outcome: '',
  grade: '',
  plan_id: null,
  jurisdiction_id: null,
})

export function taskFiltersFrom(query: LocationQuery): TaskFilters {
  return {
    view: queryOneOf(query, 'view', TASK_VIEWS) as TaskView | '',
    q: queryString(query, 'q'),
    outcome: queryOneOf(query, 'outcome', OUTCOME_OPTIONS),
    grade: queryOneOf(query, 'grade', RISK_GRADE_OPTIONS),
    plan_id: queryId(query, 'plan_id'),
    jurisdiction_id: queryId(query, 'jurisdiction_id'),
  }
}

/**
 * The tab shown when the address names none: an inspector (who enters results) starts on
 * their own tasks, everyone else on all of them.
 */
export function defaultTaskView(canEnterResults: boolean, canManage: boolean): TaskView {
  return canEnterResults && !canManage ? 'mine' : 'all'
}

/** The API's filters for the board: the tab becomes status / mine / publication_overdue. */
export function taskApiFilters(filters: TaskFilters, fallbackView: TaskView): Record<string, FilterValue> {
  const view = filters.view || fallbackView
  return {
    q: filters.q,
    outcome: filters.outcome,
    grade: filters.grade,
    plan_id: filters.plan_id,
    jurisdiction_id: filters.jurisdiction_id,
    mine: view === 'mine',
    status: view === 'assigned' || view === 'submitted' || view === 'published' ? view : '',
    publication_overdue: view === 'overdue',
  }
}

export function listTasks(filters: Record<string, FilterValue>, page: number, pageSize?: number, signal?: AbortSignal): Promise<Page<Task>> {
  return http.get<Page<Task>>(`${BASE}/tasks`, { query: apiListQuery(filters, page, pageSize), signal })
}

export function exportTasks(filters: Record<string, FilterValue>, format: ExportFormat): Promise<DownloadedFile> {
  const query: Record<string, string> = { ...apiListQuery(filters, 1) }
  delete query.page
  delete query.page_size
  query.format = format
  return download(`${BASE}/tasks/export`, `双随机抽查任务.${format}`, { query, timeoutMs: 120_000 })
}

export function getTask(id: number, signal?: AbortSignal): Promise<TaskDetail> {
  return http.get<TaskDetail>(`${BASE}/tasks/${id}`, { signal })
}

export interface ResultInput {
  outcome: 'no_problem' | 'problem' | ''
  findings: string
  inspected_on: string
  enforcement_lead: boolean
}

/** What the result form sends: no findings and no lead for 「未发现问题」. */
export function resultBody(input: ResultInput): ResultInput {
  const problem = input.outcome === 'problem'
  return {
    outcome: input.outcome,
    findings: problem ? input.findings.trim() : '',
    inspected_on: input.inspected_on,
    enforcement_lead: problem && input.enforcement_lead,
  }
}

export function submitResult(id: number, input: ResultInput): Promise<TaskDetail> {
  return http.post<TaskDetail>(`${BASE}/tasks/${id}/result`, resultBody(input))
}

/** The photo types the server takes, by file extension when the browser gives no type. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024

/** The Content-Type to send a photo with, or null when the server would refuse it. */
export function photoContentType(file: { name: string; type: string }): string | null {
  const type = file.type.toLowerCase()
  if ((PHOTO_TYPES as readonly string[]).includes(type)) return type
  if (type === 'image/jpg' || type === 'image/pjpeg') return 'image/jpeg'
  if (type) return null
  const ext = file.name.toLowerCase().split('.').pop()
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg'
  if (ext === 'png') return 'image/png'
  if (ext === 'webp') return 'image/webp'
  return null
}

/**
 * Upload one photo as the raw request body (not JSON), with its type. The server hashes the
 * bytes with SM3 and records the hash in the ledger.
 */
export async function uploadPhoto(taskId: number, file: File): Promise<TaskPhoto> {
  const type = photoContentType(file)
  if (!type) {
    throw new ApiError({ status: 0, type: 'about:client', title: '格式不支持', detail: '照片格式应为 JPEG、PNG 或 WebP。' })
  }
  if (file.size > PHOTO_MAX_BYTES) {
    throw new ApiError({ status: 0, type: 'about:client', title: '照片过大', detail: '单张照片不能超过 5 MB，请压缩后上传。' })
  }
  const url = `${BASE}/tasks/${taskId}/photos?name=${encodeURIComponent(file.name || 'photo')}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': type, Accept: 'application/json, application/problem+json' },
      body: file,
    })
  } catch (cause) {
    throw new ApiError({ status: 0, type: 'about:network-error', title: '网络错误', detail: '无法连接服务器，请检查网络后重试', cause })
  }
  const text = await response.text()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  if (!response.ok) {
    const p = (body ?? {}) as { type?: string; title?: string; detail?: string; errors?: { field: string; message: string }[] }
    throw new ApiError({
      status: response.status,
      type: p.type ?? 'about:blank',
      title: p.title ?? '上传失败',
      detail: p.detail ?? `照片上传失败（HTTP ${response.status}）`,
      errors: p.errors,
      problem: body ? (body as never) : null,
    })
  }
  if (!body) throw new ApiError({ status: response.status, type: 'about:bad-response', title: '响应格式错误', detail: BAD_RESPONSE_MESSAGE })
  return body as TaskPhoto
}

export const photoUrl = (taskId: number, photoId: number) => `${BASE}/tasks/${taskId}/photos/${photoId}`

export function reassignInspector(
  taskId: number,
  body: { from_inspector_id: number | null; to_inspector_id: number | null; reason: string },
): Promise<TaskDetail> {
  return http.post<TaskDetail>(`${BASE}/tasks/${taskId}/reassign`, { ...body, reason: body.reason.trim() })
}

export function publishTask(id: number): Promise<TaskDetail> {
  return http.post<TaskDetail>(`${BASE}/tasks/${id}/publish`)
}

// ---- 统计 -------------------------------------------------------------------------------------

export interface StatCounts {
  tasks: number
  done: number
  published: number
  published_on_time: number
  problems: number
  completion_rate: number
  publication_rate: number
}

export interface InspectionStats {
  year: number
  total: StatCounts
  by_grade: Array<StatCounts & { grade: Grade; population: number; coverage: number }>
  by_district: Array<StatCounts & { district: string }>
  by_item: Array<StatCounts & { code: string; name: string }>
  publication_overdue: number
  /** Joint cross-department plans drawn in the year, and the yearly minimum (data/inspection/rules.json). */
  joint_plans?: number
  joint_plans_required?: number
}

/** Whether the year's joint plans reach the minimum; null when the server gives no minimum. */
export function jointPlansMet(stats: Pick<InspectionStats, 'joint_plans' | 'joint_plans_required'>): boolean | null {
  if (stats.joint_plans === undefined || stats.joint_plans_required === undefined) return null
  return stats.joint_plans >= stats.joint_plans_required
}

export function getStats(year: number | null, signal?: AbortSignal): Promise<InspectionStats> {
  return http.get<InspectionStats>(`${BASE}/stats`, { query: { year: year ?? undefined }, signal })
}

export interface RiskGrade {
  institution_id: number
  name: string
  grade: Grade
  points: number
  reasons: string[]
}

export function getRisk(institutionId: number, signal?: AbortSignal): Promise<RiskGrade> {
  return http.get<RiskGrade>(`${BASE}/risk/${institutionId}`, { signal })
}

/** Years to offer in a year selector: from this year back `count` years. */
export function recentYears(today: string, count = 5): number[] {
  const y = Number(today.slice(0, 4))
  return Array.from({ length: count }, (_, i) => y - i)
}

// ---- 公示 (public portal, no login) ------------------------------------------------------------

export interface PublicPlan {
  id: number
  title: string
  year: number
  period_start: string
  period_end: string
  lead_department_name: string
  joint_departments: string[]
  scope_jurisdiction_name: string
  ratios_percent: number[]
  status: 'frozen' | 'drawn'
  status_label: string
  items: string[]
  draw?: { commitment: string; population_size: number; seed: string; drawn_at: string }
}

export interface PublicResult {
  id: number
  plan_id: number
  plan_title: string
  institution_name: string
  target_id: string
  category_label: string
  jurisdiction_name: string
  inspected_on: string
  outcome: string
  outcome_label: string
  findings: string
  published_on: string
}

export function listPublicPlans(page: number, pageSize = 10, signal?: AbortSignal): Promise<Page<PublicPlan>> {
  return http.get<Page<PublicPlan>>('/api/v1/public/inspection/plans', {
    query: { page, page_size: pageSize },
    signal,
    authRedirect: false,
  })
}

export function listPublicResults(
  filters: { q: string; plan_id: number | null },
  page: number,
  pageSize = 20,
  signal?: AbortSignal,
): Promise<Page<PublicResult>> {
  return http.get<Page<PublicResult>>('/api/v1/public/inspection/results', {
    query: apiListQuery(filters as Record<string, FilterValue>, page, pageSize),
    signal,
    authRedirect: false,
  })
}
