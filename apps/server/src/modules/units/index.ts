export { createUnitsService, type UnitsService } from './units.service.ts'
export { unitsRoutes } from './units.routes.ts'
