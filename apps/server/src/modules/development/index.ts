export { createDevelopmentService, type DevelopmentService } from './development.service.ts'
export { developmentRoutes } from './development.routes.ts'
export { DEVELOPMENT_CHECKS } from './development.rules.ts'
