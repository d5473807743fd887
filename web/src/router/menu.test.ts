import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { buildMenu, firstMenuPath } from './menu'
import { appRoutes, notFoundRoute } from './routes'

const Empty = { render: () => null }

/** The menu as [path, title] pairs, children indented under their parent. */
const outline = (items: ReturnType<typeof buildMenu>): unknown[] =>
  items.map((m) => (m.children.length ? [m.path, m.title, outline(m.children)] : [m.path, m.title]))

const ALL = [
  'system.info',
  'users.read',
  'users.manage',
  'departments.read',
  'departments.manage',
  'jurisdictions.read',
  'jurisdictions.manage',
  'ledger.read',
  'ledger.verify',
  'roles.read',
  'registry.read',
  'registry.manage',
  'credit.read',
  'credit.assess',
  'credit.review',
  'credit.manage',
  'credit.sanctions',
  'enforcement.read',
]

describe('buildMenu', () => {
  it('lists the whole real route table for a user who holds every permission', () => {
    const menu = buildMenu([...appRoutes, notFoundRoute], { can: (p) => ALL.includes(p) })
    expect(outline(menu)).toEqual([
      ['/', '首页'],
      [
        '/registry',
        '名录库',
        [
          ['/registry/institutions', '医疗卫生机构'],
          ['/registry/practitioners', '医务人员'],
          ['/registry/validations', '校验到期'],
          ['/registry/eregistration', '电子化注册率'],
          ['/registry/inspectors', '执法人员'],
          ['/registry/responsibilities', '权责清单'],
        ],
      ],
      [
        '/credit',
        '信用监管',
        [
          ['/credit/sanctions', '联合惩戒查询'],
          ['/credit/points', '不良执业行为记分'],
          ['/credit/consequences', '记分阈值与处理'],
          ['/credit/lists', '信用名单'],
          ['/credit/restorations', '信用修复'],
          ['/credit/penalties', '行政处罚决定'],
          ['/credit/records', '信用档案'],
          ['/credit/dual-publication', '双公示导出'],
        ],
      ],
      [
        '/system',
        '系统管理',
        [
          ['/system/users', '用户管理'],
          ['/system/departments', '部门'],
          ['/system/jurisdictions', '辖区与网格'],
          ['/system/roles', '角色与权限'],
          ['/system/ledger', '审计日志'],
        ],
      ],
    ])
  })

  it('leaves out what the permissions do not allow, and the account page always', () => {
    const held = new Set(['system.info', 'users.read', 'jurisdictions.read'])
    const menu = buildMenu(appRoutes, { can: (p) => held.has(p) })
    expect(outline(menu)).toEqual([
      ['/', '首页'],
      [
        '/system',
        '系统管理',
        [
          ['/system/users', '用户管理'],
          ['/system/jurisdictions', '辖区与网格'],
        ],
      ],
    ])
    expect(JSON.stringify(menu)).not.toContain('账户安全')
  })

  it('drops a sub-menu whose entries are all forbidden', () => {
    const menu = buildMenu(appRoutes, { can: (p) => p === 'system.info' })
    expect(outline(menu)).toEqual([['/', '首页']])
    expect(buildMenu(appRoutes, { can: () => false })).toEqual([])
  })

  it('nests titled children as sub-menus and skips hidden, untitled and dynamic routes', () => {
    const routes: RouteRecordRaw[] = [
      { path: '', component: Empty, meta: { title: '首页' } },
      {
        path: 'registry',
        meta: { title: '名录库' },
        children: [
          { path: 'institutions', component: Empty, meta: { title: '医疗卫生机构' } },
          { path: 'institutions/:id', component: Empty, meta: { title: '机构详情' } },
          { path: 'secret', component: Empty, meta: { title: '隐藏', hideInMenu: true } },
          { path: 'untitled', component: Empty },
        ],
      },
      { path: '/absolute', component: Empty, meta: { title: '绝对路径' } },
    ]
    expect(buildMenu(routes)).toEqual([
      { path: '/', title: '首页', icon: undefined, children: [] },
      {
        path: '/registry',
        title: '名录库',
        icon: undefined,
        children: [{ path: '/registry/institutions', title: '医疗卫生机构', icon: undefined, children: [] }],
      },
      { path: '/absolute', title: '绝对路径', icon: undefined, children: [] },
    ])
  })

  it('applies a parent permission to its whole sub-menu', () => {
    const routes: RouteRecordRaw[] = [
      {
        path: 'claims',
        meta: { title: '医保审核', permission: 'claims.read' },
        children: [{ path: 'rules', component: Empty, meta: { title: '规则库' } }],
      },
    ]
    expect(buildMenu(routes, { can: () => false })).toEqual([])
    expect(outline(buildMenu(routes, { can: (p) => p === 'claims.read' }))).toEqual([
      ['/claims', '医保审核', [['/claims/rules', '规则库']]],
    ])
  })
})

describe('firstMenuPath', () => {
  it('finds the first page depth first', () => {
    const held = new Set(['ledger.read', 'roles.read'])
    expect(firstMenuPath(buildMenu(appRoutes, { can: (p) => held.has(p) }))).toBe('/system/roles')
    expect(firstMenuPath([])).toBeNull()
  })
})
