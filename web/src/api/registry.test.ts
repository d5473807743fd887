import { beforeEach, describe, expect, it } from 'vitest'
import { installFetchMock, json } from '@/testing/fetchMock'
import {
  allowedLicenseEvents,
  blankPractitionerFilters,
  CATEGORY_OPTIONS,
  categoryLabel,
  GRADE_OPTIONS,
  gradeLabel,
  groupResponsibilities,
  institutionFiltersFrom,
  institutionStatusLabel,
  kindLabel,
  ledgerActionLabel,
  listInstitutions,
  listOverdueValidations,
  listPractitioners,
  ownershipLabel,
  practitionerFiltersFrom,
  practitionerStatusLabel,
  renewalState,
  type Responsibility,
} from './registry'

let f: ReturnType<typeof installFetchMock>
const EMPTY_PAGE = { items: [], total: 0, page: 1, page_size: 20 }

beforeEach(() => {
  f = installFetchMock()
})

describe('labels', () => {
  it('names the nine institution categories as the server does', () => {
    expect(CATEGORY_OPTIONS.map((c) => c.label)).toEqual([
      '医院',
      '基层医疗卫生机构',
      '专业公共卫生机构',
      '诊所、门诊部',
      '药店',
      '健康体检中心',
      '医养结合机构',
      '血站',
      '其他医疗卫生机构',
    ])
    expect(categoryLabel('elderly_care_clinic')).toBe('医养结合机构')
    expect(categoryLabel('clinic')).toBe('诊所、门诊部')
    expect(categoryLabel('spaceport')).toBe('spaceport')
    expect(categoryLabel('')).toBe('—')
  })

  it('spells out the hospital grades from 3A (三级甲等) to 1C (一级丙等)', () => {
    expect(GRADE_OPTIONS.map((g) => `${g.value}=${g.label}`)).toEqual([
      '3A=三级甲等',
      '3B=三级乙等',
      '3C=三级丙等',
      '2A=二级甲等',
      '2B=二级乙等',
      '2C=二级丙等',
      '1A=一级甲等',
      '1B=一级乙等',
      '1C=一级丙等',
    ])
    expect(gradeLabel('2B')).toBe('二级乙等')
    expect(gradeLabel('')).toBe('未定级')
  })

  it('names ownership, statuses and kinds', () => {
    expect(ownershipLabel('public')).toBe('公立')
    expect(ownershipLabel('private')).toBe('社会办')
    expect(['active', 'suspended', 'revoked', 'closed'].map(institutionStatusLabel)).toEqual(['正常', '暂停', '吊销', '关闭'])
    expect(['physician', 'nurse', 'pharmacist', 'technician'].map(kindLabel)).toEqual(['医师', '护士', '药师', '技师'])
    expect(['registered', 'cancelled', 'unregistered', 'lapsed'].map(practitionerStatusLabel)).toEqual([
      '已注册',
      '已注销',
      '未注册',
      '注册已过期',
    ])
  })

  it('labels registry ledger actions the server leaves unlabelled, and keeps its own labels', () => {
    expect(ledgerActionLabel({ action: 'license.defer_validation', action_label: 'license.defer_validation' })).toBe('许可证暂缓校验')
    expect(ledgerActionLabel({ action: 'user.create', action_label: '新建用户' })).toBe('新建用户')
    expect(ledgerActionLabel({ action: 'mystery.thing', action_label: 'mystery.thing' })).toBe('mystery.thing')
  })
})

describe('licence events', () => {
  it('offers nothing after 吊销 or 注销, and 恢复 only from 暂停执业 or 暂缓校验', () => {
    expect(allowedLicenseEvents('revoked')).toEqual([])
    expect(allowedLicenseEvents('cancelled')).toEqual([])
    expect(allowedLicenseEvents('valid')).toEqual(['validate', 'defer_validation', 'suspend', 'revoke', 'cancel'])
    expect(allowedLicenseEvents('suspended')).toContain('reinstate')
    expect(allowedLicenseEvents('validation_deferred')).toContain('reinstate')
  })
})

