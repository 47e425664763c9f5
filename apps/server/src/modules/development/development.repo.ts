import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import { pathWithin } from '../../platform/ltree.ts'

// Queries only. A case belongs to the org that holds the person's membership relation now: it moves
// with them (培养时间连续计算), while each step keeps the org that did it.

export interface CaseRow {
  id: string
  person_id: string
  status: string
  stage: number
  next_step: number | null
  due_by: string | null
  categories: string[]
  admitted_on: string | null
  probation_ends_on: string | null
  full_on: string | null
  ended_on: string | null
  end_reason: string | null
  created_at: Date
  updated_at: Date
  person_name: string
  gender: string
  birth_date: string
  education: string | null
  work_unit: string | null
  person_status: string
  applied_on: string | null
  activist_on: string | null
  candidate_on: string | null
  org_id: string
  org_name: string
  org_path: string
}

const CASE = sql`
  SELECT c.id, c.person_id, c.status, c.stage, c.next_step, c.due_by, c.categories, c.admitted_on, c.probation_ends_on,
    c.full_on, c.ended_on, c.end_reason, c.created_at, c.updated_at,
    p.name AS person_name, p.gender, p.birth_date, p.education, p.work_unit,
    m.status AS person_status, m.applied_on, m.activist_on, m.candidate_on,
    m.org_id, o.name AS org_name, o.path::text AS org_path
  FROM development_cases c
  JOIN members m ON m.person_id = c.person_id
  JOIN people p ON p.id = c.person_id
  JOIN orgs o ON o.id = m.org_id`

export interface StepRow {
  id: string
  case_id: string
  step: number
  round: number
  seq: number
  done_on: string
  org_id: string
  org_name: string
  actor_name: string | null
  recorded_by_name: string | null
  recorded_at: Date
  documents: string[]
  checks: string[]
  details: Record<string, unknown>
  outcome: string | null
  late_reason: string | null
  warnings: string[]
  note: string | null
}

export interface NoticeRow {
  id: string
  case_id: string
  kind: string
  round: number
  org_id: string
  starts_on: string
  ends_on: string
  working_days: number
  contact: string
  content: Record<string, unknown>
}

export interface ObjectionRow {
  id: string
  notice_id: string
  received_on: string
  content: string
  source: string | null
  resolved_on: string | null
  resolution: string | null
}

type Page = { limit: number; offset: number }

export interface CaseFilter {
  scope: RawBuilder<boolean>
  stage?: number | undefined
  status?: string | undefined
  overdueOn?: string | undefined
}

const caseWhere = (f: CaseFilter) => {
  const parts: RawBuilder<unknown>[] = [f.scope]
  if (f.stage !== undefined) parts.push(sql`c.stage = ${f.stage} AND c.status = 'open'`)
  if (f.status) parts.push(sql`c.status = ${f.status}`)
  if (f.overdueOn) parts.push(sql`c.status = 'open' AND c.due_by < ${f.overdueOn}::date`)
  return sql.join(parts, sql` AND `)
}

