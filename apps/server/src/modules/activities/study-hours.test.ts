import fc from 'fast-check'
import { sql } from 'kysely'
import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, makeOrg, makeOrgTree, type TestApp } from '../../../test/helpers.ts'
import type { Db } from '../../platform/db.ts'
import { makeMember } from '../people/people.factories.ts'

// The per-person, per-year study hours are kept by triggers on attendance and activities; whatever
// is recorded, edited, moved to another day or voided, they equal a recount from the records. The
// members of each org counted by their whole hours (study_hours_by_org) follow the hours and the
// members: moved to another org, leaving, coming back, all at once.

const DAYS = ['2025-12-31', '2026-01-01', '2026-03-15'] as const
const HOURS = [null, '0.5', '2', '8'] as const
const PRESENCE = ['present', 'online', 'absent'] as const

type Action =
  | { do: 'record'; day: number; hours: number; people: { person: number; presence: number }[] }
  | { do: 'edit'; activity: number; day: number; hours: number }
  | { do: 'void'; activity: number }
  | { do: 'reattend'; activity: number; people: { person: number; presence: number }[] }
  | { do: 'presence'; activity: number; presence: number }
  | { do: 'move'; person: number; to: number }
  | { do: 'moveAll'; to: number }
  | { do: 'leave'; person: number }
  | { do: 'rejoin'; person: number }

const index = fc.nat({ max: 1000 })
const roster = fc.array(fc.record({ person: index, presence: fc.nat({ max: PRESENCE.length - 1 }) }), { maxLength: 4 })
const day = fc.nat({ max: DAYS.length - 1 })
const hours = fc.nat({ max: HOURS.length - 1 })
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ do: fc.constant('record' as const), day, hours, people: roster }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('edit' as const), activity: index, day, hours }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('void' as const), activity: index }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('reattend' as const), activity: index, people: roster }) },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('presence' as const),
      activity: index,
      presence: fc.nat({ max: PRESENCE.length - 1 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('move' as const), person: index, to: fc.nat({ max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('moveAll' as const), to: fc.nat({ max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('leave' as const), person: index }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('rejoin' as const), person: index }) },
)

const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!

/** One row per person on the roster, each person once. */
function attendanceRows(activityId: string, people: string[], roll: { person: number; presence: number }[]) {
  const seen = new Map<string, string>()
  for (const r of roll) seen.set(pick(people, r.person), PRESENCE[r.presence]!)
  return [...seen].map(([personId, presence]) => ({
    activity_id: activityId,
    person_id: personId,
    presence,
    absence_reason: presence === 'absent' ? '因事请假' : null,
  }))
}

async function apply(db: Db, a: Action, orgIds: [string, string], people: string[], activities: string[]) {
  const orgId = orgIds[0]
  switch (a.do) {
    case 'record':
      await db.transaction().execute(async (tx) => {
        const { id } = await tx
          .insertInto('activities')
          .values({ org_id: orgId, kinds: ['training'], held_on: DAYS[a.day]!, hours: HOURS[a.hours]!, topic: '集中学习' })
          .returning('id')
          .executeTakeFirstOrThrow()
        activities.push(id)
        const rows = attendanceRows(id, people, a.people)
        if (rows.length > 0) await tx.insertInto('activity_attendance').values(rows).execute()
      })
      return
    case 'edit':
      if (activities.length === 0) return
      await db
        .updateTable('activities')
        .set({ held_on: DAYS[a.day]!, hours: HOURS[a.hours]! })
        .where('id', '=', pick(activities, a.activity))
        .execute()
      return
    case 'void':
      if (activities.length === 0) return
      await db
        .updateTable('activities')
        .set({ voided_at: new Date(), void_reason: '重复登记' })
        .where('id', '=', pick(activities, a.activity))
        .where('voided_at', 'is', null)
        .execute()
      return
    case 'reattend': {
      // as the service edits a record: the roster is replaced
      if (activities.length === 0) return
      const id = pick(activities, a.activity)
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('activity_attendance').where('activity_id', '=', id).execute()
        const rows = attendanceRows(id, people, a.people)
        if (rows.length > 0) await tx.insertInto('activity_attendance').values(rows).execute()
      })
      return
    }
    case 'presence': {
      if (activities.length === 0) return
      const presence = PRESENCE[a.presence]!
      await db
        .updateTable('activity_attendance')
        .set({ presence, absence_reason: presence === 'absent' ? '因病请假' : null })
        .where('activity_id', '=', pick(activities, a.activity))
        .execute()
      return
    }
    case 'move':
      await db.updateTable('members').set({ org_id: orgIds[a.to]! }).where('person_id', '=', pick(people, a.person)).execute()
      return
    case 'moveAll':
      await db.updateTable('members').set({ org_id: orgIds[a.to]! }).where('person_id', 'in', people).execute()
      return
    case 'leave':
      await db
        .updateTable('members')
        .set({ status: 'left', left_on: '2026-06-30', left_reason: 'withdrawn' })
        .where('person_id', '=', pick(people, a.person))
        .where('status', '=', 'full')
        .execute()
      return
    case 'rejoin':
      await db
        .updateTable('members')
        .set({ status: 'full', left_on: null, left_reason: null })
        .where('person_id', '=', pick(people, a.person))
        .where('status', '=', 'left')
        .execute()
      return
  }
}

