import fc from 'fast-check'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, makeOrg, makeOrgTree, type OrgNode, type TestApp } from '../../../test/helpers.ts'
import type { Db, Executor } from '../../platform/db.ts'
import { orgsRepo } from '../orgs/orgs.repo.ts'
import { makeMember } from '../people/people.factories.ts'
import { createStatisticsService, type StatisticsService } from './statistics.service.ts'

// The roll-ups must equal a full recount of the registers after any sequence of changes: members
// registered, advanced, transferred (one or many per statement), leaving; people's attributes
// edited; orgs added, re-classified, dissolved and moved with their subtrees; deltas folded at any
// point in between.

const STAGES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const
const STAGE_DATES = ['applied_on', 'activist_on', 'candidate_on', 'admitted_on', 'full_on'] as const
const KINDS = ['committee', 'general_branch', 'branch'] as const
const HOST_UNITS = [null, 'government_organ', 'village', 'private_enterprise'] as const
const EDUCATIONS = [null, '11', '21', '31', '61'] as const

type Action =
  | { do: 'addMember'; org: number; stage: number; gender: '1' | '2'; birthYear: number; education: number }
  | { do: 'advance'; member: number }
  | { do: 'leave'; member: number }
  | { do: 'transfer'; member: number; org: number }
  | { do: 'transferAll'; from: number; to: number }
  | { do: 'editPerson'; member: number; education: number; birthYear: number; gender: '1' | '2' }
  | { do: 'addOrg'; parent: number; kind: number }
  | { do: 'reclassify'; org: number; kind: number; hostUnit: number }
  | { do: 'dissolve'; org: number }
  | { do: 'move'; org: number; parent: number }
  | { do: 'fold' }

const index = fc.nat({ max: 1000 })
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      do: fc.constant('addMember' as const),
      org: index,
      stage: fc.nat({ max: STAGES.length - 1 }),
      gender: fc.constantFrom('1' as const, '2' as const),
      birthYear: fc.integer({ min: 1940, max: 2000 }),
      education: fc.nat({ max: EDUCATIONS.length - 1 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('advance' as const), member: index }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('leave' as const), member: index }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('transfer' as const), member: index, org: index }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('transferAll' as const), from: index, to: index }) },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('editPerson' as const),
      member: index,
      education: fc.nat({ max: EDUCATIONS.length - 1 }),
      birthYear: fc.integer({ min: 1940, max: 2000 }),
      gender: fc.constantFrom('1' as const, '2' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ do: fc.constant('addOrg' as const), parent: index, kind: fc.nat({ max: KINDS.length - 1 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('reclassify' as const),
      org: index,
      kind: fc.nat({ max: KINDS.length - 1 }),
      hostUnit: fc.nat({ max: HOST_UNITS.length - 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('dissolve' as const), org: index }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('move' as const), org: index, parent: index }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('fold' as const) }) },
)

const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!

