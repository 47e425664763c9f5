import { STAT_UNKNOWN, type StatBucket, type StatPopulation, type StatTable, type SubtreeStats } from '@xianfeng/contract'

/** The population switch's short names; STAT_POPULATIONS has the full ones. */
export const POPULATION_SHORT: Record<StatPopulation, string> = {
  party: '党员',
  full: '正式党员',
  probationary: '预备党员',
  candidate: '发展对象',
  activist: '入党积极分子',
  applicant: '入党申请人',
  left: '已离开的人员',
}

/** The heading of a count column: 党员人数, 入党申请人数 (not 入党申请人人数), 已离开的人员数. */
export const countTitleOf = (population: StatPopulation) => {
  const who = POPULATION_SHORT[population]
  return /人员?$/.test(who) ? `${who}数` : `${who}人数`
}

/** How many of the subtree's people a population counts, from the per-status counts. */
export function populationCount(byStatus: StatBucket[], population: StatPopulation): number {
  const of = (status: string) => byStatus.find((b) => b.code === status)?.count ?? 0
  return population === 'party' ? of('full') + of('probationary') : of(population)
}

export const tableOf = (tables: StatTable[], dimension: string) => tables.find((t) => t.dimension === dimension)

/** People of the population in the subtree: every member table counts each of them once. */
export function populationTotal(stats: SubtreeStats): number {
  return tableOf(stats.members, 'gender')?.total ?? stats.members[0]?.total ?? 0
}

/** Active orgs of the subtree, its root included. */
export function orgTotal(stats: SubtreeStats): number {
  return tableOf(stats.orgs, 'kind')?.total ?? stats.orgs[0]?.total ?? 0
}

export interface Indicator {
  key: string
  title: string
  count: number
  total: number
}

/**
 * The shares the annual party statistics bulletin leads with (女性、少数民族、大专及以上学历、
 * 35岁及以下), from the member tables' codes; an indicator whose table is missing is left out.
 */
export function indicatorsOf(stats: SubtreeStats): Indicator[] {
  const sum = (dimension: string, title: string, matches: (code: string) => boolean): Indicator[] => {
    const table = tableOf(stats.members, dimension)
    if (!table) return []
    const count = table.buckets.filter((b) => b.code !== STAT_UNKNOWN && matches(b.code)).reduce((n, b) => n + b.count, 0)
    return [{ key: dimension, title, count, total: table.total }]
  }
  return [
    ...sum('gender', '女性', (code) => code === '2'),
    // GB/T 3304: 01 汉族, 02–56 the other nationalities, 97/98 outside them.
    ...sum('ethnicity', '少数民族', (code) => code >= '02' && code <= '56'),
    // GB/T 4658: 1x 研究生, 20 大学本科, 30 大学专科.
    ...sum('education', '大专及以上学历', (code) => /^[123]/.test(code)),
    ...sum('ageBand', '35岁及以下', (code) => code === 'to30' || code === '31to35'),
  ]
}

/** A row key for a bucket: the unrecorded value's code is the empty string. */
export const bucketKey = (b: StatBucket) => (b.code === STAT_UNKNOWN ? '__unknown' : b.code)
