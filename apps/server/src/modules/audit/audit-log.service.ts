import ExcelJS from '../../platform/excel.ts'
import { AUDIT_ACTIONS, type AuditEntry, type AuditFilter, type AuditVerifyResult } from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import { auditRepo } from '../../platform/audit/audit.repo.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'

/** Rows of one export at most: beyond that, narrow the filter. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000

type Row = Awaited<ReturnType<typeof auditRepo.list>>['rows'][number]

const toEntry = (r: Row): AuditEntry => ({
  seq: String(r.seq),
  occurredAt: new Date(r.occurred_at).toISOString(),
  actorLogin: r.actor_login,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  orgName: r.org_name,
  before: r.before ?? null,
  after: r.after ?? null,
  requestId: r.request_id,
  ip: r.ip,
})

/** Reading, verifying and exporting the audit log, within the caller's scope. */
export function createAuditLogService({ db, audit }: { db: Db; audit: AuditService }) {
  const query = (actor: Actor, f: AuditFilter) => {
    const scope = scopePaths(actor)
    // Logins and system events belong to no org: only a scope at the top of the tree shows them.
    const includeOrgless = actor.grant !== null && !actor.grant.orgPath.includes('.')
    return { scopePaths: scope, includeOrgless, ...f }
  }

  return {
    async list(actor: Actor, f: AuditFilter, page: number, pageSize: number) {
      const { rows, total } = await auditRepo.list(db, query(actor, f), { limit: pageSize, offset: (page - 1) * pageSize })
      return { items: rows.map(toEntry), total }
    },

    /**
     * The audit rows about one entity, newest first (at most 500), for its change log. The caller
     * has checked that the entity is in scope.
     */
    async entriesFor(entityType: string, entityId: string) {
      const rows = await auditRepo.byEntity(db, entityType, entityId, 500)
      return rows.map((r) => ({
        occurredAt: new Date(r.occurred_at).toISOString(),
        actorLogin: r.actor_login,
        action: r.action,
        before: r.before ?? null,
        after: r.after ?? null,
      }))
    },

    /** Rows of the scope written since midnight, China time. */
    async countToday(actor: Actor): Promise<number> {
      const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
      const { total } = await auditRepo.list(
        db,
        { ...query(actor, {}), includeOrgless: false, from: `${today}T00:00:00+08:00` },
        { limit: 0, offset: 0 },
      )
      return total
    },

    async verify(actor: Actor): Promise<AuditVerifyResult> {
      const started = performance.now()
      const r = await auditRepo.verify(db)
      const result = {
        rows: r.rows,
        ok: r.firstBadSeq === null,
        firstBrokenSeq: r.firstBadSeq === null ? null : String(r.firstBadSeq),
        reason: r.reason,
        elapsedMs: Math.round(performance.now() - started),
      }
      await audit.record(db, actor, { action: 'audit.verified', after: result })
      return result
    },

    /** An .xlsx of the filtered rows, newest first. */
    async exportXlsx(actor: Actor, f: AuditFilter): Promise<{ buffer: Buffer; rows: number }> {
      const { rows } = await auditRepo.list(db, query(actor, f), { limit: AUDIT_EXPORT_MAX_ROWS, offset: 0 })
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('审计日志')
      ws.columns = [
        { header: '序号', key: 'seq', width: 10 },
        { header: '时间', key: 'occurredAt', width: 22 },
        { header: '操作人', key: 'actorLogin', width: 16 },
        { header: '操作', key: 'action', width: 18 },
        { header: '操作代码', key: 'actionCode', width: 26 },
        { header: '对象类型', key: 'entityType', width: 10 },
        { header: '对象编号', key: 'entityId', width: 38 },
        { header: '组织', key: 'orgName', width: 30 },
        { header: '变更前', key: 'before', width: 40 },
        { header: '变更后', key: 'after', width: 40 },
        { header: 'IP', key: 'ip', width: 16 },
        { header: '请求编号', key: 'requestId', width: 38 },
      ]
      ws.getRow(1).font = { bold: true }
      ws.views = [{ state: 'frozen', ySplit: 1 }]
      for (const r of rows.map(toEntry)) {
        ws.addRow({
          ...r,
          occurredAt: new Date(r.occurredAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
          action: AUDIT_ACTIONS[r.action] ?? r.action,
          actionCode: r.action,
          before: r.before === null ? '' : JSON.stringify(r.before),
          after: r.after === null ? '' : JSON.stringify(r.after),
        })
      }
      const buffer = Buffer.from(await wb.xlsx.writeBuffer())
      await audit.record(db, actor, { action: 'audit.exported', after: { filter: f, rows: rows.length } })
      return { buffer, rows: rows.length }
    },
  }
}

export type AuditLogService = ReturnType<typeof createAuditLogService>
