import { reactive, ref, shallowRef } from 'vue'
import { errorMessage } from '@/api/http'
import type { Page } from '@/api/credit'

/** A filtered, paginated list of the credit pages: filters, page, loading and error state. */
export function usePaged<T, F extends Record<string, string>>(
  blank: F,
  fetch: (filters: F, page: number, size: number) => Promise<Page<T>>,
) {
  const filters = reactive({ ...blank }) as F
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(20)
  const loading = ref(false)
  const error = ref<string | null>(null)
  async function load() {
    loading.value = true
    error.value = null
    try {
      const r = await fetch({ ...filters } as F, page.value, pageSize.value)
      items.value = r.items
      total.value = r.total
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }
  function search() {
    page.value = 1
    void load()
  }
  function reset() {
    Object.assign(filters, blank)
    search()
  }
  return { filters, items, total, page, pageSize, loading, error, load, search, reset }
}

/**
 * Runs a dialog's call: the server's errors go under the form's fields (`errs`), success runs
 * `done` (close, message, reload).
 */
export async function submitForm<R>(
  errs: { clear: () => void; show: (e: unknown) => void },
  call: () => Promise<R>,
  done: (result: R) => void,
): Promise<void> {
  errs.clear()
  try {
    done(await call())
  } catch (e) {
    errs.show(e)
  }
}
