import {
  AGE_BANDS,
  EDUCATION_LEVEL_CODES,
  EDUCATION_LEVELS,
  ESTABLISHMENT_MODES,
  ETHNICITIES,
  ETHNICITY_CODES,
  GENDER_CODES,
  GENDERS,
  HOST_UNIT_TYPES,
  MEMBER_STATUS_CODES,
  MEMBER_STATUSES,
  ORG_KINDS,
  ORG_LEVELS,
  STAT_MEMBER_DIMENSIONS,
  STAT_POPULATIONS,
  STAT_ORG_DIMENSIONS,
  STAT_UNKNOWN,
  STAT_UNKNOWN_LABEL,
  ageBandOf,
  educationCategoryOf,
  type EducationLevelCode,
  type MemberStatus,
  type StatBucket,
  type StatMemberDimension,
  type StatOrgDimension,
  type StatPopulation,
  type StatTable,
  type StatsQuery,
  type SubtreeStats,
} from '@xianfeng/contract'
import type { Actor } from '../../platform/auth/actor.ts'
import { todayInChina } from '../../platform/china-date.ts'
import type { Db } from '../../platform/db.ts'
import { notFound } from '../../platform/errors.ts'
import ExcelJS from '../../platform/excel.ts'
import type { OrgsService } from '../orgs/index.ts'
import { statisticsRepo, type StatRow } from './statistics.repo.ts'

/** The member statuses a population counts. */
export const populationStatuses = (p: StatPopulation): readonly MemberStatus[] => (p === 'party' ? ['probationary', 'full'] : [p])

/** How often the background job folds pending deltas into the roll-ups. */
export const STAT_FOLD_EVERY_MS = 5_000

/** Occupations are free text: the largest are shown, the rest summed into one bucket. */
const MAX_OCCUPATION_BUCKETS = 20

type Labels = Record<string, string>
const withUnknown = (labels: Labels) => ({ ...labels, [STAT_UNKNOWN]: STAT_UNKNOWN_LABEL })

/** How each table reads the roll-up: which stored dimension, how values become buckets, in what order. */
const MEMBER_TABLES: Record<StatMemberDimension, { dim: string; bucket?: (value: string, ageYear: number) => string }> = {
  gender: { dim: 'gender' },
  ageBand: { dim: 'birth_year', bucket: (birthYear, ageYear) => ageBandOf(ageYear - Number(birthYear)) },
  // by the standard's top-level category (硕士 counts under 研究生教育)
  education: {
    dim: 'education',
    bucket: (code) => (code === STAT_UNKNOWN ? code : educationCategoryOf(code as EducationLevelCode)),
  },
  ethnicity: { dim: 'ethnicity' },
  occupation: { dim: 'occupation' },
  joinYear: { dim: 'join_year' },
}
const ORG_TABLES: Record<StatOrgDimension, string> = {
  kind: 'kind',
  level: 'level',
  hostUnitType: 'host_unit_type',
  establishmentMode: 'establishment_mode',
}

const codeOrder = (codes: readonly string[]) => (a: StatBucket, b: StatBucket) => {
  const rank = (c: string) => (c === STAT_UNKNOWN ? codes.length : codes.indexOf(c))
  return rank(a.code) - rank(b.code)
}
const AGE_BAND_CODES = AGE_BANDS.map((b) => b.code)
const AGE_BAND_LABELS: Labels = Object.fromEntries(AGE_BANDS.map((b) => [b.code, b.label]))

function memberTable(dimension: StatMemberDimension, rows: StatRow[], statuses: readonly string[], ageYear: number): StatTable {
  const spec = MEMBER_TABLES[dimension]
  const counts = new Map<string, number>()
  for (const r of rows) {
    if (r.subject !== 'member' || r.dim !== spec.dim || !statuses.includes(r.status)) continue
    const code = spec.bucket ? spec.bucket(r.value, ageYear) : r.value
    counts.set(code, (counts.get(code) ?? 0) + r.n)
  }
  let buckets: StatBucket[] = [...counts].filter(([, n]) => n !== 0).map(([code, count]) => ({ code, label: code, count }))
  switch (dimension) {
    case 'gender':
      buckets = relabel(buckets, withUnknown(GENDERS)).sort(codeOrder(GENDER_CODES))
      break
    case 'ageBand':
      buckets = relabel(buckets, AGE_BAND_LABELS).sort(codeOrder(AGE_BAND_CODES))
      break
    case 'education':
      buckets = relabel(buckets, withUnknown(EDUCATION_LEVELS)).sort(codeOrder(EDUCATION_LEVEL_CODES))
      break
    case 'ethnicity':
      buckets = relabel(buckets, withUnknown(ETHNICITIES)).sort(codeOrder(ETHNICITY_CODES))
      break
    case 'occupation':
      buckets = topBuckets(relabel(buckets, { [STAT_UNKNOWN]: STAT_UNKNOWN_LABEL }), MAX_OCCUPATION_BUCKETS)
      break
    case 'joinYear':
      buckets = relabel(buckets, { [STAT_UNKNOWN]: STAT_UNKNOWN_LABEL }).sort((a, b) =>
        a.code === b.code ? 0 : a.code === STAT_UNKNOWN ? 1 : b.code === STAT_UNKNOWN ? -1 : Number(a.code) - Number(b.code),
      )
      break
  }
  return table(dimension, STAT_MEMBER_DIMENSIONS[dimension], buckets)
}

