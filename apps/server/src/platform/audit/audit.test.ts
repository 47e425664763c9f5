import { createHash, randomBytes } from 'node:crypto'
import ExcelJS from '../excel.ts'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry, AuditVerifyResult } from '@xianfeng/contract'
import { createTestApp, login, makeOrgTree, makeUser, type Session, type TestApp } from '../../../test/helpers.ts'
import { asOwner, call } from '../../../test/owner-db.ts'
import { createDb } from '../db.ts'
import { createAuditService } from './audit.service.ts'
import { maskSensitive } from './mask.ts'

const unique = () => randomBytes(3).toString('hex')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface ChainRow {
  seq: number
  prev_hash: Buffer
  hash: Buffer
  canonical: string
}

/** The whole chain as stored, with the canonical text each hash covers. */
const readChain = (url: string) =>
  asOwner(
    url,
    async (c) =>
      (
        await c.query<ChainRow>(
          'SELECT seq::int AS seq, prev_hash, hash, audit_canonical(a) AS canonical FROM audit_log a ORDER BY seq',
        )
      ).rows,
  )

/** Every break in the chain, recomputed here rather than by the server's own verify query. */
function chainBreaks(rows: ChainRow[]): string[] {
  const breaks: string[] = []
  rows.forEach((r, i) => {
    const prev = i === 0 ? Buffer.alloc(0) : rows[i - 1]!.hash
    if (r.seq !== i + 1) breaks.push(`row ${i}: seq ${r.seq}, expected ${i + 1}`)
    if (!r.prev_hash.equals(prev)) breaks.push(`seq ${r.seq}: prev_hash is not the previous row's hash`)
    const expected = createHash('sha256')
      .update(Buffer.concat([r.prev_hash, Buffer.from(r.canonical, 'utf8')]))
      .digest()
    if (!r.hash.equals(expected)) breaks.push(`seq ${r.seq}: hash is not sha256(prev_hash || row)`)
  })
  return breaks
}

