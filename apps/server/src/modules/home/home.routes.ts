import { homeApi } from '@xianfeng/contract'
import { scopePaths } from '../../platform/auth/actor.ts'
import { auditRepo } from '../../platform/audit/audit.repo.ts'
import type { Db } from '../../platform/db.ts'
import { bind } from '../../platform/http/route.ts'
import type { AccountsService } from '../accounts/index.ts'
import type { OrgsService } from '../orgs/index.ts'

/** The home page's figures for the current scope; it owns no data, it asks the modules. */
export const homeRoutes = ({ db, orgs, accounts }: { db: Db; orgs: OrgsService; accounts: AccountsService }) => [
  bind(homeApi.summary, async ({ actor }) => {
    const startOfDay = new Date(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }) + 'T00:00:00+08:00')
    const [counts, usersTotal, audit] = await Promise.all([
      orgs.counts(actor),
      accounts.countInScope(actor),
      auditRepo.list(
        db,
        { scopePaths: scopePaths(actor), includeOrgless: false, from: startOfDay.toISOString() },
        { limit: 0, offset: 0 },
      ),
    ])
    return {
      summary: {
        scopeOrgName: actor.grant?.orgName ?? '',
        orgsTotal: counts.total,
        orgsByLevel: counts.byLevel,
        orgsByKind: counts.byKind,
        usersTotal,
        auditToday: audit.total,
      },
    }
  }),
]
