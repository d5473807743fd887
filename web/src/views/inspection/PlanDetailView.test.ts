import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { installFetchMock, json } from '@/testing/fetchMock'
import { sampleSession } from '@/testing/fixtures'
import { useAuthStore } from '@/stores/auth'
import type { PlanDetail } from '@/api/inspection'
import PlanDetailView from './PlanDetailView.vue'

let f: ReturnType<typeof installFetchMock>
let pinia: Pinia
let router: Router
let wrapper: VueWrapper | undefined

const HASH = (c: string) => c.repeat(64)

function samplePlan(over: Partial<PlanDetail> = {}): PlanDetail {
  return {
    id: 5,
    title: '诊所抽查',
    year: 2026,
    period_start: '2026-11-22',
    period_end: '2026-12-31',
    lead_department_id: 1,
    lead_department_name: '卫生健康委员会',
    lead_department_code: 'health',
    joint_departments: ['market_regulation'],
    categories: [{ id: 'clinic', label: '诊所、门诊部' }],
    ownership: '',
    scope_jurisdiction_id: 2,
    scope_jurisdiction_name: '东城区',
    ratios_percent: [5, 10, 30, 60],
    min_total: 0,
    max_total: null,
    exclude_months: [12, 0, 0, 0],
    inspectors_per_task: 2,
    avoid_repeat: true,
    witnesses_required: 2,
    public_source: '',
    status: 'draft',
    status_label: '草拟',
    created_at: '2026-11-22T00:00:00Z',
    updated_at: '2026-11-22T00:00:00Z',
    items: [],
    tasks: 0,
    tasks_done: 0,
    tasks_published: 0,
    draw: null,
    drawn_by_grade: {},
    ...over,
  }
}

function frozenDraw(witnesses: number, drawn = false): PlanDetail['draw'] {
  return {
    population_digest: HASH('a'),
    population_size: 120,
    population_by_grade: { A: 100, B: 20 },
    pool_digest: HASH('b'),
    pool_size: 30,
    commitment: HASH('c'),
    nonce: drawn ? HASH('d') : '',
    seed: drawn ? HASH('e') : '',
    result_digest: drawn ? HASH('f') : '',
    frozen_at: '2026-11-22T01:00:00Z',
    drawn_at: drawn ? '2026-11-22T02:00:00Z' : '',
    witnesses: Array.from({ length: witnesses }, (_, i) => ({
      seq: i + 1,
      witness_name: `见证人${i + 1}`,
      input: String(1000 + i),
      entered_at: '2026-11-22T01:30:00Z',
      entered_by: `账户${i + 1}`,
      user_id: 100 + i,
    })),
  }
}

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  f = installFetchMock()
  f.on('GET', '/api/v1/departments', json({ items: [{ id: 3, code: 'market_regulation', name: '市场监督管理局' }] }))
  f.on('GET', '/api/v1/inspection/tasks', json({ items: [], total: 0, page: 1, page_size: 10 }))
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/inspection/plans', name: 'inspection-plans', component: { render: () => null } },
      { path: '/inspection/plans/:id', name: 'inspection-plan', component: PlanDetailView },
      { path: '/inspection/tasks', name: 'inspection-tasks', component: { render: () => null } },
      { path: '/inspection/tasks/:id', name: 'inspection-task', component: { render: () => null } },
    ],
  })
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountPlan(plan: PlanDetail, permissions: string[], userId = 1) {
  f.on('GET', '/api/v1/auth/me', json(sampleSession(permissions, { id: userId })))
  f.on('GET', `/api/v1/inspection/plans/${plan.id}`, json(plan))
  await useAuthStore().refresh()
  await router.push(`/inspection/plans/${plan.id}`)
  await router.isReady()
  wrapper = mount(PlanDetailView, {
    global: { plugins: [pinia, router], stubs: { BarsChart: true } },
    attachTo: document.body,
  })
  for (let i = 0; i < 6; i++) await flushPromises()
  return wrapper
}

const MANAGER = ['inspection.read', 'inspection.manage', 'inspection.witness']
const WITNESS = ['inspection.read', 'inspection.witness']
const has = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`).exists()

describe('the draw ceremony page', () => {
  it('offers a draft\'s freeze, edit and cancel only to a manager', async () => {
    const w = await mountPlan(samplePlan(), MANAGER)
    expect(has(w, 'plan-freeze')).toBe(true)
    expect(has(w, 'plan-edit')).toBe(true)
    expect(has(w, 'plan-cancel')).toBe(true)
    expect(w.text()).toContain('市场监督管理局')
    wrapper!.unmount()
    const r = await mountPlan(samplePlan(), WITNESS)
    expect(has(r, 'plan-freeze')).toBe(false)
    expect(has(r, 'plan-edit')).toBe(false)
    expect(has(r, 'plan-cancel')).toBe(false)
  })

  it('shows the commitment once frozen, and keeps the draw shut until every witness is in', async () => {
    const w = await mountPlan(samplePlan({ status: 'frozen', status_label: '已冻结，待抽取', draw: frozenDraw(1) }), MANAGER)
    expect(w.find('[data-testid="draw-commitment"]').text()).toContain(HASH('c'))
    expect(has(w, 'plan-freeze')).toBe(false)
    expect(has(w, 'plan-edit')).toBe(false)
    const draw = w.find('[data-testid="plan-draw"]')
    expect(draw.exists()).toBe(true)
    expect(draw.attributes('disabled')).toBeDefined()
    expect(w.text()).toContain('还需 1 位见证人')
    expect(has(w, 'witness-form')).toBe(true)
    expect(w.findAll('[data-testid="witness-input"]').map((e) => e.text())).toEqual(['1000'])
  })

  it('does not let the same account witness twice', async () => {
    const w = await mountPlan(samplePlan({ status: 'frozen', draw: frozenDraw(1) }), WITNESS, 100)
    expect(has(w, 'witness-form')).toBe(false)
    expect(w.text()).toContain('您已录入')
  })

  it('enables the draw with all witnesses in, for a manager only', async () => {
    const w = await mountPlan(samplePlan({ status: 'frozen', draw: frozenDraw(2) }), MANAGER)
    expect(w.find('[data-testid="plan-draw"]').attributes('disabled')).toBeUndefined()
    expect(has(w, 'witness-form')).toBe(false)
    wrapper!.unmount()
    const r = await mountPlan(samplePlan({ status: 'frozen', draw: frozenDraw(2) }), WITNESS)
    expect(has(r, 'plan-draw')).toBe(false)
  })

  it('shows the seed after the draw, with no draw button, the verify command and publication', async () => {
    const w = await mountPlan(
      samplePlan({ status: 'drawn', status_label: '已抽取', draw: frozenDraw(2, true), drawn_by_grade: { A: 5, B: 2 }, tasks: 7 }),
      MANAGER,
    )
    expect(w.find('[data-testid="draw-seed"]').text()).toContain(HASH('e'))
    expect(has(w, 'draw-done')).toBe(true)
    expect(has(w, 'plan-draw')).toBe(false)
    expect(has(w, 'plan-cancel')).toBe(false)
    expect(has(w, 'plan-publish')).toBe(true)
    expect(w.find('[data-testid="step-result"]').text()).toContain('weijian draw verify 抽取记录-计划5.json')
    expect(f.calls('/api/v1/inspection/tasks')[0]!.query.get('plan_id')).toBe('5')
  })
})