const countRows = async (t: TestApp) =>
  Number(
    (
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

async function verify(t: TestApp, session: Session): Promise<AuditVerifyResult> {
  const res = await call(t.app, session, 'POST', '/api/audit/verify')
  expect(res.statusCode, res.body).toBe(200)
  return (res.json() as { result: AuditVerifyResult }).result
}

async function listAudit(t: TestApp, session: Session, query: Record<string, string> = {}) {
  const qs = new URLSearchParams({ pageSize: '200', ...query }).toString()
  const res = await call(t.app, session, 'GET', `/api/audit?${qs}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { items: AuditEntry[]; total: number }
}

async function createOrg(t: TestApp, session: Session, parentId: string, name = `测试支部${unique()}`) {
  const res = await call(t.app, session, 'POST', '/api/orgs', { parentId, name, kind: 'branch', level: 'grassroots' })
  expect(res.statusCode, res.body).toBe(201)
  return (res.json() as { org: { id: string; name: string } }).org
}

/** A fresh app whose audit log holds only what the test puts there, and a system administrator at its root. */
async function freshAppWithAdmin() {
  const t = await createTestApp()
  const tree = await makeOrgTree(t.db)
  const admin = await makeUser(t.db, { role: 'sys_admin', org: tree.province })
  const session = await login(t.app, admin.loginName, admin.password)
  return { t, tree, admin, session }
}

describe('maskSensitive', () => {
  it('hides passwords, hashes, secrets and tokens whatever their case or value', () => {
    expect(
      maskSensitive({
        password: 'Secret-123',
        passwordHash: '$argon2id$...',
        newPassword: 'x',
        token: 'abc',
        accessToken: 'def',
        sessionSecret: 's',
        name: '张三',
      }),
    ).toEqual({
      password: '[已隐藏]',
      passwordHash: '[已隐藏]',
      newPassword: '[已隐藏]',
      token: '[已隐藏]',
      accessToken: '[已隐藏]',
      sessionSecret: '[已隐藏]',
      name: '张三',
    })
    expect(maskSensitive({ password: null, token: 42 })).toEqual({ password: '[已隐藏]', token: '[已隐藏]' })
  })

  it('keeps only the last four digits of an ID number and the first three and last four of a phone', () => {
    expect(maskSensitive({ idNumber: '42010219900101123X', phone: '13812345678' })).toEqual({
      idNumber: '**************123X',
      phone: '138****5678',
    })
    // Malformed values show no more than their last four characters.
    expect(maskSensitive({ idNumber: '12345678', phone: '1234567' })).toEqual({ idNumber: '****5678', phone: '***4567' })
  })

  it('masks a phone number that arrives as a number (as an Excel cell gives it)', () => {
    expect(maskSensitive({ phone: 13812345678 })).toEqual({ phone: '138****5678' })
  })

  it('masks at every depth, inside nested objects and arrays, and leaves the input untouched', () => {
    const input = {
      user: { loginName: 'zhang', password: 'pw', profile: { phone: '13912345678' } },
      members: [
        { name: '甲', idNumber: '420102199001011234' },
        { name: '乙', contacts: [{ phone: '13700001111', token: 't' }] },
      ],
      tags: ['a', 'b'],
      at: new Date('2024-01-01T00:00:00Z'),
    }
    const copy = structuredClone(input)
    expect(maskSensitive(input)).toEqual({
      user: { loginName: 'zhang', password: '[已隐藏]', profile: { phone: '139****5678' } },
      members: [
        { name: '甲', idNumber: '**************1234' },
        { name: '乙', contacts: [{ phone: '137****1111', token: '[已隐藏]' }] },
      ],
      tags: ['a', 'b'],
      at: new Date('2024-01-01T00:00:00Z'),
    })
    expect(input).toEqual(copy)
    expect(maskSensitive(null)).toBeNull()
    expect(maskSensitive('plain')).toBe('plain')
  })
})

describe('the audit log', () => {
  let t: TestApp
  let admin: Awaited<ReturnType<typeof makeUser>>
  let adminSession: Session
  let tree: Awaited<ReturnType<typeof makeOrgTree>>

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    admin = await makeUser(t.db, { role: 'sys_admin', org: tree.province })
    adminSession = await login(t.app, admin.loginName, admin.password)
  })

  it('chains every row to the one before: seq 1..n, prev_hash = the previous hash, hash = sha256(prev_hash || row)', async () => {
    const org = await createOrg(t, adminSession, tree.own.id)
    const res = await call(t.app, adminSession, 'PATCH', `/api/orgs/${org.id}`, { shortName: '简称' })
    expect(res.statusCode).toBe(200)
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { loginName: `nobody_${unique()}`, password: 'wrong' },
    })

    const rows = await readChain(t.url)
    expect(rows.length).toBeGreaterThanOrEqual(4)
    expect(rows[0]!.seq).toBe(1)
    expect(rows[0]!.prev_hash.length).toBe(0)
    expect(rows.every((r) => r.hash.length === 32)).toBe(true)
    expect(chainBreaks(rows)).toEqual([])
  })

  it('verify reports ok with the number of rows, and is itself audited', async () => {
    const before = await countRows(t)
    const result = await verify(t, adminSession)
    expect(result).toMatchObject({ ok: true, rows: before, firstBrokenSeq: null, reason: null })
    const rows = await t.db
      .selectFrom('audit_log')
      .where('action', '=', 'audit.verified')
      .selectAll()
      .orderBy('seq', 'desc')
      .execute()
    expect(rows[0]).toMatchObject({ actor_login: admin.loginName, after: expect.objectContaining({ ok: true, rows: before }) })
  })

  it('the application role may not UPDATE, DELETE or TRUNCATE the audit log', async () => {
    const before = await countRows(t)
    for (const statement of [
      sql`UPDATE audit_log SET actor_login = 'intruder' WHERE seq = 1`,
      sql`DELETE FROM audit_log WHERE seq = 1`,
      sql`TRUNCATE audit_log`,
    ])
      await expect(statement.execute(t.db)).rejects.toThrow(/permission denied for table audit_log/)
    expect(await countRows(t)).toBe(before)
  })

  it('even the owner is refused by the trigger: the log is append-only', async () => {
    await asOwner(t.url, async (c) => {
      await expect(c.query(`UPDATE audit_log SET actor_login = 'intruder' WHERE seq = 1`)).rejects.toThrow(
        /append-only: UPDATE refused/,
      )
      await expect(c.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only: DELETE refused/)
      await expect(c.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/)
      const { rows } = await c.query<{ actor_login: string | null }>('SELECT actor_login FROM audit_log WHERE seq = 1')
      expect(rows[0]?.actor_login).not.toBe('intruder')
    })
    expect((await verify(t, adminSession)).ok).toBe(true)
  })

  it('stores before/after with sensitive fields masked', async () => {
    const requestId = `req-${unique()}`
    await t.db.transaction().execute((tx) =>
      createAuditService().record(
        tx,
        { userId: admin.id, loginName: admin.loginName, requestId, ip: '10.0.0.8' },
        {
          action: 'accounts.user_updated',
          entityType: 'user',
          orgId: tree.own.id,
          before: { password: 'Old-Secret-1', phone: '13812345678' },
          after: { passwordHash: '$argon2id$v=19$...', idNumber: '420102199001011234', nested: [{ token: 'tok' }] },
        },
      ),
    )
    const row = await t.db.selectFrom('audit_log').where('request_id', '=', requestId).selectAll().executeTakeFirstOrThrow()
    expect(row.before).toEqual({ password: '[已隐藏]', phone: '138****5678' })
    expect(row.after).toEqual({ passwordHash: '[已隐藏]', idNumber: '**************1234', nested: [{ token: '[已隐藏]' }] })
    expect(JSON.stringify([row.before, row.after])).not.toMatch(/Old-Secret-1|argon2id|420102199001011234|13812345678|tok"/)
    expect(row).toMatchObject({ org_path: tree.own.path, ip: '10.0.0.8' })
  })

  it('20 concurrent requests that each write an audit row still leave one unbroken chain', async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(t.app, adminSession, 'POST', '/api/orgs', {
          parentId: tree.cityB.id,
          name: `并发支部${i}-${unique()}`,
          kind: 'branch',
          level: 'grassroots',
        }),
      ),
    )
    expect(created.map((r) => r.statusCode)).toEqual(Array(20).fill(201))
    const ids = created.map((r) => (r.json() as { org: { id: string } }).org.id)
    const rows = await t.db
      .selectFrom('audit_log')
      .where('action', '=', 'orgs.org_created')
      .where('entity_id', 'in', ids)
      .select('seq')
      .execute()
    expect(new Set(rows.map((r) => r.seq)).size).toBe(20)
    expect(chainBreaks(await readChain(t.url))).toEqual([])
    expect((await verify(t, adminSession)).ok).toBe(true)
  })

  it('20 writers in 20 separate transactions on 20 connections still leave one unbroken chain', async () => {
    const { db } = createDb(t.url, { max: 20 })
    const audit = createAuditService()
    const tag = unique()
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.transaction().execute(async (tx) => {
            // Hold the transaction open a little so that the writers overlap.
            await sql`SELECT pg_sleep(${(i % 5) / 200})`.execute(tx)
            await audit.record(
              tx,
              { userId: null, loginName: 'system', requestId: `${tag}-${i}`, ip: null },
              { action: 'system.seeded', after: { i } },
            )
            await sql`SELECT pg_sleep(0.005)`.execute(tx)
          }),
        ),
      )
    } finally {
      await db.destroy()
    }
    const rows = await t.db.selectFrom('audit_log').where('request_id', 'like', `${tag}-%`).select('seq').execute()
    expect(rows).toHaveLength(20)
    expect(chainBreaks(await readChain(t.url))).toEqual([])
    expect((await verify(t, adminSession)).ok).toBe(true)
  })

  it('a county-level org department admin sees the rows of its own subtree only, not a sibling’s nor org-less logins', async () => {
    const scoped = await makeOrgTree(t.db)
    const county = await makeUser(t.db, { role: 'org_dept_admin', org: scoped.own })
    const siblingAdmin = await makeUser(t.db, { role: 'org_dept_admin', org: scoped.sibling })
    const root = await makeUser(t.db, { role: 'sys_admin', org: scoped.province })
    const countySession = await login(t.app, county.loginName, county.password)
    const siblingSession = await login(t.app, siblingAdmin.loginName, siblingAdmin.password)
    const rootSession = await login(t.app, root.loginName, root.password)

    const mine = await createOrg(t, countySession, scoped.descendant.id)
    const theirs = await createOrg(t, siblingSession, scoped.sibling.id)
    const stranger = `nobody_${unique()}`
    const failed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { loginName: stranger, password: 'wrong-password' },
    })
    expect(failed.statusCode).toBe(401)

    const seen = await listAudit(t, countySession)
    const subtreeNames = new Set([scoped.own.name, scoped.descendant.name, mine.name])
    expect(seen.items.map((i) => i.entityId)).toContain(mine.id)
    expect(seen.items.map((i) => i.entityId)).not.toContain(theirs.id)
    expect(seen.items.filter((i) => !subtreeNames.has(i.orgName ?? ''))).toEqual([])
    expect(seen.items.some((i) => i.actorLogin === stranger)).toBe(false)
    expect(seen.total).toBe(seen.items.length)

    const all = await listAudit(t, rootSession)
    expect(all.items.map((i) => i.entityId)).toEqual(expect.arrayContaining([mine.id, theirs.id]))
    expect(all.items.find((i) => i.actorLogin === stranger)).toMatchObject({ action: 'auth.login_failed', orgName: null })
  })

  it('filters by action, actor and time window', async () => {
    const other = await makeUser(t.db, { role: 'sys_admin', org: tree.province })
    const otherSession = await login(t.app, other.loginName, other.password)
    const first = await createOrg(t, otherSession, tree.own.id)
    await sleep(30)
    const mid = new Date().toISOString()
    await sleep(30)
    const second = await createOrg(t, otherSession, tree.own.id)
    const end = new Date(Date.now() + 1000).toISOString()

    const byAction = await listAudit(t, adminSession, { action: 'orgs.org_created' })
    expect(byAction.items.length).toBeGreaterThanOrEqual(2)
    expect(new Set(byAction.items.map((i) => i.action))).toEqual(new Set(['orgs.org_created']))

    const byActor = await listAudit(t, adminSession, { actor: other.loginName })
    expect(new Set(byActor.items.map((i) => i.actorLogin))).toEqual(new Set([other.loginName]))
    expect(byActor.items.map((i) => i.action).sort()).toEqual(['auth.login_succeeded', 'orgs.org_created', 'orgs.org_created'])
    // Newest first.
    expect(byActor.items[0]!.entityId).toBe(second.id)

    const after = await listAudit(t, adminSession, { actor: other.loginName, from: mid, to: end })
    expect(after.items.map((i) => i.entityId)).toEqual([second.id])
    const beforeMid = await listAudit(t, adminSession, { actor: other.loginName, to: mid })
    expect(beforeMid.items.map((i) => i.entityId)).toContain(first.id)
    expect(beforeMid.items.map((i) => i.entityId)).not.toContain(second.id)

    const bad = await call(t.app, adminSession, 'GET', '/api/audit?from=yesterday')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain('起始时间')
  })

  it('exports the filtered rows as an .xlsx named 审计日志, and records the export', async () => {
    const filter = { action: 'orgs.org_created' }
    const listed = await listAudit(t, adminSession, filter)
    expect(listed.total).toBeGreaterThan(0)

    const res = await call(t.app, adminSession, 'GET', `/api/audit/export?${new URLSearchParams(filter).toString()}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const disposition = String(res.headers['content-disposition'])
    expect(disposition).toMatch(/^attachment;/)
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1]
    expect(decodeURIComponent(encoded ?? '')).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.xlsx$/)

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1)
    expect(values(1).slice(0, 4)).toEqual(['序号', '时间', '操作人', '操作'])
    expect(values(1)).toContain('操作代码')
    expect(ws.rowCount).toBe(listed.total + 1)
    const body = Array.from({ length: listed.total }, (_, i) => values(i + 2))
    expect(body.map((r) => String(r[0]))).toEqual(listed.items.map((i) => i.seq))
    expect(new Set(body.map((r) => r[3]))).toEqual(new Set(['新建组织']))
    expect(new Set(body.map((r) => r[4]))).toEqual(new Set(['orgs.org_created']))

    const exported = await t.db
      .selectFrom('audit_log')
      .where('action', '=', 'audit.exported')
      .selectAll()
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    expect(exported).toMatchObject({ actor_login: admin.loginName, after: { filter, rows: listed.total } })
  })
})

