export { createAuditLogService, type AuditLogService } from './audit-log.service.ts'
export { auditLogRoutes } from './audit-log.routes.ts'
