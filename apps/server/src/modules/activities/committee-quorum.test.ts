import fc from 'fast-check'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, makeOrg, makeOrgTree, type TestApp } from '../../../test/helpers.ts'
import type { Db } from '../../platform/db.ts'
import { makeMember } from '../people/people.factories.ts'

// Whether each committee meeting had more than half of the committee in office attending is kept by
// triggers (activity_committee_quorum); whatever is recorded, edited or changed in the committee, it
// equals a recount from the meetings, their attendance and the committee's terms and members.

const DAYS = ['2026-02-10', '2026-03-10', '2026-04-10'] as const
const PRESENCE = ['present', 'online', 'absent'] as const

type Action =
  | { do: 'meet'; day: number; attendees: number[]; presence: number }
  | { do: 'presence'; meeting: number; person: number; presence: number }
  | { do: 'moveDay'; meeting: number; day: number }
  | { do: 'notCommittee'; meeting: number }
  | { do: 'join'; person: number; day: number }
  | { do: 'leave'; member: number; day: number }
  | { do: 'newTerm'; day: number }

const index = fc.nat({ max: 1000 })
const day = fc.nat({ max: DAYS.length - 1 })
const presence = fc.nat({ max: PRESENCE.length - 1 })
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ do: fc.constant('meet' as const), day, attendees: fc.array(index, { maxLength: 5 }), presence }),
  },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('presence' as const), meeting: index, person: index, presence }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('moveDay' as const), meeting: index, day }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('notCommittee' as const), meeting: index }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('join' as const), person: index, day }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('leave' as const), member: index, day }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('newTerm' as const), day }) },
)

const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!

interface World {
  orgId: string
  people: string[]
  meetings: string[]
  terms: string[]
  members: string[]
}

