import { beforeAll, describe, expect, it } from 'vitest'
import { parseIdNumber } from '@xianfeng/contract'
import { createTestDb, makeOrg, makeOrgTree } from '../../../test/helpers.ts'
import { createPiiCipher, piiKeysFromConfig } from '../../platform/crypto/pii.ts'
import { createPersonPii } from './person-pii.ts'
import { seedDemoMembers } from './people.demo.ts'
import { randomBytes } from 'node:crypto'

describe('deterministic demo members', () => {
  let env: Awaited<ReturnType<typeof createTestDb>>
  let other: Awaited<ReturnType<typeof createTestDb>>
  beforeAll(async () => {
    env = await createTestDb()
    other = await createTestDb()
  })

  it('the same seed gives the same people; IDs are valid and agree with birth date and gender; stages are in order and not in the future', async () => {
    const key = randomBytes(32)
    const tree = await makeOrgTree(env.db)
    const a = await makeOrg(env.db, tree.own, '甲支部', 'grassroots', 'branch')
    // the same run in another database, to compare
    const b = await makeOrg(other.db, await makeOrg(other.db, null, '另一库的省委', 'province'), '乙支部', 'grassroots', 'branch')
    const today = new Date('2026-11-27T00:00:00Z')
    const opts = { encryptionKey: key, division: '420102', seed: 42, perBranch: [5, 8] as [number, number], today }
    const n = await seedDemoMembers(env.db, { ...opts, branches: [{ id: a.id, establishedOn: null }] })
    const m = await seedDemoMembers(other.db, { ...opts, branches: [{ id: b.id, establishedOn: null }] })
    expect(n).toBeGreaterThanOrEqual(4)
    const names = async (db: typeof env.db, orgId: string) =>
      await db
        .selectFrom('people')
        .innerJoin('members', 'members.person_id', 'people.id')
        .where('org_id', '=', orgId)
        .select(['name', 'birth_date', 'gender'])
        .orderBy('name')
        .orderBy('birth_date')
        .execute()
    // same seed, same people
    expect(m).toBe(n)
    expect(await names(other.db, b.id)).toEqual(await names(env.db, a.id))

    const pii = createPersonPii(createPiiCipher(piiKeysFromConfig(key)))
    const rows = await env.db
      .selectFrom('people')
      .innerJoin('members', 'members.person_id', 'people.id')
      .where('org_id', '=', a.id)
      .selectAll()
      .execute()
    for (const r of rows) {
      const parsed = parseIdNumber(pii.openIdNumber(r.id, r.id_number_enc!))
      expect(parsed.ok).toBe(true)
      if (parsed.ok) {
        expect(parsed.birthDate).toBe(r.birth_date)
        expect(parsed.gender).toBe(r.gender === '1' ? 'male' : 'female')
      }
      const dates = [r.applied_on, r.activist_on, r.candidate_on, r.admitted_on, r.full_on].filter((d): d is string => d !== null)
      expect([...dates].sort()).toEqual(dates)
      for (const d of dates) expect(d <= '2026-11-27').toBe(true)
    }
  })

  it('no one’s relation with a branch starts before the branch was established', async () => {
    const tree = await makeOrgTree(env.db)
    const branch = await makeOrg(env.db, tree.own, '新建的联合支部', 'grassroots', 'joint_branch')
    const established = '2018-07-01'
    const n = await seedDemoMembers(env.db, {
      encryptionKey: randomBytes(32),
      branches: [{ id: branch.id, establishedOn: established }],
      division: '420102',
      seed: 7,
      perBranch: [30, 30],
      today: new Date('2026-11-27T00:00:00Z'),
    })
    const rows = await env.db
      .selectFrom('member_org_history as h')
      .innerJoin('members as m', 'm.person_id', 'h.person_id')
      .where('h.org_id', '=', branch.id)
      .select(['h.valid_from', 'm.applied_on'])
      .execute()
    expect(rows).toHaveLength(n)
    for (const r of rows) expect(r.valid_from).toBe(r.applied_on! > established ? r.applied_on : established)
    // most applied long before the branch existed: they came to it then
    expect(rows.filter((r) => r.applied_on! < established).length).toBeGreaterThan(0)
  })
})
