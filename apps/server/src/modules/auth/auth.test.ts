import { createHmac, randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Me } from '@xianfeng/contract'
import {
  addGrant,
  auditRows,
  cookieOf,
  createTestApp,
  makeOrgTree,
  makeUser,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'

const WRONG_CREDENTIALS = '登录名或密码错误'
const SESSION_EXPIRED = '登录已过期，请重新登录'
const CHANGE_PASSWORD_FIRST = '请先修改密码后再继续使用'

// Every attempt comes from an address of its own unless a test says otherwise, so that the per-IP
// failure counter and the per-IP request limit of one test never reach another.
let ipCounter = 0
const freshIp = () => {
  ipCounter++
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${(ipCounter & 255) + 1}`
}

const attempt = (app: FastifyInstance, loginName: string, password: string, ip = freshIp()) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { loginName, password }, remoteAddress: ip })

interface SignedIn extends Session {
  token: string
  me: Me
}

async function signIn(app: FastifyInstance, loginName: string, password: string): Promise<SignedIn> {
  const res = await attempt(app, loginName, password)
  expect(res.statusCode, res.body).toBe(200)
  const token = cookieOf(res, 'xf_session')!
  const me = (res.json() as { me: Me }).me
  const cookie = `xf_session=${token}`
  return { token, me, cookie, csrf: me.csrfToken, headers: { cookie, 'x-csrf-token': me.csrfToken } }
}

const get = (app: FastifyInstance, url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} })
const post = (app: FastifyInstance, url: string, s: Session, payload?: object) =>
  app.inject({ method: 'POST', url, headers: s.headers, ...(payload !== undefined && { payload }) })
const changePassword = (app: FastifyInstance, s: Session, currentPassword: string, newPassword: string) =>
  post(app, '/api/auth/password', s, { currentPassword, newPassword })

const tokenHash = (t: TestApp, token: string) => createHmac('sha256', t.config.sessionSecret).update(token).digest()

/**
 * Moves one timestamp of the session back by `minutes` (the app role may update sessions), as an
 * operator's SQL would: the app hears of it by notification, and the test waits for that.
 */
async function ageSession(t: TestApp, s: SignedIn, column: 'last_seen_at' | 'expires_at', minutes: number) {
  const r = await t.db
    .updateTable('sessions')
    .set({ [column]: sql`now() - make_interval(mins => ${minutes})` })
    .where('token_hash', '=', tokenHash(t, s.token))
    .executeTakeFirst()
  expect(r.numUpdatedRows).toBe(1n)
  await t.app.sessions.caughtUp()
}

const newPassword = () => `quietharbor${randomBytes(4).toString('hex')}`
const strongPassword = () => `Qh-${randomBytes(6).toString('hex')}`

describe('auth', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
  })

  describe('login', () => {
    it('sets an HttpOnly SameSite=Strict session cookie and a readable CSRF cookie, and returns me with the current grant', async () => {
      const u = await makeUser(t.db, { role: 'org_admin', org: tree.own })
      const res = await attempt(t.app, u.loginName, u.password)
      expect(res.statusCode).toBe(200)

      const session = res.cookies.find((c) => c.name === 'xf_session')!
      expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(session).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Strict' })
      const csrf = res.cookies.find((c) => c.name === 'xf_csrf')!
      expect(csrf).toMatchObject({ path: '/', sameSite: 'Strict' })
      expect(csrf.httpOnly).toBeFalsy()
      const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
      expect(raw.find((c) => c.startsWith('xf_session='))).toMatch(/;\s*HttpOnly/i)
      expect(raw.find((c) => c.startsWith('xf_session='))).toMatch(/;\s*SameSite=Strict/i)
      expect(raw.find((c) => c.startsWith('xf_csrf='))).not.toMatch(/HttpOnly/i)

      const me = (res.json() as { me: Me }).me
      expect(me.csrfToken).toBe(csrf.value)
      expect(me).toMatchObject({ id: u.id, loginName: u.loginName, mustChangePassword: false })
      expect(me.currentGrant).toMatchObject({
        id: u.grantId,
        orgId: tree.own.id,
        orgName: tree.own.name,
        roleCode: 'org_admin',
        roleName: '党组织管理员',
      })
      expect(me.grants.map((g) => g.id)).toEqual([u.grantId])

      // The cookie is a working session.
      const meRes = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `xf_session=${session.value}` } })
      expect(meRes.statusCode).toBe(200)
      expect(meRes.json().me.id).toBe(u.id)
    })

    it('stores only a keyed hash of the session token', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      const rows = await t.db.selectFrom('sessions').where('user_id', '=', u.id).selectAll().execute()
      expect(rows).toHaveLength(1)
      const row = rows[0]!
      expect(Buffer.compare(row.token_hash, tokenHash(t, s.token))).toBe(0)
      const stored = JSON.stringify(row) + row.token_hash.toString('hex') + row.token_hash.toString('base64url')
      expect(stored).not.toContain(s.token)
    })

    it('answers a wrong password and an unknown login name identically, and audits both with the name tried', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const ghost = `ghost_${randomBytes(4).toString('hex')}`
      const wrong = await attempt(t.app, u.loginName, 'not-the-password')
      const unknown = await attempt(t.app, ghost, u.password)
      for (const res of [wrong, unknown]) {
        expect(res.statusCode).toBe(401)
        expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: WRONG_CREDENTIALS } })
        expect(res.cookies.find((c) => c.name === 'xf_session')).toBeUndefined()
      }

      const failed = await auditRows(t.db, 'auth.login_failed')
      const forWrong = failed.filter((r) => r.request_id === wrong.headers['x-request-id'])
      expect(forWrong).toHaveLength(1)
      expect(forWrong[0]).toMatchObject({
        actor_login: u.loginName,
        actor_user_id: u.id,
        entity_id: u.id,
        after: { reason: 'wrong_password' },
      })
      const forUnknown = failed.filter((r) => r.request_id === unknown.headers['x-request-id'])
      expect(forUnknown).toHaveLength(1)
      expect(forUnknown[0]).toMatchObject({ actor_login: ghost, actor_user_id: null, after: { reason: 'unknown_login' } })
      // The password tried is never written down.
      expect(JSON.stringify(failed)).not.toContain('not-the-password')
    })

    it('audits a successful login with the user, the scope and the request', async () => {
      const u = await makeUser(t.db, { role: 'org_admin', org: tree.own })
      const res = await attempt(t.app, u.loginName, u.password, '10.200.0.7')
      expect(res.statusCode).toBe(200)
      const rows = (await auditRows(t.db, 'auth.login_succeeded')).filter((r) => r.actor_user_id === u.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({
        actor_login: u.loginName,
        entity_type: 'user',
        entity_id: u.id,
        org_id: tree.own.id,
        request_id: res.headers['x-request-id'],
        ip: '10.200.0.7',
      })
    })

    it('locks an account after 5 failures: the 5th and later attempts, even with the right password, answer 429 for 15 minutes', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      for (let i = 1; i <= 4; i++) {
        const res = await attempt(t.app, u.loginName, `wrong-${i}`)
        expect(res.statusCode, `attempt ${i}`).toBe(401)
      }
      const fifth = await attempt(t.app, u.loginName, 'wrong-5')
      expect(fifth.statusCode).toBe(429)
      expect(fifth.json().error.code).toBe('rate_limited')
      expect(fifth.json().error.message).toContain('15 分钟')
      expect(fifth.headers['retry-after']).toBe('900')

      const right = await attempt(t.app, u.loginName, u.password)
      expect(right.statusCode).toBe(429)
      expect(right.json()).toEqual(fifth.json())
      expect(right.cookies.find((c) => c.name === 'xf_session')).toBeUndefined()
      const locked = (await auditRows(t.db, 'auth.login_failed')).filter((r) => r.request_id === right.headers['x-request-id'])
      expect(locked).toHaveLength(1)
      expect(locked[0]).toMatchObject({ actor_login: u.loginName, after: { reason: 'locked' } })
    })

    it('locks a login name that does not exist exactly like a real one, whatever its letter case', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      for (let i = 1; i <= 4; i++) expect((await attempt(t.app, u.loginName, `wrong-${i}`)).statusCode).toBe(401)
      const realLocked = await attempt(t.app, u.loginName, 'wrong-5')
      expect(realLocked.statusCode).toBe(429)

      const ghost = `Ghost_${randomBytes(4).toString('hex')}`
      for (let i = 1; i <= 4; i++) expect((await attempt(t.app, ghost, `wrong-${i}`)).statusCode).toBe(401)
      const fifth = await attempt(t.app, ghost, 'wrong-5')
      const later = await attempt(t.app, ghost.toLowerCase(), 'anything')
      for (const res of [fifth, later]) {
        expect(res.statusCode).toBe(429)
        expect(res.json()).toEqual(realLocked.json())
        expect(res.headers['retry-after']).toBe(realLocked.headers['retry-after'])
      }
    })

    it('lets the account in again once the lock has run out, with a fresh count', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      for (let i = 1; i <= 5; i++) await attempt(t.app, u.loginName, `wrong-${i}`)
      expect((await attempt(t.app, u.loginName, u.password)).statusCode).toBe(429)

      const moved = await t.db
        .updateTable('login_throttle')
        .set({ locked_until: sql`now() - interval '1 second'`, first_failed_at: sql`now() - interval '16 minutes'` })
        .where('key', '=', `account:${u.loginName.toLowerCase()}`)
        .executeTakeFirst()
      expect(moved.numUpdatedRows).toBe(1n)

      // One more mistake starts a new count instead of locking again.
      expect((await attempt(t.app, u.loginName, 'wrong-again')).statusCode).toBe(401)
      const counter = await t.db
        .selectFrom('login_throttle')
        .where('key', '=', `account:${u.loginName.toLowerCase()}`)
        .selectAll()
        .executeTakeFirstOrThrow()
      expect(counter.failures).toBe(1)
      expect((await attempt(t.app, u.loginName, u.password)).statusCode).toBe(200)
    })

    it('resets the account counter on a successful login', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      for (let i = 1; i <= 4; i++) expect((await attempt(t.app, u.loginName, `wrong-${i}`)).statusCode).toBe(401)
      expect((await attempt(t.app, u.loginName, u.password)).statusCode).toBe(200)
      const key = `account:${u.loginName.toLowerCase()}`
      expect(await t.db.selectFrom('login_throttle').where('key', '=', key).selectAll().executeTakeFirst()).toBeUndefined()
      // Without the reset the first of these would be the 5th failure in a row.
      for (let i = 1; i <= 4; i++) expect((await attempt(t.app, u.loginName, `wrong-${i}`)).statusCode, `attempt ${i}`).toBe(401)
      expect((await attempt(t.app, u.loginName, u.password)).statusCode).toBe(200)
    })
  })

  describe('sessions', () => {
    it('logout revokes the session, clears both cookies and is audited', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      const res = await post(t.app, '/api/auth/logout', s)
      expect(res.statusCode).toBe(204)
      for (const name of ['xf_session', 'xf_csrf']) {
        const c = res.cookies.find((x) => x.name === name)
        expect(c, name).toBeDefined()
        expect(c!.value).toBe('')
        expect(c!.path).toBe('/')
        expect((c!.expires as Date).getTime()).toBeLessThan(Date.now())
      }
      const row = await t.db
        .selectFrom('sessions')
        .where('token_hash', '=', tokenHash(t, s.token))
        .selectAll()
        .executeTakeFirstOrThrow()
      expect(row.revoked_at).not.toBeNull()

      const after = await get(t.app, '/api/auth/me', s)
      expect(after.statusCode).toBe(401)
      expect(after.json().error.message).toBe(SESSION_EXPIRED)
      expect((await auditRows(t.db, 'auth.logged_out')).filter((r) => r.actor_user_id === u.id)).toHaveLength(1)
    })

    it('refuses a state-changing request without or with a wrong CSRF token, and audits the denial', async () => {
      const u = await makeUser(t.db, { role: 'sys_admin', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      const name = `CSRF测试支部${randomBytes(3).toString('hex')}`
      const payload = { parentId: tree.own.id, name, kind: 'branch', level: 'grassroots' }
      const variants: [string, Record<string, string>][] = [
        ['no header', { cookie: s.cookie }],
        ['wrong header', { cookie: s.cookie, 'x-csrf-token': `${s.csrf}x` }],
        ['token only in the cookie', { cookie: `${s.cookie}; xf_csrf=${s.csrf}` }],
        ['another session’s token', { cookie: s.cookie, 'x-csrf-token': (await signIn(t.app, u.loginName, u.password)).csrf }],
      ]
      for (const [label, headers] of variants) {
        const res = await t.app.inject({ method: 'POST', url: '/api/orgs', headers, payload })
        expect(res.statusCode, label).toBe(403)
        expect(res.json().error.code).toBe('forbidden')
        expect(res.json().error.message).toContain('CSRF')
        const rows = (await auditRows(t.db, 'auth.request_denied')).filter((r) => r.request_id === res.headers['x-request-id'])
        expect(rows, label).toHaveLength(1)
        expect(rows[0]).toMatchObject({
          actor_user_id: u.id,
          actor_login: u.loginName,
          entity_id: 'POST /api/orgs',
          after: { code: 'forbidden', message: expect.stringContaining('CSRF') },
        })
      }
      expect(await t.db.selectFrom('orgs').where('name', '=', name).select('id').execute()).toEqual([])

      // Reads need no token; the right token lets the change through.
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(200)
      expect((await post(t.app, '/api/orgs', s, payload)).statusCode).toBe(201)
    })

    it('audits a request refused for a missing permission', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      const res = await get(t.app, '/api/orgs/tree', s)
      expect(res.statusCode).toBe(403)
      expect(res.json().error.message).toContain('查看组织')
      const rows = (await auditRows(t.db, 'auth.request_denied')).filter((r) => r.request_id === res.headers['x-request-id'])
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({
        actor_user_id: u.id,
        entity_id: 'GET /api/orgs/tree',
        org_id: tree.own.id,
        after: { code: 'forbidden', message: expect.stringContaining('查看组织') },
      })
    })

    it('ends a session idle for more than 30 minutes', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      await ageSession(t, s, 'last_seen_at', 29)
      expect((await get(t.app, '/api/auth/me', s)).statusCode).toBe(200)
      // That request counted as activity: the session is fresh again (written in the next batch).
      await t.app.sessions.flushActivity()
      const row = await t.db
        .selectFrom('sessions')
        .where('token_hash', '=', tokenHash(t, s.token))
        .select(sql<boolean>`last_seen_at > now() - interval '1 minute'`.as('fresh'))
        .executeTakeFirstOrThrow()
      expect(row.fresh).toBe(true)

      await ageSession(t, s, 'last_seen_at', 31)
      const res = await get(t.app, '/api/auth/me', s)
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: SESSION_EXPIRED } })
    })

    it('ends a session past its absolute limit even while it is in use', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      const row = await t.db
        .selectFrom('sessions')
        .where('token_hash', '=', tokenHash(t, s.token))
        .select(sql<number>`extract(epoch from expires_at - created_at)`.as('seconds'))
        .executeTakeFirstOrThrow()
      expect(Number(row.seconds)).toBeCloseTo(12 * 3600, -1)
      await ageSession(t, s, 'expires_at', 1)
      const res = await get(t.app, '/api/auth/me', s)
      expect(res.statusCode).toBe(401)
      expect(res.json().error.message).toBe(SESSION_EXPIRED)
    })

    it('a disabled user cannot log in, and their live sessions stop working', async () => {
      const admin = await makeUser(t.db, { role: 'sys_admin', org: tree.own })
      const adminSession = await signIn(t.app, admin.loginName, admin.password)
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)

      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${u.id}`,
        headers: adminSession.headers,
        payload: { isDisabled: true },
      })
      expect(patch.statusCode).toBe(200)
      expect((await get(t.app, '/api/auth/me', s)).statusCode).toBe(401)

      const right = await attempt(t.app, u.loginName, u.password)
      expect(right.statusCode).toBe(403)
      expect(right.json().error.message).toBe('该账号已停用，请联系管理员')
      expect(right.cookies.find((c) => c.name === 'xf_session')).toBeUndefined()
      const rows = (await auditRows(t.db, 'auth.login_failed')).filter((r) => r.request_id === right.headers['x-request-id'])
      expect(rows[0]).toMatchObject({ actor_user_id: u.id, after: { reason: 'disabled' } })
      // A wrong password still reveals nothing about the account.
      expect((await attempt(t.app, u.loginName, 'wrong')).json().error.message).toBe(WRONG_CREDENTIALS)
    })

    it('a session stops working as soon as its user is disabled, even if it was not revoked', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      expect((await get(t.app, '/api/auth/me', s)).statusCode).toBe(200)
      await t.db.updateTable('users').set({ is_disabled: true }).where('id', '=', u.id).execute()
      // changed behind the app's back, as by another process: it takes effect once notified
      await t.app.sessions.caughtUp()
      expect((await get(t.app, '/api/auth/me', s)).statusCode).toBe(401)
    })
  })

  describe('password change', () => {
    it('refuses a wrong current password, naming 当前密码', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      const res = await changePassword(t.app, s, 'not-my-password', newPassword())
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toMatchObject({
        code: 'validation_failed',
        message: '当前密码：当前密码不正确',
        details: [{ field: 'currentPassword', label: '当前密码' }],
      })
    })

    it('refuses a weak new password, naming 新密码 and the reason', async () => {
      const u = await makeUser(t.db, { role: 'member', org: tree.own })
      const s = await signIn(t.app, u.loginName, u.password)
      const cases: [string, string][] = [
        ['Ab1-x9', '密码至少 10 个字符'],
        ['password123', '这个密码太常见，容易被猜中，请换一个'],
        [`X9-${u.loginName.toUpperCase()}-q`, '密码不能包含登录名'],
        ['zzzzzzzzzzzz', '密码不能由同一个字符重复组成'],
        [u.password, '新密码不能与当前密码相同'],
      ]
      for (const [pw, reason] of cases) {
        const res = await changePassword(t.app, s, u.password, pw)
        expect(res.statusCode, pw).toBe(400)
        expect(res.json().error).toMatchObject({
          code: 'validation_failed',
          message: `新密码：${reason}`,
          details: [{ field: 'newPassword', label: '新密码' }],
        })
      }
      // Nothing changed: the old password still works.
      expect((await attempt(t.app, u.loginName, u.password)).statusCode).toBe(200)
    })

    it('lets the new password in, shuts the old one out, and ends every other session of the user', async () => {
      const u = await makeUser(t.db, { role: 'org_admin', org: tree.own })
      const current = await signIn(t.app, u.loginName, u.password)
      const other = await signIn(t.app, u.loginName, u.password)
      const stranger = await makeUser(t.db, { role: 'member', org: tree.own })
      const strangerSession = await signIn(t.app, stranger.loginName, stranger.password)

      const pw = newPassword() // two character classes are enough outside MLPS mode
      const res = await changePassword(t.app, current, u.password, pw)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().me).toMatchObject({ id: u.id, mustChangePassword: false })

      expect((await get(t.app, '/api/orgs/tree', current)).statusCode).toBe(200)
      expect((await get(t.app, '/api/auth/me', other)).statusCode).toBe(401)
      expect((await get(t.app, '/api/auth/me', strangerSession)).statusCode).toBe(200)

      const old = await attempt(t.app, u.loginName, u.password)
      expect(old.statusCode).toBe(401)
      expect(old.json().error.message).toBe(WRONG_CREDENTIALS)
      expect((await attempt(t.app, u.loginName, pw)).statusCode).toBe(200)

      const rows = (await auditRows(t.db, 'auth.password_changed')).filter((r) => r.actor_user_id === u.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ entity_id: u.id })
      expect(JSON.stringify(rows[0])).not.toContain(pw)
    })
  })

  describe('forced password change after an admin reset', () => {
    it('allows only me, password and logout until the password is changed', async () => {
      const admin = await makeUser(t.db, { role: 'sys_admin', org: tree.own })
      const adminSession = await signIn(t.app, admin.loginName, admin.password)
      const u = await makeUser(t.db, { role: 'org_admin', org: tree.descendant })
      const before = await signIn(t.app, u.loginName, u.password)

      const reset = await post(t.app, `/api/users/${u.id}/password-reset`, adminSession)
      expect(reset.statusCode).toBe(200)
      const temporary = reset.json().temporaryPassword as string
      // The reset ends the sessions opened with the old password.
      expect((await get(t.app, '/api/auth/me', before)).statusCode).toBe(401)
      expect((await attempt(t.app, u.loginName, u.password)).statusCode).toBe(401)

      const a = await signIn(t.app, u.loginName, temporary)
      const b = await signIn(t.app, u.loginName, temporary)
      expect(a.me.mustChangePassword).toBe(true)

      const refused = [
        await get(t.app, '/api/orgs/tree', a),
        await get(t.app, '/api/home/summary', a),
        await get(t.app, `/api/orgs/${tree.descendant.id}`, a),
        await post(t.app, '/api/auth/scope', a, { grantId: u.grantId }),
      ]
      for (const res of refused) {
        expect(res.statusCode, res.body).toBe(403)
        expect(res.json().error.message).toBe(CHANGE_PASSWORD_FIRST)
      }
      const meRes = await get(t.app, '/api/auth/me', a)
      expect(meRes.statusCode).toBe(200)
      expect(meRes.json().me.mustChangePassword).toBe(true)
      expect((await post(t.app, '/api/auth/logout', a)).statusCode).toBe(204)

      const pw = strongPassword()
      const changed = await changePassword(t.app, b, temporary, pw)
      expect(changed.statusCode, changed.body).toBe(200)
      expect(changed.json().me.mustChangePassword).toBe(false)
      expect((await get(t.app, '/api/orgs/tree', b)).statusCode).toBe(200)
      const fresh = await signIn(t.app, u.loginName, pw)
      expect(fresh.me.mustChangePassword).toBe(false)
    })
  })

  describe('scope switching', () => {
    it('switches among own grants, changing the current grant and what the org tree shows', async () => {
      const u = await makeUser(t.db, { role: 'sys_admin', org: tree.own })
      const second = await addGrant(t.db, u.id, 'discipline', tree.otherCity)
      const s = await signIn(t.app, u.loginName, u.password)
      expect(s.me.currentGrant?.id).toBe(u.grantId)
      expect(s.me.grants.map((g) => g.id).sort()).toEqual([u.grantId, second].sort())
      expect((await get(t.app, '/api/orgs/tree', s)).json().items.map((o: { id: string }) => o.id)).toEqual([tree.own.id])

      const res = await post(t.app, '/api/auth/scope', s, { grantId: second })
      expect(res.statusCode).toBe(200)
      expect(res.json().me.currentGrant).toMatchObject({ id: second, orgId: tree.otherCity.id, roleCode: 'discipline' })
      expect((await get(t.app, '/api/auth/me', s)).json().me.currentGrant.id).toBe(second)
      expect((await get(t.app, '/api/orgs/tree', s)).json().items.map((o: { id: string }) => o.id)).toEqual([tree.otherCity.id])
      // The role follows the scope: a discipline officer may not create orgs.
      const create = await post(t.app, '/api/orgs', s, {
        parentId: tree.otherCity.id,
        name: '新支部测试',
        kind: 'branch',
        level: 'grassroots',
      })
      expect(create.statusCode).toBe(403)

      const rows = (await auditRows(t.db, 'auth.scope_switched')).filter((r) => r.actor_user_id === u.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ entity_id: second, org_id: tree.otherCity.id })

      // And back.
      expect((await post(t.app, '/api/auth/scope', s, { grantId: u.grantId })).json().me.currentGrant.id).toBe(u.grantId)
      expect((await get(t.app, '/api/orgs/tree', s)).json().items.map((o: { id: string }) => o.id)).toEqual([tree.own.id])
    })

    it("refuses someone else's grant with 404 and keeps the scope", async () => {
      const u = await makeUser(t.db, { role: 'org_admin', org: tree.descendant })
      const other = await makeUser(t.db, { role: 'sys_admin', org: tree.province })
      const s = await signIn(t.app, u.loginName, u.password)
      const res = await post(t.app, '/api/auth/scope', s, { grantId: other.grantId })
      expect(res.statusCode).toBe(404)
      expect(res.json().error).toEqual({ code: 'not_found', message: '授权不存在或不在您的授权范围内' })
      expect((await get(t.app, '/api/auth/me', s)).json().me.currentGrant.id).toBe(u.grantId)
      expect((await get(t.app, '/api/orgs/tree', s)).json().items.map((o: { id: string }) => o.id)).toEqual([tree.descendant.id])
    })
  })

  it('without MLPS mode an old password never expires', async () => {
    const u = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    await t.db
      .updateTable('users')
      .set({ password_changed_at: sql`now() - interval '400 days'` })
      .where('id', '=', u.id)
      .execute()
    const s = await signIn(t.app, u.loginName, u.password)
    expect(s.me.mustChangePassword).toBe(false)
    expect(s.me.passwordPolicy).toEqual({ minLength: 10, requireThreeClasses: false, maxAgeDays: null })
    expect((await get(t.app, '/api/orgs/tree', s)).statusCode).toBe(200)
  })
})

