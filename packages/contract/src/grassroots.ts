import { id, z } from './zod.ts'
import { route } from './route.ts'

export const BranchWarning = z.object({
  orgId: z.uuid(),
  orgName: z.string(),
  rule: z.string(),
  message: z.string(),
  actual: z.int(),
  required: z.string(),
  source: z.string(),
})
export type BranchWarning = z.infer<typeof BranchWarning>

export const grassrootsApi = {
  warnings: route({
    method: 'GET',
    path: '/api/orgs/:id/warnings',
    permission: 'orgs.read',
    tag: '基层组织',
    summary: '组织设置预警：该组织及其下级党支部的党员人数、支委会设置和人数是否符合《支部工作条例》，各级党组织是否到期换届',
    params: z.object({ id: id('组织') }),
    response: z.object({
      items: z.array(BranchWarning),
      /** Orgs checked: 党委、党总支 (for their term) and every kind of branch. */
      checkedOrgs: z.int(),
      /** Of those, the branches, checked for their members and committee too. */
      checkedBranches: z.int(),
      truncated: z.boolean(),
    }),
  }),
} as const
