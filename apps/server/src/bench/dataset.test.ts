import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseIdNumber } from '@xianfeng/contract'
import { createTestDb } from '../../test/helpers.ts'
import { createPiiCipher, piiKeysFromConfig } from '../platform/crypto/pii.ts'
import { createPersonPii } from '../modules/people/person-pii.ts'
import { BRANCH_KINDS, generateDataset, type DatasetResult } from './dataset.ts'

// A tiny tree with fixed ids, the same in both databases: a county, one street with two
// communities. The generator fills the street with its typical organizations and everyone with members.
const TREE = [
  ['a0000000-0000-4000-8000-000000000001', null, '中共测试省委员会', 'committee', 'province', '42', null],
  ['a0000000-0000-4000-8000-000000000002', 1, '中共测试市委员会', 'committee', 'city', '4201', null],
  ['a0000000-0000-4000-8000-000000000003', 2, '中共测试市江岸区委员会', 'committee', 'county', '420102', null],
  ['a0000000-0000-4000-8000-000000000004', 3, '中共大智街道委员会', 'committee', 'township', '420102001', null],
  ['a0000000-0000-4000-8000-000000000005', 4, '中共大智社区支部委员会', 'branch', 'grassroots', '420102001001', 'community'],
  ['a0000000-0000-4000-8000-000000000006', 4, '中共三德里社区支部委员会', 'branch', 'grassroots', '420102001002', 'community'],
] as const
const COUNTY = TREE[2][0]
const TODAY = new Date('2026-11-27T00:00:00Z')

