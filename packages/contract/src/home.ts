import { z } from './zod.ts'
import { ORG_KIND_CODES, ORG_LEVEL_CODES } from './orgs.ts'
import { route } from './route.ts'

export const HomeSummary = z.object({
  scopeOrgName: z.string(),
  orgsTotal: z.int(),
  orgsByLevel: z.array(z.object({ level: z.enum(ORG_LEVEL_CODES), count: z.int() })),
  orgsByKind: z.array(z.object({ kind: z.enum(ORG_KIND_CODES), count: z.int() })),
  usersTotal: z.int(),
  /** Only for those who may read the audit log. */
  auditToday: z.int().nullable(),
})
export type HomeSummary = z.infer<typeof HomeSummary>

export const homeApi = {
  summary: route({
    method: 'GET',
    path: '/api/home/summary',
    permission: 'home.view',
    tag: '首页',
    summary: '当前授权范围的概况数字',
    response: z.object({ summary: HomeSummary }),
  }),
} as const
