import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, type PropType } from 'vue'
import { ApiError } from '@/api/http'
import type { SystemCount, SystemInfo } from '@/api/system'
import HomeView from './HomeView.vue'

// The API is mocked; everything else (formatting, store labels) is the real code.
vi.mock('@/api/system', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api/system')>()
  return { ...actual, getSystemInfo: vi.fn() }
})

// ECharts needs a real canvas: stand the chart in with a component that shows what it was given.
vi.mock('@/components/CountsChart.vue', () => ({
  __esModule: true,
  default: defineComponent({
    props: { counts: { type: Array as PropType<SystemCount[]>, required: true } },
    setup: (props) => () =>
      h('div', { 'data-testid': 'chart-stub' }, props.counts.map((c) => `${c.key}=${c.count}`).join(',')),
  }),
}))

const { getSystemInfo } = await import('@/api/system')
const getSystemInfoMock = vi.mocked(getSystemInfo)

function sample(overrides: Partial<SystemInfo> = {}): SystemInfo {
  return {
    product: '卫监',
    version: '0.3.7',
    started_at: '2026-11-22T08:00:00Z',
    uptime_seconds: 3 * 86_400 + 4 * 3_600 + 12 * 60,
    store: { kind: 'postgresql', schema_version: 5 },
    counts: [
      { key: 'schema_migrations', label: '已应用的数据库迁移', count: 5 },
      { key: 'institution', label: '医疗卫生机构', count: 12_345 },
      { key: 'practitioner', label: '医务人员', count: 0 },
    ],
    ...overrides,
  }
}

let wrapper: VueWrapper | undefined

function mountHome() {
  wrapper = mount(HomeView, { attachTo: document.body })
  return wrapper
}

/** Let the request resolve and the lazily loaded chart render. */
async function settle() {
  for (let i = 0; i < 5; i++) await flushPromises()
}

const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)

