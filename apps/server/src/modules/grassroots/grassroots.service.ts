import type { BranchWarning } from '@xianfeng/contract'
import type { Actor } from '../../platform/auth/actor.ts'
import type { OrgsService } from '../orgs/index.ts'
import type { PeopleService } from '../people/index.ts'
import { BRANCH_RULES } from './branch-rules.ts'

/** Branches checked in one request at most; a larger subtree says it was cut. */
const MAX_BRANCHES = 5000

/** Grassroots organization checks (seed §17–18) that need both the tree and the member registry. */
export function createGrassrootsService(deps: {
  orgs: Pick<OrgsService, 'activeOrgsUnder'>
  people: Pick<PeopleService, 'memberCounts'>
}) {
  return {
    /** Live branch-setting warnings for the org and the branches under it. */
    async branchWarnings(actor: Actor, orgId: string) {
      const branches = await deps.orgs.activeOrgsUnder(
        actor,
        orgId,
        ['branch', 'joint_branch', 'temporary_branch'],
        MAX_BRANCHES + 1,
      )
      const truncated = branches.length > MAX_BRANCHES
      const checked = branches.slice(0, MAX_BRANCHES)
      const counts = await deps.people.memberCounts(checked.map((b) => b.id))
      const items: BranchWarning[] = []
      for (const b of checked) {
        const c = counts.get(b.id) ?? { full: 0, probationary: 0 }
        const { minFullMembers: min, maxMembers: max } = BRANCH_RULES
        // A joint branch exists precisely because each unit has too few members; its total counts.
        if (c.full < min.value)
          items.push({
            orgId: b.id,
            orgName: b.name,
            rule: min.id,
            message: `正式党员 ${c.full} 人，不足 ${min.value} 人：${b.kind === 'joint_branch' ? '联合党支部也应有' : '应与邻近单位联合成立党支部，或补足'} ${min.value} 名正式党员`,
            actual: c.full,
            required: `≥ ${min.value}`,
            source: `${min.source}：“${min.text}”`,
          })
        const total = c.full + c.probationary
        if (total > max.value)
          items.push({
            orgId: b.id,
            orgName: b.name,
            rule: max.id,
            message: `党员 ${total} 人（含预备党员 ${c.probationary} 人），超过 ${max.value} 人：宜分设党支部或成立党总支`,
            actual: total,
            required: `≤ ${max.value}`,
            source: `${max.source}：“${max.text}”`,
          })
      }
      return { items, checkedBranches: checked.length, truncated }
    },
  }
}

export type GrassrootsService = ReturnType<typeof createGrassrootsService>