/** Rows where the kept hours differ from a recount (a person-year with no hours may be kept as 0). */
async function mismatches(db: Db, people: string[]) {
  const { rows } = await sql<{ person_id: string; year: number; kept: string | null; recounted: string | null }>`
    WITH recount AS (
      SELECT aa.person_id, extract(year FROM a.held_on)::smallint AS year, sum(a.hours) AS hours
      FROM activities a JOIN activity_attendance aa ON aa.activity_id = a.id AND aa.presence <> 'absent'
      WHERE a.voided_at IS NULL AND a.hours IS NOT NULL AND aa.person_id = ANY(${people}::uuid[])
      GROUP BY 1, 2
    ),
    kept AS (SELECT person_id, year, hours FROM study_hours WHERE person_id = ANY(${people}::uuid[]))
    SELECT coalesce(k.person_id, r.person_id) AS person_id, coalesce(k.year, r.year) AS year,
      k.hours::text AS kept, r.hours::text AS recounted
    FROM kept k FULL JOIN recount r ON r.person_id = k.person_id AND r.year = k.year
    WHERE coalesce(k.hours, 0) <> coalesce(r.hours, 0)`.execute(db)
  return rows
}

/** (org, year, whole hours) whose count of members differs from a recount over the orgs' current members. */
async function countMismatches(db: Db, orgIds: string[]) {
  const { rows } = await sql<{ org_id: string; year: number; bucket: number; kept: number; recounted: number }>`
    WITH kept AS (
      SELECT s.org_id, s.year, (c.i - 1)::int AS bucket, c.n FROM study_hours_by_org s
      CROSS JOIN LATERAL unnest(s.counts) WITH ORDINALITY AS c (n, i)
      WHERE s.org_id = ANY(${orgIds}::uuid[]) AND c.n <> 0
    ),
    recount AS (
      SELECT m.org_id, h.year, floor(h.hours)::int AS bucket, count(*)::int AS n
      FROM study_hours h JOIN members m ON m.person_id = h.person_id AND m.status IN ('full', 'probationary')
      WHERE m.org_id = ANY(${orgIds}::uuid[])
      GROUP BY 1, 2, 3
    )
    SELECT coalesce(k.org_id, r.org_id) AS org_id, coalesce(k.year, r.year) AS year,
      coalesce(k.bucket, r.bucket) AS bucket, coalesce(k.n, 0) AS kept, coalesce(r.n, 0) AS recounted
    FROM kept k FULL JOIN recount r ON r.org_id = k.org_id AND r.year = k.year AND r.bucket = k.bucket
    WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)`.execute(db)
  return rows
}

