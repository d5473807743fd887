import { createRouter, createWebHistory, type RouterHistory } from 'vue-router'
import AppShell from '@/layouts/AppShell.vue'
import { installAuthGuard } from './guards'
import { appRoutes, loginRoute, notFoundRoute, portalRoute } from './routes'

export const PRODUCT_SHORT_NAME = '卫监'

/** The application's router on the given history (a memory history in tests). */
export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({
    history,
    routes: [
      loginRoute,
      portalRoute,
      {
        path: '/',
        component: AppShell,
        children: [...appRoutes, notFoundRoute],
      },
    ],
    scrollBehavior: () => ({ top: 0 }),
  })

  installAuthGuard(router)

  router.afterEach((to) => {
    const title = to.meta.title
    document.title = title ? `${title} - ${PRODUCT_SHORT_NAME}` : PRODUCT_SHORT_NAME
  })

  return router
}
