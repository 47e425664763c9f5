import { randomBytes, randomInt } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OrgDetail, OrgSummary } from '@xianfeng/contract'
import { buildApp } from '../../app.ts'
import { loadConfig } from '../../platform/config.ts'
import { createLogger } from '../../platform/logger.ts'
import { seedDemo } from '../../seed.ts'
import {
  auditRows,
  createTestApp,
  createTestDb,
  login,
  makeOrgTree,
  makeUser,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'

const unique = () => randomBytes(3).toString('hex')
/** A 12-digit division code no other test uses. */
const divisionCode = () => `42${String(randomInt(1e9)).padStart(10, '0')}`
const labelOf = (id: string) => id.replaceAll('-', '')

describe('the org tree API', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp()
  })

  /** A fresh tree and an org administrator at its `own` org, logged in. */
  async function adminAtOwn(role: 'org_admin' | 'discipline' = 'org_admin') {
    const tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role, org: tree.own })
    return { tree, user, session: await login(t.app, user.loginName, user.password) }
  }

  const tree = async (session: Session, parentId?: string) =>
    call(t.app, session, 'GET', `/api/orgs/tree${parentId ? `?parentId=${parentId}` : ''}`)

  it('without parentId, the tree starts at the roots of the caller’s scope; each node says how many children it has', async () => {
    const { tree: orgs, session } = await adminAtOwn()
    const roots = await tree(session)
    expect(roots.statusCode).toBe(200)
    expect((roots.json() as { items: OrgSummary[] }).items).toEqual([
      expect.objectContaining({
        id: orgs.own.id,
        name: orgs.own.name,
        level: 'county',
        kind: 'committee',
        status: 'active',
        childCount: 1,
      }),
    ])

    const children = await tree(session, orgs.own.id)
    expect(children.statusCode).toBe(200)
    expect((children.json() as { items: OrgSummary[] }).items).toEqual([
      expect.objectContaining({ id: orgs.descendant.id, parentId: orgs.own.id, kind: 'branch', childCount: 0 }),
    ])
    const leaf = await tree(session, orgs.descendant.id)
    expect((leaf.json() as { items: OrgSummary[] }).items).toEqual([])
  })

  it('a root-level user sees the whole tree from the top', async () => {
    const orgs = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: orgs.province })
    const session = await login(t.app, user.loginName, user.password)
    const roots = (await tree(session)).json() as { items: OrgSummary[] }
    expect(roots.items).toEqual([
      expect.objectContaining({ id: orgs.province.id, parentId: null, level: 'province', childCount: 2 }),
    ])
    const cities = (await tree(session, orgs.province.id)).json() as { items: OrgSummary[] }
    expect(cities.items.map((o) => [o.name, o.childCount]).sort()).toEqual(
      [
        [orgs.cityA.name, 2],
        [orgs.cityB.name, 1],
      ].sort(),
    )
  })

  it('asking for the children of an org outside the scope answers 404, not 403', async () => {
    const { tree: orgs, session } = await adminAtOwn()
    for (const outside of [orgs.sibling, orgs.cityA, orgs.otherCity]) {
      const res = await tree(session, outside.id)
      expect(res.statusCode, outside.name).toBe(404)
    }
  })

  it('GET of an org in scope returns it with its ancestors within the scope; outside the scope, 404 exactly as for a missing org', async () => {
    const { tree: orgs, session } = await adminAtOwn()
    const res = await call(t.app, session, 'GET', `/api/orgs/${orgs.descendant.id}`)
    expect(res.statusCode).toBe(200)
    const org = (res.json() as { org: OrgDetail }).org
    expect(org).toMatchObject({ id: orgs.descendant.id, name: orgs.descendant.name, parentId: orgs.own.id, shortName: null })
    // The ancestors above the scope (甲市委, the province) are not shown.
    expect(org.ancestors).toEqual([{ id: orgs.own.id, name: orgs.own.name }])

    const missing = await call(t.app, session, 'GET', '/api/orgs/00000000-0000-4000-8000-000000000000')
    expect(missing.statusCode).toBe(404)
    for (const outside of [orgs.sibling, orgs.cityA, orgs.province, orgs.otherCity]) {
      const res = await call(t.app, session, 'GET', `/api/orgs/${outside.id}`)
      expect(res.statusCode, outside.name).toBe(404)
      expect(res.json()).toEqual(missing.json())
    }
  })

  it('GET with a malformed id is a 400 naming the field', async () => {
    const { session } = await adminAtOwn()
    const res = await call(t.app, session, 'GET', '/api/orgs/not-a-uuid')
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('组织')
  })

  it('search finds by substring within the scope only, with the names along the path', async () => {
    const { tree: orgs, session } = await adminAtOwn()
    const tag = orgs.own.name.split('-')[1]!
    const res = await call(t.app, session, 'GET', `/api/orgs?q=${encodeURIComponent(tag)}`)
    expect(res.statusCode).toBe(200)
    const items = (res.json() as { items: (OrgSummary & { pathNames: string[] })[] }).items
    expect(items.map((o) => [o.id, o.pathNames])).toEqual([
      [orgs.own.id, [orgs.own.name]],
      [orgs.descendant.id, [orgs.own.name, orgs.descendant.name]],
    ])

    // A substring in the middle of a name.
    const middle = await call(t.app, session, 'GET', `/api/orgs?q=${encodeURIComponent('第一党支')}`)
    expect((middle.json() as { items: OrgSummary[] }).items.map((o) => o.id)).toEqual([orgs.descendant.id])
    // The sibling's name is not found, though it exists.
    const sibling = await call(t.app, session, 'GET', `/api/orgs?q=${encodeURIComponent(orgs.sibling.name)}`)
    expect((sibling.json() as { items: OrgSummary[] }).items).toEqual([])
    // Wildcards are taken literally.
    for (const q of ['%', '_']) {
      const wild = await call(t.app, session, 'GET', `/api/orgs?q=${encodeURIComponent(q)}`)
      expect((wild.json() as { items: OrgSummary[] }).items, q).toEqual([])
    }
    const empty = await call(t.app, session, 'GET', '/api/orgs?q=')
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.message).toContain('关键字')
  })

  it('creates an org under an in-scope parent: 201, path = parent path + new label, audited in the same transaction', async () => {
    const { tree: orgs, user, session } = await adminAtOwn()
    const name = `新建第二党支部-${unique()}`
    const res = await call(t.app, session, 'POST', '/api/orgs', {
      parentId: orgs.own.id,
      name,
      shortName: '二支部',
      kind: 'branch',
      level: 'grassroots',
    })
    expect(res.statusCode).toBe(201)
    const org = (res.json() as { org: OrgDetail }).org
    expect(org).toMatchObject({
      name,
      shortName: '二支部',
      kind: 'branch',
      level: 'grassroots',
      parentId: orgs.own.id,
      status: 'active',
      childCount: 0,
    })
    expect(org.ancestors).toEqual([{ id: orgs.own.id, name: orgs.own.name }])

    const row = await t.db
      .selectFrom('orgs')
      .where('id', '=', org.id)
      .select(['path', sql<string>`xmin::text`.as('xmin')])
      .executeTakeFirstOrThrow()
    expect(row.path).toBe(`${orgs.own.path}.${labelOf(org.id)}`)

    const audit = await t.db
      .selectFrom('audit_log')
      .where('action', '=', 'orgs.org_created')
      .where('entity_id', '=', org.id)
      .select(['actor_login', 'org_id', 'org_path', 'entity_type', 'after', sql<string>`xmin::text`.as('xmin')])
      .execute()
    expect(audit).toEqual([
      {
        actor_login: user.loginName,
        org_id: org.id,
        org_path: row.path,
        entity_type: 'org',
        after: expect.objectContaining({ name, parentId: orgs.own.id, kind: 'branch', level: 'grassroots' }),
        // Written by the very transaction that inserted the org.
        xmin: row.xmin,
      },
    ])

    // The new org appears under its parent.
    const children = (await tree(session, orgs.own.id)).json() as { items: OrgSummary[] }
    expect(children.items.map((o) => o.id)).toContain(org.id)
  })

  it('refuses to create under a parent outside the scope (404), without permission (403), or with bad input (400 naming the field)', async () => {
    const { tree: orgs, session } = await adminAtOwn()
    const body = { name: `越权支部-${unique()}`, kind: 'branch', level: 'grassroots' }
    const outside = await call(t.app, session, 'POST', '/api/orgs', { ...body, parentId: orgs.sibling.id })
    expect(outside.statusCode).toBe(404)

    const reader = await adminAtOwn('discipline')
    const denied = await call(t.app, reader.session, 'POST', '/api/orgs', { ...body, parentId: reader.tree.own.id })
    expect(denied.statusCode).toBe(403)
    expect(denied.json().error.message).toContain('新建和修改组织')

    const cases: [object, string][] = [
      [{ ...body, parentId: orgs.own.id, name: ' ' }, '组织名称'],
      [{ ...body, parentId: orgs.own.id, kind: 'club' }, '组织类别'],
      [{ ...body, parentId: orgs.own.id, level: 'planet' }, '组织层级'],
      // GB/T 2260 codes have 2, 4, 6, 9 or 12 digits.
      ...['42010', '4201021', '42010210', '4201021010'].map((divisionCode): [object, string] => [
        { ...body, parentId: orgs.own.id, divisionCode },
        '行政区划代码',
      ]),
      [{ ...body, parentId: 'x' }, '上级组织'],
    ]
    for (const [payload, label] of cases) {
      const res = await call(t.app, session, 'POST', '/api/orgs', payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json().error.message, label).toContain(label)
    }
    expect(await t.db.selectFrom('orgs').where('name', '=', body.name).select('id').execute()).toEqual([])
    expect(
      (await auditRows(t.db, 'orgs.org_created')).filter((r) => (r.after as { name?: string } | null)?.name === body.name),
    ).toEqual([])
  })

  it('a division code already used by an org of the same kind is a 409 in Chinese; another kind may share it', async () => {
    const { tree: orgs, session } = await adminAtOwn()
    const code = divisionCode()
    const make = (kind: string) =>
      call(t.app, session, 'POST', '/api/orgs', {
        parentId: orgs.own.id,
        name: `区划测试-${unique()}`,
        kind,
        level: 'township',
        divisionCode: code,
      })
    expect((await make('committee')).statusCode).toBe(201)
    const dup = await make('committee')
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error).toMatchObject({ code: 'conflict', message: `行政区划代码 ${code} 已有同类别的组织使用` })
    expect((await make('working_committee')).statusCode).toBe(201)
  })

  it('concurrent creations with the same division code give one 201 and 409s, never a 500 (the unique index is the last word)', async () => {
    const { tree: orgs, session } = await adminAtOwn()
    const code = divisionCode()
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(t.app, session, 'POST', '/api/orgs', {
          parentId: orgs.own.id,
          name: `并发区划-${unique()}`,
          kind: 'committee',
          level: 'township',
          divisionCode: code,
        }),
      ),
    )
    const errors = t.logs
      .filter((l) => l.includes('unhandled error'))
      .map((l) => (JSON.parse(l) as { err?: { message?: string } }).err?.message)
    expect(results.map((r) => r.statusCode).sort(), [...new Set(errors)].join('\n')).toEqual([201, ...Array<number>(9).fill(409)])
    expect(await t.db.selectFrom('orgs').where('division_code', '=', code).select('id').execute()).toHaveLength(1)
  })

  it('an update is audited with the values before and after', async () => {
    const { tree: orgs, user, session } = await adminAtOwn()
    const name = `甲市一区委（更名）-${unique()}`
    const code = divisionCode()
    const res = await call(t.app, session, 'PATCH', `/api/orgs/${orgs.own.id}`, { name, shortName: '一区委', divisionCode: code })
    expect(res.statusCode).toBe(200)
    expect((res.json() as { org: OrgDetail }).org).toMatchObject({
      id: orgs.own.id,
      name,
      shortName: '一区委',
      divisionCode: code,
    })

    const rows = (await auditRows(t.db, 'orgs.org_updated')).filter((r) => r.entity_id === orgs.own.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor_login: user.loginName,
      org_id: orgs.own.id,
      before: {
        name: orgs.own.name,
        shortName: null,
        divisionCode: null,
        kind: 'committee',
        level: 'county',
        parentId: orgs.cityA.id,
      },
      after: { name, shortName: '一区委', divisionCode: code, kind: 'committee', level: 'county', parentId: orgs.cityA.id },
    })

    const outside = await call(t.app, session, 'PATCH', `/api/orgs/${orgs.sibling.id}`, { name: '越权改名' })
    expect(outside.statusCode).toBe(404)
    expect(await t.db.selectFrom('orgs').where('id', '=', orgs.sibling.id).select('name').executeTakeFirstOrThrow()).toEqual({
      name: orgs.sibling.name,
    })

    const bad = await call(t.app, session, 'PATCH', `/api/orgs/${orgs.own.id}`, { name: 'x' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain('组织名称')
  })
})

