import { sql } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import { orgInScopeSql } from '../orgs/index.ts'

const USER_COLUMNS = [
  'u.id',
  'u.login_name',
  'u.display_name',
  'u.is_disabled',
  'u.must_change_password',
  'u.last_login_at',
  'u.created_at',
  'u.person_id',
] as const

/** Users holding at least one grant inside the scope. */
const usersInScope = (db: Executor, scope: string[]) =>
  db
    .selectFrom('users as u')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('grants as g').whereRef('g.user_id', '=', 'u.id').where(orgInScopeSql('g.org_id', scope)).select('g.id')),
    )

export const accountsRepo = {
  listRoles: (db: Executor) =>
    db
      .selectFrom('roles')
      .select(['id', 'code', 'name', 'description', 'permissions', 'is_builtin'])
      .orderBy('is_builtin', 'desc')
      .orderBy('created_at')
      .execute(),

  findRole: (db: Executor, id: string) =>
    db.selectFrom('roles').where('id', '=', id).select(['id', 'code', 'name', 'permissions']).executeTakeFirst(),

  async listUsers(db: Executor, scope: string[], q: string | undefined, page: { limit: number; offset: number }) {
    let base = usersInScope(db, scope)
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      base = base.where((eb) => eb.or([eb('u.login_name', 'ilike', pattern), eb('u.display_name', 'like', pattern)]))
    }
    const [rows, total] = await Promise.all([
      base
        .select(USER_COLUMNS)
        .orderBy('u.created_at', 'desc')
        .orderBy('u.login_name')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(total.n) }
  },

  findUser: (db: Executor, id: string) =>
    db.selectFrom('users as u').where('u.id', '=', id).select(USER_COLUMNS).executeTakeFirst(),

  /** The users' grants that lie in the scope (those outside name orgs the caller may not see). */
  grantsInScope: (db: Executor, userIds: string[], scope: string[]) =>
    userIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('grants as g')
          .innerJoin('roles as r', 'r.id', 'g.role_id')
          .innerJoin('orgs as o', 'o.id', 'g.org_id')
          .where('g.user_id', 'in', userIds)
          .where(orgInScopeSql('g.org_id', scope))
          .select([
            'g.id',
            'g.user_id',
            'g.org_id',
            'o.name as org_name',
            'r.code as role_code',
            'r.name as role_name',
            'r.permissions',
          ])
          .orderBy('g.created_at')
          .execute(),

  /** The people the users are linked to, those in the scope only (others would name people the caller cannot see). */
  linkedPeopleInScope: (db: Executor, personIds: string[], scope: string[]) =>
    personIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('people as p')
          .innerJoin('members as m', 'm.person_id', 'p.id')
          .where('p.id', 'in', personIds)
          .where(orgInScopeSql('m.org_id', scope))
          .select(['p.id', 'p.name'])
          .execute(),

  /** The account a person is linked to, if any. */
  userOfPerson: (db: Executor, personId: string) =>
    db.selectFrom('users').where('person_id', '=', personId).select(['id', 'login_name']).executeTakeFirst(),

  async setPerson(db: Executor, userId: string, personId: string | null) {
    await db.updateTable('users').set({ person_id: personId }).where('id', '=', userId).execute()
  },

  hasGrantOutside: async (db: Executor, userId: string, scope: string[]) =>
    (await db
      .selectFrom('grants as g')
      .where('g.user_id', '=', userId)
      .where((eb) => eb.not(orgInScopeSql('g.org_id', scope)))
      .select('g.id')
      .executeTakeFirst()) !== undefined,

  /** Locks the user's grants for the rest of the transaction and counts them. */
  lockAndCountGrants: async (tx: Executor, userId: string) =>
    (await tx.selectFrom('grants').where('user_id', '=', userId).select('id').forUpdate().execute()).length,

  findGrant: (db: Executor, id: string) =>
    db
      .selectFrom('grants as g')
      .innerJoin('roles as r', 'r.id', 'g.role_id')
      .where('g.id', '=', id)
      .select(['g.id', 'g.user_id', 'g.org_id', 'g.role_id', 'r.name as role_name', 'r.permissions'])
      .executeTakeFirst(),

  loginTaken: async (db: Executor, loginName: string) =>
    (await db.selectFrom('users').where('login_name', '=', loginName).select('id').executeTakeFirst()) !== undefined,

  grantExists: async (db: Executor, g: { userId: string; roleId: string; orgId: string }) =>
    (await db
      .selectFrom('grants')
      .where('user_id', '=', g.userId)
      .where('role_id', '=', g.roleId)
      .where('org_id', '=', g.orgId)
      .select('id')
      .executeTakeFirst()) !== undefined,

  async insertUser(db: Executor, u: { loginName: string; displayName: string; passwordHash: string; personId: string | null }) {
    const row = await db
      .insertInto('users')
      .values({
        login_name: u.loginName,
        display_name: u.displayName,
        password_hash: u.passwordHash,
        person_id: u.personId,
        must_change_password: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  },

  async updateUser(db: Executor, id: string, patch: { display_name?: string; is_disabled?: boolean }) {
    await db.updateTable('users').set(patch).where('id', '=', id).execute()
  },

  async setPassword(db: Executor, id: string, hash: string) {
    await db
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: true, password_changed_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  },

  async insertGrant(db: Executor, g: { userId: string; roleId: string; orgId: string; createdBy: string | null }) {
    const row = await db
      .insertInto('grants')
      .values({ user_id: g.userId, role_id: g.roleId, org_id: g.orgId, created_by: g.createdBy })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  },

  async deleteGrant(db: Executor, id: string) {
    await db.deleteFrom('grants').where('id', '=', id).execute()
  },

  countUsersInScope: async (db: Executor, scope: string[]) =>
    Number(
      (
        await usersInScope(db, scope)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
}