beforeEach(() => {
  getSystemInfoMock.mockReset()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('HomeView', () => {
  it('shows a skeleton while the figures load', async () => {
    getSystemInfoMock.mockReturnValue(new Promise(() => {}))
    const w = mountHome()
    await flushPromises()
    expect(byTestId(w, 'loading').exists()).toBe(true)
    expect(byTestId(w, 'info-version').exists()).toBe(false)
    expect(byTestId(w, 'load-error').exists()).toBe(false)
  })

  it('renders the live figures it was given, every count generically', async () => {
    getSystemInfoMock.mockResolvedValue(sample())
    const w = mountHome()
    await settle()

    expect(getSystemInfoMock).toHaveBeenCalledTimes(1)
    expect(byTestId(w, 'loading').exists()).toBe(false)
    expect(byTestId(w, 'info-version').text()).toBe('0.3.7')
    expect(byTestId(w, 'info-store-kind').text()).toBe('PostgreSQL')
    expect(byTestId(w, 'info-schema-version').text()).toBe('5')
    expect(byTestId(w, 'info-uptime').text()).toBe('3 天 4 小时 12 分')
    expect(byTestId(w, 'info-started-at').text()).toBe('2026-11-22 16:00:00')

    const institution = byTestId(w, 'count-institution')
    expect(institution.exists()).toBe(true)
    expect(institution.text()).toContain('医疗卫生机构')
    expect(institution.text()).toContain('12,345')
    expect(byTestId(w, 'count-practitioner').text()).toContain('医务人员')
    expect(byTestId(w, 'count-practitioner').text()).toContain('0')
    expect(byTestId(w, 'count-schema_migrations').text()).toContain('5')
    expect(w.findAll('[data-testid^="count-"]')).toHaveLength(3)

    // Three counts: the chart is drawn, with all of them.
    expect(byTestId(w, 'counts-chart').exists()).toBe(true)
    expect(byTestId(w, 'chart-stub').text()).toBe('schema_migrations=5,institution=12345,practitioner=0')
  })

  it('shows SQLite as the embedded store and draws no chart for a single count', async () => {
    getSystemInfoMock.mockResolvedValue(
      sample({
        store: { kind: 'sqlite', schema_version: 1 },
        counts: [{ key: 'schema_migrations', label: '已应用的数据库迁移', count: 1 }],
      }),
    )
    const w = mountHome()
    await settle()
    expect(byTestId(w, 'info-store-kind').text()).toBe('SQLite（嵌入式）')
    expect(byTestId(w, 'count-schema_migrations').text()).toContain('已应用的数据库迁移')
    expect(byTestId(w, 'counts-chart').exists()).toBe(false)
  })

  it('says so when there are no counts yet', async () => {
    getSystemInfoMock.mockResolvedValue(sample({ counts: [] }))
    const w = mountHome()
    await settle()
    expect(w.text()).toContain('暂无统计数据')
    expect(w.findAll('[data-testid^="count-"]')).toHaveLength(0)
  })

  it('shows the error detail and recovers on retry', async () => {
    getSystemInfoMock.mockRejectedValueOnce(
      new ApiError({
        status: 503,
        type: 'https://weijian.example/problems/store-unavailable',
        title: '数据库不可用',
        detail: '数据库暂时无法连接，请稍后重试',
      }),
    )
    const w = mountHome()
    await settle()

    const alert = byTestId(w, 'load-error')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toContain('系统信息加载失败')
    expect(byTestId(w, 'load-error-detail').text()).toBe('数据库暂时无法连接，请稍后重试')
    expect(byTestId(w, 'info-version').exists()).toBe(false)
    expect(byTestId(w, 'loading').exists()).toBe(false)

    getSystemInfoMock.mockResolvedValueOnce(sample({ version: '0.4.0' }))
    await byTestId(w, 'retry').trigger('click')
    await settle()

    expect(getSystemInfoMock).toHaveBeenCalledTimes(2)
    expect(byTestId(w, 'load-error').exists()).toBe(false)
    expect(byTestId(w, 'info-version').text()).toBe('0.4.0')
  })

  it('shows the network message when the server cannot be reached', async () => {
    getSystemInfoMock.mockRejectedValueOnce(
      new ApiError({ status: 0, type: 'about:network-error', title: '网络错误', detail: '无法连接服务器，请检查网络后重试' }),
    )
    const w = mountHome()
    await settle()
    expect(byTestId(w, 'load-error-detail').text()).toBe('无法连接服务器，请检查网络后重试')
  })

  it('fetches again on refresh and shows the new figures', async () => {
    getSystemInfoMock.mockResolvedValueOnce(sample())
    const w = mountHome()
    await settle()
    expect(byTestId(w, 'count-institution').text()).toContain('12,345')

    const grown = sample()
    grown.counts = [...grown.counts, { key: 'inspector', label: '执法人员', count: 42 }]
    grown.counts[1] = { key: 'institution', label: '医疗卫生机构', count: 12_346 }
    getSystemInfoMock.mockResolvedValueOnce(grown)
    await byTestId(w, 'refresh').trigger('click')
    await settle()

    expect(getSystemInfoMock).toHaveBeenCalledTimes(2)
    expect(byTestId(w, 'count-institution').text()).toContain('12,346')
    expect(byTestId(w, 'count-inspector').text()).toContain('42')
  })

  it('keeps the uptime running between refreshes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    try {
      getSystemInfoMock.mockResolvedValue(sample({ uptime_seconds: 59 * 60 }))
      const w = mountHome()
      await settle()
      expect(byTestId(w, 'info-uptime').text()).toBe('59 分')
      vi.advanceTimersByTime(2 * 60 * 1000)
      await flushPromises()
      expect(byTestId(w, 'info-uptime').text()).toBe('1 小时 1 分')
    } finally {
      vi.useRealTimers()
    }
  })
})