describe('auth: lock by address (LOGIN_IP_MAX_FAILURES=3)', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_IP_MAX_FAILURES: '3' })
    tree = await makeOrgTree(t.db)
  })

  it('locks every account from an address that failed too often, and no other address', async () => {
    const a = await makeUser(t.db, { role: 'member', org: tree.own })
    const b = await makeUser(t.db, { role: 'member', org: tree.own })
    const ip = '192.0.2.10'
    expect((await attempt(t.app, a.loginName, 'wrong', ip)).statusCode).toBe(401)
    expect((await attempt(t.app, `nobody_${randomBytes(3).toString('hex')}`, 'wrong', ip)).statusCode).toBe(401)
    const third = await attempt(t.app, `nobody_${randomBytes(3).toString('hex')}`, 'wrong', ip)
    expect(third.statusCode).toBe(429)
    expect(third.json().error.message).toContain('15 分钟')

    // Another account, right password, same address: locked. A forged X-Forwarded-For changes nothing.
    expect((await attempt(t.app, b.loginName, b.password, ip)).statusCode).toBe(429)
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { loginName: b.loginName, password: b.password },
      remoteAddress: ip,
      headers: { 'x-forwarded-for': '198.51.100.1' },
    })
    expect(forged.statusCode).toBe(429)

    // Each account failed only once: from elsewhere both get in.
    expect((await attempt(t.app, a.loginName, a.password, '192.0.2.11')).statusCode).toBe(200)
    expect((await attempt(t.app, b.loginName, b.password, '192.0.2.12')).statusCode).toBe(200)
  })
})

