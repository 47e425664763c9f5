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
  type OrgSummary,
  type StatBucket,
  type StatMemberDimension,
  type StatOrgDimension,
  type StatPopulation,
  type StatSnapshot,
  type StatTable,
  type StatsQuery,
  type SubtreeStats,
} from '@xianfeng/contract'
import type { Actor } from '../../platform/auth/actor.ts'
import { chinaDateTime, todayInChina } from '../../platform/calendar.ts'
import type { Db } from '../../platform/db.ts'
import { conflict, invalidState, notFound } from '../../platform/errors.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Logger } from 'pino'
import ExcelJS from '../../platform/excel.ts'
import type { OrgsService } from '../orgs/index.ts'
import { statisticsRepo, type StatRow, type StatRowByChild } from './statistics.repo.ts'

/** The member statuses a population counts. */
export const populationStatuses = (p: StatPopulation): readonly MemberStatus[] => (p === 'party' ? ['probationary', 'full'] : [p])

/** Above this many members (all statuses, now) an as-of view waits for the snapshot instead of recounting (~1 s per 60,000 members here). */
export const AS_OF_RECOUNT_MAX_MEMBERS = 100_000

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

/** Sums a recount's per-sub-org rows into the subtree's rows and each sub-org's headcounts. */
function recountByChild(byChild: StatRowByChild[], statuses: readonly MemberStatus[]) {
  const merged = new Map<string, StatRow>()
  const heads = new Map<string, { members: number; orgs: number }>()
  for (const r of byChild) {
    const key = `${r.subject}\u0000${r.status}\u0000${r.dim}\u0000${r.value}`
    const m = merged.get(key)
    if (m) m.n += r.n
    else merged.set(key, { subject: r.subject, status: r.status, dim: r.dim, value: r.value, n: r.n })
    if (!r.child_id) continue
    const c = heads.get(r.child_id) ?? { members: 0, orgs: 0 }
    if (r.subject === 'member' && r.dim === 'gender' && statuses.includes(r.status as MemberStatus)) c.members += r.n
    if (r.subject === 'org' && r.dim === 'kind' && r.status === 'active') c.orgs += r.n
    heads.set(r.child_id, c)
  }
  return { rows: [...merged.values()], heads }
}

/** The sub-orgs with their headcounts (none when a sub-org has no roll-up rows). */
const childrenOf = (orgs: OrgSummary[], heads: Map<string, { members: number; orgs: number }>): SubtreeStats['children'] =>
  orgs.map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    level: c.level,
    hasChildren: c.childCount > 0,
    ...(heads.get(c.id) ?? { members: 0, orgs: 0 }),
  }))

const snapshotOut = (r: Awaited<ReturnType<typeof statisticsRepo.snapshot>>): StatSnapshot => ({
  id: String(r.id),
  asOf: r.as_of,
  state: r.state as StatSnapshot['state'],
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  rowCount: r.row_count,
  error: r.error,
})

