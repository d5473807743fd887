import { beforeEach, describe, expect, it } from 'vitest'
import { installFetchMock, json, problem } from '@/testing/fetchMock'
import { ApiError } from './http'
import {
  blankPlanInput,
  categoriesOfItems,
  ceremonyStep,
  defaultTaskView,
  drawVerifyCommand,
  exportTasks,
  gradeRows,
  jointPlansMet,
  itemFiltersFrom,
  listItems,
  listTasks,
  photoContentType,
  planBody,
  planFiltersFrom,
  planInputOf,
  planProgress,
  ratioCapFor,
  recentYears,
  resultBody,
  taskApiFilters,
  taskFiltersFrom,
  uploadPhoto,
  witnessesMissing,
  type PlanDetail,
} from './inspection'

let f: ReturnType<typeof installFetchMock>
const EMPTY_PAGE = { items: [], total: 0, page: 1, page_size: 20 }

beforeEach(() => {
  f = installFetchMock()
})

describe('filters from the address', () => {
  it('keeps only known values of the catalogue filters', () => {
    expect(itemFiltersFrom({ q: ' 消毒 ', kind: 'key', status: 'bogus', category: 'water_supply', department: 'health' })).toEqual({
      q: ' 消毒 ',
      department: 'health',
      kind: 'key',
      status: '',
      category: 'water_supply',
    })
    expect(itemFiltersFrom({ category: 'spaceport' }).category).toBe('')
  })

  it('reads a plan year only when it is a plausible year', () => {
    expect(planFiltersFrom({ year: '2026', status: 'frozen' })).toEqual({ q: '', status: 'frozen', year: 2026 })
    expect(planFiltersFrom({ year: '26' }).year).toBeNull()
    expect(planFiltersFrom({ year: 'x', status: 'done' })).toEqual({ q: '', status: '', year: null })
  })

  it('reads the task board tab and filters', () => {
    expect(taskFiltersFrom({ view: 'overdue', grade: 'D', plan_id: '7', outcome: 'problem' })).toEqual({
      view: 'overdue',
      q: '',
      outcome: 'problem',
      grade: 'D',
      plan_id: 7,
      jurisdiction_id: null,
    })
    expect(taskFiltersFrom({ view: 'everything', grade: 'E' })).toMatchObject({ view: '', grade: '' })
  })
})

describe('the task board tabs', () => {
  const blank = taskFiltersFrom({})

  it('starts an inspector on their own tasks and a manager on all of them', () => {
    expect(defaultTaskView(true, false)).toBe('mine')
    expect(defaultTaskView(true, true)).toBe('all')
    expect(defaultTaskView(false, false)).toBe('all')
  })

  it('turns each tab into the API filters', () => {
    expect(taskApiFilters(blank, 'mine')).toMatchObject({ mine: true, status: '', publication_overdue: false })
    expect(taskApiFilters({ ...blank, view: 'submitted' }, 'mine')).toMatchObject({ mine: false, status: 'submitted' })
    expect(taskApiFilters({ ...blank, view: 'overdue' }, 'all')).toMatchObject({ status: '', publication_overdue: true })
    expect(taskApiFilters({ ...blank, view: 'all', plan_id: 3 }, 'mine')).toMatchObject({ mine: false, status: '', plan_id: 3 })
  })

  it('sends only the chosen filters to the server', async () => {
    f.on('GET', '/api/v1/inspection/tasks', () => json(EMPTY_PAGE))
    await listTasks(taskApiFilters({ ...blank, view: 'overdue', q: ' 诊所 ' }, 'all'), 2, 50)
    const q = f.requests[0]!.query
    expect(Object.fromEntries(q)).toEqual({ q: '诊所', publication_overdue: 'true', page: '2', page_size: '50' })
  })

  it('exports with the same filters and no page', async () => {
    f.on('GET', '/api/v1/inspection/tasks/export', () => new Response('x', { headers: { 'Content-Type': 'text/csv' } }))
    const file = await exportTasks(taskApiFilters({ ...blank, view: 'mine' }, 'all'), 'csv')
    expect(Object.fromEntries(f.requests[0]!.query)).toEqual({ mine: 'true', format: 'csv' })
    expect(file.filename).toBe('双随机抽查任务.csv')
  })
})