function orgTable(dimension: StatOrgDimension, rows: StatRow[]): StatTable {
  const dim = ORG_TABLES[dimension]
  const labels: Record<StatOrgDimension, Labels> = {
    kind: ORG_KINDS,
    level: ORG_LEVELS,
    hostUnitType: withUnknown(HOST_UNIT_TYPES),
    establishmentMode: withUnknown(ESTABLISHMENT_MODES),
  }
  const codes = Object.keys(labels[dimension])
  const buckets = rows
    .filter((r) => r.subject === 'org' && r.dim === dim && r.status === 'active' && r.n !== 0)
    .map((r) => ({ code: r.value, label: r.value, count: r.n }))
  return table(dimension, STAT_ORG_DIMENSIONS[dimension], relabel(buckets, labels[dimension]).sort(codeOrder(codes)))
}

const relabel = (buckets: StatBucket[], labels: Labels) => buckets.map((b) => ({ ...b, label: labels[b.code] ?? b.code }))

function topBuckets(buckets: StatBucket[], max: number): StatBucket[] {
  const sorted = [...buckets].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
  if (sorted.length <= max) return sorted
  const rest = sorted.slice(max - 1)
  const other = { code: '*other', label: `其他（${rest.length} 种）`, count: rest.reduce((s, b) => s + b.count, 0) }
  return [...sorted.slice(0, max - 1), other]
}

const table = (dimension: string, title: string, buckets: StatBucket[]): StatTable => ({
  dimension,
  title,
  buckets,
  total: buckets.reduce((s, b) => s + b.count, 0),
})

/** Members of each status, from any one member dimension (every member has a gender). */
function byStatus(rows: StatRow[]): StatBucket[] {
  return MEMBER_STATUS_CODES.map((code) => ({
    code,
    label: MEMBER_STATUSES[code],
    count: rows.filter((r) => r.subject === 'member' && r.dim === 'gender' && r.status === code).reduce((s, r) => s + r.n, 0),
  }))
}

const populationTotal = (s: SubtreeStats) => s.members[0]!.total
const chinaDateTime = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' })

