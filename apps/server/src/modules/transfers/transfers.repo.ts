import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import type { MemberTransfersTable } from '../../platform/db-types.ts'
import { orgInScopeSql } from '../orgs/index.ts'

// Kysely queries only: the rules (who may answer, what is complete, when a letter expires) are the
// service's.

export interface TransferFilter {
  direction: 'outgoing' | 'incoming'
  /** Org paths whose subtrees hold the transfers' origin (outgoing) or destination (incoming). */
  scope: string[]
  status?: string | undefined
  kind?: string | undefined
  /** Pending past the last valid day, as of `today`. */
  expired?: boolean | undefined
  today: string
  q?: string | undefined
  issuedFrom?: string | undefined
  issuedTo?: string | undefined
}

const baseQuery = (db: Executor) =>
  db
    .selectFrom('member_transfers as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .innerJoin('members as m', 'm.person_id', 't.person_id')
    .innerJoin('orgs as fo', 'fo.id', 't.from_org_id')
    .leftJoin('orgs as tor', 'tor.id', 't.to_org_id')
    .leftJoin('orgs as vo', 'vo.id', 't.validity_from_org_id')
    .selectAll('t')
    .select([
      'p.name as person_name',
      'm.status as person_status',
      'm.org_id as person_org_id',
      'fo.name as from_org_name',
      'fo.path as from_path',
      'tor.name as to_org_current_name',
      'tor.path as to_path',
      'vo.name as validity_from_org_name',
    ])

export type TransferRow = NonNullable<Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirst']>>>

function filtered(db: Executor, f: TransferFilter) {
  let q = baseQuery(db).where(orgInScopeSql(f.direction === 'outgoing' ? 't.from_org_id' : 't.to_org_id', f.scope))
  if (f.direction === 'incoming') q = q.where('t.kind', '=', 'internal')
  if (f.status) q = q.where('t.status', '=', f.status)
  if (f.kind) q = q.where('t.kind', '=', f.kind)
  if (f.expired === true) q = q.where('t.status', '=', 'pending').where('t.valid_until', '<', f.today)
  if (f.expired === false) q = q.where((eb) => eb.or([eb('t.status', '<>', 'pending'), eb('t.valid_until', '>=', f.today)]))
  if (f.issuedFrom) q = q.where('t.issued_on', '>=', f.issuedFrom)
  if (f.issuedTo) q = q.where('t.issued_on', '<=', f.issuedTo)
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('p.name', 'like', pattern), eb('t.letter_no', 'like', pattern)]))
  }
  return q
}

const awayQuery = (db: Executor, scope: string[], startedBy: string) =>
  db
    .selectFrom('member_outflows as f')
    .innerJoin('members as m', 'm.person_id', 'f.person_id')
    .where(orgInScopeSql('m.org_id', scope))
    .where('f.ended_on', 'is', null)
    .where('f.is_fixed_place', '=', true)
    .where('f.started_on', '<=', startedBy)
    .where('m.status', 'in', ['full', 'probationary'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('member_transfers as t')
            .whereRef('t.person_id', '=', 'f.person_id')
            .whereRef('t.issued_on', '>=', 'f.started_on')
            .where('t.status', 'in', ['pending', 'received'])
            .select(sql`1`.as('x')),
        ),
      ),
    )

