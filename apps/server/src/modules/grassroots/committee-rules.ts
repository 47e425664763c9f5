import { isBranchOrgKind, type CommitteeStructure, type HostUnitType, type OrgKind } from '@xianfeng/contract'

/**
 * The numbers of committees and terms, each with the sentence it implements and its source
 * (RULES.md §b3). The rules registry lists them (grassroots.rules.ts).
 */
const BRANCH_REGULATIONS_CH6 = '《中国共产党支部工作条例（试行）》第六章'
const TERM_OPINION = '中共中央办公厅《关于党的基层组织任期的意见》（2018 年）'

export const COMMITTEE_RULES = {
  /** A branch of this many full members or more elects a committee; fewer, a secretary only. */
  committeeRequired: {
    id: 'branch.committee_required',
    value: 7,
    text: '有正式党员 7 人以上的党支部，应当设立党支部委员会',
    source: BRANCH_REGULATIONS_CH6,
  },
  /** The usual size of a branch committee. */
  committeeSize: {
    id: 'branch.committee_size',
    min: 3,
    max: 5,
    text: '党支部委员会由 3 至 5 人组成，一般不超过 7 人',
    source: BRANCH_REGULATIONS_CH6,
  },
  /** The size a branch committee should not exceed. */
  committeeSizeMax: {
    id: 'branch.committee_size_max',
    value: 7,
    text: '党支部委员会由 3 至 5 人组成，一般不超过 7 人',
    source: BRANCH_REGULATIONS_CH6,
  },
  /** A branch without a committee: one secretary and at most this many deputies. */
  secretaryOnlyDeputies: {
    id: 'branch.secretary_only_posts',
    value: 1,
    text: '正式党员不足 7 人的党支部，设 1 名书记，必要时可以设 1 名副书记',
    source: BRANCH_REGULATIONS_CH6,
  },
  /** Who may hold a post: full members only — probationary members cannot be elected. */
  electableStatus: {
    id: 'committee.electable',
    text: '预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党员一样',
    source: '《中国共产党章程》第七条',
  },
} as const

export const TERM_RULES = {
  /** Term length in years by the kind of org and its host unit. */
  length: {
    id: 'term.length',
    basicCommittee: 5,
    branch: 3,
    villageCommunity: 5,
    text: '党的基层委员会每届任期一般为 5 年，党的总支部委员会、支部委员会每届任期一般为 3 年，其中，村和社区党的委员会、总支部委员会、支部委员会每届任期为 5 年',
    source: `${TERM_OPINION}第一条`,
  },
  expired: {
    id: 'term.expired',
    text: '党的基层组织应严格执行任期制度，任期届满按期进行换届选举。如需延期或提前进行换届选举，应报上级党的委员会批准，延长或提前期限一般不超过 1 年',
    source: `${TERM_OPINION}第二条`,
  },
  /** How many months before the end of a term the org above reminds it to hold elections. */
  reminder: {
    id: 'term.ending_soon',
    months: 6,
    text: '上级党组织对任期届满的党支部，一般提前 6 个月以发函或者电话通知等形式，提醒做好换届准备',
    source: '党支部按期换届提醒督促机制（旗帜网 2021 年 12 月 27 日刊文所引）',
  },
} as const

/** The term length an org's committee has by default, and the rule it comes from. */
export function defaultTermYears(kind: OrgKind, hostUnitType: HostUnitType | null): { years: number; basis: string } {
  const { length: rule } = TERM_RULES
  if (hostUnitType === 'village' || hostUnitType === 'community')
    return { years: rule.villageCommunity, basis: `村和社区党组织每届任期为 ${rule.villageCommunity} 年（${rule.source}）` }
  if (kind === 'committee')
    return { years: rule.basicCommittee, basis: `党的基层委员会每届任期一般为 ${rule.basicCommittee} 年（${rule.source}）` }
  return { years: rule.branch, basis: `党的总支部委员会、支部委员会每届任期一般为 ${rule.branch} 年（${rule.source}）` }
}

/** Whether a new term of the org should elect a committee, from its full members today. */
export function defaultStructure(kind: OrgKind, fullMembers: number): { structure: CommitteeStructure; basis: string } {
  const { committeeRequired: rule } = COMMITTEE_RULES
  if (!isBranchOrgKind(kind)) return { structure: 'committee', basis: '党委、党总支设委员会' }
  return fullMembers >= rule.value
    ? { structure: 'committee', basis: `正式党员 ${fullMembers} 人，${rule.value} 人以上应设支部委员会（${rule.source}）` }
    : {
        structure: 'secretary_only',
        basis: `正式党员 ${fullMembers} 人，不足 ${rule.value} 人，设 1 名书记，必要时 1 名副书记（${rule.source}）`,
      }
}
