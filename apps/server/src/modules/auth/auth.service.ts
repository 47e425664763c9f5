import type { ChangePasswordBody, LoginBody, Me, PasswordPolicy } from '@xianfeng/contract'
import type { Actor, RequestContext } from '../../platform/auth/actor.ts'
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from '../../platform/auth/passwords.ts'
import type { ResolvedSession, SessionStore } from '../../platform/auth/sessions.ts'
import type { LoginThrottle } from '../../platform/auth/throttle.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'
import { AppError, invalidField, notFound } from '../../platform/errors.ts'
import { authRepo } from './auth.repo.ts'

interface Deps {
  db: Db
  audit: AuditService
  sessions: SessionStore
  throttle: LoginThrottle
  passwordPolicy: PasswordPolicy
  lockMinutes: number
}

const toGrantView = ({ orgPath: _orgPath, ...g }: ResolvedSession['grants'][number]) => g

export function createAuthService({ db, audit, sessions, throttle, passwordPolicy, lockMinutes }: Deps) {
  const lockedError = () =>
    new AppError('rate_limited', `登录失败次数过多，账号或来源地址已被锁定，请 ${lockMinutes} 分钟后再试`, {
      headers: { 'retry-after': String(lockMinutes * 60) },
    })
  const wrongCredentials = () => new AppError('unauthenticated', '登录名或密码错误')

  const toMe = (
    s: Pick<
      ResolvedSession,
      'userId' | 'loginName' | 'displayName' | 'personId' | 'mustChangePassword' | 'grant' | 'grants' | 'csrfToken'
    >,
  ): Me => ({
    id: s.userId,
    loginName: s.loginName,
    displayName: s.displayName,
    personId: s.personId,
    mustChangePassword: s.mustChangePassword,
    currentGrant: s.grant ? toGrantView(s.grant) : null,
    grants: s.grants.map(toGrantView),
    passwordPolicy,
    csrfToken: s.csrfToken,
  })

  // Called right after a change (login, password, scope): what this process holds may predate it.
  const meOf = async (token: string) => {
    const s = await sessions.resolve(token, { isFresh: true })
    if (!s) throw new AppError('unauthenticated', '会话无效，请重新登录')
    return toMe(s)
  }

  return {
    toMe,

    async login(ctx: RequestContext & { userAgent: string | null }, body: LoginBody): Promise<{ token: string; me: Me }> {
      const who = { ...ctx, userId: null, loginName: body.loginName }
      const refuseLocked = async (userId: string | null) => {
        await audit.record(db, { ...who, userId }, { action: 'auth.login_failed', after: { reason: 'locked' } })
        throw lockedError()
      }
      if (await throttle.isLocked(db, body.loginName, ctx.ip)) return refuseLocked(null)
      // Counted before the password check: parallel guesses cannot outrun the lock.
      const attempt = await throttle.countAccountAttempt(db, body.loginName)
      if (throttle.isOverLimit(attempt)) return refuseLocked(null)

      const user = await authRepo.findUserByLogin(db, body.loginName)
      const isValid = user ? await verifyPassword(user.password_hash, body.password) : await verifyAgainstDummy(body.password)
      if (!user || !isValid) {
        await db.transaction().execute(async (tx) => {
          await throttle.recordIpFailure(tx, ctx.ip)
          await audit.record(
            tx,
            { ...who, userId: user?.id ?? null },
            {
              action: 'auth.login_failed',
              entityType: 'user',
              ...(user && { entityId: user.id }),
              after: { reason: user ? 'wrong_password' : 'unknown_login' },
            },
          )
        })
        if (await throttle.isLocked(db, body.loginName, ctx.ip)) throw lockedError()
        throw wrongCredentials()
      }
      if (user.is_disabled) {
        await audit.record(
          db,
          { ...who, userId: user.id, loginName: user.login_name },
          {
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user.id,
            after: { reason: 'disabled' },
          },
        )
        throw new AppError('forbidden', '该账号已停用，请联系管理员')
      }
      const grants = await sessions.grantsOf(db, user.id)
      const { token } = await db.transaction().execute(async (tx) => {
        const created = await sessions.create(tx, user.id, grants[0]?.id ?? null, ctx)
        await throttle.clearAccount(tx, body.loginName)
        await authRepo.touchLogin(tx, user.id)
        await audit.record(
          tx,
          { ...ctx, userId: user.id, loginName: user.login_name },
          {
            action: 'auth.login_succeeded',
            entityType: 'user',
            entityId: user.id,
            orgId: grants[0]?.orgId ?? null,
          },
        )
        return created
      })
      return { token, me: await meOf(token) }
    },

    async logout(actor: Actor) {
      await db.transaction().execute(async (tx) => {
        await sessions.revoke(tx, actor.sessionTokenHash)
        await audit.record(tx, actor, { action: 'auth.logged_out', entityType: 'user', entityId: actor.userId })
      })
    },

    async changePassword(actor: Actor, body: ChangePasswordBody, token: string): Promise<Me> {
      const user = await authRepo.findUserById(db, actor.userId)
      if (!user) throw notFound('账号')
      // A stolen session must not become a way to guess the password: same counter as login.
      if (await throttle.isLocked(db, user.login_name, null)) throw lockedError()
      if (!(await verifyPassword(user.password_hash, body.currentPassword))) {
        await throttle.countAccountAttempt(db, user.login_name)
        await audit.record(db, actor, {
          action: 'auth.password_change_failed',
          entityType: 'user',
          entityId: user.id,
          after: { reason: 'wrong_current_password' },
        })
        throw invalidField('currentPassword', '当前密码', '当前密码不正确')
      }
      const problem = passwordProblem(body.newPassword, passwordPolicy, user.login_name)
      if (problem) throw invalidField('newPassword', '新密码', problem)
      if (await verifyPassword(user.password_hash, body.newPassword))
        throw invalidField('newPassword', '新密码', '新密码不能与当前密码相同')
      const hash = await hashPassword(body.newPassword)
      await db.transaction().execute(async (tx) => {
        await authRepo.setPassword(tx, user.id, hash, false)
        await throttle.clearAccount(tx, user.login_name)
        await sessions.revokeAllOf(tx, user.id, actor.sessionTokenHash)
        await audit.record(tx, actor, {
          action: 'auth.password_changed',
          entityType: 'user',
          entityId: user.id,
          after: { password: 'changed' },
        })
      })
      return meOf(token)
    },

    async switchScope(actor: Actor, grantId: string, token: string): Promise<Me> {
      const grant = actor.grants.find((g) => g.id === grantId)
      if (!grant) throw notFound('授权')
      await db.transaction().execute(async (tx) => {
        await sessions.setGrant(tx, actor.sessionTokenHash, grant.id)
        await audit.record(tx, actor, {
          action: 'auth.scope_switched',
          entityType: 'grant',
          entityId: grant.id,
          orgId: grant.orgId,
          before: actor.grant && { grantId: actor.grant.id, org: actor.grant.orgName, role: actor.grant.roleName },
          after: { grantId: grant.id, org: grant.orgName, role: grant.roleName },
        })
      })
      return meOf(token)
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
