/** Formatting for the screen: durations, times and numbers as Chinese users read them. */

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

/**
 * A duration in whole seconds as Chinese text: 「3 天 4 小时 12 分」.
 * Leading zero units are left out (「4 小时 0 分」, 「12 分」); under a minute it counts
 * seconds (「45 秒」). Negative or non-finite input gives 「—」.
 */
export function formatUptime(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '—'
  const seconds = Math.floor(totalSeconds)
  if (seconds < 60) return `${seconds} 秒`
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3_600)
  const minutes = Math.floor((seconds % 3_600) / 60)
  const parts: string[] = []
  if (days > 0) parts.push(`${days} 天`)
  if (days > 0 || hours > 0) parts.push(`${hours} 小时`)
  parts.push(`${minutes} 分`)
  return parts.join(' ')
}

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/**
 * An instant as Beijing time, `YYYY-MM-DD HH:mm:ss`.
 * Accepts an RFC 3339 string, a Date or epoch milliseconds; gives 「—」 when invalid.
 */
export function formatDateTime(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  const parts: Record<string, string> = {}
  for (const p of dateTimeFormat.formatToParts(date)) parts[p.type] = p.value
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

const integerFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

/** An integer with thousands separators: 12,345. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? integerFormat.format(n) : '—'
}

/** A nullable instant as Beijing time, with 「—」 (or the given text) when absent. */
export function formatOptionalDateTime(value: string | null | undefined, empty = '—'): string {
  return value ? formatDateTime(value) : empty
}

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The Beijing calendar day of an instant, `YYYY-MM-DD` (what the API's date filters take). */
export function formatDate(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return dateFormat.format(date)
}

/** Whether an instant (RFC 3339, or null) lies after `now`. */
export function isFuture(value: string | null | undefined, now: number = Date.now()): boolean {
  if (!value) return false
  const t = new Date(value).getTime()
  return Number.isFinite(t) && t > now
}

/**
 * A base32 secret in groups of four for reading aloud or typing by hand:
 * 「JBSW Y3DP EHPK 3PXP」. Padding and spaces in the input are dropped.
 */
export function groupSecret(secret: string): string {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase()
  return clean.match(/.{1,4}/g)?.join(' ') ?? ''
}

/** A short hash for tables: the first and last characters, 「a1b2c3d4…e5f6」. */
export function shortHash(hash: string | null | undefined, head = 8, tail = 4): string {
  if (!hash) return '—'
  if (hash.length <= head + tail + 1) return hash
  return `${hash.slice(0, head)}…${hash.slice(-tail)}`
}

/** Today on the Beijing calendar, `YYYY-MM-DD` (the registry's dates are Beijing days). */
export function todayInBeijing(now: number = Date.now()): string {
  return formatDate(now)
}

/** Whole days from one `YYYY-MM-DD` day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.NaN
  return Math.round((b - a) / 86_400_000)
}

/** A ratio 0…1 as a percentage with one decimal: 0.8734 → 「87.3%」. */
export function formatPercent(rate: number): string {
  if (!Number.isFinite(rate)) return '—'
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}
