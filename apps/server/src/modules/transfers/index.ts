export { createTransfersService, missingFields, type TransfersService } from './transfers.service.ts'
export { transfersRoutes } from './transfers.routes.ts'
export { TRANSFER_CHECKS } from './transfers.rules.ts'
