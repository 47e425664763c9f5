import { choice, id, isoDate, z } from './zod.ts'
import { route } from './route.ts'
import { ORG_KIND_CODES, ORG_LEVEL_CODES } from './orgs.ts'

// Statistics of any org subtree (SPEC §3 "Statistics"): members and orgs counted along the tree,
// read from roll-ups kept exact in the same transaction as every change, and the annual view as of
// a date (members counted by their formal org relation on that day).

/** Whom the member tables count: party members (正式 + 预备) by default, or one stage. */
export const STAT_POPULATIONS = {
  party: '党员（正式党员和预备党员）',
  full: '正式党员',
  probationary: '预备党员',
  candidate: '发展对象',
  activist: '入党积极分子',
  applicant: '入党申请人',
  left: '已离开的人员',
} as const
export type StatPopulation = keyof typeof STAT_POPULATIONS
export const STAT_POPULATION_CODES = Object.keys(STAT_POPULATIONS) as [StatPopulation, ...StatPopulation[]]

/** The member tables, in the order a page shows them. */
export const STAT_MEMBER_DIMENSIONS = {
  gender: '性别',
  ageBand: '年龄',
  education: '学历',
  ethnicity: '民族',
  occupation: '职业',
  joinYear: '入党年份',
} as const
export type StatMemberDimension = keyof typeof STAT_MEMBER_DIMENSIONS

/** The org tables (active orgs of the subtree, the subtree's root included). */
export const STAT_ORG_DIMENSIONS = {
  kind: '组织类别',
  level: '组织层级',
  hostUnitType: '单位类型',
  establishmentMode: '组建方式',
} as const
export type StatOrgDimension = keyof typeof STAT_ORG_DIMENSIONS

/**
 * Age bands of the annual party statistics, age counted at 12-31 of the statistical year
 * (year − birth year). Source: 中国共产党党内统计公报（中央组织部，历年）“党员的年龄构成”.
 */
export const AGE_BANDS = [
  { code: 'to30', label: '30岁及以下', max: 30 },
  { code: '31to35', label: '31至35岁', max: 35 },
  { code: '36to40', label: '36至40岁', max: 40 },
  { code: '41to45', label: '41至45岁', max: 45 },
  { code: '46to50', label: '46至50岁', max: 50 },
  { code: '51to55', label: '51至55岁', max: 55 },
  { code: '56to60', label: '56至60岁', max: 60 },
  { code: '61up', label: '61岁及以上', max: Number.POSITIVE_INFINITY },
] as const
export const ageBandOf = (age: number) => AGE_BANDS.find((b) => age <= b.max)!.code

/** The code a table shows for an unrecorded value (学历、职业 not filled in, 入党年份 of a non-member). */
export const STAT_UNKNOWN = ''
export const STAT_UNKNOWN_LABEL = '未填写'

export const StatsQuery = z.object({
  /** The subtree's root; the current scope's root when omitted. */
  orgId: id('党组织').optional(),
  population: choice('统计对象', STAT_POPULATION_CODES).default('party'),
  /** Counts as of the end of this day (the annual statistics use 12-31); today's when omitted. */
  asOf: isoDate('统计时点').optional(),
})
export type StatsQuery = z.infer<typeof StatsQuery>

export const StatBucket = z.object({ code: z.string(), label: z.string(), count: z.int() })
export type StatBucket = z.infer<typeof StatBucket>

export const StatTable = z.object({
  dimension: z.string(),
  title: z.string(),
  /** Sorted as the dimension reads best: codes in order, occupations by count, years ascending. */
  buckets: z.array(StatBucket),
  total: z.int(),
})
export type StatTable = z.infer<typeof StatTable>

export const StatChild = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ORG_KIND_CODES),
  level: z.enum(ORG_LEVEL_CODES),
  hasChildren: z.boolean(),
  /** Members of the chosen population in its subtree. */
  members: z.int(),
  /** Active orgs of its subtree, itself included. */
  orgs: z.int(),
})
export type StatChild = z.infer<typeof StatChild>

export const SubtreeStats = z.object({
  org: z.object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(ORG_KIND_CODES),
    level: z.enum(ORG_LEVEL_CODES),
  }),
  /** From the scope's root down to `org`, for the drill-down breadcrumb. */
  trail: z.array(z.object({ id: z.uuid(), name: z.string() })),
  population: z.enum(STAT_POPULATION_CODES),
  asOf: z.string().nullable(),
  /** The year whose 12-31 ages are counted at. */
  ageYear: z.int(),
  /** Members of every status in the subtree (the population switch shows these). */
  byStatus: z.array(StatBucket),
  members: z.array(StatTable),
  orgs: z.array(StatTable),
  /** The direct sub-orgs (active, or active on `asOf`), largest first. */
  children: z.array(StatChild),
  /** Members of the population attached to `org` itself rather than to a sub-org (本级). */
  ownMembers: z.int(),
  /** When the figures were read (they are exact at that moment). */
  readAt: z.string(),
})
export type SubtreeStats = z.infer<typeof SubtreeStats>

export const statisticsApi = {
  subtree: route({
    method: 'GET',
    path: '/api/stats/subtree',
    permission: 'stats.read',
    tag: '统计',
    summary: '一个党组织及其全部下级的党员和组织统计',
    querystring: StatsQuery,
    response: z.object({ stats: SubtreeStats }),
  }),
  export: route({
    method: 'GET',
    path: '/api/stats/subtree/export',
    permission: 'stats.read',
    tag: '统计',
    summary: '导出统计表（Excel，每张表一个工作表）',
    querystring: StatsQuery,
    download: true,
  }),
} as const