async function apply(db: Db, a: Action, w: World) {
  switch (a.do) {
    case 'meet':
      await db.transaction().execute(async (tx) => {
        const { id } = await tx
          .insertInto('activities')
          .values({ org_id: w.orgId, kinds: ['committee_meeting'], held_on: DAYS[a.day]!, topic: '支委会' })
          .returning('id')
          .executeTakeFirstOrThrow()
        w.meetings.push(id)
        const who = [...new Set(a.attendees.map((i) => pick(w.people, i)))]
        const p = PRESENCE[a.presence]!
        if (who.length > 0)
          await tx
            .insertInto('activity_attendance')
            .values(
              who.map((personId) => ({
                activity_id: id,
                person_id: personId,
                presence: p,
                absence_reason: p === 'absent' ? '因公外出' : null,
              })),
            )
            .execute()
      })
      return
    case 'presence': {
      if (w.meetings.length === 0) return
      const p = PRESENCE[a.presence]!
      await db
        .updateTable('activity_attendance')
        .set({ presence: p, absence_reason: p === 'absent' ? '病假' : null })
        .where('activity_id', '=', pick(w.meetings, a.meeting))
        .where('person_id', '=', pick(w.people, a.person))
        .execute()
      return
    }
    case 'moveDay':
      if (w.meetings.length === 0) return
      await db.updateTable('activities').set({ held_on: DAYS[a.day]! }).where('id', '=', pick(w.meetings, a.meeting)).execute()
      return
    case 'notCommittee':
      if (w.meetings.length === 0) return
      await db
        .updateTable('activities')
        .set({ kinds: ['theme_day'] })
        .where('id', '=', pick(w.meetings, a.meeting))
        .execute()
      return
    case 'join': {
      // someone already on this term's committee is not added twice
      const row = await db
        .insertInto('org_committee_members')
        .values({ term_id: w.terms.at(-1)!, person_id: pick(w.people, a.person), post: 'member', started_on: DAYS[a.day]! })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst()
      if (row) w.members.push(row.id)
      return
    }
    case 'leave':
      if (w.members.length === 0) return
      await db
        .updateTable('org_committee_members')
        .set({ ended_on: DAYS[a.day]!, end_reason: '工作调动' })
        .where('id', '=', pick(w.members, a.member))
        .where('ended_on', 'is', null)
        .where('started_on', '<=', DAYS[a.day]!)
        .execute()
      return
    case 'newTerm': {
      await db.transaction().execute(async (tx) => {
        const ended = await tx
          .updateTable('org_committee_terms')
          .set({ ended_on: DAYS[a.day]!, end_reason: '换届' })
          .where('id', '=', w.terms.at(-1)!)
          .where('elected_on', '<=', DAYS[a.day]!)
          .executeTakeFirst()
        // a term cannot end before it began: then there is no election that day
        if (ended.numUpdatedRows === 0n) return
        const { id } = await tx
          .insertInto('org_committee_terms')
          .values({
            org_id: w.orgId,
            term_number: w.terms.length + 1,
            structure: 'committee',
            elected_on: DAYS[a.day]!,
            term_years: 3,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        w.terms.push(id)
      })
      return
    }
  }
}

/** Meetings whose kept flag differs from a recount (or is kept for what is no longer a committee meeting). */
async function mismatches(db: Db, orgId: string) {
  const { rows } = await sql<{ id: string; kept: boolean | null; recounted: boolean | null }>`
    WITH recount AS (
      SELECT a.id, coalesce((
        SELECT count(aa.person_id) * 2 > count(*)
        FROM org_committee_terms ct
        JOIN org_committee_members cm ON cm.term_id = ct.id
          AND cm.started_on <= a.held_on AND (cm.ended_on IS NULL OR cm.ended_on > a.held_on)
        LEFT JOIN activity_attendance aa ON aa.activity_id = a.id AND aa.person_id = cm.person_id AND aa.presence <> 'absent'
        WHERE ct.org_id = a.org_id AND ct.elected_on <= a.held_on AND (ct.ended_on IS NULL OR ct.ended_on > a.held_on)), false) AS quorate
      FROM activities a WHERE a.org_id = ${orgId} AND 'committee_meeting' = ANY(a.kinds)
    ),
    kept AS (
      SELECT q.activity_id AS id, q.quorate FROM activity_committee_quorum q JOIN activities a ON a.id = q.activity_id
      WHERE a.org_id = ${orgId}
    )
    SELECT coalesce(k.id, r.id) AS id, k.quorate AS kept, r.quorate AS recounted
    FROM kept k FULL JOIN recount r ON r.id = k.id
    WHERE k.quorate IS DISTINCT FROM r.quorate`.execute(db)
  return rows
}

describe('committee meetings with more than half of the committee attending', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp()
  })

  it('equal a recount after any sequence of meetings, attendance, committee members joining and leaving and new terms (property)', async () => {
    const tree = await makeOrgTree(t.db)
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 25 }), async (actions) => {
        const org = await makeOrg(t.db, tree.own, `支委会支部${Date.now().toString(36)}`, 'grassroots', 'branch')
        const people: string[] = []
        for (let i = 0; i < 5; i++)
          people.push((await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, { status: 'full' })).id)
        const term = await t.db
          .insertInto('org_committee_terms')
          .values({ org_id: org.id, term_number: 1, structure: 'committee', elected_on: '2025-01-10', term_years: 3 })
          .returning('id')
          .executeTakeFirstOrThrow()
        const members = await t.db
          .insertInto('org_committee_members')
          .values(
            people.slice(0, 3).map((p, i) => ({
              term_id: term.id,
              person_id: p,
              post: (['secretary', 'organization', 'publicity'] as const)[i]!,
              started_on: '2025-01-10',
            })),
          )
          .returning('id')
          .execute()
        const w: World = { orgId: org.id, people, meetings: [], terms: [term.id], members: members.map((m) => m.id) }
        for (const a of actions) await apply(t.db, a, w)
        expect(await mismatches(t.db, org.id)).toEqual([])
      }),
      { numRuns: 150 },
    )
  })
})