describe('renewalState', () => {
  it('tells expired, due within 90 days, and fine apart', () => {
    expect(renewalState('2026-11-21', '2026-11-22')).toBe('expired')
    expect(renewalState('2026-11-22', '2026-11-22')).toBe('due')
    expect(renewalState('2027-02-20', '2026-11-22')).toBe('due') // 90 days on
    expect(renewalState('2027-02-21', '2026-11-22')).toBe('ok')
    expect(renewalState(null, '2026-11-22')).toBe('none')
  })
})

describe('filters → query string', () => {
  it('sends the chosen institution filters, and only those', async () => {
    f.on('GET', '/api/v1/institutions', json(EMPTY_PAGE))
    await listInstitutions(
      { q: ' 人民医院 ', category: 'hospital', ownership: '', grade: '3A', status: '', jurisdiction_id: 2 },
      2,
      50,
    )
    const [call] = f.calls('/api/v1/institutions')
    expect(Object.fromEntries(call!.query)).toEqual({
      q: '人民医院',
      category: 'hospital',
      grade: '3A',
      jurisdiction_id: '2',
      page: '2',
      page_size: '50',
    })
  })

  it('turns the renewal toggle into renewal_due=true, and leaves it out when off', async () => {
    f.on('GET', '/api/v1/practitioners', json(EMPTY_PAGE))
    await listPractitioners({ ...blankPractitionerFilters(), kind: 'nurse', renewal_due: true, institution_id: 9 }, 1)
    await listPractitioners(blankPractitionerFilters(), 1)
    const [on, off] = f.calls('/api/v1/practitioners')
    expect(on!.url).toBe('/api/v1/practitioners?kind=nurse&institution_id=9&renewal_due=true&page=1&page_size=20')
    expect(off!.url).toBe('/api/v1/practitioners?page=1&page_size=20')
  })

  it('asks for overdue validations as of a day, or as of today when none is given', async () => {
    f.on('GET', '/api/v1/licenses/overdue-validations', json(EMPTY_PAGE))
    await listOverdueValidations('2026-06-30', 1)
    await listOverdueValidations(null, 2, 10)
    const [a, b] = f.calls('/api/v1/licenses/overdue-validations')
    expect(a!.url).toBe('/api/v1/licenses/overdue-validations?as_of=2026-06-30&page=1&page_size=20')
    expect(b!.url).toBe('/api/v1/licenses/overdue-validations?page=2&page_size=10')
  })

  it('reads filters back from an address, dropping codes it does not know', () => {
    expect(
      institutionFiltersFrom({ q: '协和', category: 'hospital', grade: '4A', ownership: 'private', jurisdiction_id: 'x' }),
    ).toEqual({ q: '协和', category: 'hospital', ownership: 'private', grade: '', status: '', jurisdiction_id: null })
    expect(practitionerFiltersFrom({ renewal_due: 'true', institution_id: '5', kind: 'dentist' })).toEqual({
      q: '',
      kind: '',
      status: '',
      institution_id: 5,
      jurisdiction_id: null,
      renewal_due: true,
    })
    expect(practitionerFiltersFrom({ renewal_due: '1' }).renewal_due).toBe(false)
  })
})

describe('groupResponsibilities', () => {
  const r = (id: number, code: string, name: string): Responsibility => ({
    id,
    department_code: code,
    department_name: name,
    matter: `事项${id}`,
    basis: '',
    source: '',
  })
  it('groups by department in order of first appearance, naming unknown departments by code', () => {
    const groups = groupResponsibilities([r(1, 'health', '卫生健康委员会'), r(2, 'police', ''), r(3, 'health', '卫生健康委员会')])
    expect(groups.map((g) => [g.department, g.items.map((i) => i.id)])).toEqual([
      ['卫生健康委员会', [1, 3]],
      ['police', [2]],
    ])
  })
})
