import { sql, type ExpressionBuilder } from 'kysely'
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres'
import { prepared, reusableQuery, type Executor } from '../../platform/db.ts'
import type { DB } from '../../platform/db-types.ts'
import { orgInScopeSql } from '../orgs/index.ts'

export interface PersonWrite {
  name?: string
  name_pinyin?: string
  name_initials?: string
  gender?: string
  ethnicity?: string
  birth_date?: string
  id_number_enc?: Buffer | null
  id_number_hash?: Buffer | null
  phone_enc?: Buffer | null
  phone_hash?: Buffer | null
  education?: string | null
  occupation?: string | null
  work_unit?: string | null
  post?: string | null
  cadre_rank?: string | null
  is_in_difficulty?: boolean
  is_lost_contact?: boolean
  is_mobile?: boolean
}

export interface MemberWrite {
  org_id?: string
  status?: string
  applied_on?: string | null
  activist_on?: string | null
  candidate_on?: string | null
  admitted_on?: string | null
  full_on?: string | null
  left_on?: string | null
  left_reason?: string | null
  left_document?: string | null
}

/** A member list's filters, resolved by the service; every one is applied in SQL. */
export interface MemberFilter {
  /** ltree paths: the caller's scope, or the subtree of the org asked for within it. */
  scope: string[]
  nameGram?: string | undefined
  nameLike?: string | undefined
  pinyin?: string | undefined
  /** A small scope: a name fragment is matched on the scope's people rather than found through people_name_index. */
  scopeFirst?: boolean
  /** Which part of a pinyin search this query is (see filtered()); set by search(). */
  pinyinPart?: 'prefix' | 'rest'
  /** The people the pinyin search's second part may return (found first, see page()); unset when too many. */
  candidateIds?: string[] | undefined
  idNumberHash?: Buffer | undefined
  phoneHash?: Buffer | undefined
  status?: string | undefined
  excludeLeft: boolean
  gender?: string | undefined
  education?: string | undefined
  /** A GB/T 4658 category ('1', '4'…): every code under it. */
  educationCategory?: string | undefined
  bornOnOrBefore?: string | undefined
  bornAfter?: string | undefined
  admittedFrom?: string | undefined
  admittedBefore?: string | undefined
  after?: { pinyin: string; id: string } | undefined
  limit: number
}

/** The first string after every string that starts with `s` (code point order): 'zhang' → 'zhanh'. */
const prefixEnd = (s: string) => s.slice(0, -1) + String.fromCodePoint(s.codePointAt(s.length - 1)! + 1)

/**
 * The people a pinyin search finds other than by the full pinyin's start: by the initials' start,
 * or (3 letters or more) anywhere in the full pinyin. Found through the trigram indexes first and
 * handed to the page's query as ids: planned together, the scope's estimate (which ltree cannot
 * give well) led the planner to walk the whole scope instead.
 */
async function pinyinCandidates(db: Executor, pinyin: string): Promise<string[] | null> {
  const prefix = `${like(pinyin)}%`
  const rows = await db
    .selectFrom('people as p')
    .select('p.id')
    .where((eb) =>
      eb.or([
        eb('p.name_initials', 'like', prefix),
        ...(pinyin.length >= 3 ? [eb('p.name_pinyin', 'like', `%${like(pinyin)}%`)] : []),
      ]),
    )
    .where('p.name_pinyin', 'not like', prefix)
    .limit(MAX_PINYIN_CANDIDATES + 1)
    .execute()
  return rows.length > MAX_PINYIN_CANDIDATES ? null : rows.map((r) => r.id)
}

/** Above this many, a pinyin search's second part walks the list order instead of sorting its candidates. */
const MAX_PINYIN_CANDIDATES = 2000

/**
 * One page in list order. A pinyin search is two queries, each walked in its best order; their
 * pages are merged here.
 */
async function page<T extends { name_pinyin: string; id: string }>(
  db: Executor,
  f: MemberFilter,
  run: (f: MemberFilter) => Promise<T[]>,
): Promise<T[]> {
  if (f.pinyin === undefined) return run(f)
  const [first, candidateIds] = await Promise.all([run({ ...f, pinyinPart: 'prefix' }), pinyinCandidates(db, f.pinyin)])
  const rest =
    candidateIds === null
      ? run({ ...f, pinyinPart: 'rest' })
      : candidateIds.length
        ? run({ ...f, pinyinPart: 'rest', candidateIds })
        : Promise.resolve([])
  const parts = [first, await rest]
  const key = (r: T) => [r.name_pinyin, r.id] as const
  return parts
    .flat()
    .sort((a, b) => {
      const [ap, ai] = key(a)
      const [bp, bi] = key(b)
      return ap < bp ? -1 : ap > bp ? 1 : ai < bi ? -1 : ai > bi ? 1 : 0
    })
    .slice(0, f.limit)
}

