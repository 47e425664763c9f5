import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../platform/db.ts'

export interface StudyPlanRow {
  id: string
  org_id: string
  org_name: string
  person_id: string | null
  person_name: string | null
  year: number
  title: string
  content: string
  updated_at: Date
}

export interface TrainingPlanRow {
  id: string
  org_id: string
  org_name: string
  year: number
  field: string
  level: string
  title: string
  audience: string
  planned_sessions: number
  planned_hours: number
  planned_trainees: number
}

export interface ExemplarRow {
  id: string
  org_id: string
  org_name: string
  org_path: string
  person_id: string
  person_name: string
  year: number
  deeds: string
  status: string
  nominated_by: string | null
  nominated_at: Date
  decided_at: Date | null
  decision_note: string | null
  published_at: Date | null
}

type Page = { limit: number; offset: number }
const and = (parts: RawBuilder<unknown>[]) => sql.join(parts, sql` AND `)

const PLAN = sql`
  SELECT x.id, x.org_id, o.name AS org_name, x.person_id, p.name AS person_name, x.year, x.title, x.content, x.updated_at
  FROM study_plans x JOIN orgs o ON o.id = x.org_id LEFT JOIN people p ON p.id = x.person_id`
const TRAINING = sql`
  SELECT x.id, x.org_id, o.name AS org_name, x.year, x.field, x.level, x.title, x.audience, x.planned_sessions,
    x.planned_hours::float8 AS planned_hours, x.planned_trainees
  FROM training_plans x JOIN orgs o ON o.id = x.org_id`
const EXEMPLAR = sql`
  SELECT x.id, x.org_id, o.name AS org_name, o.path::text AS org_path, x.person_id, p.name AS person_name, x.year, x.deeds,
    x.status, x.nominated_by, x.nominated_at, x.decided_at, x.decision_note, x.published_at
  FROM study_exemplars x JOIN orgs o ON o.id = x.org_id JOIN people p ON p.id = x.person_id`

async function paged<T>(
  db: Executor,
  select: RawBuilder<unknown>,
  from: RawBuilder<unknown>,
  where: RawBuilder<unknown>,
  order: RawBuilder<unknown>,
  page: Page,
) {
  const [{ rows }, total] = await Promise.all([
    sql<T>`${select} WHERE ${where} ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`.execute(db),
  ])
  return { rows, total: total.rows[0]!.n }
}