export function createStatisticsService(deps: {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'get' | 'tree'>
  log?: Pick<Logger, 'warn' | 'info'>
  asOfRecountMaxMembers?: number
}) {
  const { db, audit, orgs, log } = deps
  const recountMax = deps.asOfRecountMaxMembers ?? AS_OF_RECOUNT_MAX_MEMBERS
  const building = new Set<Promise<void>>()

  /** Starts building the whole tree's snapshot for `day` unless one is being built; audited. */
  async function requestSnapshot(actor: Actor, day: string) {
    const id = await db.transaction().execute(async (tx) => {
      const started = await statisticsRepo.startSnapshot(tx, day, actor.userId)
      if (started !== null)
        await audit.record(tx, actor, {
          action: 'stats.snapshot_requested',
          entityType: 'stat_snapshot',
          entityId: String(started),
          after: { asOf: day },
        })
      return started
    })
    if (id === null) return null
    const job = statisticsRepo
      .buildSnapshot(db, id)
      .then(() => log?.info({ snapshot: id, asOf: day }, '年末统计快照已生成'))
      .catch(async (e: unknown) => {
        log?.warn({ err: e, snapshot: id }, '年末统计快照生成失败')
        await statisticsRepo.failSnapshot(db, id, e instanceof Error ? e.message : String(e)).catch(() => undefined)
      })
      .finally(() => building.delete(job))
    building.add(job)
    return id
  }

  return {
    /** The statistics of one subtree in the actor's scope (its root by default), now or as of a day. */
    async subtree(actor: Actor, query: StatsQuery): Promise<SubtreeStats> {
      const rootId = query.orgId ?? actor.grant?.orgId
      if (!rootId) throw notFound('党组织')
      // The live figures are read alongside the root (each read checks the scope itself).
      const live = query.asOf ? null : Promise.all([orgs.tree(actor, rootId), statisticsRepo.totals(db, rootId)])
      live?.catch(() => undefined)
      const root = await orgs.get(actor, rootId)
      const statuses = populationStatuses(query.population)
      const asOf = query.asOf ?? null
      const ageYear = Number((asOf ?? todayInChina()).slice(0, 4))
      const readAt = new Date().toISOString()

      let rows: StatRow[]
      let children: SubtreeStats['children']
      let source: SubtreeStats['source'] = 'live'
      let snapshotAt: string | null = null
      if (asOf) {
        const childOrgs = (await orgs.tree(actor, root.id, asOf)).filter((c) => c.status === 'active')
        const ids = childOrgs.map((c) => c.id)
        let heads: Map<string, { members: number; orgs: number }>
        const snapshot = await statisticsRepo.readySnapshot(db, asOf)
        if (snapshot) {
          source = 'snapshot'
          snapshotAt = snapshot.finished_at!.toISOString()
          ;[rows, heads] = await Promise.all([
            statisticsRepo.snapshotTotals(db, snapshot.id, root.id),
            statisticsRepo.snapshotHeadcounts(db, snapshot.id, ids, statuses),
          ])
        } else {
          const now = await statisticsRepo.headcounts(db, [root.id], MEMBER_STATUS_CODES)
          if ((now.get(root.id)?.members ?? 0) > recountMax) {
            await requestSnapshot(actor, asOf)
            throw invalidState(
              `“${root.name}”人数较多，${asOf} 的统计要用年末统计快照：已开始生成（全省约需几分钟），完成后刷新即可查看`,
            )
          }
          source = 'recount'
          ;({ rows, heads } = recountByChild(await statisticsRepo.recountAsOf(db, root.id, asOf), statuses))
        }
        children = childrenOf(childOrgs, heads)
      } else {
        const [tree, totals] = await live!
        const childOrgs = tree.filter((c) => c.status === 'active')
        const ids = childOrgs.map((c) => c.id)
        rows = totals
        children = childrenOf(childOrgs, await statisticsRepo.headcounts(db, ids, statuses))
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
        source,
        snapshotAt,
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

    /** Builds (again) the whole tree's snapshot as of `asOf`, in the background. */
    async createSnapshot(actor: Actor, asOf: string): Promise<StatSnapshot> {
      if (asOf > todayInChina()) throw invalidState(`统计时点 ${asOf} 还没有到，不能生成快照`)
      const id = await requestSnapshot(actor, asOf)
      if (id === null) throw conflict(`${asOf} 的年末统计快照正在生成，请等它完成`)
      return snapshotOut(await statisticsRepo.snapshot(db, id))
    },

    async snapshots(): Promise<StatSnapshot[]> {
      return (await statisticsRepo.snapshots(db)).map(snapshotOut)
    },

    /** At start-up: snapshots left half-built by a stop are marked failed. */
    recover: () => statisticsRepo.failUnfinishedSnapshots(db),

    /** Resolves when no snapshot is being built (for a clean shutdown and for tests). */
    idle: async () => {
      while (building.size) await Promise.all([...building])
    },

    /** Members of every status in the org's subtree now (no scope check: for other services' plans). */
    async memberCount(orgId: string): Promise<number> {
      return (await statisticsRepo.headcounts(db, [orgId], MEMBER_STATUS_CODES)).get(orgId)?.members ?? 0
    },

    /** Folds pending deltas into the roll-ups (the background job); returns the delta rows folded. */
    fold: () => statisticsRepo.fold(db),

    /** Roll-up rows that disagree with a full recount (an empty list when they are exact). */
    mismatches: (limit = 20) => statisticsRepo.mismatches(db, limit),
  }
}

export type StatisticsService = ReturnType<typeof createStatisticsService>
