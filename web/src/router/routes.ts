import { markRaw, type Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import { HomeFilled } from '@element-plus/icons-vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Chinese title: the menu entry, the breadcrumb and the browser tab. */
    title?: string
    /** Element Plus icon shown beside the menu entry. */
    icon?: Component
    /** Leave the route out of the side menu. */
    hideInMenu?: boolean
  }
}

/**
 * The pages inside the application shell.
 *
 * Each module adds its pages here, once: the side menu is built from this list
 * (a route with `meta.title` and `children` becomes a sub-menu). Order here is order there.
 */
export const appRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/HomeView.vue'),
    meta: { title: '首页', icon: markRaw(HomeFilled) },
  },
]

/** Anything unmatched: shown inside the shell so the user can navigate on. */
export const notFoundRoute: RouteRecordRaw = {
  path: ':pathMatch(.*)*',
  name: 'not-found',
  component: () => import('@/views/NotFoundView.vue'),
  meta: { title: '页面不存在', hideInMenu: true },
}
