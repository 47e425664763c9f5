import { sql } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import { orgInScopeSql } from '../orgs/index.ts'

const requestColumns = [
  'r.id',
  'r.person_id',
  'r.org_id as requested_in_org_id',
  'r.requested_by',
  'r.phone_enc',
  'r.note',
  'r.status',
  'r.decided_at',
  'r.reject_reason',
  'r.created_at',
  'p.name as person_name',
  'p.phone_enc as person_phone_enc',
  'm.org_id',
  'o.name as org_name',
  'ru.display_name as requested_by_name',
  'du.display_name as decided_by_name',
] as const

/** Requests with their person, the person's current org, and who asked and decided. */
const requests = (db: Executor) =>
  db
    .selectFrom('contact_change_requests as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .innerJoin('members as m', 'm.person_id', 'r.person_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('users as ru', 'ru.id', 'r.requested_by')
    .leftJoin('users as du', 'du.id', 'r.decided_by')
    .select(requestColumns)

export const selfServiceRepo = {
  async linkedPersonId(db: Executor, userId: string) {
    return (await db.selectFrom('users').where('id', '=', userId).select('person_id').executeTakeFirst())?.person_id ?? null
  },

  async orgName(db: Executor, orgId: string) {
    return (await db.selectFrom('orgs').where('id', '=', orgId).select('name').executeTakeFirstOrThrow()).name
  },

  /** What a request is checked against: the person's org, status and phone now. */
  personState: (db: Executor, personId: string) =>
    db
      .selectFrom('members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .where('m.person_id', '=', personId)
      .select(['p.id', 'p.phone_enc', 'm.org_id', 'm.status'])
      .executeTakeFirst(),

  pendingOf: (db: Executor, personId: string) =>
    db
      .selectFrom('contact_change_requests')
      .where('person_id', '=', personId)
      .where('status', '=', 'pending')
      .select(['id', 'created_at'])
      .executeTakeFirst(),

  async insert(
    db: Executor,
    row: { id: string; person_id: string; org_id: string; requested_by: string; phone_enc: Buffer; note: string | null },
  ) {
    await db.insertInto('contact_change_requests').values(row).execute()
  },

  /** A request, unless it belongs to someone outside `scope`; locked for update on request. */
  async findInScope(db: Executor, id: string, scope: string[], opts: { lock?: boolean } = {}) {
    let q = requests(db).where('r.id', '=', id).where(orgInScopeSql('m.org_id', scope))
    if (opts.lock) q = q.forUpdate('r')
    return q.executeTakeFirst()
  },

  /** One of the person's own requests. */
  async findOwn(db: Executor, id: string, personId: string, opts: { lock?: boolean } = {}) {
    let q = requests(db).where('r.id', '=', id).where('r.person_id', '=', personId)
    if (opts.lock) q = q.forUpdate('r')
    return q.executeTakeFirst()
  },

  listOwn: (db: Executor, personId: string) =>
    requests(db).where('r.person_id', '=', personId).orderBy('r.created_at', 'desc').orderBy('r.id').limit(100).execute(),

  /** Requests of people in `scope` with the status; the open ones first come first, decided ones latest first. */
  listInScope: (db: Executor, f: { scope: string[]; status: string; limit: number }) =>
    requests(db)
      .where(orgInScopeSql('m.org_id', f.scope))
      .where('r.status', '=', f.status)
      .orderBy('r.created_at', f.status === 'pending' ? 'asc' : 'desc')
      .orderBy('r.id')
      .limit(f.limit)
      .execute(),

  async decide(db: Executor, id: string, d: { status: string; decided_by: string; reject_reason: string | null }) {
    await db
      .updateTable('contact_change_requests')
      .set({ ...d, decided_at: sql`now()` })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute()
  },
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof selfServiceRepo.findInScope>>>