export function createStatisticsService(deps: { db: Db; orgs: Pick<OrgsService, 'get' | 'tree'> }) {
  const { db, orgs } = deps

  return {
    /** The statistics of one subtree in the actor's scope (its root by default), now or as of a day. */
    async subtree(actor: Actor, query: StatsQuery): Promise<SubtreeStats> {
      const rootId = query.orgId ?? actor.grant?.orgId
      if (!rootId) throw notFound('党组织')
      const root = await orgs.get(actor, rootId)
      const statuses = populationStatuses(query.population)
      const asOf = query.asOf ?? null
      const ageYear = Number((asOf ?? todayInChina()).slice(0, 4))
      const readAt = new Date().toISOString()

      let rows: StatRow[]
      let children: SubtreeStats['children']
      if (asOf) {
        const at = new Date(`${asOf}T24:00:00+08:00`)
        const [byChild, childOrgs] = await Promise.all([
          statisticsRepo.asOf(db, root.id, asOf, at),
          orgs.tree(actor, root.id, asOf),
        ])
        const merged = new Map<string, StatRow>()
        const perChild = new Map<string, { members: number; orgs: number }>()
        for (const r of byChild) {
          const key = `${r.subject}\u0000${r.status}\u0000${r.dim}\u0000${r.value}`
          const m = merged.get(key)
          if (m) m.n += r.n
          else merged.set(key, { subject: r.subject, status: r.status, dim: r.dim, value: r.value, n: r.n })
          if (!r.child_id) continue
          const c = perChild.get(r.child_id) ?? { members: 0, orgs: 0 }
          if (r.subject === 'member' && r.dim === 'gender' && statuses.includes(r.status as MemberStatus)) c.members += r.n
          if (r.subject === 'org' && r.dim === 'kind' && r.status === 'active') c.orgs += r.n
          perChild.set(r.child_id, c)
        }
        rows = [...merged.values()]
        children = childOrgs
          .filter((c) => c.status === 'active')
          .map((c) => ({
            id: c.id,
            name: c.name,
            kind: c.kind,
            level: c.level,
            hasChildren: c.childCount > 0,
            ...(perChild.get(c.id) ?? { members: 0, orgs: 0 }),
          }))
      } else {
        const childOrgs = (await orgs.tree(actor, root.id)).filter((c) => c.status === 'active')
        const [totals, heads] = await Promise.all([
          statisticsRepo.totals(db, root.id),
          statisticsRepo.headcounts(
            db,
            childOrgs.map((c) => c.id),
            statuses,
          ),
        ])
        rows = totals
        children = childOrgs.map((c) => ({
          id: c.id,
          name: c.name,
          kind: c.kind,
          level: c.level,
          hasChildren: c.childCount > 0,
          ...(heads.get(c.id) ?? { members: 0, orgs: 0 }),
        }))
      }
      children.sort((a, b) => b.members - a.members || b.orgs - a.orgs)

      const members = (Object.keys(STAT_MEMBER_DIMENSIONS) as StatMemberDimension[]).map((d) =>
        memberTable(d, rows, statuses, ageYear),
      )
      const total = members[0]!.total
      return {
        org: { id: root.id, name: root.name, kind: root.kind, level: root.level },
        trail: [...root.ancestors, { id: root.id, name: root.name }],
        population: query.population,
        asOf,
        ageYear,
        byStatus: byStatus(rows),
        members,
        orgs: (Object.keys(STAT_ORG_DIMENSIONS) as StatOrgDimension[]).map((d) => orgTable(d, rows)),
        children,
        ownMembers: total - children.reduce((s, c) => s + c.members, 0),
        readAt,
      }
    },

    /** The same statistics as a workbook: an overview sheet, the sub-orgs, then one sheet per table. */
    async exportXlsx(actor: Actor, query: StatsQuery) {
      const stats = await this.subtree(actor, query)
      const wb = new ExcelJS.Workbook()
      const overview = wb.addWorksheet('概况')
      overview.columns = [{ width: 16 }, { width: 48 }]
      overview.addRows([
        ['党组织', stats.trail.map((t) => t.name).join(' / ')],
        ['统计对象', STAT_POPULATIONS[stats.population]],
        ['统计时点', stats.asOf ? `${stats.asOf}（按当日的正式组织关系统计）` : `当前（读取于 ${chinaDateTime(stats.readAt)}）`],
        ['年龄计算', `按 ${stats.ageYear} 年 12 月 31 日计算`],
        ['人数', populationTotal(stats)],
        ...stats.byStatus.map((b) => [b.label, b.count]),
      ])
      overview.getColumn(1).font = { bold: true }

      const sub = wb.addWorksheet('下级组织')
      sub.columns = [
        { header: '下级组织', width: 40 },
        { header: '组织类别', width: 14 },
        { header: STAT_POPULATIONS[stats.population], width: 16 },
        { header: '组织数（含本身）', width: 16 },
      ]
      for (const c of stats.children) sub.addRow([c.name, ORG_KINDS[c.kind], c.members, c.orgs])
      if (stats.ownMembers !== 0) sub.addRow(['本级', '', stats.ownMembers, ''])
      sub.addRow(['合计', '', populationTotal(stats), '']).font = { bold: true }
      sub.getRow(1).font = { bold: true }

      for (const t of [...stats.members, ...stats.orgs]) {
        const ws = wb.addWorksheet(stats.members.includes(t) ? `党员-${t.title}` : `组织-${t.title}`)
        ws.columns = [
          { header: t.title, width: 24 },
          { header: '数量', width: 12 },
          { header: '占比', width: 10, style: { numFmt: '0.0%' } },
        ]
        for (const b of t.buckets) ws.addRow([b.label, b.count, t.total ? b.count / t.total : 0])
        ws.addRow(['合计', t.total, t.total ? 1 : 0]).font = { bold: true }
        ws.getRow(1).font = { bold: true }
      }
      return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), orgName: stats.org.name }
    },

    /** Folds pending deltas into the roll-ups (the background job); returns the delta rows folded. */
    fold: () => statisticsRepo.fold(db),

    /** Roll-up rows that disagree with a full recount (an empty list when they are exact). */
    mismatches: (limit = 20) => statisticsRepo.mismatches(db, limit),
  }
}

export type StatisticsService = ReturnType<typeof createStatisticsService>
