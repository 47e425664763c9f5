import type { HomeSummary } from '@xianfeng/contract'
import type { Actor } from '../../platform/auth/actor.ts'
import type { AccountsService } from '../accounts/index.ts'
import type { AuditLogService } from '../audit/index.ts'
import type { OrgsService } from '../orgs/index.ts'

/** The home page's figures for the current scope; it owns no data, it asks the modules. */
export function createHomeService(deps: {
  orgs: Pick<OrgsService, 'counts'>
  accounts: Pick<AccountsService, 'countInScope'>
  auditLog: Pick<AuditLogService, 'countToday'>
}) {
  return {
    async summary(actor: Actor): Promise<HomeSummary> {
      const [counts, usersTotal, auditToday] = await Promise.all([
        deps.orgs.counts(actor),
        deps.accounts.countInScope(actor),
        // Only for those who may read the audit log.
        actor.grant?.permissions.includes('audit.read') ? deps.auditLog.countToday(actor) : Promise.resolve(null),
      ])
      return {
        scopeOrgName: actor.grant?.orgName ?? '',
        orgsTotal: counts.total,
        orgsByLevel: counts.byLevel,
        orgsByKind: counts.byKind,
        usersTotal,
        auditToday,
      }
    },
  }
}

export type HomeService = ReturnType<typeof createHomeService>
