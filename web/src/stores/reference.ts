import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { errorMessage } from '@/api/http'
import { listDepartments, type Department } from '@/api/departments'
import { listJurisdictions, levelLabel, type Jurisdiction } from '@/api/jurisdictions'
import { buildJurisdictionTree, type JurisdictionNode } from '@/utils/jurisdictionTree'

/** An option of el-tree-select: the jurisdiction tree with level names in the labels. */
export interface JurisdictionOption {
  value: number
  label: string
  children: JurisdictionOption[]
}

function toOptions(nodes: readonly JurisdictionNode[]): JurisdictionOption[] {
  return nodes.map((n) => ({
    value: n.id,
    label: `${n.name}（${levelLabel(n.level)}）`,
    children: toOptions(n.children),
  }))
}

/**
 * Departments and jurisdictions, for the selects of other pages: loaded on first use and
 * kept, reloaded after the pages that edit them save.
 */
export const useReferenceStore = defineStore('reference', () => {
  const departments = shallowRef<Department[]>([])
  const departmentsError = ref<string | null>(null)
  const departmentsLoaded = ref(false)

  const jurisdictions = shallowRef<Jurisdiction[]>([])
  const jurisdictionsError = ref<string | null>(null)
  const jurisdictionsLoaded = ref(false)

  const jurisdictionTree = computed(() => buildJurisdictionTree(jurisdictions.value))
  const jurisdictionOptions = computed(() => toOptions(jurisdictionTree.value.roots))

  let departmentsPending: Promise<void> | null = null
  let jurisdictionsPending: Promise<void> | null = null

  function loadDepartments(force = false): Promise<void> {
    if (departmentsLoaded.value && !force) return Promise.resolve()
    departmentsPending ??= (async () => {
      try {
        departments.value = (await listDepartments()).items
        departmentsError.value = null
        departmentsLoaded.value = true
      } catch (e) {
        departmentsError.value = errorMessage(e)
      } finally {
        departmentsPending = null
      }
    })()
    return departmentsPending
  }

  function loadJurisdictions(force = false): Promise<void> {
    if (jurisdictionsLoaded.value && !force) return Promise.resolve()
    jurisdictionsPending ??= (async () => {
      try {
        jurisdictions.value = (await listJurisdictions()).items
        jurisdictionsError.value = null
        jurisdictionsLoaded.value = true
      } catch (e) {
        jurisdictionsError.value = errorMessage(e)
      } finally {
        jurisdictionsPending = null
      }
    })()
    return jurisdictionsPending
  }

  /** Forget everything (on sign-out: another user may see another scope). */
  function reset() {
    departments.value = []
    departmentsLoaded.value = false
    departmentsError.value = null
    jurisdictions.value = []
    jurisdictionsLoaded.value = false
    jurisdictionsError.value = null
  }

  return {
    departments,
    departmentsError,
    departmentsLoaded,
    jurisdictions,
    jurisdictionsError,
    jurisdictionsLoaded,
    jurisdictionTree,
    jurisdictionOptions,
    loadDepartments,
    loadJurisdictions,
    reset,
  }
})