describe('tampering is found by verify', () => {
  let t: TestApp
  let session: Session

  beforeAll(async () => {
    const fresh = await freshAppWithAdmin()
    t = fresh.t
    session = fresh.session
    for (let i = 0; i < 5; i++) await createOrg(t, session, fresh.tree.own.id)
    expect((await verify(t, session)).ok).toBe(true)
  })

  /** Changes the stored log behind the trigger's back, as someone with the owner's password could. */
  const behindTheTrigger = (sqlText: string, params: unknown[] = []) =>
    asOwner(t.url, async (c) => {
      await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
      try {
        await c.query(sqlText, params)
      } finally {
        await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
      }
    })

  it('an edited row is named by its seq, as 内容被修改; putting it back makes the chain whole again', async () => {
    const target = await t.db
      .selectFrom('audit_log')
      .where('action', '=', 'orgs.org_created')
      .select(['seq', 'after'])
      .orderBy('seq')
      .offset(2)
      .executeTakeFirstOrThrow()
    await behindTheTrigger(`UPDATE audit_log SET after = after || '{"name": "篡改后的名称"}' WHERE seq = $1`, [target.seq])

    const result = await verify(t, session)
    expect(result.ok).toBe(false)
    expect(result.firstBrokenSeq).toBe(String(target.seq))
    expect(result.reason).toContain('内容被修改')

    await behindTheTrigger('UPDATE audit_log SET after = $2 WHERE seq = $1', [target.seq, JSON.stringify(target.after)])
    expect(await verify(t, session)).toMatchObject({ ok: true, firstBrokenSeq: null })
  })

  it('a deleted middle row is found at the next seq, as 序号不连续', async () => {
    const rows = await t.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()
    const middle = rows[Math.floor(rows.length / 2)]!.seq
    await behindTheTrigger('DELETE FROM audit_log WHERE seq = $1', [middle])

    const result = await verify(t, session)
    expect(result.ok).toBe(false)
    expect(result.firstBrokenSeq).toBe(String(middle + 1))
    expect(result.reason).toContain('序号不连续')
  })
})