describe('the Hubei demo seed', () => {
  let db: Awaited<ReturnType<typeof createTestDb>>['db']
  let dataDir: string
  let accounts: Awaited<ReturnType<typeof seedDemo>>

  beforeAll(async () => {
    ;({ db } = await createTestDb())
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-seed-'))
    accounts = await seedDemo(db, { dataDir, withDemoUsers: false })
  })
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  const orgByCode = (code: string) =>
    db
      .selectFrom('orgs as o')
      .leftJoin('orgs as p', 'p.id', 'o.parent_id')
      .where('o.division_code', '=', code)
      .select(['o.name', 'o.level', 'o.kind', 'p.division_code as parent_code'])
      .executeTakeFirst()

  it('creates the provincial committee, 17 city-level, the 103 county-level and every township committee and village branch', async () => {
    const committees = await db
      .selectFrom('orgs')
      .where('kind', '=', 'committee')
      .where('division_code', 'is not', null)
      .groupBy('level')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .execute()
    // 仙桃、潜江、天门、神农架 are county-level divisions whose committees sit at city level under the province.
    // 1,475 township-level units less the 11 under the two functional zones (421071, 421171).
    expect(Object.fromEntries(committees.map((r) => [r.level, Number(r.n)]))).toEqual({
      province: 1,
      city: 17,
      county: 99,
      township: 1464,
    })
    const countyDivisions = await db
      .selectFrom('orgs')
      .where(sql<boolean>`length(division_code) = 6`)
      .select('division_code')
      .execute()
    expect(countyDivisions).toHaveLength(103)
    const villages = await sql<{ n: number; expected: number }>`
      SELECT (SELECT count(*) FROM orgs WHERE length(division_code) = 12 AND kind = 'branch')::int AS n,
             (SELECT count(*) FROM orgs t WHERE length(t.division_code) = 9)::int AS townships`.execute(db)
    // every village or community under a seeded township has its branch, with host unit 建制村 or 社区
    expect(villages.rows[0]!.n).toBeGreaterThan(26_900)
    expect(
      await db
        .selectFrom('orgs')
        .where(sql<boolean>`length(division_code) = 12`)
        .where('host_unit_type', 'not in', ['village', 'community'])
        .select('id')
        .execute(),
    ).toEqual([])
    expect(await orgByCode('420102002003')).toMatchObject({
      name: '中共保成社区支部委员会',
      kind: 'branch',
      level: 'grassroots',
      parent_code: '420102002',
    })
    expect(await orgByCode('42')).toMatchObject({ name: '中共湖北省委员会', level: 'province', parent_code: null })
    const cities = await db
      .selectFrom('orgs as o')
      .innerJoin('orgs as p', 'p.id', 'o.parent_id')
      .where('o.level', '=', 'city')
      .select(['o.division_code', 'p.division_code as parent_code'])
      .execute()
    expect(cities.every((c) => c.parent_code === '42')).toBe(true)
    expect(cities.map((c) => c.division_code).sort()).toEqual([
      '4201',
      '4202',
      '4203',
      '4205',
      '4206',
      '4207',
      '4208',
      '4209',
      '4210',
      '4211',
      '4212',
      '4213',
      '4228',
      '429004',
      '429005',
      '429006',
      '429021',
    ])
  })

  it('names each committee as the Party names it, under the right parent', async () => {
    expect(await orgByCode('4201')).toMatchObject({ name: '中共武汉市委员会', level: 'city', parent_code: '42' })
    expect(await orgByCode('420102')).toMatchObject({ name: '中共武汉市江岸区委员会', level: 'county', parent_code: '4201' })
    expect(await orgByCode('429021')).toMatchObject({ name: '中共神农架林区委员会', level: 'city', parent_code: '42' })
    expect(await orgByCode('429004')).toMatchObject({ name: '中共仙桃市委员会', level: 'city', parent_code: '42' })
    expect(await orgByCode('4228')).toMatchObject({ name: '中共恩施土家族苗族自治州委员会' })
    // A county-level city keeps its own name.
    expect(await orgByCode('420281')).toMatchObject({ name: '中共大冶市委员会', level: 'county', parent_code: '4202' })
  })

  it('adds the typical organizations outside the territorial line under every county-level committee', async () => {
    const typical = await sql<{ kind: string; host_unit_type: string | null; establishment_mode: string | null; n: number }>`
      SELECT o.kind, o.host_unit_type, o.establishment_mode, count(*)::int AS n
      FROM orgs o JOIN orgs p ON p.id = o.parent_id
      WHERE length(p.division_code) = 6 AND o.division_code IS NULL
      GROUP BY 1, 2, 3 ORDER BY 1, 2`.execute(db)
    expect(typical.rows).toEqual([
      { kind: 'branch', host_unit_type: 'association', establishment_mode: 'single', n: 103 },
      { kind: 'committee', host_unit_type: 'state_enterprise', establishment_mode: 'single', n: 103 },
      { kind: 'general_branch', host_unit_type: 'public_institution', establishment_mode: 'single', n: 103 },
      { kind: 'joint_branch', host_unit_type: 'private_enterprise', establishment_mode: 'joint', n: 103 },
      { kind: 'working_committee', host_unit_type: 'government_organ', establishment_mode: null, n: 103 },
    ])
    const jiangan = await db
      .selectFrom('orgs')
      .where('name', '=', '中共武汉市江岸区小微企业联合支部委员会')
      .select(['covered_units', 'name_initials'])
      .executeTakeFirstOrThrow()
    expect(jiangan.covered_units).toHaveLength(3)
    expect(jiangan.name_initials).toBe('zgwhsjaqxwqylhzbwyh')
  })

  it('creates no committee for functional zones or for the 省直辖 grouping', async () => {
    for (const code of ['421071', '421171', '4290']) expect(await orgByCode(code), code).toBeUndefined()
  })

  it('builds every path from the parent’s path', async () => {
    const broken = await sql<{ id: string }>`
      SELECT o.id FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
      WHERE (p.id IS NULL AND o.path <> replace(o.id::text, '-', '')::ltree)
         OR (p.id IS NOT NULL AND o.path <> p.path || replace(o.id::text, '-', ''))`.execute(db)
    expect(broken.rows).toEqual([])
    const audit = await db
      .selectFrom('audit_log')
      .where('action', '=', 'system.seeded')
      .select(['actor_login', 'after'])
      .execute()
    const total = Number(
      (
        await db
          .selectFrom('orgs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    expect(audit).toEqual([{ actor_login: 'system', after: { orgs: total, users: ['admin'] } }])
  })

  it('writes initial-admin.txt readable by the owner only, and its password logs the administrator in', async () => {
    expect(accounts.map((a) => a.loginName)).toEqual(['admin'])
    const file = path.join(dataDir, 'initial-admin.txt')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const line = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('admin\t'))
    const password = line?.split('\t')[1]
    expect(password).toBe(accounts[0]!.password)

    const config = loadConfig({ DATA_DIR: dataDir })
    const app = await buildApp({ config, db, log: createLogger('silent') })
    try {
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { loginName: 'admin', password: `${password}x` },
      })
      expect(wrong.statusCode).toBe(401)
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { loginName: 'admin', password } })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().me).toMatchObject({
        loginName: 'admin',
        currentGrant: { roleCode: 'sys_admin', orgName: '中共湖北省委员会' },
      })
    } finally {
      await app.close()
    }
  })

  it('dates the demo tree from the established days: the tree as of a past year end is there, each org from its own day', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }), db, log: createLogger('silent') })
    try {
      const session = await login(app, 'admin', accounts[0]!.password)
      const tree = async (asOf: string, parentId?: string) => {
        const res = await app.inject({
          method: 'GET',
          url: `/api/orgs/tree?asOf=${asOf}${parentId ? `&parentId=${parentId}` : ''}`,
          headers: session.headers,
        })
        expect(res.statusCode, res.body).toBe(200)
        return (res.json() as { items: OrgSummary[] }).items
      }
      const [province] = await tree('2025-12-31')
      expect(province).toMatchObject({ name: '中共湖北省委员会', status: 'active', childCount: 17 })
      expect(await tree('2025-12-31', province!.id)).toHaveLength(17)
      // 保成社区 is a community: its branch dates from 2001, its street's committee from 1984.
      const street = await db.selectFrom('orgs').where('division_code', '=', '420102002').select('id').executeTakeFirstOrThrow()
      const names = async (asOf: string) => (await tree(asOf, street.id)).map((o) => o.name)
      expect(await names('2000-12-31')).not.toContain('中共保成社区支部委员会')
      expect(await names('2001-07-01')).toContain('中共保成社区支部委员会')
      expect(await tree('1949-09-30')).toEqual([])
      // No org's history starts before its parent's, so the tree of any day hangs together.
      const orphans = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM org_history c JOIN org_history p ON p.org_id = c.parent_id
        WHERE c.valid_to IS NULL AND p.valid_to IS NULL AND c.valid_from < p.valid_from`.execute(db)
      expect(orphans.rows[0]!.n).toBe(0)
      const undated = await db.selectFrom('orgs').where('established_on', 'is', null).select('id').execute()
      expect(undated).toEqual([])
    } finally {
      await app.close()
    }
  })

  it('seeding again changes nothing', async () => {
    const before = await db
      .selectFrom('orgs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(await seedDemo(db, { dataDir, withDemoUsers: true })).toEqual([])
    expect(
      await db
        .selectFrom('orgs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(before)
    expect(await db.selectFrom('users').select('login_name').execute()).toEqual([{ login_name: 'admin' }])
  })
})
