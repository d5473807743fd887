import { describe, expect, it } from 'vitest'
import { apiListQuery, filterQuery, queryId, queryOneOf, queryPositive, queryString, routeListQuery } from './listQuery'

describe('filterQuery', () => {
  it('keeps only what was chosen, trimmed, as strings', () => {
    expect(
      filterQuery({ q: '  东城 医院 ', category: '', grade: undefined, status: null, jurisdiction_id: 12, renewal_due: true }),
    ).toEqual({ q: '东城 医院', jurisdiction_id: '12', renewal_due: 'true' })
  })

  it('leaves out an unchecked switch, a blank search and a non-number', () => {
    expect(filterQuery({ renewal_due: false, q: '   ', n: Number.NaN })).toEqual({})
  })
})

describe('list queries', () => {
  it('always sends the page to the API', () => {
    expect(apiListQuery({ q: 'x' }, 1)).toEqual({ q: 'x', page: '1', page_size: '20' })
    expect(apiListQuery({}, 3, 50)).toEqual({ page: '3', page_size: '50' })
  })

  it('keeps the address short: default page and size are left out', () => {
    expect(routeListQuery({ q: 'x', kind: '' }, 1)).toEqual({ q: 'x' })
    expect(routeListQuery({}, 2, 50)).toEqual({ page: '2', page_size: '50' })
  })
})

describe('reading the address', () => {
  const query = { q: ['张三', '李四'], page: '-2', size: 'abc', id: '17', kind: 'nurse', bad: 'wizard' }
  it('takes the first of repeated values and refuses nonsense', () => {
    expect(queryString(query, 'q')).toBe('张三')
    expect(queryString(query, 'missing')).toBe('')
    expect(queryPositive(query, 'page', 1)).toBe(1)
    expect(queryPositive(query, 'size', 20)).toBe(20)
    expect(queryId(query, 'id')).toBe(17)
    expect(queryId(query, 'page')).toBeNull()
    const kinds = [{ value: 'nurse' }, { value: 'physician' }]
    expect(queryOneOf(query, 'kind', kinds)).toBe('nurse')
    expect(queryOneOf(query, 'bad', kinds)).toBe('')
  })
})