const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

const personColumns = [
  'p.id',
  'p.name',
  'p.name_pinyin',
  'p.gender',
  'p.ethnicity',
  'p.birth_date',
  'p.id_number_enc',
  'p.id_number_hash',
  'p.phone_enc',
  'p.education',
  'p.occupation',
  'p.work_unit',
  'p.post',
  'p.cadre_rank',
  'p.is_in_difficulty',
  'p.is_lost_contact',
  'p.is_mobile',
  'p.created_at',
  'p.updated_at',
] as const

const memberColumns = [
  'm.org_id',
  'm.status',
  'm.applied_on',
  'm.activist_on',
  'm.candidate_on',
  'm.admitted_on',
  'm.full_on',
  'm.left_on',
  'm.left_reason',
  'm.left_document',
  'm.updated_at as member_updated_at',
] as const

/** A status history entry, for the member page and the history list alike. */
const statusHistoryColumns = [
  'h.from_status',
  'h.to_status',
  'h.effective_on',
  'h.reason',
  'h.document_no',
  'u.display_name as recorded_by_name',
  'h.recorded_at',
] as const

const listColumns = [
  'p.id',
  'p.name',
  'p.name_pinyin',
  'p.gender',
  'p.birth_date',
  'p.id_number_enc',
  'p.phone_enc',
  'p.education',
  'm.org_id',
  'm.status',
  'm.admitted_on',
  'o.name as org_name',
] as const

