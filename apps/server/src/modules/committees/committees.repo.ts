import { sql } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import { orgInScopeSql } from '../orgs/index.ts'

const termColumns = [
  't.id',
  't.org_id',
  't.term_number',
  't.structure',
  't.elected_on',
  't.term_years',
  't.term_years_reason',
  't.term_ends_on',
  't.ended_on',
  't.end_reason',
  't.note',
] as const

export const committeesRepo = {
  /** The org's terms, the latest first. */
  termsOf: (db: Executor, orgId: string) =>
    db
      .selectFrom('org_committee_terms as t')
      .where('t.org_id', '=', orgId)
      .select(termColumns)
      .orderBy('t.elected_on', 'desc')
      .orderBy('t.term_number', 'desc')
      .execute(),

  /** The posts of the given terms with the holders' names: current posts first, then by post and date. */
  membersOf: async (db: Executor, termIds: string[]) => {
    if (termIds.length === 0) return []
    return db
      .selectFrom('org_committee_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .where('m.term_id', 'in', termIds)
      .select(['m.id', 'm.term_id', 'm.person_id', 'p.name', 'm.post', 'm.started_on', 'm.ended_on', 'm.end_reason'])
      .orderBy(sql`m.ended_on IS NOT NULL`)
      .orderBy(
        sql`array_position(ARRAY['secretary', 'deputy_secretary', 'organization', 'publicity', 'discipline', 'youth', 'member'], m.post)`,
      )
      .orderBy('m.started_on')
      .orderBy('p.name_pinyin')
      .execute()
  },

  /** A term whose org lies in `scope`; locked for update on request (writes to a term take this lock). */
  async findTermInScope(db: Executor, id: string, scope: string[], opts: { lock?: boolean } = {}) {
    let q = db
      .selectFrom('org_committee_terms as t')
      .where('t.id', '=', id)
      .where(orgInScopeSql('t.org_id', scope))
      .select(termColumns)
    if (opts.lock) q = q.forUpdate()
    return q.executeTakeFirst()
  },

  /** The org's latest term (by election date), locked so that two new terms cannot race. */
  latestTerm: (db: Executor, orgId: string) =>
    db
      .selectFrom('org_committee_terms as t')
      .where('t.org_id', '=', orgId)
      .select(termColumns)
      .orderBy('t.elected_on', 'desc')
      .orderBy('t.term_number', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst(),

  maxTermNumber: async (db: Executor, orgId: string) =>
    (
      await db
        .selectFrom('org_committee_terms')
        .where('org_id', '=', orgId)
        .select((eb) => eb.fn.max<number | null>('term_number').as('n'))
        .executeTakeFirst()
    )?.n ?? 0,

  async insertTerm(
    db: Executor,
    row: {
      org_id: string
      term_number: number
      structure: string
      elected_on: string
      term_years: number
      term_years_reason: string | null
      note: string | null
    },
  ) {
    return (await db.insertInto('org_committee_terms').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  async endTerm(db: Executor, id: string, end: { endedOn: string; reason: string }) {
    await db
      .updateTable('org_committee_terms')
      .set({ ended_on: end.endedOn, end_reason: end.reason })
      .where('id', '=', id)
      .execute()
  },

  /** Ends every post of the term still held; returns how many. */
  async endOpenPosts(db: Executor, termId: string, end: { endedOn: string; reason: string }) {
    const r = await db
      .updateTable('org_committee_members')
      .set({ ended_on: end.endedOn, end_reason: end.reason })
      .where('term_id', '=', termId)
      .where('ended_on', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows)
  },

  /** A post whose term's org lies in `scope`. */
  findMemberInScope: (db: Executor, id: string, scope: string[]) =>
    db
      .selectFrom('org_committee_members as m')
      .innerJoin('org_committee_terms as t', 't.id', 'm.term_id')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .where('m.id', '=', id)
      .where(orgInScopeSql('t.org_id', scope))
      .select(['m.id', 'm.term_id', 'm.person_id', 'p.name', 'm.post', 'm.started_on', 'm.ended_on', 't.org_id'])
      .executeTakeFirst(),

  /** The posts of the term still held. */
  openPosts: (db: Executor, termId: string) =>
    db
      .selectFrom('org_committee_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .where('m.term_id', '=', termId)
      .where('m.ended_on', 'is', null)
      .select(['m.id', 'm.person_id', 'p.name', 'm.post'])
      .execute(),

  async insertMember(db: Executor, row: { term_id: string; person_id: string; post: string; started_on: string }) {
    return (await db.insertInto('org_committee_members').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  async endMember(db: Executor, id: string, end: { endedOn: string; reason: string | null }) {
    await db
      .updateTable('org_committee_members')
      .set({ ended_on: end.endedOn, end_reason: end.reason })
      .where('id', '=', id)
      .execute()
  },

  /**
   * The current term of each org in `orgIds` with the number of posts held and where its end lies
   * from `today`: one query for the whole set.
   */
  async currentTerms(db: Executor, orgIds: string[], today: string, reminderMonths: number) {
    if (orgIds.length === 0) return []
    return db
      .selectFrom('org_committee_terms as t')
      .leftJoin('org_committee_members as m', (j) => j.onRef('m.term_id', '=', 't.id').on('m.ended_on', 'is', null))
      .where('t.org_id', 'in', orgIds)
      .where('t.ended_on', 'is', null)
      .groupBy('t.id')
      .select((eb) => [
        't.org_id',
        't.id',
        't.term_number',
        't.structure',
        't.term_ends_on',
        eb.fn.count<number>('m.id').as('members'),
        sql<number>`t.term_ends_on - ${today}::date`.as('days_left'),
        sql<boolean>`t.term_ends_on <= (${today}::date + make_interval(months => ${reminderMonths}::integer))::date`.as(
          'is_within_reminder',
        ),
      ])
      .execute()
  },
}

export type TermRow = Awaited<ReturnType<typeof committeesRepo.termsOf>>[number]
export type PostRow = Awaited<ReturnType<typeof committeesRepo.membersOf>>[number]
