import { sql } from 'kysely'
import type { Executor } from '../../platform/db.ts'

/** One roll-up figure: `n` members (or orgs) of `status` whose `dim` is `value`. */
export interface StatRow {
  subject: 'member' | 'org'
  status: string
  dim: string
  value: string
  n: number
}

/** A row attributed to a direct sub-org of the subtree's root (`child_id`), or to the root itself (null). */
export interface StatRowByChild extends StatRow {
  child_id: string | null
}

const asNumbers = <T extends { n: number | string }>(rows: T[]) => rows.map((r) => ({ ...r, n: Number(r.n) }))

export const statisticsRepo = {
  /** The subtree totals of one org, exact now: its roll-up rows plus the deltas not yet folded in. */
  async totals(db: Executor, orgId: string): Promise<StatRow[]> {
    const { rows } = await sql<StatRow>`
      SELECT subject, status, dim, value, sum(n) AS n
      FROM (
        SELECT subject, status, dim, value, n FROM stat_rollup WHERE org_id = ${orgId}
        UNION ALL
        SELECT subject, status, dim, value, n FROM stat_delta WHERE org_id = ${orgId}
      ) s
      GROUP BY subject, status, dim, value
      HAVING sum(n) <> 0`.execute(db)
    return asNumbers(rows)
  },

  /**
   * For each org, the members of the given statuses in its subtree and the active orgs of its
   * subtree (one dimension each is enough: every member has a gender, every org a kind).
   */
  async headcounts(db: Executor, orgIds: string[], statuses: readonly string[]) {
    if (orgIds.length === 0) return new Map<string, { members: number; orgs: number }>()
    const { rows } = await sql<{ org_id: string; members: string; orgs: string }>`
      SELECT org_id,
        coalesce(sum(n) FILTER (WHERE subject = 'member'), 0) AS members,
        coalesce(sum(n) FILTER (WHERE subject = 'org'), 0) AS orgs
      FROM (
        SELECT org_id, subject, status, dim, n FROM stat_rollup WHERE org_id = ANY(${orgIds}::uuid[])
        UNION ALL
        SELECT org_id, subject, status, dim, n FROM stat_delta WHERE org_id = ANY(${orgIds}::uuid[])
      ) s
      WHERE (subject = 'member' AND dim = 'gender' AND status = ANY(${statuses}::text[]))
         OR (subject = 'org' AND dim = 'kind' AND status = 'active')
      GROUP BY org_id`.execute(db)
    return new Map(rows.map((r) => [r.org_id, { members: Number(r.members), orgs: Number(r.orgs) }]))
  },

  /**
   * The same figures as of the end of `day` (`at` is that instant), recounted from the histories:
   * members by their formal org relation that day and their stage by its dates, orgs by their
   * version current then. Each row names the direct sub-org (as of then) it falls under.
   */
  async asOf(db: Executor, rootId: string, day: string, at: Date): Promise<StatRowByChild[]> {
    const { rows } = await sql<StatRowByChild>`
      WITH root AS (
        SELECT path FROM org_history
        WHERE org_id = ${rootId} AND valid_from < ${at} AND (valid_to IS NULL OR valid_to >= ${at})
      ), sub AS (
        SELECT h.org_id, h.status, h.kind, h.level, h.host_unit_type, h.establishment_mode,
          CASE WHEN nlevel(h.path) > nlevel(root.path) THEN subpath(h.path, nlevel(root.path), 1)::text::uuid END AS child_id
        FROM org_history h, root
        WHERE h.path <@ root.path AND h.valid_from < ${at} AND (h.valid_to IS NULL OR h.valid_to >= ${at})
      ), member_rows AS (
        SELECT sub.child_id, m.admitted_on, p.gender, p.ethnicity, p.birth_date, p.education, p.occupation,
          CASE
            WHEN m.left_on <= ${day}::date THEN 'left'
            WHEN m.full_on <= ${day}::date THEN 'full'
            WHEN m.admitted_on <= ${day}::date THEN 'probationary'
            WHEN m.candidate_on <= ${day}::date THEN 'candidate'
            WHEN m.activist_on <= ${day}::date THEN 'activist'
            WHEN m.applied_on <= ${day}::date THEN 'applicant'
          END AS status
        FROM sub
        JOIN member_org_history mh ON mh.org_id = sub.org_id
          AND mh.valid_from <= ${day}::date AND (mh.valid_to IS NULL OR mh.valid_to > ${day}::date)
        JOIN members m ON m.person_id = mh.person_id
        JOIN people p ON p.id = m.person_id
      )
      SELECT child_id, 'member' AS subject, status, f.dim, f.value, count(*) AS n
      FROM member_rows
      CROSS JOIN LATERAL stat_member_facts(gender, ethnicity, birth_date, education, occupation,
        CASE WHEN admitted_on <= ${day}::date THEN admitted_on END) f
      WHERE status IS NOT NULL
      GROUP BY child_id, status, f.dim, f.value
      UNION ALL
      SELECT child_id, 'org', status, f.dim, f.value, count(*)
      FROM sub
      CROSS JOIN LATERAL stat_org_facts(kind, level, host_unit_type, establishment_mode) f
      GROUP BY child_id, status, f.dim, f.value`.execute(db)
    return asNumbers(rows)
  },

  /** Folds the pending deltas into the roll-ups; returns how many delta rows it folded. */
  async fold(db: Executor): Promise<number> {
    const { rows } = await sql<{ folded: string }>`SELECT stat_fold() AS folded`.execute(db)
    return Number(rows[0]!.folded)
  },

  /** Roll-up rows that differ from a full recount of the registers (none when all is well). */
  async mismatches(db: Executor, limit: number) {
    const { rows } = await sql<{
      org_id: string
      subject: string
      status: string
      dim: string
      value: string
      kept: string | null
      recounted: string | null
    }>`
      SELECT coalesce(c.org_id, r.org_id) AS org_id, coalesce(c.subject, r.subject) AS subject,
        coalesce(c.status, r.status) AS status, coalesce(c.dim, r.dim) AS dim, coalesce(c.value, r.value) AS value,
        c.n AS kept, r.n AS recounted
      FROM stat_current c
      FULL JOIN stat_recount() r USING (org_id, subject, status, dim, value)
      WHERE c.n IS DISTINCT FROM r.n
      LIMIT ${limit}`.execute(db)
    return rows
  },
}