describe('auth: SESSION_IDLE_MINUTES=5', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>

  beforeAll(async () => {
    t = await createTestApp({ SESSION_IDLE_MINUTES: '5' })
    tree = await makeOrgTree(t.db)
  })

  it('ends a session idle for 6 minutes but not one idle for 4', async () => {
    const u = await makeUser(t.db, { role: 'member', org: tree.own })
    const s = await signIn(t.app, u.loginName, u.password)
    await ageSession(t, s, 'last_seen_at', 4)
    expect((await get(t.app, '/api/auth/me', s)).statusCode).toBe(200)
    await ageSession(t, s, 'last_seen_at', 6)
    const res = await get(t.app, '/api/auth/me', s)
    expect(res.statusCode).toBe(401)
    expect(res.json().error.message).toBe(SESSION_EXPIRED)
  })
})

describe('auth: MLPS mode (PASSWORD_MLPS=true)', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>

  beforeAll(async () => {
    t = await createTestApp({ PASSWORD_MLPS: 'true' })
    tree = await makeOrgTree(t.db)
  })

  it('requires three character classes, however long the password', async () => {
    const u = await makeUser(t.db, { role: 'member', org: tree.own })
    const s = await signIn(t.app, u.loginName, u.password)
    expect(s.me.passwordPolicy).toEqual({ minLength: 10, requireThreeClasses: true, maxAgeDays: 90 })
    for (const pw of [
      `correcthorsebattery${randomBytes(3).toString('hex').replace(/[a-f]/g, '7')}`,
      `CorrectHorseBatteryStaple${randomBytes(2).toString('hex').replace(/\d/g, 'q')}`,
    ]) {
      const res = await changePassword(t.app, s, u.password, pw)
      expect(res.statusCode, pw).toBe(400)
      expect(res.json().error.message).toBe('新密码：密码须包含大写字母、小写字母、数字、符号中的至少三类')
    }
    expect((await changePassword(t.app, s, u.password, strongPassword())).statusCode).toBe(200)
  })

  it('makes a user whose password is 91 days old change it before anything else; 89 days is still fine', async () => {
    const fresh = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    await t.db
      .updateTable('users')
      .set({ password_changed_at: sql`now() - interval '89 days'` })
      .where('id', '=', fresh.id)
      .execute()
    const okSession = await signIn(t.app, fresh.loginName, fresh.password)
    expect(okSession.me.mustChangePassword).toBe(false)
    expect((await get(t.app, '/api/orgs/tree', okSession)).statusCode).toBe(200)

    const u = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    await t.db
      .updateTable('users')
      .set({ password_changed_at: sql`now() - interval '91 days'` })
      .where('id', '=', u.id)
      .execute()
    const s = await signIn(t.app, u.loginName, u.password)
    expect(s.me.mustChangePassword).toBe(true)
    const refused = await get(t.app, '/api/orgs/tree', s)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.message).toBe(CHANGE_PASSWORD_FIRST)
    expect((await get(t.app, '/api/auth/me', s)).statusCode).toBe(200)

    const changed = await changePassword(t.app, s, u.password, strongPassword())
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json().me.mustChangePassword).toBe(false)
    expect((await get(t.app, '/api/orgs/tree', s)).statusCode).toBe(200)
  })
})
