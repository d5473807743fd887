import { reactive, ref } from 'vue'
import { ApiError, errorMessage } from '@/api/http'

/**
 * The server's verdict on a submitted form: messages for the fields the form shows (bind
 * each to its el-form-item's `error`), and one message for everything else.
 *
 *   const errs = useServerErrors(['username', 'password'])
 *   <el-form-item :error="errs.fields.username"> … <el-alert v-if="errs.general.value" …>
 */
export function useServerErrors<F extends string>(formFields: readonly F[]) {
  const fields = reactive<Record<string, string>>({}) as Record<F, string>
  const general = ref<string | null>(null)
  const known = new Set<string>(formFields)

  function clear(field?: F) {
    if (field) {
      fields[field] = ''
      return
    }
    for (const f of formFields) fields[f] = ''
    general.value = null
  }
  clear()

  /**
   * Show an error thrown by a call. Field errors go under their fields; the general message
   * is the problem's detail (unless it only repeats a field's message) followed by any field
   * errors the form has no place for.
   */
  function show(error: unknown) {
    clear()
    if (!(error instanceof ApiError)) {
      general.value = errorMessage(error)
      return
    }
    const stray: string[] = []
    for (const e of error.errors) {
      if (known.has(e.field)) {
        const f = e.field as F
        if (!fields[f]) fields[f] = e.message
      } else {
        stray.push(e.message)
      }
    }
    const placed = new Set(error.errors.filter((e) => known.has(e.field)).map((e) => e.message))
    const parts = [placed.has(error.detail) ? '' : error.detail, ...stray].filter(Boolean)
    general.value = parts.length ? parts.join('；') : null
  }

  return { fields, general, clear, show }
}
