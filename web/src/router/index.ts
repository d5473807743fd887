import { createAppRouter } from './create'

export { PRODUCT_SHORT_NAME } from './create'

const router = createAppRouter()

export default router