export const studyPlansRepo = {
  studyPlans: (db: Executor, scope: RawBuilder<boolean>, year: number | undefined, page: Page) =>
    paged<StudyPlanRow>(
      db,
      PLAN,
      sql`study_plans x JOIN orgs o ON o.id = x.org_id`,
      and([scope, year === undefined ? sql`true` : sql`x.year = ${year}`]),
      sql`x.year DESC, x.person_id NULLS FIRST, x.updated_at DESC`,
      page,
    ),

  async studyPlan(db: Executor, orgId: string, personId: string | null, year: number) {
    const { rows } = await sql<StudyPlanRow>`${PLAN}
      WHERE x.year = ${year} AND ${personId ? sql`x.person_id = ${personId}` : sql`x.org_id = ${orgId} AND x.person_id IS NULL`}`.execute(
      db,
    )
    return rows[0]
  },

  async insertStudyPlan(
    tx: Executor,
    p: { orgId: string; personId: string | null; year: number; title: string; content: string; by: string },
  ) {
    await sql`INSERT INTO study_plans (org_id, person_id, year, title, content, created_by)
      VALUES (${p.orgId}, ${p.personId}, ${p.year}, ${p.title}, ${p.content}, ${p.by})`.execute(tx)
  },

  async updateStudyPlan(tx: Executor, id: string, p: { orgId: string; title: string; content: string }) {
    await sql`UPDATE study_plans SET org_id = ${p.orgId}, title = ${p.title}, content = ${p.content} WHERE id = ${id}`.execute(tx)
  },

  trainingPlans: (db: Executor, scope: RawBuilder<boolean>, year: number | undefined, page: Page) =>
    paged<TrainingPlanRow>(
      db,
      TRAINING,
      sql`training_plans x JOIN orgs o ON o.id = x.org_id`,
      and([scope, year === undefined ? sql`true` : sql`x.year = ${year}`]),
      sql`x.year DESC, x.level, x.field, x.title`,
      page,
    ),

  async trainingPlan(db: Executor, id: string, scope: RawBuilder<boolean>) {
    const { rows } = await sql<TrainingPlanRow>`${TRAINING} WHERE x.id = ${id} AND ${scope}`.execute(db)
    return rows[0]
  },

  async saveTrainingPlan(tx: Executor, id: string | null, p: Omit<TrainingPlanRow, 'id' | 'org_name'>, by: string) {
    if (id) {
      await sql`UPDATE training_plans SET org_id = ${p.org_id}, year = ${p.year}, field = ${p.field}, level = ${p.level},
        title = ${p.title}, audience = ${p.audience}, planned_sessions = ${p.planned_sessions},
        planned_hours = ${p.planned_hours}, planned_trainees = ${p.planned_trainees} WHERE id = ${id}`.execute(tx)
      return id
    }
    const { rows } = await sql<{ id: string }>`
      INSERT INTO training_plans (org_id, year, field, level, title, audience, planned_sessions, planned_hours, planned_trainees, created_by)
      VALUES (${p.org_id}, ${p.year}, ${p.field}, ${p.level}, ${p.title}, ${p.audience}, ${p.planned_sessions}, ${p.planned_hours},
        ${p.planned_trainees}, ${by}) RETURNING id`.execute(tx)
    return rows[0]!.id
  },

  /** Training sessions held (activities of kind 培训班) in the subtree and year, and their hours. */
  async trainingHeld(db: Executor, scope: RawBuilder<boolean>, year: number) {
    const { rows } = await sql<{ sessions: number; hours: number }>`
      SELECT count(*)::int AS sessions, coalesce(sum(a.hours), 0)::float8 AS hours
      FROM activities a JOIN orgs o ON o.id = a.org_id
      WHERE ${scope} AND a.voided_at IS NULL AND 'training' = ANY(a.kinds)
        AND a.held_on BETWEEN make_date(${year}, 1, 1) AND make_date(${year}, 12, 31)`.execute(db)
    return rows[0]!
  },

  exemplars: (db: Executor, scope: RawBuilder<boolean>, f: { year?: number; status?: string }, page: Page) =>
    paged<ExemplarRow>(
      db,
      EXEMPLAR,
      sql`study_exemplars x JOIN orgs o ON o.id = x.org_id`,
      and([
        scope,
        f.year === undefined ? sql`true` : sql`x.year = ${f.year}`,
        f.status === undefined ? sql`true` : sql`x.status = ${f.status}`,
      ]),
      sql`x.year DESC, x.nominated_at DESC`,
      page,
    ),

  async exemplar(db: Executor, id: string, scope: RawBuilder<boolean>, lock = false) {
    const { rows } =
      await sql<ExemplarRow>`${EXEMPLAR} WHERE x.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF x` : sql``}`.execute(db)
    return rows[0]
  },

  async nominate(tx: Executor, e: { orgId: string; personId: string; year: number; deeds: string; by: string }) {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO study_exemplars (org_id, person_id, year, deeds, nominated_by)
      VALUES (${e.orgId}, ${e.personId}, ${e.year}, ${e.deeds}, ${e.by}) RETURNING id`.execute(tx)
    return rows[0]!.id
  },

  async decide(tx: Executor, id: string, d: { status: 'approved' | 'rejected'; note: string | null; by: string }) {
    await sql`UPDATE study_exemplars SET status = ${d.status}, decision_note = ${d.note}, decided_by = ${d.by}, decided_at = now()
      WHERE id = ${id}`.execute(tx)
  },

  async publish(tx: Executor, id: string) {
    await sql`UPDATE study_exemplars SET status = 'published', published_at = now() WHERE id = ${id}`.execute(tx)
  },

  /** Published 学习标兵, newest first: only what publishing makes public. */
  async published(db: Executor, year: number | undefined, page: Page) {
    const where = sql`x.status = 'published' ${year === undefined ? sql`` : sql`AND x.year = ${year}`}`
    const [{ rows }, total] = await Promise.all([
      sql<{ id: string; name: string; org_name: string; year: number; deeds: string; published_at: Date }>`
        SELECT x.id, p.name, o.name AS org_name, x.year, x.deeds, x.published_at
        FROM study_exemplars x JOIN orgs o ON o.id = x.org_id JOIN people p ON p.id = x.person_id
        WHERE ${where} ORDER BY x.published_at DESC, x.id LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM study_exemplars x WHERE ${where}`.execute(db),
    ])
    return { rows, total: total.rows[0]!.n }
  },

  /** The person's current member record, if it is at or under the org. */
  async memberUnder(db: Executor, personId: string, orgPath: string) {
    const { rows } = await sql<{ org_id: string }>`
      SELECT m.org_id FROM members m JOIN orgs o ON o.id = m.org_id
      WHERE m.person_id = ${personId} AND m.status IN ('full', 'probationary') AND o.path <@ ${orgPath}::ltree`.execute(db)
    return rows[0]
  },
}
