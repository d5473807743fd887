import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { buildMenu } from './menu'
import { appRoutes, notFoundRoute } from './routes'

const Empty = { render: () => null }

describe('buildMenu', () => {
  it('lists the home page from the real route table', () => {
    const menu = buildMenu([...appRoutes, notFoundRoute])
    expect(menu.map((m) => [m.path, m.title])).toEqual([['/', '首页']])
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
})
