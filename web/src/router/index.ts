import { createRouter, createWebHistory } from 'vue-router'
import AppShell from '@/layouts/AppShell.vue'
import { appRoutes, notFoundRoute } from './routes'

export const PRODUCT_SHORT_NAME = '卫监'

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    {
      path: '/',
      component: AppShell,
      children: [...appRoutes, notFoundRoute],
    },
  ],
  scrollBehavior: () => ({ top: 0 }),
})

router.afterEach((to) => {
  const title = to.meta.title
  document.title = title ? `${title} - ${PRODUCT_SHORT_NAME}` : PRODUCT_SHORT_NAME
})

export default router
