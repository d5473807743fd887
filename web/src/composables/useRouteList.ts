import { computed, onBeforeUnmount, onMounted, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import { errorMessage } from '@/api/http'
import type { Page } from '@/api/users'
import {
  DEFAULT_PAGE_SIZE,
  filterQuery,
  queryPositive,
  routeListQuery,
  type FilterValue,
} from '@/utils/listQuery'

export interface RouteListOptions<F extends object, T> {
  /** The list's route: the address is its state only while it is shown. */
  routeName: string
  /** The filters the address carries. */
  fromQuery: (query: LocationQuery) => F
  /** The filters with nothing chosen. */
  blank: () => F
  fetch: (filters: F, page: number, pageSize: number, signal: AbortSignal) => Promise<Page<T>>
}

/**
 * A paged, filtered list whose filters and page live in the address bar: a search can be
 * bookmarked, linked to from another page (「该机构的人员」), and is still there after going
 * to a detail page and back. Any change of the address reloads.
 */
export function useRouteList<F extends object, T>(options: RouteListOptions<F, T>) {
  const route = useRoute()
  const router = useRouter()

  const filters = reactive(options.fromQuery(route.query)) as F
  const asQuery = (f: unknown) => f as Record<string, FilterValue>
  const page = computed(() => queryPositive(route.query, 'page', 1))
  const pageSize = computed(() => queryPositive(route.query, 'page_size', DEFAULT_PAGE_SIZE))

  const items = shallowRef<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const loadedOnce = ref(false)
  let controller: AbortController | null = null

  async function load() {
    controller?.abort()
    const current = new AbortController()
    controller = current
    loading.value = true
    error.value = null
    try {
      const result = await options.fetch(options.fromQuery(route.query), page.value, pageSize.value, current.signal)
      items.value = result.items
      total.value = result.total
      loadedOnce.value = true
      // The last page may have emptied (records changed meanwhile): step back to a real one.
      if (result.items.length === 0 && result.total > 0 && page.value > 1) {
        go(Math.max(1, Math.ceil(result.total / pageSize.value)))
      }
    } catch (e) {
      if (current.signal.aborted) return
      error.value = errorMessage(e)
    } finally {
      if (controller === current) {
        loading.value = false
        controller = null
      }
    }
  }

  /** Show this page of the current filters (navigates; the address change reloads). */
  function go(p: number, size: number = pageSize.value) {
    const query = routeListQuery(asQuery(filters), p, size)
    const now = routeListQuery(asQuery(options.fromQuery(route.query)), page.value, pageSize.value)
    // The same address again (「查询」 pressed twice): no navigation happens, so reload here.
    if (JSON.stringify(query) === JSON.stringify(now)) void load()
    else void router.replace({ query })
  }

  const search = () => go(1)
  const changePage = (p: number) => go(p)
  const changePageSize = (size: number) => go(1, size)

  function reset() {
    Object.assign(filters, options.blank())
    search()
  }

  const hasFilters = computed(() => Object.keys(filterQuery(asQuery(options.fromQuery(route.query)))).length > 0)

  watch(
    () => route.query,
    (query) => {
      if (route.name !== options.routeName) return
      Object.assign(filters, options.fromQuery(query))
      void load()
    },
  )

  onMounted(() => void load())
  onBeforeUnmount(() => controller?.abort())

  return {
    filters,
    page,
    pageSize,
    items,
    total,
    loading,
    error,
    loadedOnce,
    hasFilters,
    load,
    go,
    search,
    changePage,
    changePageSize,
    reset,
  }
}
