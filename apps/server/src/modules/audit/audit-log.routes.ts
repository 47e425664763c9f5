import { auditApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { AuditLogService } from './audit-log.service.ts'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const auditLogRoutes = (auditLog: AuditLogService) => [
  bind(auditApi.list, async ({ actor, query: { page, pageSize, ...filter } }) => auditLog.list(actor, filter, page, pageSize)),
  bind(auditApi.verify, async ({ actor }) => ({ result: await auditLog.verify(actor) })),
  bind(auditApi.export, async ({ actor, query, reply }) => {
    const { buffer } = await auditLog.exportXlsx(actor, query)
    const stamp = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
    return reply
      .header('content-type', XLSX)
      .header(
        'content-disposition',
        `attachment; filename="audit-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${stamp}.xlsx`)}`,
      )
      .send(buffer)
  }),
]