export const transfersRepo = {
  /** The prefecture-level ancestor of an org (docs/decisions/0001), and its division code if it has one. */
  async prefectureOf(db: Executor, orgId: string) {
    const { rows } = await sql<{ id: string; division_code: string | null }>`
      SELECT k.id, po.division_code FROM orgs o
      CROSS JOIN LATERAL (SELECT prefecture_key(o.path) AS id) k
      LEFT JOIN orgs po ON po.id = k.id
      WHERE o.id = ${orgId}`.execute(db)
    return rows[0]
  },

  /**
   * The next letter number's sequence in a prefecture's year. Writers of the same prefecture and year
   * take turns (a transaction-scoped advisory lock) so two letters never draw the same number.
   */
  async nextLetterSeq(tx: Executor, prefectureOrgId: string, year: number) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`member_transfers.letter:${prefectureOrgId}:${year}`}))`.execute(tx)
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM member_transfers
      WHERE prefecture_org_id = ${prefectureOrgId} AND issued_on >= make_date(${year}, 1, 1) AND issued_on < make_date(${year + 1}, 1, 1)`.execute(
      tx,
    )
    return Number(rows[0]!.n) + 1
  },

  async insert(tx: Executor, row: Insertable<MemberTransfersTable>) {
    return (await tx.insertInto('member_transfers').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  /** A transfer whose origin or destination lies in the scope. */
  findVisible: (db: Executor, id: string, scope: string[]) =>
    baseQuery(db)
      .where('t.id', '=', id)
      .where((eb) => eb.or([orgInScopeSql('t.from_org_id', scope), orgInScopeSql('t.to_org_id', scope)]))
      .executeTakeFirst(),

  /** The transfer row alone, locked until the transaction ends: the answer is decided under this lock. */
  async lock(tx: Executor, id: string) {
    return tx.selectFrom('member_transfers').where('id', '=', id).selectAll().forUpdate().executeTakeFirst()
  },

  /** The pending transfer of a person, if any. */
  async pendingOf(db: Executor, personId: string) {
    return db
      .selectFrom('member_transfers')
      .where('person_id', '=', personId)
      .where('status', '=', 'pending')
      .select(['id', 'letter_no'])
      .executeTakeFirst()
  },

  /** Sets the answer of a pending transfer; none updated when it is no longer pending. */
  async answer(tx: Executor, id: string, patch: Updateable<MemberTransfersTable>) {
    const r = await tx
      .updateTable('member_transfers')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    return Number(r.numUpdatedRows)
  },

  async list(db: Executor, f: TransferFilter, page: { limit: number; offset: number }) {
    const [items, total] = await Promise.all([
      filtered(db, f)
        .orderBy('t.issued_on', 'desc')
        .orderBy('t.created_at', 'desc')
        .orderBy('t.id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      filtered(db, f)
        .clearSelect()
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ])
    return { items, total: Number(total.n) }
  },

  /** Every row of a filter, in list order, a page at a time (an export). */
  async page(db: Executor, f: TransferFilter, page: { limit: number; offset: number }) {
    return filtered(db, f)
      .orderBy('t.issued_on', 'desc')
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
  },

  /** Transfers that need someone in the scope to act: incoming to answer, outgoing returned or expired. */
  async todos(db: Executor, scope: string[], today: string, limit: number) {
    const incoming = await baseQuery(db)
      .where(orgInScopeSql('t.to_org_id', scope))
      .where('t.status', '=', 'pending')
      .orderBy('t.issued_on')
      .limit(limit)
      .execute()
    const outgoing = await baseQuery(db)
      .where(orgInScopeSql('t.from_org_id', scope))
      .where((eb) =>
        eb.or([
          eb.and([eb('t.status', '=', 'pending'), eb.or([eb('t.valid_until', '<', today), eb('t.kind', '=', 'external')])]),
          // a return is on the origin's list until it sends the member again or lets it be
          eb.and([
            eb('t.status', '=', 'returned'),
            eb.not(
              eb.exists(
                eb
                  .selectFrom('member_transfers as later')
                  .whereRef('later.person_id', '=', 't.person_id')
                  .whereRef('later.created_at', '>', 't.created_at')
                  .select(sql`1`.as('x')),
              ),
            ),
            eb('m.status', '<>', 'left'),
            eb('m.org_id', '=', eb.ref('t.from_org_id')),
          ]),
        ]),
      )
      .orderBy('t.issued_on')
      .limit(limit)
      .execute()
    return { incoming, outgoing }
  },

  /** Counts of a subtree's outgoing and incoming transfers. */
  async counts(db: Executor, scope: string[], today: string, yearStart: string) {
    const { rows } = await sql<{
      out_pending: string
      out_expired: string
      out_returned: string
      out_received: string
      in_pending: string
      in_expired: string
      in_received: string
    }>`
      SELECT
        count(*) FILTER (WHERE side = 'out' AND status = 'pending') AS out_pending,
        count(*) FILTER (WHERE side = 'out' AND status = 'pending' AND valid_until < ${today}::date) AS out_expired,
        count(*) FILTER (WHERE side = 'out' AND status = 'returned') AS out_returned,
        count(*) FILTER (WHERE side = 'out' AND status = 'received' AND answered_on >= ${yearStart}::date) AS out_received,
        count(*) FILTER (WHERE side = 'in' AND status = 'pending') AS in_pending,
        count(*) FILTER (WHERE side = 'in' AND status = 'pending' AND valid_until < ${today}::date) AS in_expired,
        count(*) FILTER (WHERE side = 'in' AND status = 'received' AND answered_on >= ${yearStart}::date) AS in_received
      FROM (
        SELECT 'out' AS side, t.status, t.valid_until, t.answered_on FROM member_transfers t WHERE ${orgInScopeSql('t.from_org_id', scope)}
        UNION ALL
        SELECT 'in', t.status, t.valid_until, t.answered_on FROM member_transfers t
        WHERE t.to_org_id IS NOT NULL AND ${orgInScopeSql('t.to_org_id', scope)}
      ) s`.execute(db)
    const r = rows[0]!
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as Record<keyof typeof r, number>
  },

  /**
   * Members in the scope away at a fixed place since `startedBy` or earlier, still away, on the roll
   * as full or probationary members, and with no transfer issued since they left.
   */
  async awayWithoutTransfer(db: Executor, scope: string[], startedBy: string, limit: number) {
    return awayQuery(db, scope, startedBy)
      .innerJoin('people as p', 'p.id', 'f.person_id')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select(['f.person_id', 'p.name', 'm.org_id', 'o.name as org_name', 'f.destination', 'f.started_on'])
      .orderBy('f.started_on')
      .limit(limit)
      .execute()
  },

  async countAwayWithoutTransfer(db: Executor, scope: string[], startedBy: string) {
    const r = await awayQuery(db, scope, startedBy)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  },
}
