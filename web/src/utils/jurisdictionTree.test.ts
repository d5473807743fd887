import { describe, expect, it } from 'vitest'
import type { Jurisdiction } from '@/api/jurisdictions'
import { ancestorsOf, buildJurisdictionTree, countByLevel, subtreeIds, type JurisdictionNode } from './jurisdictionTree'

const j = (id: number, parent_id: number | null, code: string, name: string, level: string): Jurisdiction => ({
  id,
  parent_id,
  code,
  name,
  level,
  path: '',
})

/** The tree as nested [name, children] pairs, for readable expectations. */
const shape = (nodes: JurisdictionNode[]): unknown[] =>
  nodes.map((n) => (n.children.length ? [n.name, shape(n.children)] : n.name))

describe('buildJurisdictionTree', () => {
  // Deliberately out of order: children before parents, siblings unsorted.
  const flat = [
    j(12, 3, '330102002', '清波街道', 'town'),
    j(3, 1, '330102', '上城区', 'district'),
    j(120, 12, '33010200201', '清波第1网格', 'grid_cell'),
    j(11, 3, '330102001', '湖滨街道', 'town'),
    j(1, null, '330100', '杭州市', 'city'),
    j(4, 1, '330106', '西湖区', 'district'),
    j(121, 12, '33010200202', '清波第2网格', 'grid_cell'),
    j(2, 1, '330105', '拱墅区', 'district'),
  ]

  it('nests the flat list by parent, siblings ordered by code', () => {
    const tree = buildJurisdictionTree(flat)
    expect(shape(tree.roots)).toEqual([
      ['杭州市', [['上城区', ['湖滨街道', ['清波街道', ['清波第1网格', '清波第2网格']]]], '拱墅区', '西湖区']],
    ])
    expect(tree.byId.size).toBe(8)
  })

  it('counts descendants and depth on every node', () => {
    const tree = buildJurisdictionTree(flat)
    const city = tree.byId.get(1)!
    expect(city.descendantCount).toBe(7)
    expect(city.depth).toBe(0)
    expect(tree.byId.get(3)!.descendantCount).toBe(4)
    expect(tree.byId.get(12)!.descendantCount).toBe(2)
    expect(tree.byId.get(121)!.descendantCount).toBe(0)
    expect(tree.byId.get(121)!.depth).toBe(3)
    expect(countByLevel(city)).toEqual({ district: 3, town: 2, grid_cell: 2 })
    expect([...subtreeIds(tree.byId.get(3)!)].sort((a, b) => a - b)).toEqual([3, 11, 12, 120, 121])
  })

  it('makes a node whose parent is outside the list a root (a district officer sees from the district down)', () => {
    const scoped = flat.filter((x) => [3, 11, 12, 120].includes(x.id))
    const tree = buildJurisdictionTree(scoped)
    expect(shape(tree.roots)).toEqual([['上城区', ['湖滨街道', ['清波街道', ['清波第1网格']]]]])
    expect(tree.byId.get(3)!.depth).toBe(0)
  })

  it('survives bad data: cycles are cut loose, duplicates keep the first, empty input is empty', () => {
    const tree = buildJurisdictionTree([
      j(1, 2, 'A', '甲', 'town'),
      j(2, 1, 'B', '乙', 'town'),
      j(3, 1, 'C', '丙', 'grid_cell'),
      j(3, null, 'X', '重复', 'city'),
      j(4, 4, 'D', '自指', 'town'),
    ])
    expect(shape(tree.roots)).toEqual([['甲', ['丙']], '乙', '自指'])
    expect(tree.byId.get(3)!.name).toBe('丙')
    expect(buildJurisdictionTree([]).roots).toEqual([])
  })

  it('handles a realistic ~400-node list quickly', () => {
    const big: Jurisdiction[] = [j(1, null, '1', '市', 'city')]
    let id = 2
    for (let d = 0; d < 6; d++) {
      const did = id++
      big.push(j(did, 1, `d${d}`, `区${d}`, 'district'))
      for (let t = 0; t < 6; t++) {
        const tid = id++
        big.push(j(tid, did, `d${d}t${t}`, `街道${d}-${t}`, 'town'))
        for (let g = 0; g < 10; g++) big.push(j(id++, tid, `d${d}t${t}g${g}`, `网格${d}-${t}-${g}`, 'grid_cell'))
      }
    }
    const started = performance.now()
    const tree = buildJurisdictionTree(big.reverse())
    expect(performance.now() - started).toBeLessThan(200)
    expect(tree.roots).toHaveLength(1)
    expect(tree.roots[0]!.descendantCount).toBe(402)
    expect(countByLevel(tree.roots[0]!)).toEqual({ district: 6, town: 36, grid_cell: 360 })
  })
})

describe('ancestorsOf', () => {
  it('gives the chain from the root down to the node', () => {
    const tree = buildJurisdictionTree([
      j(1, null, '1', '杭州市', 'city'),
      j(2, 1, '2', '上城区', 'district'),
      j(3, 2, '3', '湖滨街道', 'town'),
    ])
    expect(ancestorsOf(tree, 3).map((n) => n.name)).toEqual(['杭州市', '上城区', '湖滨街道'])
    expect(ancestorsOf(tree, 1).map((n) => n.name)).toEqual(['杭州市'])
    expect(ancestorsOf(tree, 99)).toEqual([])
  })
})
