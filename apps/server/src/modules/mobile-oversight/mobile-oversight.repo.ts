import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import type {
  MobileCoordinationMeetingsTable,
  MobileSpotCheckFindingsTable,
  MobileSpotChecksTable,
  MobileWorkReportsTable,
} from '../../platform/db-types.ts'
import { orgInScopeSql } from '../orgs/index.ts'

// Kysely queries only: who may write, what a status means and when a report is due are the service's.

/** An org path's labels back to ids: the org and every org above it (labels are ids without hyphens). */
export const idsOnPath = (path: string) =>
  path.split('.').map((l) => `${l.slice(0, 8)}-${l.slice(8, 12)}-${l.slice(12, 16)}-${l.slice(16, 20)}-${l.slice(20)}`)

const meetingQuery = (db: Executor) =>
  db
    .selectFrom('mobile_coordination_meetings as mt')
    .innerJoin('orgs as o', 'o.id', 'mt.org_id')
    .selectAll('mt')
    .select(['o.name as org_name', 'o.path as org_path'])

export type MeetingRow = NonNullable<Awaited<ReturnType<ReturnType<typeof meetingQuery>['executeTakeFirst']>>>

function meetingsFiltered(db: Executor, f: { scope: string[]; year?: number | undefined }) {
  let q = meetingQuery(db).where(orgInScopeSql('mt.org_id', f.scope))
  if (f.year) q = q.where('mt.held_on', '>=', `${f.year}-01-01`).where('mt.held_on', '<=', `${f.year}-12-31`)
  return q
}