export const developmentRepo = {
  /** The scope condition on the case's org (`o.path`). */
  within: (paths: readonly string[]) => pathWithin('o.path', paths),

  async findCase(db: Executor, id: string, scope: RawBuilder<boolean>, opts: { lock?: boolean } = {}) {
    const { rows } =
      await sql<CaseRow>`${CASE} WHERE c.id = ${id} AND ${scope} ${opts.lock ? sql`FOR UPDATE OF c` : sql``}`.execute(db)
    return rows[0]
  },

  async caseOfPerson(db: Executor, personId: string) {
    return db.selectFrom('development_cases').where('person_id', '=', personId).select(['id', 'status']).executeTakeFirst()
  },

  /** What the first step needs of the register: the application date and the birth date. */
  async personFacts(db: Executor, personId: string) {
    return db
      .selectFrom('members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .where('m.person_id', '=', personId)
      .select(['m.applied_on', 'p.birth_date'])
      .executeTakeFirst()
  },

  async insertCase(db: Executor, row: { person_id: string; categories: string[]; created_by: string; next_step: number }) {
    return (await db.insertInto('development_cases').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  async updateCase(
    db: Executor,
    id: string,
    patch: {
      status: string
      stage: number
      next_step: number | null
      due_by: string | null
      admitted_on: string | null
      probation_ends_on: string | null
      full_on: string | null
      ended_on?: string | null
      end_reason?: string | null
    },
  ) {
    await db.updateTable('development_cases').set(patch).where('id', '=', id).execute()
  },

  async steps(db: Executor, caseId: string) {
    const { rows } = await sql<StepRow>`
      SELECT s.id, s.case_id, s.step, s.round, s.seq, s.done_on, s.org_id, o.name AS org_name, s.actor_name,
        u.display_name AS recorded_by_name, s.recorded_at, s.documents, s.checks, s.details, s.outcome, s.late_reason,
        s.warnings, s.note
      FROM development_steps s JOIN orgs o ON o.id = s.org_id LEFT JOIN users u ON u.id = s.recorded_by
      WHERE s.case_id = ${caseId}
      ORDER BY s.done_on, s.step, s.round, s.seq`.execute(db)
    return rows
  },

  async insertStep(
    db: Executor,
    row: {
      case_id: string
      step: number
      round: number
      seq: number
      done_on: string
      org_id: string
      actor_name: string | null
      recorded_by: string
      documents: string[]
      checks: string[]
      details: Record<string, unknown>
      outcome: string | null
      late_reason: string | null
      warnings: string[]
      note: string | null
    },
  ) {
    return (
      await db
        .insertInto('development_steps')
        .values({ ...row, details: JSON.stringify(row.details) })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  },

  async notices(db: Executor, caseId: string) {
    const { rows } = await sql<NoticeRow>`
      SELECT id, case_id, kind, round, org_id, starts_on, ends_on, working_days, contact, content
      FROM development_notices WHERE case_id = ${caseId} ORDER BY starts_on, kind`.execute(db)
    return rows
  },

  async objections(db: Executor, noticeIds: string[]) {
    if (noticeIds.length === 0) return []
    return db
      .selectFrom('development_objections')
      .where('notice_id', 'in', noticeIds)
      .select(['id', 'notice_id', 'received_on', 'content', 'source', 'resolved_on', 'resolution'])
      .orderBy('received_on')
      .orderBy('recorded_at')
      .execute()
  },

  async insertNotice(
    db: Executor,
    row: {
      case_id: string
      kind: string
      round: number
      org_id: string
      starts_on: string
      ends_on: string
      working_days: number
      contact: string
      content: Record<string, unknown>
      published_by: string
    },
  ) {
    return (
      await db
        .insertInto('development_notices')
        .values({ ...row, content: JSON.stringify(row.content) })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  },

  /** The case id of a notice or an objection whose case lies in the scope. */
  async caseOfNotice(db: Executor, noticeId: string, scope: RawBuilder<boolean>) {
    const { rows } = await sql<{ case_id: string; kind: string; round: number; ends_on: string; starts_on: string }>`
      SELECT n.case_id, n.kind, n.round, n.ends_on, n.starts_on FROM development_notices n
      JOIN development_cases c ON c.id = n.case_id JOIN members m ON m.person_id = c.person_id JOIN orgs o ON o.id = m.org_id
      WHERE n.id = ${noticeId} AND ${scope}`.execute(db)
    return rows[0]
  },

  async caseOfObjection(db: Executor, objectionId: string, scope: RawBuilder<boolean>) {
    const { rows } = await sql<{ case_id: string; received_on: string; resolved_on: string | null }>`
      SELECT n.case_id, x.received_on, x.resolved_on FROM development_objections x
      JOIN development_notices n ON n.id = x.notice_id
      JOIN development_cases c ON c.id = n.case_id JOIN members m ON m.person_id = c.person_id JOIN orgs o ON o.id = m.org_id
      WHERE x.id = ${objectionId} AND ${scope}`.execute(db)
    return rows[0]
  },

  async insertObjection(
    db: Executor,
    row: { notice_id: string; received_on: string; content: string; source: string | null; recorded_by: string },
  ) {
    return (await db.insertInto('development_objections').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  async resolveObjection(db: Executor, id: string, row: { resolved_on: string; resolution: string; resolved_by: string }) {
    const r = await db
      .updateTable('development_objections')
      .set(row)
      .where('id', '=', id)
      .where('resolved_on', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows)
  },

  /** Notices in force on `day`, for the public portal: newest first. */
  async noticesInForce(db: Executor, day: string, page: Page) {
    const where = sql`n.starts_on <= ${day}::date AND n.ends_on >= ${day}::date AND c.status = 'open'`
    const [{ rows }, total] = await Promise.all([
      sql<NoticeRow & { org_name: string }>`
        SELECT n.id, n.case_id, n.kind, n.round, n.org_id, n.starts_on, n.ends_on, n.working_days, n.contact, n.content,
          o.name AS org_name
        FROM development_notices n JOIN development_cases c ON c.id = n.case_id JOIN orgs o ON o.id = n.org_id
        WHERE ${where} ORDER BY n.starts_on DESC, n.id LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM development_notices n JOIN development_cases c ON c.id = n.case_id
        WHERE ${where}`.execute(db),
    ])
    return { rows, total: total.rows[0]!.n }
  },

  async cases(db: Executor, filter: CaseFilter, page: Page) {
    const where = caseWhere(filter)
    const [{ rows }, total] = await Promise.all([
      sql<CaseRow>`${CASE} WHERE ${where} ORDER BY c.status, c.due_by NULLS LAST, p.name_pinyin, c.id
        LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM development_cases c JOIN members m ON m.person_id = c.person_id
        JOIN people p ON p.id = c.person_id JOIN orgs o ON o.id = m.org_id WHERE ${where}`.execute(db),
    ])
    return { rows, total: total.rows[0]!.n }
  },

  /** Open cases by stage, overdue ones and completed ones under the scope. */
  async counts(db: Executor, scope: RawBuilder<boolean>, today: string) {
    const { rows } = await sql<{ stage: number | null; status: string; n: number; overdue: number }>`
      SELECT CASE WHEN c.status = 'open' THEN c.stage END AS stage, c.status, count(*)::int AS n,
        count(*) FILTER (WHERE c.status = 'open' AND c.due_by < ${today}::date)::int AS overdue
      FROM development_cases c JOIN members m ON m.person_id = c.person_id JOIN orgs o ON o.id = m.org_id
      WHERE ${scope} GROUP BY 1, 2`.execute(db)
    return rows
  },

  /**
   * Open cases whose next step falls to the committee `orgId` (at `orgPath`): filings, pre-examination,
   * talks and approvals of the branches whose nearest committee above is this one, and the filings
   * (step 18) of those one committee further down.
   */
  async todos(db: Executor, orgId: string, orgPath: string, committeeKinds: readonly string[]) {
    const kinds = sql.join(committeeKinds.map((k) => sql`${k}`))
    // committees strictly between the committee and the case's org
    const between = (depth: RawBuilder<unknown>) => sql`(
      SELECT count(*) FROM orgs k
      WHERE k.path @> o.path AND k.path <> o.path AND k.path <@ ${orgPath}::ltree AND k.path <> ${orgPath}::ltree
        AND k.kind IN (${kinds})) = ${depth}`
    const { rows } = await sql<CaseRow>`${CASE}
      WHERE c.status = 'open' AND o.path <@ ${orgPath}::ltree AND o.id <> ${orgId}
        AND ((c.next_step IN (4, 8, 13, 16, 17, 24) AND ${between(sql`0`)}) OR (c.next_step = 18 AND ${between(sql`1`)}))
      ORDER BY c.due_by NULLS LAST, p.name_pinyin LIMIT 500`.execute(db)
    return rows
  },

  async plans(db: Executor, orgId: string, year: number) {
    return db
      .selectFrom('development_plans')
      .where('org_id', '=', orgId)
      .where('year', '=', year)
      .select(['category', 'planned', 'note'])
      .execute()
  },

  async upsertPlan(
    db: Executor,
    row: { org_id: string; year: number; category: string; planned: number; note: string | null; updated_by: string },
  ) {
    await db
      .insertInto('development_plans')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'year', 'category'])
          .doUpdateSet({ planned: row.planned, note: row.note, updated_by: row.updated_by }),
      )
      .execute()
  },

  /** Admissions approved (step 17) in the year of cases whose branch vote (step 15) was under the org: in all and by category. */
  async admitted(db: Executor, orgPath: string, year: number) {
    const { rows } = await sql<{ category: string; n: number }>`
      WITH a AS (
        SELECT c.id, c.categories
        FROM development_steps s JOIN development_cases c ON c.id = s.case_id
        WHERE s.step = 17 AND s.done_on >= make_date(${year}, 1, 1) AND s.done_on < make_date(${year} + 1, 1, 1)
          AND EXISTS (SELECT 1 FROM development_steps b JOIN orgs bo ON bo.id = b.org_id
                      WHERE b.case_id = c.id AND b.step = 15 AND b.outcome = 'passed' AND bo.path <@ ${orgPath}::ltree))
      SELECT 'total' AS category, count(*)::int AS n FROM a
      UNION ALL
      SELECT cat, count(*)::int FROM a, unnest(a.categories) AS cat GROUP BY cat`.execute(db)
    return rows
  },
}
