import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, type Router } from 'vue-router'
import { installFetchMock, json, problem } from '@/testing/fetchMock'
import { createAppRouter } from '@/router/create'
import App from '@/App.vue'

let f: ReturnType<typeof installFetchMock>
let router: Router
let wrapper: VueWrapper | undefined

beforeEach(() => {
  setActivePinia(createPinia())
  f = installFetchMock()
  router = createAppRouter(createMemoryHistory())
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function settle() {
  for (let i = 0; i < 6; i++) await flushPromises()
}

async function open(path: string) {
  await router.push(path)
  wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
  await router.isReady()
  await settle()
  return wrapper
}

async function searchFor(w: VueWrapper, text: string) {
  // Element Plus puts the test id on the <input> itself.
  await w.find('input[data-testid="portal-practitioner-q"]').setValue(text)
  await w.find('form[role="search"]').trigger('submit')
  await settle()
}

describe('portal practitioner search', () => {
  it("asks nothing on arrival, and shows the server's Chinese reason when the search is empty", async () => {
    const w = await open('/portal/practitioners')
    expect(f.requests).toHaveLength(0)
    expect(w.text()).toContain('请输入姓名或执业证书编号后查询')

    f.on('GET', '/api/v1/public/practitioners', problem(400, 'bad-request', '请输入姓名或执业证书编号，或选择机构。', [{ field: 'q', message: '必填' }]))
    await searchFor(w, '   ')
    expect(f.calls('/api/v1/public/practitioners')).toHaveLength(1)
    expect(w.find('[data-testid="portal-practitioner-error"]').text()).toContain('请输入姓名或执业证书编号，或选择机构。')
    // No session was asked for, and the visitor stays on the portal.
    expect(f.calls('/api/v1/auth/me')).toHaveLength(0)
    expect(router.currentRoute.value.name).toBe('portal-practitioners')
  })

  it('searches by name through the address, and lists who it found', async () => {
    f.on('GET', '/api/v1/public/practitioners', (req) =>
      json({
        items:
          req.query.get('q') === '赵'
            ? [{ id: 1, name: '赵护士', kind_label: '护士', practice_cert_no: 'N2022001', practice_category: '护理', practice_scope: '', institution_name: '东城测试医院', institution_id: 3 }]
            : [],
        total: req.query.get('q') === '赵' ? 1 : 0,
        page: 1,
        page_size: 10,
      }),
    )
    const w = await open('/portal/practitioners')
    await searchFor(w, '赵')
    expect(router.currentRoute.value.query).toEqual({ q: '赵' })
    const [call] = f.calls('/api/v1/public/practitioners')
    expect(call!.url).toBe('/api/v1/public/practitioners?q=%E8%B5%B5&page=1&page_size=10')
    const cards = w.findAll('[data-testid="portal-practitioner"]')
    expect(cards).toHaveLength(1)
    expect(cards[0]!.text()).toContain('赵护士')
    expect(cards[0]!.text()).toContain('N2022001')
    expect(cards[0]!.text()).toContain('东城测试医院')
    expect(w.find('[data-testid="portal-practitioner-error"]').exists()).toBe(false)
  })
})