async function seedTree(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const paths: string[] = []
  for (const [id, parent, name, kind, level, code, host] of TREE) {
    const path = parent ? `${paths[parent - 1]!}.${id.replaceAll('-', '')}` : id.replaceAll('-', '')
    paths.push(path)
    await client.query(
      `INSERT INTO orgs (id, parent_id, path, name, kind, level, division_code, host_unit_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, parent ? TREE[parent - 1]![0] : null, path, name, kind, level, code, host],
    )
  }
  await client.end()
}

async function generate(url: string, key: Buffer): Promise<DatasetResult> {
  await seedTree(url)
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  try {
    return await generateDataset(pool, { rootId: COUNTY, scale: 'test', seed: 42, today: TODAY, encryptionKey: key })
  } finally {
    await pool.end()
  }
}

/** Everything the generator wrote, in a fixed order, with the ID numbers opened. */
async function snapshot(url: string, key: Buffer) {
  const pii = createPersonPii(createPiiCipher(piiKeysFromConfig(key)))
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const q = async (sql: string) => (await client.query(sql)).rows
    const people =
      await q(`SELECT p.id, p.name, p.name_pinyin, p.gender, p.birth_date::text, p.id_number_enc, p.phone_enc IS NOT NULL AS has_phone,
      m.org_id, m.status, m.applied_on::text, m.activist_on::text, m.candidate_on::text, m.admitted_on::text, m.full_on::text,
      m.left_on::text, m.left_reason FROM people p JOIN members m ON m.person_id = p.id ORDER BY p.id`)
    return {
      orgs: await q(
        `SELECT id, parent_id, path::text, name, kind, host_unit_type, established_on::text, covered_units FROM orgs ORDER BY id`,
      ),
      orgHistory: await q(`SELECT org_id, valid_from, path::text FROM org_history ORDER BY org_id, valid_from`),
      people: people.map(({ id_number_enc, ...r }) => ({
        ...r,
        idNumber: pii.openIdNumber(r.id as string, id_number_enc as Buffer),
      })),
      statusHistory: await q(
        `SELECT person_id, from_status, to_status, effective_on::text, reason FROM member_status_history ORDER BY person_id, id`,
      ),
      memberOrgHistory: await q(
        `SELECT person_id, org_id, valid_from::text, valid_to::text FROM member_org_history ORDER BY person_id`,
      ),
    }
  } finally {
    await client.end()
  }
}

describe('demo dataset generator', () => {
  const key = randomBytes(32)
  let a: Awaited<ReturnType<typeof snapshot>>
  let result: DatasetResult
  const urls: string[] = []
  beforeAll(async () => {
    const [one, two] = await Promise.all([createTestDb(), createTestDb()])
    urls.push(one.url, two.url)
    ;[result] = await Promise.all([generate(one.url, key), generate(two.url, key)])
    a = await snapshot(one.url, key)
  })
  afterAll(() => undefined)

  it('the same seed writes the same orgs, people, ID numbers, dates and histories', async () => {
    expect(result.orgsGenerated).toBeGreaterThan(30)
    expect(result.people).toBeGreaterThan(500)
    expect(a.people).toHaveLength(result.people)
    expect(await snapshot(urls[1]!, key)).toEqual(a)
  })

  it('writes valid records: ID numbers, stage dates in order, members in existing branches, histories from their dates', () => {
    const orgs = new Map(a.orgs.map((o) => [o.id as string, o]))
    const idNumbers = new Set<string>()
    for (const p of a.people) {
      const parsed = parseIdNumber(p.idNumber, { today: '2026-11-27' })
      expect(parsed.ok, p.idNumber).toBe(true)
      if (parsed.ok) {
        expect(parsed.birthDate).toBe(p.birth_date)
        expect(parsed.gender).toBe(p.gender === '1' ? 'male' : 'female')
        expect(parsed.divisionCode).toBe('420102')
      }
      idNumbers.add(p.idNumber)
      const dates = [p.applied_on, p.activist_on, p.candidate_on, p.admitted_on, p.full_on, p.left_on].filter((d) => d !== null)
      expect([...dates].sort()).toEqual(dates)
      for (const d of dates) expect(d <= '2026-11-27').toBe(true)
      const org = orgs.get(p.org_id)
      expect(org, 'member org exists').toBeDefined()
      expect(BRANCH_KINDS).toContain(org!.kind)
    }
    expect(idNumbers.size).toBe(a.people.length)
    const statuses = new Set(a.people.map((p) => p.status))
    for (const s of ['full', 'probationary', 'activist', 'applicant', 'left']) expect(statuses).toContain(s)

    // every org has one version, from the day it was established; children after their parents
    expect(a.orgHistory).toHaveLength(a.orgs.length)
    for (const h of a.orgHistory) {
      const o = orgs.get(h.org_id)!
      expect(new Date(h.valid_from).toISOString()).toBe(new Date(`${o.established_on}T00:00:00+08:00`).toISOString())
      if (o.parent_id) expect(o.established_on >= orgs.get(o.parent_id)!.established_on).toBe(true)
    }
    // one 登记 row per person, and a second for those who left; one org period, closed on leaving
    expect(a.statusHistory.length).toBe(a.people.length + a.people.filter((p) => p.status === 'left').length)
    const periods = new Map(a.memberOrgHistory.map((h) => [h.person_id, h]))
    for (const p of a.people) {
      const h = periods.get(p.id)!
      expect(h.org_id).toBe(p.org_id)
      expect(h.valid_to).toBe(p.left_on)
    }
    expect(a.orgs.some((o) => o.kind === 'party_cell')).toBe(true)
  })

  it('leaves the statistics roll-ups equal to a full recount (they are rebuilt after the load)', async () => {
    const client = new pg.Client({ connectionString: urls[0]! })
    await client.connect()
    try {
      const { rows } = await client.query(`
        SELECT count(*)::int AS n FROM stat_current c
        FULL JOIN stat_recount() r USING (org_id, subject, status, dim, value)
        WHERE c.n IS DISTINCT FROM r.n`)
      expect(rows[0].n).toBe(0)
      const members = await client.query(
        `SELECT sum(n)::int AS n FROM stat_current WHERE org_id = $1 AND subject = 'member' AND dim = 'gender'`,
        [COUNTY],
      )
      expect(members.rows[0].n).toBe(a.people.length)
    } finally {
      await client.end()
    }
  })
})
