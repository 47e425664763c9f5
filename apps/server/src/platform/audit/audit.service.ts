import type { AuditWho } from '../auth/actor.ts'
import type { Executor, Tx } from '../db.ts'
import { auditRepo } from './audit.repo.ts'
import { maskSensitive } from './mask.ts'

export interface AuditEvent {
  action: string
  entityType?: string
  entityId?: string
  orgId?: string | null
  before?: unknown
  after?: unknown
}

export type AuditService = ReturnType<typeof createAuditService>

/**
 * The only writer of the audit log. `record` takes the transaction of the change it describes, so
 * the change and its audit row commit or roll back together.
 */
export const createAuditService = () => ({
  async record(tx: Tx | Executor, who: AuditWho, event: AuditEvent) {
    await auditRepo.insert(tx, {
      actorUserId: who.userId,
      actorLogin: who.loginName,
      action: event.action,
      entityType: event.entityType ?? null,
      entityId: event.entityId ?? null,
      orgId: event.orgId ?? null,
      before: event.before === undefined ? null : maskSensitive(event.before),
      after: event.after === undefined ? null : maskSensitive(event.after),
      requestId: who.requestId,
      ip: who.ip,
    })
  },
})
