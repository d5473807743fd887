import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export interface MenuItem {
  /** Absolute path, used as the el-menu index. */
  path: string
  title: string
  icon?: Component
  children: MenuItem[]
}

function joinPath(parent: string, child: string): string {
  if (child.startsWith('/')) return child
  const base = parent.endsWith('/') ? parent.slice(0, -1) : parent
  return child ? `${base}/${child}` : base || '/'
}

/** The side menu as described by the routes: titled, not hidden, not dynamic. */
export function buildMenu(routes: readonly RouteRecordRaw[], parentPath = '/'): MenuItem[] {
  const items: MenuItem[] = []
  for (const route of routes) {
    const title = route.meta?.title
    if (!title || route.meta?.hideInMenu || route.path.includes(':')) continue
    const path = joinPath(parentPath, route.path)
    items.push({
      path,
      title,
      icon: route.meta?.icon,
      children: route.children ? buildMenu(route.children, path) : [],
    })
  }
  return items
}
