import { createHmac, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Permission } from '@xianfeng/contract'
import { prepared, type Db, type Executor } from '../db.ts'
import type { ActiveGrant } from './actor.ts'

export interface SessionSettings {
  secret: string
  idleMinutes: number
  absoluteHours: number
  passwordMaxAgeDays: number | null
}

export interface ResolvedSession {
  tokenHash: Buffer
  csrfToken: string
  userId: string
  loginName: string
  displayName: string
  /** The person record the account belongs to (member self-service). */
  personId: string | null
  mustChangePassword: boolean
  grant: ActiveGrant | null
  grants: ActiveGrant[]
}

const GRANT_COLUMNS = [
  'g.id',
  'g.org_id',
  'o.name as org_name',
  'o.path',
  'r.code',
  'r.name as role_name',
  'r.permissions',
] as const

const activeGrant = (r: {
  id: string
  org_id: string
  org_name: string
  path: string
  code: string
  role_name: string
  permissions: string[]
}): ActiveGrant => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  orgPath: r.path,
  roleCode: r.code,
  roleName: r.role_name,
  permissions: r.permissions as Permission[],
})

/** Server-side sessions: the browser holds an opaque 256-bit token, the database its keyed hash. */
export function createSessionStore(db: Db, settings: SessionSettings) {
  const hashToken = (token: string) => createHmac('sha256', settings.secret).update(token).digest()

  async function grantsOf(exec: Executor, userId: string): Promise<ActiveGrant[]> {
    const rows = await exec
      .selectFrom('grants as g')
      .innerJoin('roles as r', 'r.id', 'g.role_id')
      .innerJoin('orgs as o', 'o.id', 'g.org_id')
      .where('g.user_id', '=', userId)
      .select(GRANT_COLUMNS)
      .orderBy(sql`nlevel(o.path)`)
      .orderBy('g.created_at')
      .execute()
    return rows.map(activeGrant)
  }

  return {
    grantsOf,

    async create(exec: Executor, userId: string, grantId: string | null, meta: { ip: string | null; userAgent: string | null }) {
      const token = randomBytes(32).toString('base64url')
      const csrfToken = randomBytes(24).toString('base64url')
      await exec
        .insertInto('sessions')
        .values({
          token_hash: hashToken(token),
          user_id: userId,
          grant_id: grantId,
          csrf_token: csrfToken,
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 400) ?? null,
          expires_at: sql<Date>`now() + make_interval(hours => ${settings.absoluteHours})`,
        })
        .execute()
      return { token, csrfToken }
    },

    /** The live session for a token, or null when unknown, revoked, idle too long or past its limit. */
    async resolve(token: string): Promise<ResolvedSession | null> {
      const tokenHash = hashToken(token)
      const row = await db
        .selectFrom('sessions as s')
        .modifyFront(prepared('session'))
        .innerJoin('users as u', 'u.id', 's.user_id')
        .where('s.token_hash', '=', tokenHash)
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', sql<Date>`now()`)
        .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${settings.idleMinutes})`)
        .where('u.is_disabled', '=', false)
        .select([
          's.csrf_token',
          's.grant_id',
          's.user_id',
          'u.login_name',
          'u.display_name',
          'u.person_id',
          'u.must_change_password',
          sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('is_stale'),
          settings.passwordMaxAgeDays === null
            ? sql<boolean>`false`.as('is_expired')
            : sql<boolean>`u.password_changed_at < now() - make_interval(days => ${settings.passwordMaxAgeDays})`.as(
                'is_expired',
              ),
        ])
        // the user's grants in the same statement (as grantsOf reads them): one round trip a request
        .select((eb) =>
          jsonArrayFrom(
            eb
              .selectFrom('grants as g')
              .innerJoin('roles as r', 'r.id', 'g.role_id')
              .innerJoin('orgs as o', 'o.id', 'g.org_id')
              .whereRef('g.user_id', '=', 's.user_id')
              .select(GRANT_COLUMNS)
              .orderBy(sql`nlevel(o.path)`)
              .orderBy('g.created_at'),
          ).as('grants'),
        )
        .executeTakeFirst()
      if (!row) return null
      // Touch at most once a minute: the idle timeout needs no finer grain and reads stay reads.
      if (row.is_stale)
        await db
          .updateTable('sessions')
          .set({ last_seen_at: sql`now()` })
          .where('token_hash', '=', tokenHash)
          .execute()
      const grants = row.grants.map(activeGrant)
      return {
        tokenHash,
        csrfToken: row.csrf_token,
        userId: row.user_id,
        loginName: row.login_name,
        displayName: row.display_name,
        personId: row.person_id,
        mustChangePassword: row.must_change_password || row.is_expired,
        grant: grants.find((g) => g.id === row.grant_id) ?? null,
        grants,
      }
    },

    async setGrant(exec: Executor, tokenHash: Buffer, grantId: string) {
      await exec.updateTable('sessions').set({ grant_id: grantId }).where('token_hash', '=', tokenHash).execute()
    },

    async revoke(exec: Executor, tokenHash: Buffer) {
      await exec
        .updateTable('sessions')
        .set({ revoked_at: sql`now()` })
        .where('token_hash', '=', tokenHash)
        .execute()
    },

    /** Deletes sessions a day past their end: nothing can revive them, and the table must not grow forever. */
    async purgeExpired(exec: Executor) {
      await exec
        .deleteFrom('sessions')
        .where((eb) =>
          eb.or([
            eb('expires_at', '<', sql<Date>`now() - interval '1 day'`),
            eb('revoked_at', '<', sql<Date>`now() - interval '1 day'`),
            eb('last_seen_at', '<', sql<Date>`now() - make_interval(mins => ${settings.idleMinutes}) - interval '1 day'`),
          ]),
        )
        .execute()
    },

    /** Ends every other session of the user (after a password change or reset). */
    async revokeAllOf(exec: Executor, userId: string, except?: Buffer) {
      let q = exec
        .updateTable('sessions')
        .set({ revoked_at: sql`now()` })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
      if (except) q = q.where('token_hash', '<>', except)
      await q.execute()
    },
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>
