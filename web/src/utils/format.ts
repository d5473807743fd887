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
