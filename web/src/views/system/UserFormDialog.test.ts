import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { defineComponent, h, ref } from 'vue'
import { installFetchMock, json, problem } from '@/testing/fetchMock'
import { sampleUser } from '@/testing/fixtures'
import type { User } from '@/api/users'
import UserFormDialog from './UserFormDialog.vue'

let f: ReturnType<typeof installFetchMock>
let pinia: Pinia
let wrapper: VueWrapper | undefined
const saved: Array<[User, boolean]> = []

const JURISDICTIONS = [
  { id: 1, parent_id: null, code: '330100', name: '杭州市', level: 'city', path: '/1/' },
  { id: 2, parent_id: 1, code: '330102', name: '上城区', level: 'district', path: '/1/2/' },
  { id: 3, parent_id: 2, code: '330102001', name: '湖滨街道', level: 'town', path: '/1/2/3/' },
]

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  f = installFetchMock()
  f.on('GET', '/api/v1/departments', json({ items: [{ id: 1, code: 'WJW', name: '市卫生健康委员会', short_name: '卫健委', duties: '' }] }))
  f.on('GET', '/api/v1/jurisdictions', json({ items: JURISDICTIONS }))
  saved.length = 0
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function settle() {
  for (let i = 0; i < 5; i++) await flushPromises()
}

function mountForm(user: User | null) {
  const Host = defineComponent({
    setup() {
      const open = ref(true)
      return () =>
        h(UserFormDialog, {
          open: open.value,
          'onUpdate:open': (v: boolean) => (open.value = v),
          user,
          onSaved: (u: User, created: boolean) => saved.push([u, created]),
        })
    },
  })
  wrapper = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body })
  return wrapper
}

/** The dialog is teleported to <body>: look there. */
const $ = (selector: string) => document.body.querySelector<HTMLElement>(selector)

async function type(testId: string, value: string) {
  const input = $(`[data-testid="${testId}"]`) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function fieldError(field: string): Promise<string> {
  const selector = `[data-testid="field-${field}"] .el-form-item__error`
  await vi.waitFor(() => expect($(selector)).not.toBeNull())
  return $(selector)!.textContent!.trim()
}

describe('UserFormDialog', () => {
  it('shows each field error from the server under its own field and keeps the dialog open', async () => {
    const existing = sampleUser()
    mountForm(existing)
    await settle()
    expect($('[data-testid="user-form-dialog"]')).not.toBeNull()
    expect(($('[data-testid="user-username"]') as HTMLInputElement).disabled).toBe(true)

    f.on(
      'PATCH',
      '/api/v1/users/7',
      problem(422, 'validation-failed', '提交的内容有误，请按提示修改。', [
        { field: 'display_name', message: '姓名不能包含数字' },
        { field: 'jurisdiction_id', message: '只能在本人辖区范围内分配用户' },
        { field: 'mystery', message: '未知字段的错误' },
      ]),
    )
    await type('user-display-name', '张伟2')
    $('[data-testid="user-form-submit"]')!.click()
    await settle()

    const patch = f.calls('/api/v1/users/7', 'PATCH')
    expect(patch).toHaveLength(1)
    // Only what changed is sent.
    expect(patch[0]!.body).toEqual({ display_name: '张伟2' })

    expect(await fieldError('display_name')).toBe('姓名不能包含数字')
    expect(await fieldError('jurisdiction_id')).toBe('只能在本人辖区范围内分配用户')
    expect($('[data-testid="field-role"] .el-form-item__error')).toBeNull()
    // What has no field goes in the message above the form, with the detail.
    const general = $('[data-testid="user-form-error"]')!.textContent!
    expect(general).toContain('提交的内容有误，请按提示修改。')
    expect(general).toContain('未知字段的错误')
    expect(saved).toHaveLength(0)
    expect($('[data-testid="user-form-dialog"]')).not.toBeNull()

    // Editing the field clears its server message.
    await type('user-display-name', '张伟')
    await vi.waitFor(() => expect($('[data-testid="field-display_name"] .el-form-item__error')).toBeNull())
  })

  it('creates a user, showing the password policy and a taken username under their fields', async () => {
    mountForm(null)
    await settle()
    expect(f.calls('/api/v1/departments')).toHaveLength(1)
    expect(f.calls('/api/v1/jurisdictions')).toHaveLength(1)

    // Required fields are checked here first.
    $('[data-testid="user-form-submit"]')!.click()
    await settle()
    expect(f.calls('/api/v1/users', 'POST')).toHaveLength(0)
    expect(await fieldError('username')).toBe('请输入用户名')
    expect(await fieldError('role')).toBe('请选择角色')

    await type('user-username', 'lina')
    await type('user-display-name', '李娜')
    // Choose a role in the select's drop-down.
    $('[data-testid="user-role"]')!.closest('.el-select')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    $('[data-testid="role-option-inspector"]')!.click()
    await settle()
    await type('user-password', 'short1')
    await type('user-password-confirm', 'short1')

    f.on(
      'POST',
      '/api/v1/users',
      problem(422, 'validation-failed', '提交的内容有误，请按提示修改。', [
        { field: 'username', message: '该用户名已被使用' },
        { field: 'password', message: '密码须至少 10 位，且同时包含字母和数字' },
      ]),
      1,
    )
    $('[data-testid="user-form-submit"]')!.click()
    await settle()

    const post = f.calls('/api/v1/users', 'POST')
    expect(post).toHaveLength(1)
    expect(post[0]!.body).toEqual({
      username: 'lina',
      display_name: '李娜',
      role: 'inspector',
      department_id: null,
      jurisdiction_id: null,
      password: 'short1',
    })
    expect(await fieldError('username')).toBe('该用户名已被使用')
    expect(await fieldError('password')).toBe('密码须至少 10 位，且同时包含字母和数字')

    // Fixed and sent again: the server accepts, the dialog reports and closes.
    const created = sampleUser({ id: 99, username: 'lina2', display_name: '李娜', role: 'inspector' })
    f.on('POST', '/api/v1/users', json(created, 201))
    await type('user-username', 'lina2')
    await type('user-password', 'long-enough-1')
    await type('user-password-confirm', 'long-enough-1')
    $('[data-testid="user-form-submit"]')!.click()
    await settle()
    expect(f.calls('/api/v1/users', 'POST')).toHaveLength(2)
    expect(saved).toEqual([[created, true]])
  })
})
