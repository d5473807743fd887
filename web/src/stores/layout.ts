import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

const COLLAPSED_KEY = 'weijian.sidebarCollapsed'

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1'
  } catch {
    return false
  }
}

/** State of the application shell: the side menu's width, the menu drawer on narrow screens. */
export const useLayoutStore = defineStore('layout', () => {
  const collapsed = ref(readCollapsed())
  const drawerOpen = ref(false)

  watch(collapsed, (value) => {
    try {
      localStorage.setItem(COLLAPSED_KEY, value ? '1' : '0')
    } catch {
      // Private browsing or storage disabled: the choice lasts this visit only.
    }
  })

  function toggleCollapsed() {
    collapsed.value = !collapsed.value
  }

  return { collapsed, drawerOpen, toggleCollapsed }
})
