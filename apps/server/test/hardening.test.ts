import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUILTIN_ROLES } from '@xianfeng/contract'
import { syncBuiltinRoles } from '../src/modules/accounts/accounts.seed.ts'
import { createAuditService } from '../src/platform/audit/audit.service.ts'
import { auditRows, createTestApp, login, makeOrgTree, makeUser, type TestApp } from './helpers.ts'
import { asOwner, call } from './owner-db.ts'

const unique = () => randomBytes(3).toString('hex')

describe('hardening', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
  })

  it('20 parallel wrong passwords for one account: no more than 5 are checked, the rest are refused as locked', async () => {
    const user = await makeUser(t.db, { role: 'member', org: tree.own })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `10.9.0.${i}`,
          payload: { loginName: user.loginName, password: `wrong-${i}` },
        }),
      ),
    )
    const failures = (await auditRows(t.db, 'auth.login_failed')).filter((r) => r.actor_login === user.loginName)
    const checked = failures.filter((r) => (r.after as { reason: string }).reason === 'wrong_password')
    expect(checked.length).toBeLessThanOrEqual(5)
    expect(results.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(15)
    // and the right password is refused too, now
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.9.1.1',
      payload: { loginName: user.loginName, password: user.password },
    })
    expect(right.statusCode).toBe(429)
  })

  it('a login name outside ASCII is refused before any lookup, so case-folding tricks cannot dodge a lock', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { loginName: 'İvan', password: 'x' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('登录名只能包含英文字母、数字、点、下划线和短横线')
  })

  it('the application connects as its own role and cannot become the owner or touch the audit log', async () => {
    const who = await sql<{
      user: string
      is_super: string
    }>`SELECT current_user AS user, current_setting('is_superuser') AS is_super`.execute(t.db)
    expect(who.rows[0]).toEqual({ user: 'xianfeng_app', is_super: 'off' })
    await t.db.transaction().execute(async (tx) => {
      await sql`RESET ROLE`.execute(tx)
      const after = await sql<{ user: string }>`SELECT current_user AS user`.execute(tx)
      expect(after.rows[0]!.user).toBe('xianfeng_app')
    })
    await expect(sql`UPDATE audit_log SET action = 'x.y' WHERE seq = 1`.execute(t.db)).rejects.toThrow(/permission denied/)
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/permission denied/)
  })

  it('audits refusals that services make: a grant above one’s own permissions (403) and an org outside the scope (404)', async () => {
    const admin = await makeUser(t.db, { role: 'org_dept_admin', org: tree.own })
    const session = await login(t.app, admin.loginName, admin.password)
    const sysAdminRole = await t.db.selectFrom('roles').where('code', '=', 'sys_admin').select('id').executeTakeFirstOrThrow()
    const target = await makeUser(t.db, { role: 'member', org: tree.own })
    const escalate = await call(t.app, session, 'POST', `/api/users/${target.id}/grants`, {
      roleId: sysAdminRole.id,
      orgId: tree.own.id,
    })
    expect(escalate.statusCode).toBe(403)
    const outside = await call(t.app, session, 'GET', `/api/orgs/${tree.sibling.id}`)
    expect(outside.statusCode).toBe(404)
    const denied = (await auditRows(t.db, 'auth.request_denied')).filter((r) => r.actor_login === admin.loginName)
    expect(denied.map((r) => [r.entity_id, (r.after as { code: string }).code])).toEqual([
      ['POST /api/users/:id/grants', 'forbidden'],
      ['GET /api/orgs/:id', 'not_found'],
    ])
  })

  it('answers 400 in Chinese, never 500: an empty PATCH, a NUL character, a malformed URL', async () => {
    const admin = await makeUser(t.db, { role: 'sys_admin', org: tree.own })
    const session = await login(t.app, admin.loginName, admin.password)
    const emptyOrg = await call(t.app, session, 'PATCH', `/api/orgs/${tree.descendant.id}`, {})
    expect(emptyOrg.statusCode).toBe(400)
    expect(emptyOrg.json().error.message).toBe('没有要修改的内容')
    const member = await makeUser(t.db, { role: 'member', org: tree.own })
    const emptyUser = await call(t.app, session, 'PATCH', `/api/users/${member.id}`, {})
    expect(emptyUser.statusCode).toBe(400)
    const nul = await call(t.app, session, 'POST', '/api/orgs', {
      parentId: tree.own.id,
      name: `支部\u0000${unique()}`,
      kind: 'branch',
      level: 'grassroots',
    })
    expect(nul.statusCode).toBe(400)
    expect(nul.json().error.message).toContain('组织名称含有非法字符')
    const badUrl = await t.app.inject({ method: 'GET', url: '/api/orgs/%E4%B8', headers: session.headers })
    expect(badUrl.statusCode).toBe(400)
    expect(badUrl.json().error.code).toBe('validation_failed')
  })

  it('sends the security headers on answers, refusals and unknown paths alike', async () => {
    const member = await makeUser(t.db, { role: 'member', org: tree.own })
    const session = await login(t.app, member.loginName, member.password)
    for (const res of [
      await call(t.app, session, 'GET', '/api/auth/me'),
      await call(t.app, session, 'GET', '/api/orgs/tree'),
      await call(t.app, null, 'GET', '/api/auth/me'),
      await call(t.app, null, 'GET', '/api/no-such-thing'),
    ]) {
      const label = `${res.statusCode} ${res.body.slice(0, 80)}`
      expect(res.headers['content-security-policy'], label).toBe(
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
          "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'",
      )
      expect(res.headers, label).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      })
      expect(res.headers['x-powered-by'], label).toBeUndefined()
    }
  })

  it('the home page shows today’s audit count only to those who may read the audit log', async () => {
    const discipline = await makeUser(t.db, { role: 'discipline', org: tree.own })
    const dept = await makeUser(t.db, { role: 'org_dept_admin', org: tree.own })
    const a = await call(t.app, await login(t.app, discipline.loginName, discipline.password), 'GET', '/api/home/summary')
    const b = await call(t.app, await login(t.app, dept.loginName, dept.password), 'GET', '/api/home/summary')
    expect(a.json().summary.auditToday).toBeNull()
    expect(b.json().summary.auditToday).toBeGreaterThan(0)
  })

  it('built-in roles brought back to the contract at start are audited; an unchanged start writes nothing', async () => {
    await asOwner(t.url, (c) => c.query(`UPDATE roles SET permissions = '{home.view}' WHERE code = 'discipline'`))
    const before = (await auditRows(t.db, 'accounts.roles_synced')).length
    await syncBuiltinRoles(t.db, createAuditService())
    await syncBuiltinRoles(t.db, createAuditService())
    const rows = await auditRows(t.db, 'accounts.roles_synced')
    expect(rows.length).toBe(before + 1)
    expect(rows.at(-1)!.after).toEqual({
      changes: [{ code: 'discipline', before: ['home.view'], after: BUILTIN_ROLES.discipline.permissions }],
    })
  })
})

