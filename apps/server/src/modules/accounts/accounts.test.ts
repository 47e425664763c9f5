import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { BuiltinRoleCode, Me, UserView } from '@xianfeng/contract'
import { passwordProblem } from '../../platform/auth/passwords.ts'
import {
  addGrant,
  auditRows,
  createTestApp,
  login,
  makeOrgTree,
  makeUser,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'

const unique = () => randomBytes(4).toString('hex')

describe('accounts and grants', () => {
  let t: TestApp
  const roleIds = new Map<string, string>()

  beforeAll(async () => {
    t = await createTestApp()
    for (const r of await t.db.selectFrom('roles').select(['id', 'code']).execute()) roleIds.set(r.code, r.id)
  })

  const roleId = (code: BuiltinRoleCode) => roleIds.get(code)!

  /** A fresh tree with an org department administrator (may manage accounts) at its `own` org. */
  async function setup() {
    const tree = await makeOrgTree(t.db)
    const admin = await makeUser(t.db, { role: 'org_dept_admin', org: tree.own })
    const session = await login(t.app, admin.loginName, admin.password)
    return { tree, admin, session }
  }

  const createUser = (
    session: Session,
    body: { loginName?: string; displayName?: string; role?: BuiltinRoleCode; orgId: string },
  ) =>
    call(t.app, session, 'POST', '/api/users', {
      loginName: body.loginName ?? `new_${unique()}`,
      displayName: body.displayName ?? '王小明',
      roleId: roleId(body.role ?? 'member'),
      orgId: body.orgId,
    })

  const tryLogin = (loginName: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { loginName, password } })
  const me = (s: Session) => call(t.app, s, 'GET', '/api/auth/me')
  const auditFor = async (action: string, entityId: string) =>
    (await auditRows(t.db, action)).filter((r) => r.entity_id === entityId)

  it('creates a user with a one-time initial password that meets the policy and must be changed at first login', async () => {
    const { tree, admin, session } = await setup()
    const loginName = `li.na_${unique()}`
    const res = await createUser(session, { loginName, displayName: '李娜', role: 'org_admin', orgId: tree.descendant.id })
    expect(res.statusCode, res.body).toBe(201)
    const { user, initialPassword } = res.json() as { user: UserView; initialPassword: string }
    expect(user).toMatchObject({ loginName, displayName: '李娜', isDisabled: false, mustChangePassword: true, lastLoginAt: null })
    expect(user.grants).toEqual([
      expect.objectContaining({ orgId: tree.descendant.id, orgName: tree.descendant.name, roleCode: 'org_admin' }),
    ])
    // Good enough for the strictest policy (等保: three classes of character).
    expect(passwordProblem(initialPassword, t.config.passwordPolicy, loginName)).toBeNull()
    expect(passwordProblem(initialPassword, { minLength: 12, requireThreeClasses: true, maxAgeDays: 90 }, loginName)).toBeNull()
    // Shown once: the stored value is a hash.
    const stored = await t.db.selectFrom('users').where('id', '=', user.id).select('password_hash').executeTakeFirstOrThrow()
    expect(stored.password_hash).not.toContain(initialPassword)

    const session2 = await login(t.app, loginName, initialPassword)
    expect((await me(session2)).json().me).toMatchObject({ loginName, mustChangePassword: true })
    const blocked = await call(t.app, session2, 'GET', '/api/orgs/tree')
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().error.message).toContain('请先修改密码')

    const rows = await auditFor('accounts.user_created', user.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor_login: admin.loginName,
      org_id: tree.descendant.id,
      after: { loginName, displayName: '李娜', grant: { role: '党组织管理员', org: tree.descendant.name } },
    })
    expect(JSON.stringify(rows[0])).not.toContain(initialPassword)
  })

  it('a login name already taken, in any letter case, is a 409 naming it', async () => {
    const { tree, session } = await setup()
    const loginName = `Taken_${unique()}`
    expect((await createUser(session, { loginName, orgId: tree.own.id })).statusCode).toBe(201)
    for (const name of [loginName, loginName.toLowerCase()]) {
      const res = await createUser(session, { loginName: name, orgId: tree.own.id })
      expect(res.statusCode, name).toBe(409)
      expect(res.json().error.message).toContain(`登录名“${name}”已被使用`)
    }
  })

  it.each([
    ['张三', 'Chinese characters'],
    ['li na', 'a space'],
    ['ab', 'too short'],
    ['a'.repeat(65), 'too long'],
    ['li/na', 'a slash'],
  ])('refuses the login name %j (%s) with a 400 naming 登录名', async (loginName) => {
    const { tree, session } = await setup()
    const res = await createUser(session, { loginName, orgId: tree.own.id })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('登录名')
    expect(res.json().error.details[0]).toMatchObject({ field: 'loginName', label: '登录名' })
  })

  it('an org administrator, who may only read accounts, cannot create one (403)', async () => {
    const tree = await makeOrgTree(t.db)
    const orgAdmin = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    const session = await login(t.app, orgAdmin.loginName, orgAdmin.password)
    const loginName = `new_${unique()}`
    const res = await createUser(session, { loginName, orgId: tree.own.id })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toContain('管理账号与授权')
    expect(await t.db.selectFrom('users').where('login_name', '=', loginName).select('id').execute()).toEqual([])
  })

  it('no one hands out more than they hold: an org department admin cannot grant 系统管理员 or 审计员', async () => {
    const { tree, session } = await setup()
    for (const role of ['sys_admin', 'auditor'] as const) {
      const loginName = `esc_${unique()}`
      const res = await createUser(session, { loginName, role, orgId: tree.descendant.id })
      expect(res.statusCode, role).toBe(403)
      expect(res.json().error.message).toContain('超出您自身权限')
      expect(await t.db.selectFrom('users').where('login_name', '=', loginName).select('id').execute()).toEqual([])
    }
    // Nor by adding a grant to an existing account, nor to themself.
    const member = await makeUser(t.db, { role: 'member', org: tree.descendant })
    const res = await call(t.app, session, 'POST', `/api/users/${member.id}/grants`, {
      roleId: roleId('sys_admin'),
      orgId: tree.descendant.id,
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toContain('超出您自身权限')
    const grants = await t.db.selectFrom('grants').where('user_id', '=', member.id).select('role_id').execute()
    expect(grants).toEqual([{ role_id: roleId('member') }])
  })

  it('cannot manage an account that also holds a grant outside the caller’s scope, or a role stronger than the caller’s (403)', async () => {
    const { tree, session } = await setup()
    const straddling = await makeUser(t.db, { role: 'member', org: tree.descendant })
    await addGrant(t.db, straddling.id, 'member', tree.sibling)
    for (const [method, url, payload] of [
      ['PATCH', `/api/users/${straddling.id}`, { displayName: '改名' }],
      ['PATCH', `/api/users/${straddling.id}`, { isDisabled: true }],
      ['POST', `/api/users/${straddling.id}/password-reset`, undefined],
    ] as const) {
      const res = await call(t.app, session, method, url, payload)
      expect(res.statusCode, `${method} ${JSON.stringify(payload)}`).toBe(403)
      expect(res.json().error.message).toContain('授权范围以外')
    }
    expect(
      await t.db
        .selectFrom('users')
        .where('id', '=', straddling.id)
        .select(['display_name', 'is_disabled'])
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ is_disabled: false })

    const stronger = await makeUser(t.db, { role: 'sys_admin', org: tree.descendant })
    const reset = await call(t.app, session, 'POST', `/api/users/${stronger.id}/password-reset`)
    expect(reset.statusCode).toBe(403)
    await login(t.app, stronger.loginName, stronger.password)

    const outside = await makeUser(t.db, { role: 'member', org: tree.sibling })
    expect((await call(t.app, session, 'PATCH', `/api/users/${outside.id}`, { displayName: '改名' })).statusCode).toBe(404)
  })

  it('lists only the users with a grant in scope, and only their grants in scope', async () => {
    const { tree, admin, session } = await setup()
    const inside = await makeUser(t.db, { role: 'member', org: tree.descendant })
    const straddling = await makeUser(t.db, { role: 'discipline', org: tree.own })
    await addGrant(t.db, straddling.id, 'org_admin', tree.sibling)
    const outside = await makeUser(t.db, { role: 'member', org: tree.sibling })
    const above = await makeUser(t.db, { role: 'member', org: tree.cityA })

    const res = await call(t.app, session, 'GET', '/api/users?pageSize=100')
    expect(res.statusCode).toBe(200)
    const { items, total } = res.json() as { items: UserView[]; total: number }
    expect(items.map((u) => u.loginName).sort()).toEqual([admin.loginName, inside.loginName, straddling.loginName].sort())
    expect(total).toBe(3)
    expect(items.map((u) => u.id)).not.toContain(outside.id)
    expect(items.map((u) => u.id)).not.toContain(above.id)
    const shown = items.find((u) => u.id === straddling.id)!
    expect(shown.grants).toEqual([expect.objectContaining({ orgId: tree.own.id, roleCode: 'discipline' })])
    expect(JSON.stringify(items)).not.toContain(tree.sibling.name)

    const found = await call(t.app, session, 'GET', `/api/users?q=${inside.loginName.slice(-6)}`)
    expect((found.json() as { items: UserView[] }).items.map((u) => u.id)).toEqual([inside.id])
  })

  it('resetting a password forces a change at next login and ends the user’s sessions', async () => {
    const { tree, admin, session } = await setup()
    const user = await makeUser(t.db, { role: 'discipline', org: tree.descendant })
    const theirs = await login(t.app, user.loginName, user.password)
    expect((await me(theirs)).statusCode).toBe(200)

    const res = await call(t.app, session, 'POST', `/api/users/${user.id}/password-reset`)
    expect(res.statusCode).toBe(200)
    const { temporaryPassword } = res.json() as { temporaryPassword: string }
    expect(passwordProblem(temporaryPassword, t.config.passwordPolicy, user.loginName)).toBeNull()

    expect((await me(theirs)).statusCode).toBe(401)
    expect((await tryLogin(user.loginName, user.password)).statusCode).toBe(401)
    const fresh = await login(t.app, user.loginName, temporaryPassword)
    expect((await me(fresh)).json().me.mustChangePassword).toBe(true)
    // The administrator's own session is untouched.
    expect((await me(session)).statusCode).toBe(200)

    const rows = await auditFor('accounts.password_reset', user.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor_login: admin.loginName, org_id: tree.descendant.id })
    expect(JSON.stringify(rows[0])).not.toContain(temporaryPassword)
  })

  it('disabling an account ends its sessions and refuses its logins; enabling lets it back in', async () => {
    const { tree, admin, session } = await setup()
    const user = await makeUser(t.db, { role: 'discipline', org: tree.descendant })
    const theirs = await login(t.app, user.loginName, user.password)

    const res = await call(t.app, session, 'PATCH', `/api/users/${user.id}`, { isDisabled: true })
    expect(res.statusCode).toBe(200)
    expect((res.json() as { user: UserView }).user.isDisabled).toBe(true)
    expect((await me(theirs)).statusCode).toBe(401)
    const refused = await tryLogin(user.loginName, user.password)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.message).toContain('已停用')
    const revoked = await t.db
      .selectFrom('sessions')
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .select('user_id')
      .execute()
    expect(revoked).toEqual([])

    expect(
      (await call(t.app, session, 'PATCH', `/api/users/${user.id}`, { isDisabled: false, displayName: '复用账号' })).statusCode,
    ).toBe(200)
    await login(t.app, user.loginName, user.password)

    const rows = await auditFor('accounts.user_updated', user.id)
    expect(rows.map((r) => [r.before, r.after])).toEqual([
      [expect.objectContaining({ isDisabled: false }), expect.objectContaining({ isDisabled: true })],
      [expect.objectContaining({ isDisabled: true }), { displayName: '复用账号', isDisabled: false }],
    ])
    expect(rows.every((r) => r.actor_login === admin.loginName)).toBe(true)
  })

  it('cannot change one’s own account here (403)', async () => {
    const { admin, session } = await setup()
    for (const [method, url, payload] of [
      ['PATCH', `/api/users/${admin.id}`, { isDisabled: true }],
      ['POST', `/api/users/${admin.id}/password-reset`, undefined],
    ] as const) {
      const res = await call(t.app, session, method, url, payload)
      expect(res.statusCode, url).toBe(403)
    }
    expect((await me(session)).statusCode).toBe(200)
  })

  it('adds a grant (audited), refuses the same grant twice (409) and an org outside the scope (404)', async () => {
    const { tree, admin, session } = await setup()
    const user = await makeUser(t.db, { role: 'member', org: tree.descendant })
    const res = await call(t.app, session, 'POST', `/api/users/${user.id}/grants`, {
      roleId: roleId('org_admin'),
      orgId: tree.own.id,
    })
    expect(res.statusCode).toBe(201)
    const grant = (res.json() as { user: UserView }).user.grants.find((g) => g.roleCode === 'org_admin')
    expect(grant).toMatchObject({ orgId: tree.own.id })
    expect(await auditFor('accounts.grant_added', grant!.id)).toEqual([
      expect.objectContaining({
        actor_login: admin.loginName,
        org_id: tree.own.id,
        after: { userId: user.id, role: '党组织管理员', org: tree.own.name },
      }),
    ])

    const again = await call(t.app, session, 'POST', `/api/users/${user.id}/grants`, {
      roleId: roleId('org_admin'),
      orgId: tree.own.id,
    })
    expect(again.statusCode).toBe(409)
    const outside = await call(t.app, session, 'POST', `/api/users/${user.id}/grants`, {
      roleId: roleId('discipline'),
      orgId: tree.sibling.id,
    })
    expect(outside.statusCode).toBe(404)
  })

  it('a removed grant is gone from the holder’s live session on their very next request', async () => {
    const { tree, session } = await setup()
    const user = await makeUser(t.db, { role: 'member', org: tree.descendant })
    const extra = await addGrant(t.db, user.id, 'discipline', tree.own)
    const holder = await login(t.app, user.loginName, user.password)
    const me = async () => ((await call(t.app, holder, 'GET', '/api/auth/me')).json() as { me: Me }).me
    // the broader grant is the session's current scope
    expect((await me()).currentGrant?.id).toBe(extra)
    expect((await call(t.app, holder, 'GET', `/api/members?orgId=${tree.own.id}`)).statusCode).toBe(200)

    expect((await call(t.app, session, 'DELETE', `/api/grants/${extra}`)).statusCode).toBe(200)
    const after = await me()
    expect(after.grants.map((g) => g.id)).toEqual([user.grantId])
    expect(after.currentGrant?.id).not.toBe(extra)
    expect((await call(t.app, holder, 'GET', `/api/members?orgId=${tree.own.id}`)).statusCode).not.toBe(200)
  })

  it('removes a grant (audited), but never the last one (422) nor one’s own (403)', async () => {
    const { tree, admin, session } = await setup()
    const user = await makeUser(t.db, { role: 'member', org: tree.descendant })
    const extra = await addGrant(t.db, user.id, 'discipline', tree.own)

    const removed = await call(t.app, session, 'DELETE', `/api/grants/${extra}`)
    expect(removed.statusCode).toBe(200)
    expect((removed.json() as { user: UserView }).user.grants.map((g) => g.id)).toEqual([user.grantId])
    expect(await auditFor('accounts.grant_removed', extra)).toEqual([
      expect.objectContaining({
        actor_login: admin.loginName,
        org_id: tree.own.id,
        before: { userId: user.id, role: '纪检干部', org: tree.own.name },
      }),
    ])

    const last = await call(t.app, session, 'DELETE', `/api/grants/${user.grantId}`)
    expect(last.statusCode).toBe(422)
    expect(last.json().error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('最后一项授权') })

    const ownExtra = await addGrant(t.db, admin.id, 'org_dept_admin', tree.descendant)
    for (const grantId of [ownExtra, admin.grantId]) {
      const res = await call(t.app, session, 'DELETE', `/api/grants/${grantId}`)
      expect(res.statusCode).toBe(403)
      expect(res.json().error.message).toContain('不能撤销自己的授权')
    }
    const outside = await makeUser(t.db, { role: 'member', org: tree.sibling })
    await addGrant(t.db, outside.id, 'discipline', tree.sibling)
    expect((await call(t.app, session, 'DELETE', `/api/grants/${outside.grantId}`)).statusCode).toBe(404)

    const left = await t.db
      .selectFrom('grants')
      .where('id', 'in', [user.grantId, ownExtra, admin.grantId, outside.grantId])
      .select('id')
      .execute()
    expect(left).toHaveLength(4)
  })
})