async function orgPath(db: Db, id: string) {
  return (await db.selectFrom('orgs').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path
}

async function apply(t: TestApp, a: Action, orgs: OrgNode[], members: string[]) {
  const db = t.db
  switch (a.do) {
    case 'addMember': {
      const stage = STAGES[a.stage]!
      const m = await makeMember({ db, encryptionKey: t.config.encryptionKey }, pick(orgs, a.org), {
        status: stage,
        gender: a.gender,
        birthDate: `${a.birthYear}-06-15`,
        ...(EDUCATIONS[a.education] && { education: EDUCATIONS[a.education]! }),
      })
      if (!EDUCATIONS[a.education]) await db.updateTable('people').set({ education: null }).where('id', '=', m.id).execute()
      members.push(m.id)
      return
    }
    case 'advance':
    case 'leave': {
      if (members.length === 0) return
      const id = pick(members, a.member)
      const m = await db.selectFrom('members').selectAll().where('person_id', '=', id).executeTakeFirstOrThrow()
      if (m.status === 'left') return
      if (a.do === 'leave') {
        await db
          .updateTable('members')
          .set({ status: 'left', left_on: '2024-06-01', left_reason: 'deceased' })
          .where('person_id', '=', id)
          .execute()
        return
      }
      const next = STAGES.indexOf(m.status as (typeof STAGES)[number]) + 1
      if (next >= STAGES.length) return
      await db
        .updateTable('members')
        .set({ status: STAGES[next]!, [STAGE_DATES[next]!]: `${2010 + next}-03-01` })
        .where('person_id', '=', id)
        .execute()
      return
    }
    case 'transfer':
      if (members.length === 0) return
      await db
        .updateTable('members')
        .set({ org_id: pick(orgs, a.org).id })
        .where('person_id', '=', pick(members, a.member))
        .execute()
      return
    case 'transferAll':
      await db
        .updateTable('members')
        .set({ org_id: pick(orgs, a.to).id })
        .where('org_id', '=', pick(orgs, a.from).id)
        .execute()
      return
    case 'editPerson':
      if (members.length === 0) return
      await db
        .updateTable('people')
        .set({ education: EDUCATIONS[a.education]!, birth_date: `${a.birthYear}-01-20`, gender: a.gender })
        .where('id', '=', pick(members, a.member))
        .execute()
      return
    case 'addOrg': {
      const parent = pick(orgs, a.parent)
      const kind = KINDS[a.kind]!
      orgs.push(await makeOrg(db, { ...parent, path: await orgPath(db, parent.id) }, `下级${orgs.length}`, 'grassroots', kind))
      return
    }
    case 'reclassify':
      await db
        .updateTable('orgs')
        .set({ kind: KINDS[a.kind]!, host_unit_type: HOST_UNITS[a.hostUnit]! })
        .where('id', '=', pick(orgs, a.org).id)
        .where('parent_id', 'is not', null)
        .execute()
      return
    case 'dissolve':
      await db
        .updateTable('orgs')
        .set({ status: 'dissolved', dissolved_on: '2025-01-01' })
        .where('id', '=', pick(orgs, a.org).id)
        .where('parent_id', 'is not', null)
        .execute()
      return
    case 'move': {
      const org = pick(orgs, a.org)
      const parent = pick(orgs, a.parent)
      const [oldPath, parentPath] = await Promise.all([orgPath(db, org.id), orgPath(db, parent.id)])
      // not the root, not into its own subtree, not where it already is
      const current = await db.selectFrom('orgs').select('parent_id').where('id', '=', org.id).executeTakeFirstOrThrow()
      if (!current.parent_id || parentPath === oldPath || parentPath.startsWith(`${oldPath}.`) || current.parent_id === parent.id)
        return
      await db.transaction().execute((tx) => orgsRepo.moveSubtree(tx, org.id, oldPath, parent.id, parentPath))
      return
    }
    case 'fold':
      await sql`SELECT stat_fold()`.execute(db)
      return
  }
}

describe('statistics roll-ups', () => {
  let t: TestApp
  let stats: StatisticsService

  beforeAll(async () => {
    t = await createTestApp()
    stats = createStatisticsService({ db: t.db, orgs: { get: async () => Promise.reject(), tree: async () => [] } })
  })

  it('equal a full recount after any sequence of changes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), async (actions) => {
        const tree = await makeOrgTree(t.db)
        const orgs = [tree.province, tree.cityA, tree.own, tree.descendant, tree.sibling, tree.cityB, tree.otherCity]
        const members: string[] = []
        for (const a of actions) await apply(t, a, orgs, members)
        expect(await stats.mismatches()).toEqual([])
        await stats.fold()
        expect(await stats.mismatches()).toEqual([])
      }),
      { numRuns: 40 },
    )
  })

  it('a province figure reads only the province org’s rows', async () => {
    const tree = await makeOrgTree(t.db)
    for (const org of [tree.own, tree.descendant, tree.sibling, tree.otherCity])
      await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, { gender: '2', status: 'full' })
    const { rows } = await sql<{ n: string }>`
      SELECT sum(n) AS n FROM stat_current
      WHERE org_id = ${tree.province.id} AND subject = 'member' AND dim = 'gender' AND status = 'full'`.execute(t.db)
    expect(Number(rows[0]!.n)).toBe(4)
  })

  // Registering a member waits for a move anyway (its foreign key locks the org row); a status
  // change or an edit of the person does not touch the org row, so the roll-up trigger locks it.
  it('stays exact when a member changes while its org’s subtree is being moved (both orders)', async () => {
    const changes = {
      status: (db: Executor, id: string) =>
        sql`UPDATE members SET status = 'full', full_on = '2026-07-01' WHERE person_id = ${id}`.execute(db),
      education: (db: Executor, id: string) => sql`UPDATE people SET education = '11' WHERE id = ${id}`.execute(db),
    }
    for (const [what, change] of Object.entries(changes)) {
      for (const memberFirst of [true, false]) {
        const tree = await makeOrgTree(t.db)
        const m = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.descendant, {
          status: 'probationary',
          education: '21',
        })
        const move = (db: Executor) => orgsRepo.moveSubtree(db, tree.own.id, tree.own.path, tree.cityB.id, tree.cityB.path)

        // The first change holds its transaction open while the second one starts.
        let releaseFirst!: () => void
        const held = new Promise<void>((r) => (releaseFirst = r))
        let firstStarted!: () => void
        const started = new Promise<void>((r) => (firstStarted = r))
        const first = t.db.transaction().execute(async (tx) => {
          await (memberFirst ? change(tx, m.id) : move(tx))
          firstStarted()
          await held
        })
        await started
        const second = t.db.transaction().execute(async (tx) => {
          await (memberFirst ? move(tx) : change(tx, m.id))
        })
        // give the second a moment to reach the lock, then let the first commit
        await new Promise((r) => setTimeout(r, 200))
        releaseFirst()
        await Promise.all([first, second])

        expect(await stats.mismatches(), `${what}, ${memberFirst ? 'member first' : 'move first'}`).toEqual([])
        const { rows } = await sql<{ org_id: string; n: string }>`
          SELECT org_id, sum(n) AS n FROM stat_current
          WHERE org_id IN (${tree.cityA.id}, ${tree.cityB.id}) AND subject = 'member' AND dim = 'gender'
          GROUP BY org_id`.execute(t.db)
        expect(Object.fromEntries(rows.map((r) => [r.org_id, Number(r.n)]))).toEqual({ [tree.cityB.id]: 1 })
      }
    }
  })
})
