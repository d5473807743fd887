import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export interface MenuItem {
  /** Absolute path, used as the el-menu index. */
  path: string
  title: string
  icon?: Component
  children: MenuItem[]
}

export interface MenuOptions {
  /** Whether the user holds an action; entries whose `meta.permission` fails are left out. */
  can?: (permission: string) => boolean
}

function joinPath(parent: string, child: string): string {
  if (child.startsWith('/')) return child
  const base = parent.endsWith('/') ? parent.slice(0, -1) : parent
  return child ? `${base}/${child}` : base || '/'
}

/**
 * The side menu as described by the routes: titled, not hidden, not dynamic, and allowed.
 * A sub-menu whose children are all left out is left out too.
 */
export function buildMenu(
  routes: readonly RouteRecordRaw[],
  options: MenuOptions = {},
  parentPath = '/',
): MenuItem[] {
  const items: MenuItem[] = []
  for (const route of routes) {
    const title = route.meta?.title
    if (!title || route.meta?.hideInMenu || route.path.includes(':')) continue
    const permission = route.meta?.permission
    if (permission && options.can && !options.can(permission)) continue
    const path = joinPath(parentPath, route.path)
    const children = route.children ? buildMenu(route.children, options, path) : []
    if (route.children?.length && children.length === 0) continue
    items.push({ path, title, icon: route.meta?.icon, children })
  }
  return items
}

/** The first page of the menu the user can open (depth first), or null. */
export function firstMenuPath(items: readonly MenuItem[]): string | null {
  for (const item of items) {
    if (item.children.length) {
      const inner = firstMenuPath(item.children)
      if (inner) return inner
    } else {
      return item.path
    }
  }
  return null
}
