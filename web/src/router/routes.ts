import { markRaw, type Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import { Document, HomeFilled, Key, Location, OfficeBuilding, Setting, User } from '@element-plus/icons-vue'
import { PERMISSIONS } from '@/api/permissions'

declare module 'vue-router' {
  interface RouteMeta {
    /** Chinese title: the menu entry, the breadcrumb and the browser tab. */
    title?: string
    /** Element Plus icon shown beside the menu entry. */
    icon?: Component
    /** Leave the route out of the side menu. */
    hideInMenu?: boolean
    /**
     * The action the user must hold to see the page (and its menu entry). Without it the
     * shell shows the 403 page in its place. A parent's permission applies to its children.
     */
    permission?: string
    /** Open without signing in (the login page). */
    public?: boolean
  }
}

/**
 * The pages inside the application shell.
 *
 * Each module adds its pages here, once: the side menu is built from this list
 * (a route with `meta.title` and `children` becomes a sub-menu). Order here is order there.
 * Entries whose `meta.permission` the user lacks are left out of the menu.
 */
export const appRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/HomeView.vue'),
    meta: { title: '首页', icon: markRaw(HomeFilled), permission: PERMISSIONS.systemInfo },
  },
  {
    path: 'system',
    meta: { title: '系统管理', icon: markRaw(Setting) },
    redirect: '/system/users',
    children: [
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/system/UsersView.vue'),
        meta: { title: '用户管理', icon: markRaw(User), permission: PERMISSIONS.usersRead },
      },
      {
        path: 'departments',
        name: 'departments',
        component: () => import('@/views/system/DepartmentsView.vue'),
        meta: { title: '部门', icon: markRaw(OfficeBuilding), permission: PERMISSIONS.departmentsRead },
      },
      {
        path: 'jurisdictions',
        name: 'jurisdictions',
        component: () => import('@/views/system/JurisdictionsView.vue'),
        meta: { title: '辖区与网格', icon: markRaw(Location), permission: PERMISSIONS.jurisdictionsRead },
      },
      {
        path: 'roles',
        name: 'roles',
        component: () => import('@/views/system/RolesView.vue'),
        meta: { title: '角色与权限', icon: markRaw(Key), permission: PERMISSIONS.rolesRead },
      },
      {
        path: 'ledger',
        name: 'ledger',
        component: () => import('@/views/system/LedgerView.vue'),
        meta: { title: '审计日志', icon: markRaw(Document), permission: PERMISSIONS.ledgerRead },
      },
    ],
  },
  {
    path: 'account',
    name: 'account',
    component: () => import('@/views/AccountView.vue'),
    // Every signed-in user has an account page: reached from the top bar, not the menu.
    meta: { title: '账户安全', hideInMenu: true },
  },
]

/** Anything unmatched: shown inside the shell so the user can navigate on. */
export const notFoundRoute: RouteRecordRaw = {
  path: ':pathMatch(.*)*',
  name: 'not-found',
  component: () => import('@/views/NotFoundView.vue'),
  meta: { title: '页面不存在', hideInMenu: true },
}

/** The sign-in page: standalone, outside the shell. */
export const loginRoute: RouteRecordRaw = {
  path: '/login',
  name: 'login',
  component: () => import('@/views/LoginView.vue'),
  meta: { title: '登录', public: true },
}
