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
    // Each branch of the union is a range of the primary key (org, subject, status, dim): only the
    // rows counted are read, not every roll-up row of every sub-org.
    const { rows } = await sql<{ org_id: string; members: string; orgs: string }>`
      SELECT org_id,
        coalesce(sum(n) FILTER (WHERE subject = 'member'), 0) AS members,
        coalesce(sum(n) FILTER (WHERE subject = 'org'), 0) AS orgs
      FROM (
        SELECT org_id, subject, n FROM stat_rollup
        WHERE org_id = ANY(${orgIds}::uuid[]) AND subject = 'member' AND status = ANY(${statuses}::text[]) AND dim = 'gender'
        UNION ALL
        SELECT org_id, subject, n FROM stat_rollup
        WHERE org_id = ANY(${orgIds}::uuid[]) AND subject = 'org' AND status = 'active' AND dim = 'kind'
        UNION ALL
        SELECT org_id, subject, n FROM stat_delta
        WHERE org_id = ANY(${orgIds}::uuid[])
          AND ((subject = 'member' AND dim = 'gender' AND status = ANY(${statuses}::text[]))
            OR (subject = 'org' AND dim = 'kind' AND status = 'active'))
      ) s
      GROUP BY org_id`.execute(db)
    return new Map(rows.map((r) => [r.org_id, { members: Number(r.members), orgs: Number(r.orgs) }]))
  },

  /**
   * The same figures as of the end of `day`, recounted from the histories for the subtree of
   * `rootId` as it stood then. Each row names the direct sub-org (as of then) it falls under.
   */
  async recountAsOf(db: Executor, rootId: string, day: string): Promise<StatRowByChild[]> {
    const { rows } = await sql<StatRowByChild>`
      WITH root AS (
        SELECT path FROM org_history
        WHERE org_id = ${rootId}
          AND valid_from < ((${day}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND (valid_to IS NULL OR valid_to >= ((${day}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
      )
      SELECT CASE WHEN nlevel(own.path) > nlevel(root.path) THEN subpath(own.path, nlevel(root.path), 1)::text::uuid END AS child_id,
        own.subject, own.status, own.dim, own.value, sum(own.n) AS n
      FROM root CROSS JOIN LATERAL stat_as_of_own(${day}::date, root.path) own
      GROUP BY 1, 2, 3, 4, 5`.execute(db)
    return asNumbers(rows)
  },

  /** The latest ready snapshot of the whole tree as of `day`, if any. */
  async readySnapshot(db: Executor, day: string) {
    return db
      .selectFrom('stat_snapshots')
      .select(['id', 'finished_at'])
      .where('as_of', '=', day)
      .where('state', '=', 'ready')
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst()
  },

  async snapshotTotals(db: Executor, snapshotId: number, orgId: string): Promise<StatRow[]> {
    const { rows } = await sql<StatRow>`
      SELECT subject, status, dim, value, n FROM stat_snapshot_rows
      WHERE snapshot_id = ${snapshotId} AND org_id = ${orgId}`.execute(db)
    return asNumbers(rows)
  },

  async snapshotHeadcounts(db: Executor, snapshotId: number, orgIds: string[], statuses: readonly string[]) {
    if (orgIds.length === 0) return new Map<string, { members: number; orgs: number }>()
    const { rows } = await sql<{ org_id: string; members: string; orgs: string }>`
      SELECT org_id,
        coalesce(sum(n) FILTER (WHERE subject = 'member'), 0) AS members,
        coalesce(sum(n) FILTER (WHERE subject = 'org'), 0) AS orgs
      FROM stat_snapshot_rows
      WHERE snapshot_id = ${snapshotId} AND org_id = ANY(${orgIds}::uuid[])
        AND ((subject = 'member' AND dim = 'gender' AND status = ANY(${statuses}::text[]))
          OR (subject = 'org' AND dim = 'kind' AND status = 'active'))
      GROUP BY org_id`.execute(db)
    return new Map(rows.map((r) => [r.org_id, { members: Number(r.members), orgs: Number(r.orgs) }]))
  },

  /** A new snapshot being built for `day`, or null when one is already being built. */
  async startSnapshot(db: Executor, day: string, userId: string | null) {
    const { rows } = await sql<{ id: number }>`
      INSERT INTO stat_snapshots (as_of, requested_by) VALUES (${day}, ${userId})
      ON CONFLICT (as_of) WHERE state = 'building' DO NOTHING
      RETURNING id`.execute(db)
    return rows[0]?.id ?? null
  },

  /** Computes the snapshot (a long statement); marks it ready. */
  async buildSnapshot(db: Executor, snapshotId: number) {
    await sql`SELECT stat_snapshot_build(${snapshotId})`.execute(db)
  },

  async failSnapshot(db: Executor, snapshotId: number, error: string) {
    await db
      .updateTable('stat_snapshots')
      .set({ state: 'failed', finished_at: sql`now()`, error: error.slice(0, 500) })
      .where('id', '=', snapshotId)
      .where('state', '=', 'building')
      .execute()
  },

  /** Snapshots still being built when the platform stopped: they will never finish. */
  async failUnfinishedSnapshots(db: Executor) {
    const r = await db
      .updateTable('stat_snapshots')
      .set({ state: 'failed', finished_at: sql`now()`, error: '平台停止时尚未完成' })
      .where('state', '=', 'building')
      .executeTakeFirst()
    return Number(r.numUpdatedRows)
  },

  async snapshot(db: Executor, id: number) {
    return db.selectFrom('stat_snapshots').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  },

  async snapshots(db: Executor) {
    return db.selectFrom('stat_snapshots').selectAll().orderBy('as_of', 'desc').orderBy('id', 'desc').limit(100).execute()
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
