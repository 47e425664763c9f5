import { choice, id, isoDate, text, z } from './zod.ts'
import { route } from './route.ts'
import type { OrgKind } from './orgs.ts'

// The elected leadership of an org (班子成员): its terms (届) and who held which post in each.

export const COMMITTEE_POSTS = {
  secretary: '书记',
  deputy_secretary: '副书记',
  organization: '组织委员',
  publicity: '宣传委员',
  discipline: '纪检委员',
  youth: '青年委员',
  member: '委员',
} as const
export type CommitteePost = keyof typeof COMMITTEE_POSTS
export const COMMITTEE_POST_CODES = Object.keys(COMMITTEE_POSTS) as [CommitteePost, ...CommitteePost[]]

/** Whether a committee is elected, or (a branch of fewer than 7 full members) only a secretary. */
export const COMMITTEE_STRUCTURES = {
  committee: '设委员会',
  secretary_only: '不设委员会，只设书记',
} as const
export type CommitteeStructure = keyof typeof COMMITTEE_STRUCTURES
export const COMMITTEE_STRUCTURE_CODES = Object.keys(COMMITTEE_STRUCTURES) as [CommitteeStructure, ...CommitteeStructure[]]

/** The posts of a branch without a committee: a secretary and, if needed, one deputy. */
export const SECRETARY_ONLY_POSTS: readonly CommitteePost[] = ['secretary', 'deputy_secretary']

/**
 * The kinds of org whose leadership is elected for a term. 党组 and 党工委 are appointed by the
 * committee above, a temporary branch's secretary is designated, and a 党小组 has a leader only.
 */
export const ELECTED_ORG_KINDS = ['committee', 'general_branch', 'branch', 'joint_branch'] as const satisfies readonly OrgKind[]
/** The kinds that may be a branch without a committee. */
export const BRANCH_ORG_KINDS = ['branch', 'joint_branch'] as const satisfies readonly OrgKind[]

export const isElectedOrgKind = (kind: OrgKind) => (ELECTED_ORG_KINDS as readonly OrgKind[]).includes(kind)
export const isBranchOrgKind = (kind: OrgKind) => (BRANCH_ORG_KINDS as readonly OrgKind[]).includes(kind)

const termYears = z.int('任期年数应为整数').min(1, '任期年数不能小于 1').max(6, '任期年数不能大于 6').meta({ title: '任期年数' })

export const CommitteeTermStart = z.object({
  termNumber: z.int('届次应为整数').min(1, '届次不能小于 1').max(999, '届次不能大于 999').meta({ title: '届次' }).optional(),
  electedOn: isoDate('选举日期'),
  structure: choice('班子设置', COMMITTEE_STRUCTURE_CODES).optional(),
  termYears: termYears.optional(),
  termYearsReason: text('任期调整理由', { max: 200 }).optional(),
  note: text('备注', { max: 200 }).optional(),
})
export type CommitteeTermStart = z.infer<typeof CommitteeTermStart>

export const CommitteeTermEnd = z.object({
  endedOn: isoDate('结束日期'),
  reason: text('结束原因', { max: 200 }),
})
export type CommitteeTermEnd = z.infer<typeof CommitteeTermEnd>

export const CommitteeMemberAdd = z.object({
  personId: id('人员'),
  post: choice('职务', COMMITTEE_POST_CODES),
  startedOn: isoDate('任职日期'),
})
export type CommitteeMemberAdd = z.infer<typeof CommitteeMemberAdd>

export const CommitteeMemberEnd = z.object({
  endedOn: isoDate('离任日期'),
  reason: text('离任原因', { max: 200 }).optional(),
})
export type CommitteeMemberEnd = z.infer<typeof CommitteeMemberEnd>

// Responses ---------------------------------------------------------------------------------------

export const CommitteeMemberView = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  post: z.enum(COMMITTEE_POST_CODES),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
})
export type CommitteeMemberView = z.infer<typeof CommitteeMemberView>

export const CommitteeTermView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  termNumber: z.int(),
  structure: z.enum(COMMITTEE_STRUCTURE_CODES),
  electedOn: z.string(),
  termYears: z.int(),
  termYearsReason: z.string().nullable(),
  /** 任期届满日 */
  termEndsOn: z.string(),
  /** Set when the next term was elected or the term ended without one. */
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  note: z.string().nullable(),
  /** Every post of the term, current ones first, by post. */
  members: z.array(CommitteeMemberView),
})
export type CommitteeTermView = z.infer<typeof CommitteeTermView>

/** What a new term of this org would default to, and why. */
export const CommitteeDefaults = z.object({
  /** Whether this kind of org elects its leadership for a term at all. */
  isElected: z.boolean(),
  nextTermNumber: z.int(),
  termYears: z.int(),
  termYearsBasis: z.string(),
  structure: z.enum(COMMITTEE_STRUCTURE_CODES),
  structureBasis: z.string(),
  /** The org's full members now (those who may be elected). */
  fullMembers: z.int(),
})
export type CommitteeDefaults = z.infer<typeof CommitteeDefaults>

const OrgIdParams = z.object({ id: id('组织') })
const TermParams = z.object({ id: id('届') })
const TermResponse = z.object({ term: CommitteeTermView })

export const committeesApi = {
  list: route({
    method: 'GET',
    path: '/api/orgs/:id/committee-terms',
    permission: 'committees.read',
    tag: '班子成员',
    summary: '组织的本届和往届班子：届次、选举日期、任期届满日、成员及职务；以及新一届的默认任期与设置',
    params: OrgIdParams,
    response: z.object({
      current: CommitteeTermView.nullable(),
      past: z.array(CommitteeTermView),
      defaults: CommitteeDefaults,
      /** How many months before the end of a term the reminder to hold elections comes. */
      reminderMonths: z.int(),
    }),
  }),
  start: route({
    method: 'POST',
    path: '/api/orgs/:id/committee-terms',
    permission: 'committees.write',
    tag: '班子成员',
    summary: '登记新一届班子（换届）：上一届随之结束，其成员同日离任；任期默认按组织类别和所在单位确定，另定须说明理由',
    params: OrgIdParams,
    body: CommitteeTermStart,
    status: 201,
    response: TermResponse,
  }),
  end: route({
    method: 'POST',
    path: '/api/committee-terms/:id/end',
    permission: 'committees.write',
    tag: '班子成员',
    summary: '结束本届班子而不选出新一届（如组织撤销、改设）；成员同日离任',
    params: TermParams,
    body: CommitteeTermEnd,
    response: TermResponse,
  }),
  addMember: route({
    method: 'POST',
    path: '/api/committee-terms/:id/members',
    permission: 'committees.write',
    tag: '班子成员',
    summary: '本届班子增加一名成员及其职务（须为本组织或其下级组织的正式党员）',
    params: TermParams,
    body: CommitteeMemberAdd,
    status: 201,
    response: TermResponse,
  }),
  endMember: route({
    method: 'POST',
    path: '/api/committee-members/:id/end',
    permission: 'committees.write',
    tag: '班子成员',
    summary: '成员离任（免去职务）',
    params: z.object({ id: id('班子成员') }),
    body: CommitteeMemberEnd,
    response: TermResponse,
  }),
} as const
