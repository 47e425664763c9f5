import { createHmac, randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Me } from '@xianfeng/contract'
import {
  addGrant,
  createSecondApp,
  createTestApp,
  login,
  makeOrgTree,
  makeUser,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { asOwner, call } from '../../../test/owner-db.ts'

// Resolved sessions are kept in memory by each app instance (session-cache.ts). These tests hold a
// session warm in one instance, change what it resolves to — through the API of the same instance or
// of a second one on the same database (another process), or with SQL behind both (an operator) —
// and expect the very next request to meet the change. Each would fail if an instance kept serving
// what it held.

const me = async (app: FastifyInstance, s: Session) => {
  const res = await call(app, s, 'GET', '/api/auth/me')
  return { status: res.statusCode, me: res.statusCode === 200 ? (res.json() as { me: Me }).me : null }
}

describe('session cache: revocation takes effect on the next request', () => {
  let t: TestApp
  let b: FastifyInstance
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let admin: Session

  beforeAll(async () => {
    t = await createTestApp()
    b = await createSecondApp(t)
    tree = await makeOrgTree(t.db)
    const a = await makeUser(t.db, { role: 'sys_admin', org: tree.province })
    admin = await login(t.app, a.loginName, a.password)
  })

  /** A user signed in, with the session warm in both instances. */
  async function holder(role: 'member' | 'org_admin' = 'org_admin', org = tree.own) {
    const u = await makeUser(t.db, { role, org })
    const s = await login(t.app, u.loginName, u.password)
    for (const app of [t.app, b]) expect((await me(app, s)).status).toBe(200)
    return { u, s }
  }

  it('keeps a session it has read: a change made with notifications off is not seen at once', async () => {
    // The control for every test below: the instances really answer from memory, so only the
    // notifications can make them meet a change.
    const { u, s } = await holder()
    await asOwner(t.url, async (c) => {
      await c.query('BEGIN')
      await c.query('SET LOCAL session_replication_role = replica')
      await c.query('UPDATE users SET display_name = $1 WHERE id = $2', ['改名未通知', u.id])
      await c.query('COMMIT')
    })
    for (const app of [t.app, b]) {
      await app.sessions.caughtUp()
      expect((await me(app, s)).me?.displayName).not.toBe('改名未通知')
    }
  })

  it('logout: the token is refused by both instances', async () => {
    const { s } = await holder()
    expect((await call(t.app, s, 'POST', '/api/auth/logout')).statusCode).toBe(204)
    expect((await me(t.app, s)).status).toBe(401)
    await b.sessions.caughtUp()
    expect((await me(b, s)).status).toBe(401)
  })

  it('logout in the other instance: this one refuses the token too', async () => {
    const { s } = await holder()
    expect((await call(b, s, 'POST', '/api/auth/logout')).statusCode).toBe(204)
    await t.app.sessions.caughtUp()
    expect((await me(t.app, s)).status).toBe(401)
  })

  it('a grant removed in one instance is gone from the holder’s session in both', async () => {
    const { u, s } = await holder('member', tree.descendant)
    const extra = await addGrant(t.db, u.id, 'org_admin', tree.own)
    // the grant added behind both instances' backs appears once they are notified
    for (const app of [t.app, b]) {
      await app.sessions.caughtUp()
      expect((await me(app, s)).me?.grants.map((g) => g.id)).toContain(extra)
    }
    expect((await call(t.app, s, 'POST', '/api/auth/scope', { grantId: extra })).statusCode).toBe(200)
    for (const app of [t.app, b]) expect((await call(app, s, 'GET', `/api/orgs/${tree.own.id}`)).statusCode).toBe(200)

    expect((await call(t.app, admin, 'DELETE', `/api/grants/${extra}`)).statusCode).toBe(200)
    await b.sessions.caughtUp()
    for (const app of [t.app, b]) {
      const res = await call(app, s, 'GET', `/api/orgs/${tree.own.id}`)
      expect(res.statusCode).not.toBe(200)
      expect((await me(app, s)).me?.grants.map((g) => g.id)).toEqual([u.grantId])
    }
  })

  it('an account disabled in the other instance: its sessions stop in both', async () => {
    const { u, s } = await holder()
    const adminOnB = await login(b, ...(await adminLogin()))
    const res = await call(b, adminOnB, 'PATCH', `/api/users/${u.id}`, { isDisabled: true })
    expect(res.statusCode).toBe(200)
    expect((await me(b, s)).status).toBe(401)
    await t.app.sessions.caughtUp()
    expect((await me(t.app, s)).status).toBe(401)
  })

  it('a password changed in one instance ends the user’s other sessions in both', async () => {
    const { u, s } = await holder()
    const other = await login(b, u.loginName, u.password)
    for (const app of [t.app, b]) expect((await me(app, other)).status).toBe(200)
    const newPassword = `Quiet-${randomBytes(5).toString('hex')}`
    const res = await call(t.app, s, 'POST', '/api/auth/password', { currentPassword: u.password, newPassword })
    expect(res.statusCode, res.body).toBe(200)
    await b.sessions.caughtUp()
    for (const app of [t.app, b]) {
      expect((await me(app, other)).status).toBe(401)
      expect((await me(app, s)).status).toBe(200)
    }
  })

  it('a password reset by an administrator ends the sessions in both instances', async () => {
    const { u, s } = await holder()
    expect((await call(t.app, admin, 'POST', `/api/users/${u.id}/password-reset`)).statusCode).toBe(200)
    await b.sessions.caughtUp()
    for (const app of [t.app, b]) expect((await me(app, s)).status).toBe(401)
  })

  it('an account disabled by SQL (an operator, another tool): both instances refuse it once notified', async () => {
    const { u, s } = await holder()
    await asOwner(t.url, (c) => c.query('UPDATE users SET is_disabled = true WHERE id = $1', [u.id]))
    for (const app of [t.app, b]) {
      await app.sessions.caughtUp()
      expect((await me(app, s)).status).toBe(401)
    }
  })

  it('a role losing a permission: every holder loses it in both instances', async () => {
    const role = `tmp_${[...randomBytes(6)].map((x) => String.fromCharCode(97 + (x % 26))).join('')}`
    const u = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    const roleId = await asOwner(t.url, async (c) => {
      const r = await c.query<{ id: string }>(
        `INSERT INTO roles (code, name, permissions) VALUES ($1, '临时角色', ARRAY['orgs.read']) RETURNING id`,
        [role],
      )
      await c.query('UPDATE grants SET role_id = $1 WHERE id = $2', [r.rows[0]!.id, u.grantId])
      return r.rows[0]!.id
    })
    const s = await login(t.app, u.loginName, u.password)
    for (const app of [t.app, b]) expect((await call(app, s, 'GET', '/api/orgs/tree')).statusCode).toBe(200)
    await asOwner(t.url, (c) => c.query(`UPDATE roles SET permissions = ARRAY['members.read'] WHERE id = $1`, [roleId]))
    for (const app of [t.app, b]) {
      await app.sessions.caughtUp()
      expect((await call(app, s, 'GET', '/api/orgs/tree')).statusCode).toBe(403)
    }
  })

  it('a subtree moved in one instance: the scope of a grant inside it follows in both', async () => {
    const local = await makeOrgTree(t.db)
    const mover = await makeUser(t.db, { role: 'sys_admin', org: local.province })
    const moverSession = await login(t.app, mover.loginName, mover.password)
    const u = await makeUser(t.db, { role: 'org_admin', org: local.descendant })
    const s = await login(t.app, u.loginName, u.password)
    for (const app of [t.app, b]) expect((await call(app, s, 'GET', `/api/orgs/${local.descendant.id}`)).statusCode).toBe(200)
    const moved = await call(t.app, moverSession, 'POST', `/api/orgs/${local.own.id}/move`, { newParentId: local.cityB.id })
    expect(moved.statusCode, moved.body).toBe(200)
    await b.sessions.caughtUp()
    // a copy holding the old path would find nothing under it
    for (const app of [t.app, b]) expect((await call(app, s, 'GET', `/api/orgs/${local.descendant.id}`)).statusCode).toBe(200)
  })

  it('a session switched to another scope in one instance is in that scope in both', async () => {
    const { u, s } = await holder('org_admin', tree.own)
    const second = await addGrant(t.db, u.id, 'discipline', tree.otherCity)
    // the grant was written past the service: this instance knows of it once its notification is in
    await t.app.sessions.caughtUp()
    expect((await call(t.app, s, 'POST', '/api/auth/scope', { grantId: second })).statusCode).toBe(200)
    await b.sessions.caughtUp()
    for (const app of [t.app, b]) expect((await me(app, s)).me?.currentGrant?.id).toBe(second)
  })

  it('a lost listening connection drops and stops the cache until it is back; a change in between is not missed', async () => {
    const { u, s } = await holder()
    await asOwner(t.url, (c) =>
      c.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'xianfeng-sessions' AND datname = current_database()`,
      ),
    )
    // both instances find out at the latest when they next use the connection
    for (const app of [t.app, b]) await app.sessions.caughtUp()
    // the notification of this change goes nowhere: nobody listens
    await asOwner(t.url, (c) => c.query('UPDATE users SET is_disabled = true WHERE id = $1', [u.id]))
    for (const app of [t.app, b]) expect((await me(app, s)).status).toBe(401)
    // and they listen again by themselves
    await vi.waitFor(() => expect(t.app.sessions.isListening() && b.sessions.isListening()).toBe(true), { timeout: 10_000 })
    const again = await holder()
    await asOwner(t.url, (c) => c.query('UPDATE users SET is_disabled = true WHERE id = $1', [again.u.id]))
    for (const app of [t.app, b]) {
      await app.sessions.caughtUp()
      expect((await me(app, again.s)).status).toBe(401)
    }
  })

  async function adminLogin(): Promise<[string, string]> {
    const a = await makeUser(t.db, { role: 'sys_admin', org: tree.province })
    return [a.loginName, a.password]
  }
})

describe('session activity', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>

  beforeAll(async () => {
    t = await createTestApp({ SESSION_IDLE_MINUTES: '5' })
    tree = await makeOrgTree(t.db)
  })

  const lastSeenAgo = async (token: string) =>
    Number(
      (
        await t.db
          .selectFrom('sessions')
          .where('token_hash', '=', createHmac('sha256', t.config.sessionSecret).update(token).digest())
          .select(sql<number>`extract(epoch from now() - last_seen_at)::float8`.as('s'))
          .executeTakeFirstOrThrow()
      ).s,
    )

  it('is written in batches, not at every request', async () => {
    const u = await makeUser(t.db, { role: 'member', org: tree.own })
    const s = await login(t.app, u.loginName, u.password)
    const token = s.cookie.slice('xf_session='.length)
    const tokenHash = createHmac('sha256', t.config.sessionSecret).update(token).digest()
    await t.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - interval '4 minutes'` })
      .where('token_hash', '=', tokenHash)
      .execute()
    await t.app.sessions.caughtUp()
    for (let i = 0; i < 5; i++) expect((await me(t.app, s)).status).toBe(200)
    // five requests, no write yet
    expect(await lastSeenAgo(token)).toBeGreaterThan(230)
    await t.app.sessions.flushActivity()
    expect(await lastSeenAgo(token)).toBeLessThan(5)
  })

  it('ends a session idle past the limit in an instance that holds it', async () => {
    const u = await makeUser(t.db, { role: 'member', org: tree.own })
    const s = await login(t.app, u.loginName, u.password)
    expect((await me(t.app, s)).status).toBe(200)
    // held here, then idle for six minutes as far as the database knows
    await asOwner(t.url, (c) =>
      c.query(`UPDATE sessions SET last_seen_at = now() - interval '6 minutes' WHERE user_id = $1`, [u.id]),
    )
    await t.app.sessions.caughtUp()
    expect((await me(t.app, s)).status).toBe(401)
  })
})
