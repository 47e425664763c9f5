export { createSelfServiceService, type SelfServiceService } from './self-service.service.ts'
export { selfServiceRoutes } from './self-service.routes.ts'