const reportQuery = (db: Executor) =>
  db
    .selectFrom('mobile_work_reports as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .innerJoin('orgs as so', 'so.id', 'r.submitted_to_org_id')
    .selectAll('r')
    .select(['o.name as org_name', 'o.path as org_path', 'so.name as submitted_to_name', 'so.path as submitted_to_path'])

export type ReportRow = NonNullable<Awaited<ReturnType<ReturnType<typeof reportQuery>['executeTakeFirst']>>>

const spotCheckQuery = (db: Executor) =>
  db
    .selectFrom('mobile_spot_checks as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .selectAll('s')
    .select(['o.name as org_name', 'o.path as org_path'])
    .select((eb) => [
      eb
        .selectFrom('mobile_spot_check_items as i')
        .whereRef('i.spot_check_id', '=', 's.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('item_count'),
      eb
        .selectFrom('mobile_spot_check_findings as f')
        .innerJoin('mobile_spot_check_items as i', 'i.id', 'f.item_id')
        .whereRef('i.spot_check_id', '=', 's.id')
        .where('f.status', '<>', 'closed')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('open_findings'),
    ])

export type SpotCheckRow = NonNullable<Awaited<ReturnType<ReturnType<typeof spotCheckQuery>['executeTakeFirst']>>>

const findingQuery = (db: Executor) =>
  db
    .selectFrom('mobile_spot_check_findings as f')
    .innerJoin('mobile_spot_check_items as i', 'i.id', 'f.item_id')
    .innerJoin('mobile_spot_checks as s', 's.id', 'i.spot_check_id')
    .innerJoin('orgs as co', 'co.id', 'i.county_org_id')
    .innerJoin('orgs as so', 'so.id', 's.org_id')
    .leftJoin('people as p', 'p.id', 'i.person_id')
    .selectAll('f')
    .select([
      'i.spot_check_id',
      'i.county_org_id',
      'i.person_id',
      's.title as spot_check_title',
      'co.name as county_name',
      'co.path as county_path',
      'so.path as spot_check_org_path',
      'p.name as person_name',
    ])

export type FindingRow = NonNullable<Awaited<ReturnType<ReturnType<typeof findingQuery>['executeTakeFirst']>>>

export const mobileOversightRepo = {
  // Coordination meetings -------------------------------------------------------------------------

  async insertMeeting(tx: Executor, row: Insertable<MobileCoordinationMeetingsTable>) {
    return (await tx.insertInto('mobile_coordination_meetings').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  async updateMeeting(tx: Executor, id: string, patch: Updateable<MobileCoordinationMeetingsTable>) {
    await tx.updateTable('mobile_coordination_meetings').set(patch).where('id', '=', id).execute()
  },

  findMeeting: (db: Executor, id: string, scope: string[]) =>
    meetingQuery(db).where('mt.id', '=', id).where(orgInScopeSql('mt.org_id', scope)).executeTakeFirst(),

  async listMeetings(db: Executor, f: { scope: string[]; year?: number | undefined }, page: { limit: number; offset: number }) {
    const [items, total] = await Promise.all([
      meetingsFiltered(db, f)
        .orderBy('mt.held_on', 'desc')
        .orderBy('mt.created_at', 'desc')
        .orderBy('mt.id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      meetingsFiltered(db, f)
        .clearSelect()
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ])
    return { items, total: Number(total.n) }
  },

  // Year-end reports ------------------------------------------------------------------------------

  /**
   * The year's counts by category for an org's subtree: the one place a report's figures are counted.
   * A category the mobile module adds (inflows, certificates issued) is one more line here and a label
   * in MOBILE_WORK_CATEGORIES. `awayStartedBy`: the last start day of an outflow that is "away 6 months"
   * at year end (transfer.away_fixed_place).
   */
  async countCategories(db: Executor, path: string, year: number, awayStartedBy: string): Promise<Record<string, number>> {
    const from = `${year}-01-01`
    const end = `${year}-12-31`
    const scope = [path]
    const { rows } = await sql<Record<string, string>>`
      WITH f AS (
        SELECT f.* FROM member_outflows f WHERE ${orgInScopeSql('f.org_id', scope)}
      ), t_out AS (
        SELECT t.* FROM member_transfers t WHERE ${orgInScopeSql('t.from_org_id', scope)}
      ), t_in AS (
        SELECT t.* FROM member_transfers t WHERE t.kind = 'internal' AND ${orgInScopeSql('t.to_org_id', scope)}
      )
      SELECT
        (SELECT count(*) FROM f WHERE started_on BETWEEN ${from}::date AND ${end}::date) AS outflow_started,
        (SELECT count(*) FROM f WHERE started_on <= ${end}::date AND (ended_on IS NULL OR ended_on > ${end}::date))
          AS outflow_away_year_end,
        (SELECT count(*) FROM f WHERE is_fixed_place AND started_on <= ${end}::date AND (ended_on IS NULL OR ended_on > ${end}::date))
          AS outflow_fixed_place_year_end,
        (SELECT count(*) FROM f WHERE ended_on BETWEEN ${from}::date AND ${end}::date) AS outflow_returned,
        (SELECT count(*) FROM f
          WHERE is_fixed_place AND started_on <= ${awayStartedBy}::date AND (ended_on IS NULL OR ended_on > ${end}::date)
            AND NOT EXISTS (
              SELECT 1 FROM member_transfers t WHERE t.person_id = f.person_id AND t.issued_on >= f.started_on
                AND t.issued_on <= ${end}::date AND t.status IN ('pending', 'received'))) AS away_without_transfer,
        (SELECT count(*) FROM t_out WHERE status = 'received' AND answered_on BETWEEN ${from}::date AND ${end}::date)
          AS transfer_out_received,
        (SELECT count(*) FROM t_in WHERE status = 'received' AND answered_on BETWEEN ${from}::date AND ${end}::date)
          AS transfer_in_received,
        (SELECT count(*) FROM t_out WHERE status = 'returned' AND answered_on BETWEEN ${from}::date AND ${end}::date)
          AS transfer_out_returned,
        (SELECT count(*) FROM t_out WHERE issued_on <= ${end}::date AND (status = 'pending' OR answered_on > ${end}::date))
          AS transfer_pending_year_end,
        (SELECT count(*) FROM t_out WHERE issued_on <= ${end}::date AND (status = 'pending' OR answered_on > ${end}::date)
          AND valid_until < ${end}::date) AS transfer_expired_year_end`.execute(db)
    return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]))
  },

  /**
   * Party committees (党委) of a level under an org (not itself), active: a city's counties, the
   * province's cities. A county's 直属机关工委 (a working committee at county level) is not one.
   */
  async orgsBelow(db: Executor, org: { id: string; path: string }, level: string) {
    return db
      .selectFrom('orgs as o')
      .where(orgInScopeSql('o.id', [org.path]))
      .where('o.id', '<>', org.id)
      .where('o.level', '=', level)
      .where('o.kind', '=', 'committee')
      .where('o.status', '=', 'active')
      .select(['o.id', 'o.name', 'o.path'])
      .orderBy('o.division_code')
      .orderBy('o.name')
      .execute()
  },

  /** The nearest org of a level above the org with that path (its ancestors are the path's labels). */
  async nearestAbove(db: Executor, path: string, level: string) {
    const above = idsOnPath(path).slice(0, -1)
    if (!above.length) return undefined
    const rows = await db
      .selectFrom('orgs')
      .where('id', 'in', above)
      .where('level', '=', level)
      .where('kind', '=', 'committee')
      .select(['id', 'name', 'path'])
      .execute()
    return rows.sort((a, b) => b.path.length - a.path.length)[0]
  },

  findReport: (db: Executor, id: string) => reportQuery(db).where('r.id', '=', id).executeTakeFirst(),

  findReportOf: (db: Executor, orgId: string, year: number) =>
    reportQuery(db).where('r.org_id', '=', orgId).where('r.year', '=', year).executeTakeFirst(),

  reportsOf: (db: Executor, orgIds: string[], year: number) =>
    orgIds.length ? reportQuery(db).where('r.org_id', 'in', orgIds).where('r.year', '=', year).execute() : Promise.resolve([]),

  /**
   * Report writers of a whole tree and year take turns (a transaction-scoped advisory lock keyed by the
   * tree's root): submitting a city's report, submitting or returning one of its counties' and returning
   * the city's are decided one at a time, so the roll-up a city freezes is the one its counties stand at.
   */
  async lockYear(tx: Executor, rootOrgId: string, year: number) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`mobile_work_reports:${rootOrgId}:${year}`}))`.execute(tx)
  },

  async insertReport(tx: Executor, row: Insertable<MobileWorkReportsTable>) {
    return (await tx.insertInto('mobile_work_reports').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  async updateReport(tx: Executor, id: string, patch: Updateable<MobileWorkReportsTable>) {
    await tx.updateTable('mobile_work_reports').set(patch).where('id', '=', id).execute()
  },

  // Spot checks -----------------------------------------------------------------------------------

  /** The county frame: the county party committees (县（市、区）委) under the org (not itself) that existed on the day. */
  async countyFrame(db: Executor, org: { id: string; path: string }, asOf: string) {
    return db
      .selectFrom('orgs as o')
      .where(orgInScopeSql('o.id', [org.path]))
      .where('o.id', '<>', org.id)
      .where('o.level', '=', 'county')
      .where('o.kind', '=', 'committee')
      .where((eb) => eb.or([eb('o.established_on', 'is', null), eb('o.established_on', '<=', asOf)]))
      .where((eb) => eb.or([eb('o.dissolved_on', 'is', null), eb('o.dissolved_on', '>', asOf)]))
      .select(['o.id', 'o.name', 'o.path'])
      .execute()
  },

  /**
   * The member frame of a county: people away from a home org in the county on the day (an outflow
   * open then). Inflows the mobile module registers join this frame the same way.
   */
  async memberFrame(db: Executor, countyPath: string, asOf: string) {
    const rows = await db
      .selectFrom('member_outflows as f')
      .where(orgInScopeSql('f.org_id', [countyPath]))
      .where('f.started_on', '<=', asOf)
      .where((eb) => eb.or([eb('f.ended_on', 'is', null), eb('f.ended_on', '>', asOf)]))
      .select('f.person_id')
      .distinct()
      .execute()
    return rows.map((r) => r.person_id)
  },

  async insertSpotCheck(tx: Executor, row: Insertable<MobileSpotChecksTable>) {
    return (await tx.insertInto('mobile_spot_checks').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  async insertItems(
    tx: Executor,
    rows: { spot_check_id: string; kind: string; draw_order: number; county_org_id: string; person_id: string | null }[],
  ) {
    if (rows.length) await tx.insertInto('mobile_spot_check_items').values(rows).execute()
  },

  listSpotChecks: (db: Executor, scope: string[]) =>
    spotCheckQuery(db).where(orgInScopeSql('s.org_id', scope)).orderBy('s.created_at', 'desc').limit(200).execute(),

  findSpotCheck: (db: Executor, id: string, scope: string[]) =>
    spotCheckQuery(db).where('s.id', '=', id).where(orgInScopeSql('s.org_id', scope)).executeTakeFirst(),

  items: (db: Executor, spotCheckId: string) =>
    db
      .selectFrom('mobile_spot_check_items as i')
      .innerJoin('orgs as co', 'co.id', 'i.county_org_id')
      .leftJoin('people as p', 'p.id', 'i.person_id')
      .where('i.spot_check_id', '=', spotCheckId)
      .selectAll('i')
      .select(['co.name as county_name', 'p.name as person_name'])
      .orderBy('i.kind')
      .orderBy('i.draw_order')
      .execute(),

  /** A sampled item with the path of the org that drew it. */
  findItem: (db: Executor, id: string) =>
    db
      .selectFrom('mobile_spot_check_items as i')
      .innerJoin('mobile_spot_checks as s', 's.id', 'i.spot_check_id')
      .innerJoin('orgs as so', 'so.id', 's.org_id')
      .where('i.id', '=', id)
      .select(['i.id', 'i.spot_check_id', 'i.county_org_id', 'i.checker', 's.org_id', 'so.path as spot_check_org_path'])
      .executeTakeFirst(),

  async setChecker(tx: Executor, id: string, checker: string, assignedOn: string) {
    await tx
      .updateTable('mobile_spot_check_items')
      .set({ checker, checker_assigned_on: assignedOn })
      .where('id', '=', id)
      .execute()
  },

  async insertFinding(tx: Executor, row: Insertable<MobileSpotCheckFindingsTable>) {
    return (await tx.insertInto('mobile_spot_check_findings').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  findFinding: (db: Executor, id: string) => findingQuery(db).where('f.id', '=', id).executeTakeFirst(),

  /** The finding's status, locked until the transaction ends: a transition is decided under this lock. */
  lockFinding: (tx: Executor, id: string) =>
    tx
      .selectFrom('mobile_spot_check_findings')
      .where('id', '=', id)
      .select(['status', 'rectifying_on'])
      .forUpdate()
      .executeTakeFirst(),

  /** Moves a finding on from `from`; 0 when it is no longer there. */
  async advanceFinding(tx: Executor, id: string, from: string, patch: Updateable<MobileSpotCheckFindingsTable>) {
    const r = await tx
      .updateTable('mobile_spot_check_findings')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst()
    return Number(r.numUpdatedRows)
  },

  findingsOfSpotCheck: (db: Executor, spotCheckId: string) =>
    findingQuery(db).where('i.spot_check_id', '=', spotCheckId).orderBy('f.found_on').orderBy('f.created_at').execute(),

  /** Findings about counties in the scope, or of spot checks drawn in it. */
  findingsInScope: (db: Executor, scope: string[], status?: string) => {
    let q = findingQuery(db).where((eb) => eb.or([orgInScopeSql('i.county_org_id', scope), orgInScopeSql('s.org_id', scope)]))
    if (status) q = q.where('f.status', '=', status)
    return q.orderBy('f.found_on', 'desc').orderBy('f.created_at', 'desc').limit(500).execute()
  },
}
