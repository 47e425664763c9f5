export { createMobileOversightService, type MobileOversightService } from './mobile-oversight.service.ts'
export { mobileOversightRoutes } from './mobile-oversight.routes.ts'
export { OVERSIGHT_CHECKS } from './mobile-oversight.rules.ts'
