import type { LocationQuery } from 'vue-router'

/**
 * Filters of a list page ↔ query strings. The registry's list routes take the same names in
 * the API as the page keeps in its address, so one function serves both: what the user chose,
 * with empty choices left out.
 */
export type FilterValue = string | number | boolean | null | undefined

/**
 * The non-empty filters as strings: blank strings, null, undefined and false are left out,
 * strings are trimmed, true becomes `'true'` (the server's spelling of a switch).
 */
export function filterQuery(filters: Record<string, FilterValue>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(filters)) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === 'string') {
      const v = value.trim()
      if (v) out[key] = v
    } else if (value === true) {
      out[key] = 'true'
    } else if (Number.isFinite(value)) {
      out[key] = String(value)
    }
  }
  return out
}

export const DEFAULT_PAGE_SIZE = 20

/** What the API is asked: the filters plus the page (always sent). */
export function apiListQuery(
  filters: Record<string, FilterValue>,
  page: number,
  pageSize: number = DEFAULT_PAGE_SIZE,
): Record<string, string> {
  return { ...filterQuery(filters), page: String(page), page_size: String(pageSize) }
}

/** What the address bar shows: the filters plus the page when it is not the default. */
export function routeListQuery(
  filters: Record<string, FilterValue>,
  page: number,
  pageSize: number = DEFAULT_PAGE_SIZE,
): Record<string, string> {
  const q = filterQuery(filters)
  if (page > 1) q.page = String(page)
  if (pageSize !== DEFAULT_PAGE_SIZE) q.page_size = String(pageSize)
  return q
}

/** One value of a route query (the first when repeated), '' when absent. */
export function queryString(query: LocationQuery, key: string): string {
  const v = query[key]
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')) || ''
}

/** A positive integer from the route query, or the fallback. */
export function queryPositive(query: LocationQuery, key: string, fallback: number): number {
  const n = Number.parseInt(queryString(query, key), 10)
  return Number.isFinite(n) && n > 0 ? n : fallback
}

/** An id from the route query, or null. */
export function queryId(query: LocationQuery, key: string): number | null {
  const n = queryPositive(query, key, 0)
  return n > 0 ? n : null
}

/** A value from the route query only when it is one of the allowed ones, else ''. */
export function queryOneOf(query: LocationQuery, key: string, allowed: readonly { value: string }[]): string {
  const v = queryString(query, key)
  return allowed.some((a) => a.value === v) ? v : ''
}