describe('study hours per person and year', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp()
  })

  it('equal a recount from the attendance after any sequence of records, edits, roster changes, voids and members moving or leaving, and so do the counts per org (property)', async () => {
    const tree = await makeOrgTree(t.db)
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 25 }), async (actions) => {
        const stamp = Date.now().toString(36)
        const org = await makeOrg(t.db, tree.own, `学习支部${stamp}`, 'grassroots', 'branch')
        const other = await makeOrg(t.db, tree.own, `另一支部${stamp}`, 'grassroots', 'branch')
        const people: string[] = []
        for (let i = 0; i < 3; i++)
          people.push((await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, { status: 'full' })).id)
        const activities: string[] = []
        for (const a of actions) await apply(t.db, a, [org.id, other.id], people, activities)
        expect(await mismatches(t.db, people)).toEqual([])
        expect(await countMismatches(t.db, [org.id, other.id])).toEqual([])
      }),
      { numRuns: 25 },
    )
  })

  it('a member moved while their hours change counts where they end up, whichever transaction goes first', async () => {
    const tree = await makeOrgTree(t.db)
    const from = await makeOrg(t.db, tree.own, '调出支部', 'grassroots', 'branch')
    const to = await makeOrg(t.db, tree.own, '调入支部', 'grassroots', 'branch')
    const person = (await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, from, { status: 'full' })).id
    const hoursTx = new pg.Client({ connectionString: t.url })
    const moveTx = new pg.Client({ connectionString: t.url })
    const watcher = new pg.Client({ connectionString: t.url })
    await Promise.all([hoursTx.connect(), moveTx.connect(), watcher.connect()])
    /** Resolves once `client`'s backend waits for a lock. */
    const blocked = async (client: pg.Client) => {
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
      return async () => {
        for (let i = 0; i < 200; i++) {
          const { rows } = await watcher.query<{ w: string | null }>(
            'SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1',
            [pid],
          )
          if (rows[0]?.w === 'Lock') return
          await new Promise((r) => setTimeout(r, 10))
        }
        throw new Error('the second transaction never waited')
      }
    }
    const attend = async (hours: string) => {
      const { rows } = await hoursTx.query<{ id: string }>(
        `INSERT INTO activities (org_id, kinds, held_on, hours, topic) VALUES ($1, '{training}', '2026-03-15', $2, '集中学习') RETURNING id`,
        [from.id, hours],
      )
      await hoursTx.query(`INSERT INTO activity_attendance (activity_id, person_id, presence) VALUES ($1, $2, 'present')`, [
        rows[0]!.id,
        person,
      ])
    }
    const moveTo = (org: string) => moveTx.query('UPDATE members SET org_id = $1 WHERE person_id = $2', [org, person])
    try {
      // the hours first: the move waits for them, then takes them along
      const moveWaits = await blocked(moveTx)
      await hoursTx.query('BEGIN')
      await attend('8')
      await moveTx.query('BEGIN')
      const moving = moveTo(to.id)
      await moveWaits()
      await hoursTx.query('COMMIT')
      await moving
      await moveTx.query('COMMIT')
      expect(await countMismatches(t.db, [from.id, to.id])).toEqual([])
      // the move first: the hours wait for it, then count at the member's new org
      const hoursWait = await blocked(hoursTx)
      await moveTx.query('BEGIN')
      await moveTo(from.id)
      await hoursTx.query('BEGIN')
      const attending = attend('3')
      await hoursWait()
      await moveTx.query('COMMIT')
      await attending
      await hoursTx.query('COMMIT')
      expect(await countMismatches(t.db, [from.id, to.id])).toEqual([])
    } finally {
      await Promise.all([hoursTx.end(), moveTx.end(), watcher.end()])
    }
  })

  it('counts an activity held on the last day of a year in that year and one on the first day in the next', async () => {
    const tree = await makeOrgTree(t.db)
    const org = await makeOrg(t.db, tree.own, '年界支部', 'grassroots', 'branch')
    const person = (await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, { status: 'full' })).id
    for (const [heldOn, h] of [
      ['2025-12-31', '3'],
      ['2026-01-01', '5'],
    ] as const) {
      const { id } = await t.db
        .insertInto('activities')
        .values({ org_id: org.id, kinds: ['training'], held_on: heldOn, hours: h, topic: '集中学习' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await t.db.insertInto('activity_attendance').values({ activity_id: id, person_id: person, presence: 'present' }).execute()
    }
    const rows = await t.db
      .selectFrom('study_hours')
      .select(['year', sql<number>`hours::float8`.as('hours')])
      .where('person_id', '=', person)
      .orderBy('year')
      .execute()
    expect(rows).toEqual([
      { year: 2025, hours: 3 },
      { year: 2026, hours: 5 },
    ])
  })
})
