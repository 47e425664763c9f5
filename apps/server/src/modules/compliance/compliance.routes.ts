import { complianceApi, rulesApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { sendXlsx } from '../../platform/http/xlsx-reply.ts'
import type { ComplianceService } from './compliance.service.ts'

export const complianceRoutes = (compliance: ComplianceService) => [
  bind(rulesApi.list, async ({ actor, query }) => ({ rules: await compliance.rules(actor, query.orgId) })),
  bind(rulesApi.overrides, async ({ actor, params }) => ({ items: await compliance.overrides(actor, params.ruleId) })),
  bind(rulesApi.createOverride, async ({ actor, params, body }) => ({
    override: await compliance.createOverride(actor, params.ruleId, body),
  })),
  bind(rulesApi.endOverride, async ({ actor, params, body }) => ({
    override: await compliance.endOverride(actor, params.id, body.endedOn),
  })),
  bind(complianceApi.overview, async ({ actor, query }) => ({ overview: await compliance.overview(actor, query) })),
  bind(complianceApi.org, async ({ actor, params, query }) => ({
    compliance: await compliance.org(actor, params.id, query.month),
  })),
  bind(complianceApi.trend, async ({ actor, query }) => ({ trend: await compliance.trend(actor, query) })),
  bind(complianceApi.export, async ({ actor, query, reply }) => {
    const { buffer, orgName, month } = await compliance.exportXlsx(actor, query)
    return sendXlsx(reply, `compliance-${month}.xlsx`, `${orgName}-达标情况-${month}.xlsx`, buffer)
  }),
]
