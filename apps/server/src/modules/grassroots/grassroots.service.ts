import { isBranchOrgKind, isElectedOrgKind, type BranchWarning, type OrgKind } from '@xianfeng/contract'
import type { Actor } from '../../platform/auth/actor.ts'
import type { CommitteesService } from '../committees/index.ts'
import type { OrgsService } from '../orgs/index.ts'
import type { PeopleService } from '../people/index.ts'
import { BRANCH_RULES } from './branch-rules.ts'
import { COMMITTEE_RULES, TERM_RULES } from './committee-rules.ts'

/** Orgs checked in one request at most; a larger subtree says it was cut. */
const MAX_ORGS = 5000

/** Branches, checked for their members; with committees and general branches, for their terms. */
const MEMBER_CHECKED_KINDS: readonly OrgKind[] = ['branch', 'joint_branch', 'temporary_branch']
const CHECKED_KINDS: readonly OrgKind[] = ['committee', 'general_branch', ...MEMBER_CHECKED_KINDS]

const quote = (r: { source: string; text: string }) => `${r.source}：“${r.text}”`

/** Grassroots organization checks (seed §17–18) that need the tree, the member registry and the committees. */
export function createGrassrootsService(deps: {
  orgs: Pick<OrgsService, 'activeOrgsUnder'>
  people: Pick<PeopleService, 'memberCounts'>
  committees: Pick<CommitteesService, 'currentTerms'>
}) {
  return {
    /** Live setting warnings for the org and the orgs under it: branch members, committees, terms. */
    async branchWarnings(actor: Actor, orgId: string) {
      const found = await deps.orgs.activeOrgsUnder(actor, orgId, CHECKED_KINDS, MAX_ORGS + 1)
      const truncated = found.length > MAX_ORGS
      const checked = found.slice(0, MAX_ORGS)
      const ids = checked.map((o) => o.id)
      const [counts, terms] = await Promise.all([deps.people.memberCounts(ids), deps.committees.currentTerms(ids)])
      const items: BranchWarning[] = []
      let checkedBranches = 0
      for (const b of checked) {
        const c = counts.get(b.id) ?? { full: 0, probationary: 0 }
        const term = terms.get(b.id)
        const warn = (w: Omit<BranchWarning, 'orgId' | 'orgName'>) => items.push({ orgId: b.id, orgName: b.name, ...w })

        if (MEMBER_CHECKED_KINDS.includes(b.kind)) {
          checkedBranches++
          const { minFullMembers: min, maxMembers: max } = BRANCH_RULES
          // A joint branch exists precisely because each unit has too few members; its total counts.
          if (c.full < min.value)
            warn({
              rule: min.id,
              message: `正式党员 ${c.full} 人，不足 ${min.value} 人：${b.kind === 'joint_branch' ? '联合党支部也应有' : '应与邻近单位联合成立党支部，或补足'} ${min.value} 名正式党员`,
              actual: c.full,
              required: `≥ ${min.value}`,
              source: quote(min),
            })
          const total = c.full + c.probationary
          if (total > max.value)
            warn({
              rule: max.id,
              message: `党员 ${total} 人（含预备党员 ${c.probationary} 人），超过 ${max.value} 人：宜分设党支部或成立党总支`,
              actual: total,
              required: `≤ ${max.value}`,
              source: quote(max),
            })
        }

        if (isBranchOrgKind(b.kind)) {
          const { committeeRequired: need, committeeSize: size, committeeSizeMax: cap } = COMMITTEE_RULES
          if (c.full >= need.value && term?.structure !== 'committee')
            warn({
              rule: need.id,
              message: term
                ? `正式党员 ${c.full} 人，第 ${term.termNumber} 届只设书记：${need.value} 人以上的党支部应设立支部委员会`
                : `正式党员 ${c.full} 人，未登记支部委员会：${need.value} 人以上的党支部应设立支部委员会`,
              actual: c.full,
              required: `正式党员 ≥ ${need.value} 人设支委会`,
              source: quote(need),
            })
          if (term?.structure === 'committee') {
            const n = term.members
            if (n > cap.value)
              warn({
                rule: cap.id,
                message: `支部委员会现有 ${n} 人，超过 ${cap.value} 人的上限：应精简委员职数`,
                actual: n,
                required: `≤ ${cap.value}`,
                source: quote(cap),
              })
            else if (n < size.min || n > size.max)
              warn({
                rule: size.id,
                message:
                  n < size.min
                    ? `支部委员会现有 ${n} 人，少于 ${size.min} 人：应及时补选委员`
                    : `支部委员会现有 ${n} 人，多于一般的 ${size.max} 人`,
                actual: n,
                required: `${size.min}–${size.max}`,
                source: quote(size),
              })
          }
        }

        if (isElectedOrgKind(b.kind) && term) {
          const { expired, reminder } = TERM_RULES
          if (term.daysLeft < 0)
            warn({
              rule: expired.id,
              message: `第 ${term.termNumber} 届任期已于 ${term.termEndsOn} 届满（已过 ${-term.daysLeft} 天），尚未换届：应按期换届选举，延期须报上级党委批准`,
              actual: -term.daysLeft,
              required: `${term.termEndsOn} 前换届`,
              source: quote(expired),
            })
          else if (term.isWithinReminder)
            warn({
              rule: reminder.id,
              message:
                term.daysLeft === 0
                  ? `第 ${term.termNumber} 届任期今天（${term.termEndsOn}）届满：请按期换届`
                  : `第 ${term.termNumber} 届任期将于 ${term.termEndsOn} 届满（还有 ${term.daysLeft} 天）：请做好换届准备`,
              actual: term.daysLeft,
              required: `届满前 ${reminder.months} 个月提醒`,
              source: quote(reminder),
            })
        }
      }
      return { items, checkedOrgs: checked.length, checkedBranches, truncated }
    },
  }
}

export type GrassrootsService = ReturnType<typeof createGrassrootsService>
