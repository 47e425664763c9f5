import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../platform/db.ts'

export interface WritingRow {
  id: string
  person_id: string
  person_name: string
  org_id: string
  org_name: string
  kind: string
  title: string
  written_on: string
  published_in: string | null
  voided_at: Date | null
  void_reason: string | null
}

export interface ReportRow {
  id: string
  person_id: string
  person_name: string
  org_id: string
  org_name: string
  year: number
  summary: string
  reported_on: string
  review_result: string | null
  exam_score: number | null
}

export interface ListFilter {
  scope: RawBuilder<boolean>
  personId?: string
  year?: number
}

const filters = (f: ListFilter, dateColumn: RawBuilder<unknown> | null) =>
  sql.join(
    [
      f.scope,
      f.personId ? sql`x.person_id = ${f.personId}` : sql`true`,
      f.year === undefined ? sql`true` : dateColumn ? sql`extract(year FROM ${dateColumn}) = ${f.year}` : sql`x.year = ${f.year}`,
    ],
    sql` AND `,
  )

export const cadreStudyRepo = {
  /** The person's current member record, if its org is within the scope. */
  async memberInScope(db: Executor, personId: string, scope: RawBuilder<boolean>) {
    const { rows } = await sql<{ org_id: string; name: string; cadre_rank: string | null }>`
      SELECT m.org_id, p.name, p.cadre_rank FROM members m JOIN people p ON p.id = m.person_id JOIN orgs o ON o.id = m.org_id
      WHERE m.person_id = ${personId} AND m.status <> 'left' AND ${scope}`.execute(db)
    return rows[0]
  },

  async writings(db: Executor, f: ListFilter, page: { limit: number; offset: number }) {
    const where = filters(f, sql`x.written_on`)
    const [{ rows }, total] = await Promise.all([
      sql<WritingRow>`
        SELECT x.*, p.name AS person_name, o.name AS org_name FROM cadre_writings x
        JOIN people p ON p.id = x.person_id JOIN orgs o ON o.id = x.org_id
        WHERE ${where} ORDER BY x.written_on DESC, x.created_at DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM cadre_writings x JOIN orgs o ON o.id = x.org_id WHERE ${where}`.execute(
        db,
      ),
    ])
    return { rows, total: total.rows[0]!.n }
  },

  async writing(db: Executor, id: string, scope: RawBuilder<boolean>) {
    const { rows } = await sql<WritingRow>`
      SELECT x.*, p.name AS person_name, o.name AS org_name FROM cadre_writings x
      JOIN people p ON p.id = x.person_id JOIN orgs o ON o.id = x.org_id
      WHERE x.id = ${id} AND ${scope}`.execute(db)
    return rows[0]
  },

  async insertWriting(
    tx: Executor,
    w: {
      personId: string
      orgId: string
      kind: string
      title: string
      writtenOn: string
      publishedIn: string | null
      createdBy: string
    },
  ) {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO cadre_writings (person_id, org_id, kind, title, written_on, published_in, created_by)
      VALUES (${w.personId}, ${w.orgId}, ${w.kind}, ${w.title}, ${w.writtenOn}::date, ${w.publishedIn}, ${w.createdBy})
      RETURNING id`.execute(tx)
    return rows[0]!.id
  },

  async voidWriting(tx: Executor, id: string, reason: string) {
    await sql`UPDATE cadre_writings SET voided_at = now(), void_reason = ${reason} WHERE id = ${id}`.execute(tx)
  },

  async reports(db: Executor, f: ListFilter, page: { limit: number; offset: number }) {
    const where = filters(f, null)
    const [{ rows }, total] = await Promise.all([
      sql<ReportRow>`
        SELECT x.id, x.person_id, p.name AS person_name, x.org_id, o.name AS org_name, x.year, x.summary, x.reported_on,
          x.review_result, x.exam_score::float8 AS exam_score
        FROM study_reports x JOIN people p ON p.id = x.person_id JOIN orgs o ON o.id = x.org_id
        WHERE ${where} ORDER BY x.year DESC, p.name_pinyin LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM study_reports x JOIN orgs o ON o.id = x.org_id WHERE ${where}`.execute(
        db,
      ),
    ])
    return { rows, total: total.rows[0]!.n }
  },

  async report(db: Executor, personId: string, year: number) {
    const { rows } = await sql<ReportRow>`
      SELECT x.id, x.person_id, p.name AS person_name, x.org_id, o.name AS org_name, x.year, x.summary, x.reported_on,
        x.review_result, x.exam_score::float8 AS exam_score
      FROM study_reports x JOIN people p ON p.id = x.person_id JOIN orgs o ON o.id = x.org_id
      WHERE x.person_id = ${personId} AND x.year = ${year}`.execute(db)
    return rows[0]
  },

  async upsertReport(
    tx: Executor,
    r: {
      personId: string
      orgId: string
      year: number
      summary: string
      reportedOn: string
      reviewResult: string | null
      examScore: number | null
      createdBy: string
    },
  ) {
    await sql`
      INSERT INTO study_reports (person_id, org_id, year, summary, reported_on, review_result, exam_score, created_by)
      VALUES (${r.personId}, ${r.orgId}, ${r.year}, ${r.summary}, ${r.reportedOn}::date, ${r.reviewResult}, ${r.examScore}, ${r.createdBy})
      ON CONFLICT (person_id, year) DO UPDATE SET org_id = excluded.org_id, summary = excluded.summary,
        reported_on = excluded.reported_on, review_result = excluded.review_result, exam_score = excluded.exam_score`.execute(tx)
  },
}
