import { auditApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { chinaDateStamp, sendXlsx } from '../../platform/http/xlsx-reply.ts'
import type { AuditLogService } from './audit-log.service.ts'

export const auditLogRoutes = (auditLog: AuditLogService) => [
  bind(auditApi.list, async ({ actor, query: { page, pageSize, ...filter } }) => auditLog.list(actor, filter, page, pageSize)),
  bind(auditApi.verify, async ({ actor }) => ({ result: await auditLog.verify(actor) })),
  bind(auditApi.export, async ({ actor, query, reply }) => {
    const { buffer } = await auditLog.exportXlsx(actor, query)
    return sendXlsx(reply, `audit-${chinaDateStamp()}.xlsx`, `审计日志-${chinaDateStamp()}.xlsx`, buffer)
  }),
]
