import { describe, expect, it } from 'vitest'
import {
  daysBetween,
  formatPercent,
  todayInBeijing,
  formatCount,
  formatDate,
  formatDateTime,
  formatOptionalDateTime,
  formatUptime,
  groupSecret,
  isFuture,
  shortHash,
} from './format'

describe('formatUptime', () => {
  it('writes days, hours and minutes in Chinese', () => {
    expect(formatUptime(3 * 86_400 + 4 * 3_600 + 12 * 60 + 59)).toBe('3 天 4 小时 12 分')
  })

  it('keeps zero hours once there are days', () => {
    expect(formatUptime(86_400 + 5 * 60)).toBe('1 天 0 小时 5 分')
  })

  it('leaves out leading zero units', () => {
    expect(formatUptime(2 * 3_600)).toBe('2 小时 0 分')
    expect(formatUptime(1_234)).toBe('20 分')
    expect(formatUptime(60)).toBe('1 分')
  })

  it('counts seconds under a minute', () => {
    expect(formatUptime(0)).toBe('0 秒')
    expect(formatUptime(59.9)).toBe('59 秒')
  })

  it('shows a dash for nonsense', () => {
    expect(formatUptime(-1)).toBe('—')
    expect(formatUptime(Number.NaN)).toBe('—')
    expect(formatUptime(Number.POSITIVE_INFINITY)).toBe('—')
  })

  it('handles long uptimes', () => {
    expect(formatUptime(400 * 86_400 + 23 * 3_600 + 59 * 60)).toBe('400 天 23 小时 59 分')
  })
})

describe('formatDateTime', () => {
  it('shows UTC instants as Beijing time', () => {
    expect(formatDateTime('2026-11-22T08:00:00Z')).toBe('2026-11-22 16:00:00')
    // Crossing midnight in Beijing moves the date.
    expect(formatDateTime('2026-12-31T16:30:05Z')).toBe('2027-01-01 00:30:05')
    expect(formatDateTime(Date.UTC(2026, 0, 1, 0, 0, 0))).toBe('2026-01-01 08:00:00')
  })

  it('honours an explicit offset in the input', () => {
    expect(formatDateTime('2026-11-22T16:00:00+08:00')).toBe('2026-11-22 16:00:00')
  })

  it('shows a dash for an invalid time', () => {
    expect(formatDateTime('not a time')).toBe('—')
  })
})

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(1_234_567)).toBe('1,234,567')
  })
})

describe('formatDate', () => {
  it('gives the Beijing calendar day', () => {
    expect(formatDate('2026-12-31T16:30:05Z')).toBe('2027-01-01')
    expect(formatDate('2026-12-31T15:59:59Z')).toBe('2026-12-31')
    expect(formatDate('nonsense')).toBe('—')
  })
})

describe('formatOptionalDateTime', () => {
  it('shows a dash or the given text when there is no time', () => {
    expect(formatOptionalDateTime(null)).toBe('—')
    expect(formatOptionalDateTime(undefined, '从未登录')).toBe('从未登录')
    expect(formatOptionalDateTime('2026-11-22T08:00:00Z')).toBe('2026-11-22 16:00:00')
  })
})

describe('isFuture', () => {
  it('compares with now', () => {
    const now = Date.UTC(2026, 10, 22, 8, 0, 0)
    expect(isFuture('2026-11-22T08:00:01Z', now)).toBe(true)
    expect(isFuture('2026-11-22T08:00:00Z', now)).toBe(false)
    expect(isFuture(null, now)).toBe(false)
    expect(isFuture('garbage', now)).toBe(false)
  })
})

describe('groupSecret', () => {
  it('groups base32 in fours, dropping padding and spaces', () => {
    expect(groupSecret('jbswy3dpehpk3pxp')).toBe('JBSW Y3DP EHPK 3PXP')
    expect(groupSecret('JBSWY3DPEH==')).toBe('JBSW Y3DP EH')
    expect(groupSecret('')).toBe('')
  })
})

describe('shortHash', () => {
  it('keeps the head and tail of long hashes', () => {
    expect(shortHash('0123456789abcdef0123456789abcdef')).toBe('01234567…cdef')
    expect(shortHash('abc')).toBe('abc')
    expect(shortHash(null)).toBe('—')
  })
})

describe('registry dates and rates', () => {
  it('gives the Beijing calendar day, also just after midnight in Beijing', () => {
    expect(todayInBeijing(Date.parse('2026-11-22T16:30:00Z'))).toBe('2026-11-23')
    expect(todayInBeijing(Date.parse('2026-11-22T15:59:59Z'))).toBe('2026-11-22')
  })

  it('counts whole days between two days, across months and leap days', () => {
    expect(daysBetween('2026-11-22', '2027-02-20')).toBe(90)
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(daysBetween('2026-01-10', '2025-01-10')).toBe(-365)
    expect(daysBetween('bad', '2025-01-10')).toBeNaN()
  })

  it('shows a rate as a percentage with one decimal', () => {
    expect(formatPercent(0.8734)).toBe('87.3%')
    expect(formatPercent(1)).toBe('100.0%')
    expect(formatPercent(0)).toBe('0.0%')
    expect(formatPercent(Number.NaN)).toBe('—')
  })
})
