import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { installFetchMock, json, problem } from '@/testing/fetchMock'
import { licenseStatusOn, type LicenseStatusOn } from '@/api/registry'
import { todayInBeijing } from '@/utils/format'
import StatusOnDate from './StatusOnDate.vue'

let f: ReturnType<typeof installFetchMock>
let wrapper: VueWrapper | undefined

beforeEach(() => {
  f = installFetchMock()
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

/** The component as a licence card uses it: the real API call, the answer in the slot. */
function mountFor(licenseId: number) {
  const Host = defineComponent({
    setup() {
      return () =>
        h(
          StatusOnDate<LicenseStatusOn>,
          { ref: 'inner', query: (on: string, signal: AbortSignal) => licenseStatusOn(licenseId, on, signal) },
          {
            default: ({ result, on }: { result: LicenseStatusOn; on: string }) =>
              h('span', { class: 'answer' }, `${on} ${result.status_label} 自${result.since ?? '—'}`),
          },
        )
    },
  })
  wrapper = mount(Host, { attachTo: document.body })
  return wrapper
}

const inner = (w: VueWrapper) => w.findComponent(StatusOnDate) as unknown as VueWrapper<{ date: string | null }>

async function submit(w: VueWrapper) {
  await w.find('[data-testid="status-on-date-submit"]').trigger('click')
  for (let i = 0; i < 4; i++) await flushPromises()
}

describe('StatusOnDate', () => {
  it('offers today, asks the server about the chosen day and shows its answer', async () => {
    f.on('GET', '/api/v1/licenses/5/status', (req) =>
      json({
        license_id: 5,
        license_no: 'PDY001',
        on: req.query.get('on'),
        status: req.query.get('on')! < '2025-03-01' ? 'valid' : 'suspended',
        status_label: req.query.get('on')! < '2025-03-01' ? '有效' : '暂停执业',
        valid: req.query.get('on')! < '2025-03-01',
        since: req.query.get('on')! < '2025-03-01' ? '2024-01-10' : '2025-03-01',
      }),
    )
    const w = mountFor(5)
    expect(inner(w).vm.date).toBe(todayInBeijing())
    expect(w.find('[data-testid="status-on-date-result"]').exists()).toBe(false)

    await submit(w)
    expect(f.calls('/api/v1/licenses/5/status')[0]!.url).toBe(`/api/v1/licenses/5/status?on=${todayInBeijing()}`)
    expect(w.find('.answer').text()).toBe(`${todayInBeijing()} 暂停执业 自2025-03-01`)

    // Another day: asked again, answered for that day.
    inner(w).vm.date = '2025-02-01'
    await flushPromises()
    await submit(w)
    const calls = f.calls('/api/v1/licenses/5/status')
    expect(calls).toHaveLength(2)
    expect(calls[1]!.query.get('on')).toBe('2025-02-01')
    expect(w.find('.answer').text()).toBe('2025-02-01 有效 自2024-01-10')
  })

  it("shows the server's Chinese reason when it refuses, and no stale answer", async () => {
    f.on('GET', '/api/v1/licenses/5/status', json({ license_id: 5, license_no: 'P', on: '2025-01-01', status: 'valid', status_label: '有效', valid: true, since: null }), 1)
    const w = mountFor(5)
    await submit(w)
    expect(w.find('.answer').exists()).toBe(true)

    f.on('GET', '/api/v1/licenses/5/status', problem(404, 'not-found', '执业许可证不存在，或不在您的管辖范围内。'))
    await submit(w)
    expect(w.find('[data-testid="status-on-date-error"]').text()).toBe('执业许可证不存在，或不在您的管辖范围内。')
    expect(w.find('.answer').exists()).toBe(false)
  })

  it('asks for a day before calling the server when none is chosen', async () => {
    const w = mountFor(5)
    inner(w).vm.date = null
    await flushPromises()
    await submit(w)
    expect(f.requests).toHaveLength(0)
    expect(w.find('[data-testid="status-on-date-error"]').text()).toBe('请选择要查询的日期')
  })
})
