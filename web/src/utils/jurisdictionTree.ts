import type { Jurisdiction } from '@/api/jurisdictions'

/** One jurisdiction with its children, as el-tree and el-tree-select take it. */
export interface JurisdictionNode {
  id: number
  parent_id: number | null
  code: string
  name: string
  level: string
  path: string
  children: JurisdictionNode[]
  /** All nodes below this one, at any depth. */
  descendantCount: number
  /** Depth from its root in this tree (0 for a root). */
  depth: number
}

export interface JurisdictionTree {
  roots: JurisdictionNode[]
  /** Every node by id. */
  byId: Map<number, JurisdictionNode>
}

const byCodeThenName = (a: JurisdictionNode, b: JurisdictionNode) =>
  a.code.localeCompare(b.code, 'en', { numeric: true }) || a.name.localeCompare(b.name, 'zh-CN')

/**
 * Build the tree from the server's flat list.
 *
 * A node whose parent is not in the list becomes a root: the server returns only the
 * caller's data scope, so a district officer's list starts at the district. A node that
 * would close a cycle (bad data) is cut loose as a root rather than looping. Siblings are
 * ordered by code. Duplicate ids keep the first.
 */
export function buildJurisdictionTree(items: readonly Jurisdiction[]): JurisdictionTree {
  const byId = new Map<number, JurisdictionNode>()
  for (const j of items) {
    if (byId.has(j.id)) continue
    byId.set(j.id, {
      id: j.id,
      parent_id: j.parent_id,
      code: j.code,
      name: j.name,
      level: j.level,
      path: j.path,
      children: [],
      descendantCount: 0,
      depth: 0,
    })
  }

  /** Whether following parents from `start` comes back to it. */
  const inCycle = (start: JurisdictionNode): boolean => {
    const seen = new Set<number>()
    let current: JurisdictionNode | undefined = start
    while (current && current.parent_id !== null) {
      // A loop higher up that does not pass through `start`: that loop's nodes are cut instead.
      if (seen.has(current.id)) return false
      seen.add(current.id)
      current = byId.get(current.parent_id)
      if (current === start) return true
    }
    return false
  }

  const roots: JurisdictionNode[] = []
  for (const node of byId.values()) {
    const parent = node.parent_id === null ? undefined : byId.get(node.parent_id)
    if (parent && parent !== node && !inCycle(node)) parent.children.push(node)
    else roots.push(node)
  }

  // Iterative walk: depth down, counts up, children sorted.
  const order: JurisdictionNode[] = []
  const stack = [...roots]
  while (stack.length) {
    const node = stack.pop()!
    order.push(node)
    node.children.sort(byCodeThenName)
    for (const child of node.children) {
      child.depth = node.depth + 1
      stack.push(child)
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!
    node.descendantCount = node.children.reduce((n, c) => n + 1 + c.descendantCount, 0)
  }
  roots.sort(byCodeThenName)
  return { roots, byId }
}

/** The chain from the root of its tree down to the node itself. */
export function ancestorsOf(tree: JurisdictionTree, id: number): JurisdictionNode[] {
  const chain: JurisdictionNode[] = []
  const seen = new Set<number>()
  let current = tree.byId.get(id)
  while (current && !seen.has(current.id)) {
    chain.unshift(current)
    seen.add(current.id)
    current = current.parent_id === null ? undefined : tree.byId.get(current.parent_id)
  }
  return chain
}

/** How many nodes of each level lie below the node (any depth). */
export function countByLevel(node: JurisdictionNode): Record<string, number> {
  const counts: Record<string, number> = {}
  const stack = [...node.children]
  while (stack.length) {
    const n = stack.pop()!
    counts[n.level] = (counts[n.level] ?? 0) + 1
    stack.push(...n.children)
  }
  return counts
}

/** The ids of the node and everything below it. */
export function subtreeIds(node: JurisdictionNode): Set<number> {
  const ids = new Set<number>()
  const stack = [node]
  while (stack.length) {
    const n = stack.pop()!
    ids.add(n.id)
    stack.push(...n.children)
  }
  return ids
}