describe('verify at the scale of the issue', () => {
  const ROWS = 100_000
  let t: TestApp
  let session: Session

  beforeAll(async () => {
    const fresh = await freshAppWithAdmin()
    t = fresh.t
    session = fresh.session
  })

  it(`chains ${ROWS.toLocaleString('en')} rows inserted by SQL and verifies them all`, { timeout: 300_000 }, async () => {
    const existing = await countRows(t)
    const insertMs = await asOwner(t.url, async (c) => {
      const started = performance.now()
      // The trigger assigns seq and both hashes row by row, exactly as for the application's inserts.
      await c.query(
        `INSERT INTO audit_log (action, actor_login, entity_type, entity_id, before, after, request_id, ip)
         SELECT 'orgs.org_updated', 'bulk_loader', 'org', gen_random_uuid()::text,
                jsonb_build_object('name', '旧名称' || g), jsonb_build_object('name', '新名称' || g, 'n', g),
                'bulk-' || g, '192.0.2.1'::inet
         FROM generate_series(1, $1::int) g`,
        [ROWS],
      )
      return Math.round(performance.now() - started)
    })
    const started = performance.now()
    const result = await verify(t, session)
    const verifyMs = Math.round(performance.now() - started)
    console.log(
      `audit log: inserted ${ROWS} rows in ${insertMs} ms; verify of ${result.rows} rows took ${verifyMs} ms (server: ${result.elapsedMs} ms)`,
    )
    expect(result).toMatchObject({ ok: true, rows: ROWS + existing, firstBrokenSeq: null })
  })
})