/** A member list's rows: joined, scoped and filtered, not yet selected or ordered. */
function filtered(db: Executor, f: MemberFilter) {
  let q = db
    .selectFrom('members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .where(orgInScopeSql('m.org_id', f.scope))
  // 1–2 characters: the fragment's rows of people_name_index, already in list order (pg_trgm needs 3).
  if (f.nameGram !== undefined)
    q = f.scopeFirst
      ? q.where(sql<boolean>`p.name_grams @> ARRAY[${f.nameGram}]::text[]`)
      : q.innerJoin('people_name_index as g', (j) => j.onRef('g.person_id', '=', 'p.id').on('g.gram', '=', f.nameGram!))
  if (f.nameLike !== undefined) q = q.where('p.name', 'like', `%${like(f.nameLike)}%`)
  if (f.pinyin !== undefined) {
    // Pinyin matches the full pinyin's start, the initials' start, or (3 letters or more) anywhere
    // in the full pinyin. The first part is a range of the list order, walked in order; the rest
    // is found through the trigram indexes. search() merges the two.
    const prefix = `${like(f.pinyin)}%`
    if (f.pinyinPart === 'prefix') {
      q = q.where('p.name_pinyin', '>=', f.pinyin).where('p.name_pinyin', '<', prefixEnd(f.pinyin))
    } else if (f.candidateIds) {
      q = q.where('p.id', '=', sql<string>`ANY(${f.candidateIds}::uuid[])`)
    } else {
      // many candidates: dense enough that walking the list order finds a page soon
      q = q
        .where((eb) =>
          eb.or([
            eb('p.name_initials', 'like', prefix),
            ...(f.pinyin!.length >= 3 ? [eb('p.name_pinyin', 'like', `%${like(f.pinyin!)}%`)] : []),
          ]),
        )
        .where('p.name_pinyin', 'not like', prefix)
    }
  }
  if (f.idNumberHash) q = q.where('p.id_number_hash', '=', f.idNumberHash)
  if (f.phoneHash) q = q.where('p.phone_hash', '=', f.phoneHash)
  if (f.status) q = q.where('m.status', '=', f.status)
  else if (f.excludeLeft) q = q.where('m.status', '<>', 'left')
  if (f.gender) q = q.where('p.gender', '=', f.gender)
  if (f.education) q = q.where('p.education', '=', f.education)
  if (f.educationCategory) q = q.where('p.education', 'like', `${f.educationCategory}_`)
  if (f.bornOnOrBefore) q = q.where('p.birth_date', '<=', f.bornOnOrBefore)
  if (f.bornAfter) q = q.where('p.birth_date', '>', f.bornAfter)
  if (f.admittedFrom) q = q.where('m.admitted_on', '>=', f.admittedFrom)
  if (f.admittedBefore) q = q.where('m.admitted_on', '<', f.admittedBefore)
  if (f.after) {
    const [pinyin, id] = listOrder(f)
    q = q.where(sql<boolean>`(${pinyin}, ${id}) > (${f.after.pinyin}, ${f.after.id}::uuid)`)
  }
  return q
}

/**
 * The list order (pinyin, then id), as columns the query can walk in order: the name index's when
 * searching by a fragment (the same values as the person's), the person's otherwise.
 */
const listOrder = (f: MemberFilter) =>
  f.nameGram !== undefined && !f.scopeFirst
    ? ([sql.ref('g.name_pinyin'), sql.ref('g.person_id')] as const)
    : f.candidateIds
      ? // A few known people: look them up and sort them. The same order, but not an indexed
        // expression: the planner would walk the index hoping to meet them.
        ([sql`(p.name_pinyin || '')`, sql.ref('p.id')] as const)
      : ([sql.ref('p.name_pinyin'), sql.ref('p.id')] as const)

// Built and compiled once per number of scope paths: it runs on every member GET.
const memberDetailQuery = reusableQuery((db: Executor, { personId, scope }: { personId: string; scope: string[] }) =>
  db
    .selectFrom('people as p')
    .modifyFront(prepared('member_detail'))
    .innerJoin('members as m', 'm.person_id', 'p.id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .where('p.id', '=', personId)
    .where(orgInScopeSql('m.org_id', scope))
    .select(personColumns)
    .select(memberColumns)
    .select('o.name as org_name')
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('member_status_history as h')
          .leftJoin('users as u', 'u.id', 'h.recorded_by')
          .whereRef('h.person_id', '=', 'p.id')
          .select(statusHistoryColumns)
          .orderBy('h.id'),
      ).as('status_history'),
      jsonArrayFrom(
        eb
          .selectFrom('member_org_history as h')
          .innerJoin('orgs as ho', 'ho.id', 'h.org_id')
          .whereRef('h.person_id', '=', 'p.id')
          .select(['h.org_id', 'ho.name as org_name', 'h.valid_from', 'h.valid_to', 'h.reason', 'h.document_no'])
          .orderBy('h.valid_from')
          .orderBy('h.id'),
      ).as('org_history'),
      jsonObjectFrom(
        eb
          .selectFrom('person_photos as ph')
          .whereRef('ph.person_id', '=', 'p.id')
          .select(['ph.mime_type', 'ph.byte_size', sql<string>`encode(ph.sha256, 'hex')`.as('sha256_hex'), 'ph.updated_at']),
      ).as('photo'),
    ]),
)

