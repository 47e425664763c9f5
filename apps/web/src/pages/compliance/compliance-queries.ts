import { API, RULE_STATUSES, type RuleStatus } from '@xianfeng/contract'
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

export const complianceKeys = {
  all: ['compliance'] as const,
  overview: (orgId: string | undefined, month: string) => ['compliance', 'overview', orgId ?? 'scope', month] as const,
  org: (id: string, month: string) => ['compliance', 'org', id, month] as const,
  trend: (orgId: string | undefined, ruleId: string, month: string) =>
    ['compliance', 'trend', orgId ?? 'scope', ruleId, month] as const,
  rules: (orgId: string | undefined) => ['compliance', 'rules', orgId ?? 'scope'] as const,
}

/** Results are recomputed by a background job after each change: ask again while one is on its way. */
export const PENDING_POLL_MS = 3000

export const overviewQuery = (orgId: string | undefined, month: string) =>
  queryOptions({
    queryKey: complianceKeys.overview(orgId, month),
    queryFn: async () => (await api(API.compliance.overview, { query: { orgId, month } })).overview,
    placeholderData: keepPreviousData,
  })

export const orgComplianceQuery = (id: string, month: string) =>
  queryOptions({
    queryKey: complianceKeys.org(id, month),
    queryFn: async () => (await api(API.compliance.org, { params: { id }, query: { month } })).compliance,
  })

export const trendQuery = (orgId: string | undefined, ruleId: string, month: string) =>
  queryOptions({
    queryKey: complianceKeys.trend(orgId, ruleId, month),
    queryFn: async () => (await api(API.compliance.trend, { query: { orgId, ruleId, month } })).trend,
    placeholderData: keepPreviousData,
  })

/** The registry with the parameters in force (for an org, or the scope). */
export const rulesQuery = (orgId?: string) =>
  queryOptions({
    queryKey: complianceKeys.rules(orgId),
    queryFn: async () => (await api(API.rules.list, { query: { orgId } })).rules,
    staleTime: 60_000,
  })

export const STATUS_COLORS: Record<RuleStatus, string> = {
  met: 'success',
  at_risk: 'warning',
  missed: 'error',
  not_applicable: 'default',
}

/** The cell's own words: what its colour means. */
export const STATUS_HINTS: Record<RuleStatus, string> = {
  met: '全部达到',
  at_risk: '统计期未结束，尚有未达到的',
  missed: '统计期已结束，有未达到的',
  not_applicable: '没有适用的组织',
}

export { RULE_STATUSES }