describe('plans', () => {
  it('starts a new plan with the rules\' defaults', () => {
    const p = blankPlanInput('2026-11-22', 5)
    expect(p).toMatchObject({ year: 2026, period_start: '2026-11-22', period_end: '2026-12-31', scope_jurisdiction_id: 5 })
    expect(p.ratios_percent).toEqual([5, 10, 30, 60])
    expect(p.exclude_months).toEqual([12, 0, 0, 0])
    expect(p.inspectors_per_task).toBe(2)
    expect(p.witnesses_required).toBe(2)
  })

  it('sends no maximum for an empty or zero one, and trimmed texts', () => {
    const p = { ...blankPlanInput('2026-01-01'), title: ' 计划 ', max_total: 0 }
    expect(planBody(p)).toMatchObject({ title: '计划', max_total: null })
    expect(planBody({ ...p, max_total: 40 }).max_total).toBe(40)
  })

  it('caps the ratios only when a routine item is chosen', () => {
    expect(ratioCapFor([{ kind: 'key' }])).toBeNull()
    expect(ratioCapFor([{ kind: 'key' }, { kind: 'routine' }])).toBe(60)
    expect(ratioCapFor([])).toBeNull()
  })

  it('offers the categories the chosen items cover, in catalogue order, once each', () => {
    const cats = categoriesOfItems([
      { target_categories: [{ id: 'clinic', label: '诊所、门诊部' }, { id: 'school', label: '学校' }] },
      { target_categories: [{ id: 'hospital', label: '医院' }, { id: 'clinic', label: '诊所、门诊部' }] },
    ])
    expect(cats.map((c) => c.id)).toEqual(['hospital', 'clinic', 'school'])
  })

  const plan = (over: Partial<PlanDetail> = {}): PlanDetail =>
    ({
      id: 9,
      status: 'draft',
      witnesses_required: 2,
      draw: null,
      items: [{ id: 3 }],
      categories: [{ id: 'clinic', label: '诊所' }],
      joint_departments: ['market'],
      ratios_percent: [5, 10, 30, 60],
      exclude_months: [12, 0, 0, 0],
      ...over,
    }) as unknown as PlanDetail
  const frozen = (witnesses: number) =>
    ({ witnesses: Array.from({ length: witnesses }, (_, i) => ({ seq: i + 1 })) }) as unknown as PlanDetail['draw']

  it('edits a draft with its items and categories as ids', () => {
    expect(planInputOf(plan())).toMatchObject({ item_ids: [3], categories: ['clinic'], joint_departments: ['market'] })
  })

  it('knows the ceremony step from the state and the witnesses', () => {
    expect(ceremonyStep(plan())).toBe(0)
    expect(ceremonyStep(plan({ status: 'frozen', draw: frozen(0) }))).toBe(2)
    expect(ceremonyStep(plan({ status: 'frozen', draw: frozen(1) }))).toBe(2)
    expect(ceremonyStep(plan({ status: 'frozen', draw: frozen(2) }))).toBe(3)
    expect(ceremonyStep(plan({ status: 'drawn', draw: frozen(2) }))).toBe(4)
    expect(ceremonyStep(plan({ status: 'cancelled' }))).toBe(0)
    expect(witnessesMissing(plan({ status: 'frozen', draw: frozen(1) }))).toBe(1)
    expect(witnessesMissing(plan({ witnesses_required: 3 }))).toBe(3)
  })

  it('lists every grade for the chart, zeros included', () => {
    expect(gradeRows({ A: 10, D: 3 }, { D: 2 })).toEqual([
      { grade: 'A', population: 10, drawn: 0 },
      { grade: 'B', population: 0, drawn: 0 },
      { grade: 'C', population: 0, drawn: 0 },
      { grade: 'D', population: 3, drawn: 2 },
    ])
  })

  it('reports progress and the verify command', () => {
    expect(planProgress({ tasks: 0, tasks_done: 0, tasks_published: 0 })).toEqual({ done: 0, published: 0 })
    expect(planProgress({ tasks: 4, tasks_done: 2, tasks_published: 1 })).toEqual({ done: 0.5, published: 0.25 })
    expect(drawVerifyCommand(12)).toBe('weijian draw verify 抽取记录-计划12.json')
    expect(recentYears('2026-03-01', 3)).toEqual([2026, 2025, 2024])
  })

  it('compares the year\'s joint plans with the minimum only when the server names one', () => {
    expect(jointPlansMet({})).toBeNull()
    expect(jointPlansMet({ joint_plans: 1, joint_plans_required: 2 })).toBe(false)
    expect(jointPlansMet({ joint_plans: 2, joint_plans_required: 2 })).toBe(true)
  })

  it('passes the server\'s field errors on', async () => {
    f.on('GET', '/api/v1/inspection/items', () =>
      problem(422, 'validation', '请求内容有误', [{ field: 'kind', message: '应为 routine 或 key' }]),
    )
    const e = await listItems({ kind: 'x' }, 1).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).fieldErrors()).toEqual({ kind: '应为 routine 或 key' })
  })
})

describe('results and photos', () => {
  it('drops findings and the lead when nothing was found', () => {
    expect(resultBody({ outcome: 'no_problem', findings: 'x', inspected_on: '2026-11-20', enforcement_lead: true })).toEqual({
      outcome: 'no_problem',
      findings: '',
      inspected_on: '2026-11-20',
      enforcement_lead: false,
    })
    expect(resultBody({ outcome: 'problem', findings: ' 无证行医 ', inspected_on: '2026-11-20', enforcement_lead: true })).toMatchObject({
      findings: '无证行医',
      enforcement_lead: true,
    })
  })

  it('sends a photo with the type the server takes', () => {
    expect(photoContentType({ name: 'a.JPG', type: '' })).toBe('image/jpeg')
    expect(photoContentType({ name: 'a', type: 'image/png' })).toBe('image/png')
    expect(photoContentType({ name: 'a.webp', type: '' })).toBe('image/webp')
    expect(photoContentType({ name: 'a.heic', type: 'image/heic' })).toBeNull()
    expect(photoContentType({ name: 'a.gif', type: '' })).toBeNull()
  })

  it('uploads the raw bytes with their content type and the name in the query', async () => {
    f.on('POST', /\/api\/v1\/inspection\/tasks\/4\/photos/, () => json({ id: 1, file_name: '现场.jpg', sm3: 'ab'.repeat(32) }, 201))
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], '现场.jpg', { type: 'image/jpeg' })
    const p = await uploadPhoto(4, file)
    expect(p.sm3).toHaveLength(64)
    const req = f.requests[0]!
    expect(req.query.get('name')).toBe('现场.jpg')
    const init = f.fetchMock.mock.calls[0]![1] as RequestInit
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('image/jpeg')
    expect(init.body).toBe(file)
  })

  it('refuses a photo type before sending it', async () => {
    const e = await uploadPhoto(4, new File(['x'], 'a.gif', { type: 'image/gif' })).catch((x: unknown) => x)
    expect((e as ApiError).detail).toMatch(/JPEG、PNG 或 WebP/)
    expect(f.requests).toHaveLength(0)
  })
})