export const peopleRepo = {
  /** A person with their member record, if their org lies in `scope`; locked for update on request. */
  async findInScope(db: Executor, personId: string, scope: string[], opts: { lock?: boolean; anyOrg?: boolean } = {}) {
    let q = db
      .selectFrom('people as p')
      .innerJoin('members as m', 'm.person_id', 'p.id')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .where('p.id', '=', personId)
      .select(personColumns)
      .select(memberColumns)
      .select('o.name as org_name')
    // anyOrg: for a service that has established its own authority over the person (a transfer's receiver)
    if (!opts.anyOrg) q = q.where(orgInScopeSql('m.org_id', scope))
    if (opts.lock) q = q.forUpdate(['p', 'm'])
    return q.executeTakeFirst()
  },

  /**
   * findInScope with what the member page shows beside the record — the status history, the org
   * history and the photo's facts — in one statement: a member GET is one round trip, not four.
   */
  async findDetailInScope(db: Executor, personId: string, scope: string[]) {
    return (await memberDetailQuery(db, { personId, scope }))[0]
  },

  /**
   * A person with their member record, whatever the org: only for the person's own account (member
   * self-service), where the account's link to the person is the authority, not a scope.
   */
  async findLinked(db: Executor, personId: string) {
    return db
      .selectFrom('people as p')
      .innerJoin('members as m', 'm.person_id', 'p.id')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .where('p.id', '=', personId)
      .select(personColumns)
      .select(memberColumns)
      .select('o.name as org_name')
      .executeTakeFirst()
  },

  async findByIdNumberHash(db: Executor, hash: Buffer) {
    return db
      .selectFrom('people as p')
      .innerJoin('members as m', 'm.person_id', 'p.id')
      .where('p.id_number_hash', '=', hash)
      .select(['p.id', 'p.name', 'm.org_id'])
      .executeTakeFirst()
  },

  async insertPerson(
    db: Executor,
    row: PersonWrite & { id: string; name: string; gender: string; ethnicity: string; birth_date: string },
  ) {
    await db.insertInto('people').values(row).execute()
  },

  async insertMember(db: Executor, row: MemberWrite & { person_id: string; org_id: string; status: string }) {
    await db.insertInto('members').values(row).execute()
  },

  async updatePerson(db: Executor, id: string, patch: PersonWrite) {
    if (Object.keys(patch).length) await db.updateTable('people').set(patch).where('id', '=', id).execute()
  },

  async updateMember(db: Executor, personId: string, patch: MemberWrite) {
    if (Object.keys(patch).length) await db.updateTable('members').set(patch).where('person_id', '=', personId).execute()
  },

  async addStatusHistory(
    db: Executor,
    row: {
      person_id: string
      from_status: string | null
      to_status: string
      effective_on: string
      reason: string | null
      document_no: string | null
      recorded_by: string | null
    },
  ) {
    await db.insertInto('member_status_history').values(row).execute()
  },

  async statusHistory(db: Executor, personId: string) {
    return db
      .selectFrom('member_status_history as h')
      .leftJoin('users as u', 'u.id', 'h.recorded_by')
      .where('h.person_id', '=', personId)
      .select(statusHistoryColumns)
      .orderBy('h.id')
      .execute()
  },

  async currentOrgPeriod(db: Executor, personId: string) {
    return db
      .selectFrom('member_org_history')
      .where('person_id', '=', personId)
      .where('valid_to', 'is', null)
      .select(['id', 'org_id', 'valid_from'])
      .executeTakeFirst()
  },

  async openOrgPeriod(
    db: Executor,
    row: { person_id: string; org_id: string; valid_from: string; reason?: string | null; document_no?: string | null },
  ) {
    await db.insertInto('member_org_history').values(row).execute()
  },

  async closeOrgPeriod(db: Executor, personId: string, validTo: string) {
    await db
      .updateTable('member_org_history')
      .set({ valid_to: validTo })
      .where('person_id', '=', personId)
      .where('valid_to', 'is', null)
      .execute()
  },

  async orgHistory(db: Executor, personId: string) {
    return db
      .selectFrom('member_org_history as h')
      .innerJoin('orgs as o', 'o.id', 'h.org_id')
      .where('h.person_id', '=', personId)
      .select(['h.org_id', 'o.name as org_name', 'h.valid_from', 'h.valid_to', 'h.reason', 'h.document_no'])
      .orderBy('h.valid_from')
      .orderBy('h.id')
      .execute()
  },

  /** One page of a member list, sorted by pinyin then id, starting after the keyset `after`. */
  /** One page of a member list, in name order (pinyin, then id), after the keyset cursor. */
  async search(db: Executor, f: MemberFilter) {
    return page(db, f, (part) => {
      const [pinyin, id] = listOrder(part)
      return filtered(db, part).select(listColumns).orderBy(pinyin).orderBy(id).limit(part.limit).execute()
    })
  },

  /** The same page with every column of the record, for exports. */
  async searchFull(db: Executor, f: MemberFilter) {
    return page(db, f, (part) => {
      const [pinyin, id] = listOrder(part)
      return filtered(db, part)
        .select(personColumns)
        .select(memberColumns)
        .select('o.name as org_name')
        .orderBy(pinyin)
        .orderBy(id)
        .limit(part.limit)
        .execute()
    })
  },

  /** How many people's membership relation is with the org now (those who left are not counted). */
  async heldCount(db: Executor, orgId: string) {
    const r = await db
      .selectFrom('members')
      .where('org_id', '=', orgId)
      .where('status', '<>', 'left')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  },

  /** The people held by the org, locked until the transaction ends, with the start of their current period. */
  async lockHeld(db: Executor, orgId: string) {
    return db
      .selectFrom('members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .leftJoin('member_org_history as h', (j) => j.onRef('h.person_id', '=', 'm.person_id').on('h.valid_to', 'is', null))
      .where('m.org_id', '=', orgId)
      .where('m.status', '<>', 'left')
      .select(['m.person_id', 'p.name', 'h.valid_from'])
      .forUpdate(['m'])
      .execute()
  },

  /**
   * Moves everyone the org holds to `toOrgId` on `on`: each current period closes that day and a new
   * one opens with the reason and document. Three set-wise statements; returns how many moved.
   */
  async moveHeld(
    db: Executor,
    move: { fromOrgId: string; toOrgId: string; on: string; reason: string; documentNo: string | null },
  ) {
    const held = (eb: ExpressionBuilder<DB, 'member_org_history'>) =>
      eb(
        'person_id',
        'in',
        eb.selectFrom('members').where('org_id', '=', move.fromOrgId).where('status', '<>', 'left').select('person_id'),
      )
    await db.updateTable('member_org_history').set({ valid_to: move.on }).where('valid_to', 'is', null).where(held).execute()
    await db
      .insertInto('member_org_history')
      .columns(['person_id', 'org_id', 'valid_from', 'reason', 'document_no'])
      .expression((eb) =>
        eb
          .selectFrom('members')
          .where('org_id', '=', move.fromOrgId)
          .where('status', '<>', 'left')
          .select([
            'person_id',
            sql<string>`${move.toOrgId}::uuid`.as('org_id'),
            sql<string>`${move.on}::date`.as('valid_from'),
            sql<string>`${move.reason}`.as('reason'),
            sql<string | null>`${move.documentNo}`.as('document_no'),
          ]),
      )
      .execute()
    const moved = await db
      .updateTable('members')
      .set({ org_id: move.toOrgId })
      .where('org_id', '=', move.fromOrgId)
      .where('status', '<>', 'left')
      .executeTakeFirst()
    return Number(moved.numUpdatedRows)
  },

  /** Current members by org for the orgs in `orgIds`: full and probationary counts. */
  async countsByOrg(db: Executor, orgIds: string[]) {
    if (orgIds.length === 0) return []
    return db
      .selectFrom('members')
      .where('org_id', 'in', orgIds)
      .where('status', 'in', ['full', 'probationary'])
      .groupBy('org_id')
      .select((eb) => [
        'org_id',
        eb.fn.count<number>(eb.case().when('status', '=', 'full').then(1).end()).as('full'),
        eb.fn.count<number>(eb.case().when('status', '=', 'probationary').then(1).end()).as('probationary'),
      ])
      .execute()
  },

  /**
   * The people whose membership relation was with `orgId` on `date`, with their status on that day
   * (from the stage dates), leaving out those who had not applied yet or had left by then.
   */
  async membersOfOrgAsOf(db: Executor, orgId: string, date: string) {
    const statusOn = sql<string | null>`CASE
      WHEN m.left_on <= ${date}::date THEN 'left'
      WHEN m.full_on <= ${date}::date THEN 'full'
      WHEN m.admitted_on <= ${date}::date THEN 'probationary'
      WHEN m.candidate_on <= ${date}::date THEN 'candidate'
      WHEN m.activist_on <= ${date}::date THEN 'activist'
      WHEN m.applied_on <= ${date}::date THEN 'applicant'
    END`
    const rows = await db
      .selectFrom('member_org_history as h')
      .innerJoin('members as m', 'm.person_id', 'h.person_id')
      .innerJoin('people as p', 'p.id', 'h.person_id')
      .where('h.org_id', '=', orgId)
      .where('h.valid_from', '<=', date)
      .where((eb) => eb.or([eb('h.valid_to', 'is', null), eb('h.valid_to', '>', date)]))
      .select(['p.id as person_id', 'p.name', statusOn.as('status')])
      .orderBy('p.name_pinyin')
      .orderBy('p.id')
      .execute()
    return rows.filter((r): r is typeof r & { status: string } => r.status !== null && r.status !== 'left')
  },
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof peopleRepo.findInScope>>>
export type PersonListRow = Awaited<ReturnType<typeof peopleRepo.search>>[number]
export type StatusHistoryRow = Awaited<ReturnType<typeof peopleRepo.statusHistory>>[number]
export type OrgHistoryRow = Awaited<ReturnType<typeof peopleRepo.orgHistory>>[number]