describe('list routes return only what lies in the scope', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })

  it('users, audit rows and org search: own and descendant appear; ancestor, sibling and another city do not', async () => {
    const tree = await makeOrgTree(t.db)
    const positions = ['own', 'descendant', 'ancestor', 'sibling', 'otherCity'] as const
    const planted = new Map<string, string>()
    const root = await makeUser(t.db, { role: 'sys_admin', org: tree.province })
    const rootSession = await login(t.app, root.loginName, root.password)
    for (const p of positions) {
      const u = await makeUser(t.db, { role: 'member', org: tree[p], loginName: `p_${p.toLowerCase()}_${unique()}` })
      planted.set(p, u.loginName)
      // an audit row at each position
      await call(t.app, rootSession, 'PATCH', `/api/orgs/${tree[p].id}`, { shortName: `简称${p}` })
    }
    const admin = await makeUser(t.db, { role: 'sys_admin', org: tree.own })
    const session = await login(t.app, admin.loginName, admin.password)

    const users = (await call(t.app, session, 'GET', '/api/users?pageSize=100'))
      .json()
      .items.map((u: { loginName: string }) => u.loginName)
    const audit = (await call(t.app, session, 'GET', '/api/audit?action=orgs.org_updated&pageSize=200'))
      .json()
      .items.map((r: { entityId: string }) => r.entityId)
    const search = (
      await call(t.app, session, 'GET', `/api/orgs?q=${encodeURIComponent(tree.own.name.split('-')[1]!)}&limit=100`)
    )
      .json()
      .items.map((o: { id: string }) => o.id)
    for (const p of positions) {
      const inScope = p === 'own' || p === 'descendant'
      expect(users.includes(planted.get(p)), `user at ${p}`).toBe(inScope)
      expect(audit.includes(tree[p].id), `audit row at ${p}`).toBe(inScope)
      expect(search.includes(tree[p].id), `org ${p} in search`).toBe(inScope)
    }
  })
})

describe('housekeeping', () => {
  it('at start, deletes sessions a day past their end and spent login counters, and keeps live ones', async () => {
    const first = await createTestApp()
    const tree = await makeOrgTree(first.db)
    const user = await makeUser(first.db, { role: 'member', org: tree.own })
    const live = await login(first.app, user.loginName, user.password)
    await login(first.app, user.loginName, user.password)
    // age the second session past its end, and leave a spent counter
    await asOwner(first.url, async (c) => {
      await c.query(
        `UPDATE sessions SET expires_at = now() - interval '2 days' WHERE created_at = (SELECT max(created_at) FROM sessions)`,
      )
      await c.query(
        `INSERT INTO login_throttle (key, failures, first_failed_at) VALUES ('account:old', 3, now() - interval '2 hours')`,
      )
    })
    // a restart: a new app on the same database
    const { buildApp } = await import('../src/app.ts')
    const { createLogger } = await import('../src/platform/logger.ts')
    const app = await buildApp({ config: first.config, db: first.db, log: createLogger('silent') })
    await app.ready()
    await app.close()
    const sessions = await first.db.selectFrom('sessions').where('user_id', '=', user.id).select('expires_at').execute()
    expect(sessions).toHaveLength(1)
    expect(await first.db.selectFrom('login_throttle').where('key', '=', 'account:old').select('key').execute()).toEqual([])
    expect((await call(first.app, live, 'GET', '/api/auth/me')).statusCode).toBe(200)
  })
})
