import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { defineComponent, h, ref } from 'vue'
import { installFetchMock, json, problem } from '@/testing/fetchMock'
import type { Institution } from '@/api/registry'
import InstitutionFormDialog from './InstitutionFormDialog.vue'

let f: ReturnType<typeof installFetchMock>
let pinia: Pinia
let wrapper: VueWrapper | undefined
const saved: Array<[Institution, boolean]> = []

const JURISDICTIONS = [
  { id: 1, parent_id: null, code: '330300', name: '示范市', level: 'city', path: '/1/' },
  { id: 2, parent_id: 1, code: '330300D1', name: '东城区', level: 'district', path: '/1/2/' },
]

function sampleInstitution(overrides: Partial<Institution> = {}): Institution {
  return {
    id: 41,
    credit_code: '121101016D5GKFLE8N',
    name: '东城测试医院',
    category: 'hospital',
    category_label: '医院',
    ownership: 'public',
    profit_type: 'non_profit',
    grade: '3A',
    address: '东城区某路1号',
    jurisdiction_id: 2,
    jurisdiction_name: '东城区',
    legal_representative: '张三',
    person_in_charge: '李四',
    phone: '',
    beds: 120,
    clinical_subjects: '内科;外科',
    large_equipment: '',
    medins_code: null,
    status: 'active',
    created_at: '2026-11-22T00:00:00Z',
    updated_at: '2026-11-22T00:00:00Z',
    ...overrides,
  }
}

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  f = installFetchMock()
  f.on('GET', '/api/v1/jurisdictions', json({ items: JURISDICTIONS }))
  saved.length = 0
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function settle() {
  for (let i = 0; i < 5; i++) await flushPromises()
}

function mountForm(institution: Institution | null) {
  const Host = defineComponent({
    setup() {
      const open = ref(true)
      return () =>
        h(InstitutionFormDialog, {
          open: open.value,
          'onUpdate:open': (v: boolean) => (open.value = v),
          institution,
          onSaved: (i: Institution, created: boolean) => saved.push([i, created]),
        })
    },
  })
  wrapper = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body })
  return wrapper
}

const $ = (selector: string) => document.body.querySelector<HTMLElement>(selector)

async function type(testId: string, value: string) {
  const input = $(`[data-testid="${testId}"]`) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function fieldError(field: string): Promise<string> {
  const selector = `[data-testid="field-${field}"] .el-form-item__error`
  await vi.waitFor(() => expect($(selector)).not.toBeNull())
  return $(selector)!.textContent!.trim()
}

describe('InstitutionFormDialog', () => {
  it('edits only what the server lets change, sending just the differences, and shows its field errors', async () => {
    mountForm(sampleInstitution())
    await settle()
    // Identity fields are fixed after registration.
    expect(($('[data-testid="institution-credit-code"]') as HTMLInputElement).disabled).toBe(true)

    f.on(
      'PATCH',
      '/api/v1/institutions/41',
      problem(422, 'validation-failed', '请检查以下字段：name。', [{ field: 'name', message: '不能超过 100 个字符' }]),
      1,
    )
    await type('institution-name', '东城测试医院（新院区）')
    await type('institution-address', '  东城区某路2号 ')
    $('[data-testid="institution-form-submit"]')!.click()
    await settle()

    const [patch] = f.calls('/api/v1/institutions/41', 'PATCH')
    expect(patch!.body).toEqual({ name: '东城测试医院（新院区）', address: '东城区某路2号' })
    expect(await fieldError('name')).toBe('不能超过 100 个字符')
    expect(saved).toHaveLength(0)

    f.on('PATCH', '/api/v1/institutions/41', json(sampleInstitution({ name: '东城测试医院（新院区）' })))
    $('[data-testid="institution-form-submit"]')!.click()
    await settle()
    expect(saved).toHaveLength(1)
    expect(saved[0]![1]).toBe(false)
  })

  it("creates an institution and puts the server's credit-code verdict under the credit-code field", async () => {
    mountForm(null)
    await settle()

    // Required fields are checked here first: nothing is sent.
    $('[data-testid="institution-form-submit"]')!.click()
    await settle()
    expect(f.calls('/api/v1/institutions', 'POST')).toHaveLength(0)
    expect(await fieldError('credit_code')).toBe('请输入统一社会信用代码')
    expect(await fieldError('category')).toBe('请选择机构类别')

    // Fill the rest through the API-facing model: the dialog's selects are Element Plus poppers.
    await type('institution-credit-code', '12110101abcdefghj0')
    await type('institution-name', '东城社区卫生服务中心')
    await type('institution-address', '东城区和平街道1号')
    await type('institution-legal', '王五')
    await type('institution-charge', '赵六')
    $('[data-testid="institution-category"]')!.closest('.el-select')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    $('[data-testid="category-option-primary_care"]')!.click()
    ;($('[data-testid="ownership-public"] input') as HTMLInputElement).click()
    ;($('[data-testid="profit-non_profit"] input') as HTMLInputElement).click()
    await settle()

    f.on(
      'POST',
      '/api/v1/institutions',
      problem(422, 'validation-failed', '请检查以下字段：credit_code、jurisdiction_id。', [
        { field: 'credit_code', message: '统一社会信用代码校验位不正确，请核对后重新填写' },
        { field: 'jurisdiction_id', message: '不在您的管辖范围内' },
      ]),
    )
    // The jurisdiction: open the tree select and pick the district's node.
    const tree = $('[data-testid="institution-jurisdiction"]')!
    ;(tree.closest('.el-select') ?? tree).querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    const node = [...document.body.querySelectorAll<HTMLElement>('.el-tree-node__content')].find((n) =>
      n.textContent!.trim().startsWith('东城区（'),
    )
    expect(node).toBeDefined()
    node!.click()
    await settle()
    $('[data-testid="institution-form-submit"]')!.click()
    await settle()

    const [post] = f.calls('/api/v1/institutions', 'POST')
    expect(post!.body).toMatchObject({
      credit_code: '12110101ABCDEFGHJ0',
      name: '东城社区卫生服务中心',
      category: 'primary_care',
      ownership: 'public',
      profit_type: 'non_profit',
      jurisdiction_id: 2,
      grade: '',
      beds: 0,
    })
    expect(await fieldError('credit_code')).toBe('统一社会信用代码校验位不正确，请核对后重新填写')
    expect(await fieldError('jurisdiction_id')).toBe('不在您的管辖范围内')
    // Every refusal has a field: the alert above repeats only the summary.
    expect($('[data-testid="institution-form-error"]')!.textContent).toContain('请检查以下字段')
    expect(saved).toHaveLength(0)

    // Typing in the field clears its server message.
    await type('institution-credit-code', '121101016D5GKFLE8N')
    await vi.waitFor(() => expect($('[data-testid="field-credit_code"] .el-form-item__error')).toBeNull())
  })
})
