import type { GrantCreate, Permission, RoleView, UserCreate, UserUpdate, UserView } from '@xianfeng/contract'
import { BUILTIN_ROLES, type BuiltinRoleCode } from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import { generatePassword, hashPassword } from '../../platform/auth/passwords.ts'
import type { SessionStore } from '../../platform/auth/sessions.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'
import { AppError, conflict, forbidden, invalidState, notFound, onUniqueViolation } from '../../platform/errors.ts'
import type { OrgsService } from '../orgs/index.ts'
import type { PeopleService } from '../people/index.ts'
import { accountsRepo } from './accounts.repo.ts'

interface Deps {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope'>
  people: Pick<PeopleService, 'personInScope'>
  sessions: Pick<SessionStore, 'revokeAllOf'>
}

const PERSON_UNIQUE = 'users_person_id_key'

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function createAccountsService({ db, audit, orgs, people, sessions }: Deps) {
  const ownPermissions = (actor: Actor) => new Set<string>(actor.grant?.permissions ?? [])

  /** No one hands out more than they hold. */
  const assertGrantable = (actor: Actor, role: { name: string; permissions: string[] }) => {
    const mine = ownPermissions(actor)
    if (!role.permissions.every((p) => mine.has(p))) throw forbidden(`不能授予超出您自身权限的角色“${role.name}”`)
  }

  async function views(
    actor: Actor,
    users: NonNullable<Awaited<ReturnType<typeof accountsRepo.findUser>>>[],
  ): Promise<UserView[]> {
    const [grants, linked] = await Promise.all([
      accountsRepo.grantsInScope(
        db,
        users.map((u) => u.id),
        scopePaths(actor),
      ),
      accountsRepo.linkedPeopleInScope(
        db,
        users.flatMap((u) => (u.person_id ? [u.person_id] : [])),
        scopePaths(actor),
      ),
    ])
    const personName = new Map(linked.map((p) => [p.id, p.name]))
    return users.map((u) => ({
      id: u.id,
      loginName: u.login_name,
      displayName: u.display_name,
      isDisabled: u.is_disabled,
      mustChangePassword: u.must_change_password,
      lastLoginAt: iso(u.last_login_at),
      createdAt: iso(u.created_at)!,
      person: u.person_id && personName.has(u.person_id) ? { id: u.person_id, name: personName.get(u.person_id)! } : null,
      // Grants outside the caller's scope are not shown: they would name orgs the caller cannot see.
      grants: grants
        .filter((g) => g.user_id === u.id)
        .map((g) => ({
          id: g.id,
          orgId: g.org_id,
          orgName: g.org_name,
          roleCode: g.role_code,
          roleName: g.role_name,
          permissions: g.permissions,
        })),
    }))
  }

  /** The user, when one of their grants lies in the caller's scope; not_found otherwise. */
  async function visibleUser(actor: Actor, id: string) {
    const user = await accountsRepo.findUser(db, id)
    if (!user) throw notFound('账号')
    const grants = await accountsRepo.grantsInScope(db, [id], scopePaths(actor))
    if (grants.length === 0) throw notFound('账号')
    return { user, grants }
  }

  /** Changing a user's password or status needs every one of their grants within the caller's reach. */
  async function manageableUser(actor: Actor, id: string) {
    const found = await visibleUser(actor, id)
    if (found.user.id === actor.userId) throw forbidden('不能在这里修改自己的账号，请使用“修改密码”')
    if (await accountsRepo.hasGrantOutside(db, id, scopePaths(actor)))
      throw forbidden('该账号还有您授权范围以外的授权，只能由上级管理员操作')
    const mine = ownPermissions(actor)
    if (found.grants.some((g) => !g.permissions.every((p) => mine.has(p))))
      throw forbidden('该账号的角色权限超出您的权限，只能由上级管理员操作')
    return found
  }

  /** A person to link an account to: in the caller's scope, still a member, with no account yet. */
  async function linkablePerson(actor: Actor, personId: string, exceptUserId?: string) {
    const person = await people.personInScope(actor, personId)
    if (person.status === 'left') throw invalidState(`${person.name}已离开党组织，不能开通党员自助`)
    const holder = await accountsRepo.userOfPerson(db, personId)
    if (holder && holder.id !== exceptUserId) throw personTaken(person.name, holder.login_name)
    return person
  }
  const personTaken = (name: string, loginName?: string) =>
    conflict(`${name}已有账号${loginName ? `“${loginName}”` : ''}，一人只能有一个账号`)

  const one = async (actor: Actor, id: string) => (await views(actor, [(await accountsRepo.findUser(db, id))!]))[0]!

  return {
    async roles(): Promise<RoleView[]> {
      const rows = await accountsRepo.listRoles(db)
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        description: r.description,
        permissions: r.permissions,
        isBuiltin: r.is_builtin,
      }))
    },

    async list(actor: Actor, q: string | undefined, page: number, pageSize: number) {
      const { rows, total } = await accountsRepo.listUsers(db, scopePaths(actor), q, {
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      return { items: await views(actor, rows), total }
    },

    async create(actor: Actor, input: UserCreate) {
      const org = await orgs.assertInScope(actor, input.orgId)
      const role = await accountsRepo.findRole(db, input.roleId)
      if (!role) throw notFound('角色')
      assertGrantable(actor, role)
      if (await accountsRepo.loginTaken(db, input.loginName)) throw conflict(`登录名“${input.loginName}”已被使用`)
      const person = input.personId ? await linkablePerson(actor, input.personId) : null
      const initialPassword = generatePassword()
      const passwordHash = await hashPassword(initialPassword)
      const userId = await db
        .transaction()
        .execute(async (tx) => {
          const id = await accountsRepo.insertUser(tx, {
            loginName: input.loginName,
            displayName: input.displayName,
            passwordHash,
            personId: person?.id ?? null,
          })
          const grantId = await accountsRepo.insertGrant(tx, {
            userId: id,
            roleId: role.id,
            orgId: org.id,
            createdBy: actor.userId,
          })
          await audit.record(tx, actor, {
            action: 'accounts.user_created',
            entityType: 'user',
            entityId: id,
            orgId: org.id,
            after: {
              loginName: input.loginName,
              displayName: input.displayName,
              grant: { id: grantId, role: role.name, org: org.name },
              ...(person && { person: { id: person.id, name: person.name } }),
            },
          })
          return id
        })
        .catch(onUniqueViolation('users_login_name_key', () => conflict(`登录名“${input.loginName}”已被使用`)))
        .catch(onUniqueViolation(PERSON_UNIQUE, () => personTaken(person?.name ?? '该人员')))
      return { user: await one(actor, userId), initialPassword }
    },

    async update(actor: Actor, id: string, patch: UserUpdate) {
      if (patch.displayName === undefined && patch.isDisabled === undefined)
        throw new AppError('validation_failed', '没有要修改的内容')
      const { user, grants } = await manageableUser(actor, id)
      await db.transaction().execute(async (tx) => {
        await accountsRepo.updateUser(tx, id, {
          ...(patch.displayName !== undefined && { display_name: patch.displayName }),
          ...(patch.isDisabled !== undefined && { is_disabled: patch.isDisabled }),
        })
        if (patch.isDisabled) await sessions.revokeAllOf(tx, id)
        await audit.record(tx, actor, {
          action: 'accounts.user_updated',
          entityType: 'user',
          entityId: id,
          orgId: grants[0]?.org_id ?? null,
          before: { displayName: user.display_name, isDisabled: user.is_disabled },
          after: { displayName: patch.displayName ?? user.display_name, isDisabled: patch.isDisabled ?? user.is_disabled },
        })
      })
      return one(actor, id)
    },

    async resetPassword(actor: Actor, id: string) {
      const { grants } = await manageableUser(actor, id)
      const temporaryPassword = generatePassword()
      const hash = await hashPassword(temporaryPassword)
      await db.transaction().execute(async (tx) => {
        await accountsRepo.setPassword(tx, id, hash)
        await sessions.revokeAllOf(tx, id)
        await audit.record(tx, actor, {
          action: 'accounts.password_reset',
          entityType: 'user',
          entityId: id,
          orgId: grants[0]?.org_id ?? null,
          after: { mustChangePassword: true },
        })
      })
      return temporaryPassword
    },

    /** Links the account to the person it belongs to, for member self-service (one account per person). */
    async linkPerson(actor: Actor, id: string, personId: string) {
      const { user, grants } = await manageableUser(actor, id)
      const person = await linkablePerson(actor, personId, id)
      if (user.person_id === person.id) return one(actor, id)
      await db
        .transaction()
        .execute(async (tx) => {
          await accountsRepo.setPerson(tx, id, person.id)
          await audit.record(tx, actor, {
            action: 'accounts.person_linked',
            entityType: 'user',
            entityId: id,
            orgId: grants[0]?.org_id ?? null,
            before: { personId: user.person_id },
            after: { personId: person.id, personName: person.name },
          })
        })
        .catch(onUniqueViolation(PERSON_UNIQUE, () => personTaken(person.name)))
      return one(actor, id)
    },

    async unlinkPerson(actor: Actor, id: string) {
      const { user, grants } = await manageableUser(actor, id)
      if (!user.person_id) throw invalidState('该账号没有关联党员档案')
      await db.transaction().execute(async (tx) => {
        await accountsRepo.setPerson(tx, id, null)
        await audit.record(tx, actor, {
          action: 'accounts.person_unlinked',
          entityType: 'user',
          entityId: id,
          orgId: grants[0]?.org_id ?? null,
          before: { personId: user.person_id },
          after: { personId: null },
        })
      })
      return one(actor, id)
    },

    async addGrant(actor: Actor, userId: string, input: GrantCreate) {
      await visibleUser(actor, userId)
      const org = await orgs.assertInScope(actor, input.orgId)
      const role = await accountsRepo.findRole(db, input.roleId)
      if (!role) throw notFound('角色')
      assertGrantable(actor, role)
      if (await accountsRepo.grantExists(db, { userId, roleId: role.id, orgId: org.id }))
        throw conflict(`该账号已有“${role.name} @ ${org.name}”的授权`)
      await db
        .transaction()
        .execute(async (tx) => {
          const grantId = await accountsRepo.insertGrant(tx, { userId, roleId: role.id, orgId: org.id, createdBy: actor.userId })
          await audit.record(tx, actor, {
            action: 'accounts.grant_added',
            entityType: 'grant',
            entityId: grantId,
            orgId: org.id,
            after: { userId, role: role.name, org: org.name },
          })
        })
        .catch(
          onUniqueViolation('grants_user_id_role_id_org_id_key', () => conflict(`该账号已有“${role.name} @ ${org.name}”的授权`)),
        )
      return one(actor, userId)
    },

    async removeGrant(actor: Actor, grantId: string) {
      const grant = await accountsRepo.findGrant(db, grantId)
      if (!grant) throw notFound('授权')
      const org = await orgs.assertInScope(actor, grant.org_id).catch(() => {
        throw notFound('授权')
      })
      assertGrantable(actor, { name: grant.role_name, permissions: grant.permissions })
      if (grant.user_id === actor.userId) throw forbidden('不能撤销自己的授权，请联系上级管理员')
      await db.transaction().execute(async (tx) => {
        // Counted under lock: two removals at once cannot both see "one more left".
        if ((await accountsRepo.lockAndCountGrants(tx, grant.user_id)) <= 1)
          throw invalidState('这是该账号的最后一项授权；如不再使用，请停用账号')
        await accountsRepo.deleteGrant(tx, grantId)
        await audit.record(tx, actor, {
          action: 'accounts.grant_removed',
          entityType: 'grant',
          entityId: grantId,
          orgId: org.id,
          before: { userId: grant.user_id, role: grant.role_name, org: org.name },
        })
      })
      return one(actor, grant.user_id)
    },

    countInScope: (actor: Actor) => accountsRepo.countUsersInScope(db, scopePaths(actor)),
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>

/** The built-in roles as rows, for seeding and for keeping their permissions current. */
export const builtinRoleRows = () =>
  (Object.entries(BUILTIN_ROLES) as [BuiltinRoleCode, (typeof BUILTIN_ROLES)[BuiltinRoleCode]][]).map(([code, r]) => ({
    code,
    name: r.name,
    description: r.description,
    permissions: r.permissions as Permission[],
  }))
