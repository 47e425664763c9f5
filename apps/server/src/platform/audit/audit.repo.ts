import { sql } from 'kysely'
import type { Executor } from '../db.ts'
import { pathWithin } from '../ltree.ts'

export interface AuditInsert {
  actorUserId: string | null
  actorLogin: string | null
  action: string
  entityType: string | null
  entityId: string | null
  orgId: string | null
  before: unknown
  after: unknown
  requestId: string | null
  ip: string | null
}

export interface AuditQuery {
  scopePaths: string[]
  /** Rows with no org (logins, system events) are visible only to a scope rooted at the top. */
  includeOrgless: boolean
  action?: string | undefined
  actor?: string | undefined
  entityId?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))

export const auditRepo = {
  async insert(db: Executor, row: AuditInsert) {
    await db
      .insertInto('audit_log')
      .values({
        actor_user_id: row.actorUserId,
        actor_login: row.actorLogin,
        action: row.action,
        entity_type: row.entityType,
        entity_id: row.entityId,
        org_id: row.orgId,
        org_path: row.orgId ? sql<string>`(SELECT path FROM orgs WHERE id = ${row.orgId})` : null,
        before: json(row.before),
        after: json(row.after),
        request_id: row.requestId,
        ip: row.ip,
      })
      .execute()
  },

  filtered(db: Executor, q: AuditQuery) {
    let query = db.selectFrom('audit_log as a').leftJoin('orgs as o', 'o.id', 'a.org_id')
    query = query.where((eb) =>
      q.includeOrgless
        ? eb.or([eb('a.org_path', 'is', null), pathWithin('a.org_path', q.scopePaths)])
        : pathWithin('a.org_path', q.scopePaths),
    )
    if (q.action) query = query.where('a.action', '=', q.action)
    if (q.actor) query = query.where('a.actor_login', '=', q.actor)
    if (q.entityId) query = query.where('a.entity_id', '=', q.entityId)
    if (q.from) query = query.where('a.occurred_at', '>=', new Date(q.from))
    if (q.to) query = query.where('a.occurred_at', '<', new Date(q.to))
    return query
  },

  async list(db: Executor, q: AuditQuery, page: { limit: number; offset: number }) {
    const base = this.filtered(db, q)
    const [rows, total] = await Promise.all([
      base
        .select([
          'a.seq',
          'a.occurred_at',
          'a.actor_login',
          'a.action',
          'a.entity_type',
          'a.entity_id',
          'a.before',
          'a.after',
          'a.request_id',
          'a.ip',
          'o.name as org_name',
        ])
        .orderBy('a.seq', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(total.n) }
  },

  byEntity: (db: Executor, entityType: string, entityId: string, limit: number) =>
    db
      .selectFrom('audit_log')
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .where('action', 'not like', 'auth.%')
      .select(['occurred_at', 'actor_login', 'action', 'before', 'after'])
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute(),

  /**
   * Recomputes every link of the chain in one pass and returns the first row whose sequence, link
   * to its predecessor or own hash does not hold.
   */
  async verify(db: Executor) {
    const result = await sql<{ rows: number; first_bad: number | null; reason: string | null }>`
      WITH chain AS (
        SELECT seq, hash, prev_hash,
               lag(seq) OVER w AS lag_seq,
               lag(hash) OVER w AS lag_hash,
               sha256(prev_hash || convert_to(audit_canonical(a), 'UTF8')) AS recomputed
        FROM audit_log a
        WINDOW w AS (ORDER BY seq)
      ), bad AS (
        SELECT seq,
               CASE
                 WHEN seq <> coalesce(lag_seq, 0) + 1 THEN '前一条记录缺失（序号不连续）'
                 WHEN prev_hash <> coalesce(lag_hash, '\\x'::bytea) THEN '与前一条记录的哈希链接不符'
                 ELSE '记录内容与其哈希不符（内容被修改）'
               END AS reason
        FROM chain
        WHERE seq <> coalesce(lag_seq, 0) + 1
           OR prev_hash <> coalesce(lag_hash, '\\x'::bytea)
           OR hash <> recomputed
        ORDER BY seq
        LIMIT 1
      )
      SELECT (SELECT count(*) FROM audit_log)::int AS rows, bad.seq AS first_bad, bad.reason
      FROM (SELECT 1) one LEFT JOIN bad ON true
    `.execute(db)
    const r = result.rows[0]!
    return { rows: Number(r.rows), firstBadSeq: r.first_bad === null ? null : Number(r.first_bad), reason: r.reason }
  },
}
