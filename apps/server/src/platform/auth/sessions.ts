import { createHmac, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Permission } from '@xianfeng/contract'
import type { Logger } from 'pino'
import { prepared, separateClient, type Db, type Executor } from '../db.ts'
import type { ActiveGrant } from './actor.ts'
import { createSessionCache, type CacheEntry } from './session-cache.ts'

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

/**
 * Activity is written to last_seen_at at most this often a session: the idle timeout (minutes) needs
 * no finer grain, and most requests then write nothing.
 */
const ACTIVITY_GRAIN_MS = 60_000
/** Activity waits this long to be written, all sessions' in one statement. */
const ACTIVITY_FLUSH_MS = 10_000

/** A resolved session as this process holds it between requests (see session-cache.ts). */
interface HeldSession extends CacheEntry {
  session: Omit<ResolvedSession, 'mustChangePassword'>
  mustChangePassword: boolean
  /** Local clock (ms) at which the session ends, and at which the password expires (null: never). */
  expiresAt: number
  passwordExpiresAt: number | null
  /** Latest activity seen here, and the latest the database has (as far as this process knows). */
  lastSeenAt: number
  recordedSeenAt: number
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

/**
 * Server-side sessions: the browser holds an opaque 256-bit token, the database its keyed hash.
 * Resolved sessions are kept in memory while the store listens for changes (`listen`), so a request
 * reads the database only when its session is new here, was changed, or is due for a check (TTL in
 * session-cache.ts); activity is written in batches (`flushActivity`).
 */
export function createSessionStore(db: Db, settings: SessionSettings, log?: Pick<Logger, 'warn'>) {
  const hashToken = (token: string) => createHmac('sha256', settings.secret).update(token).digest()
  const idleMs = settings.idleMinutes * 60_000
  const cache = createSessionCache<HeldSession>(log)

  // Sessions whose activity the database has not got yet, by key.
  const activity = new Map<string, HeldSession>()
  let flushTimer: NodeJS.Timeout | undefined
  let isClosed = false
  // the write in progress, for close() to wait for (never rejects)
  let flushing: Promise<void> = Promise.resolve()

  function noteActivity(key: string, held: HeldSession) {
    activity.set(key, held)
    scheduleFlush()
  }

  function scheduleFlush() {
    if (flushTimer || isClosed) return
    flushTimer = setTimeout(() => {
      flushTimer = undefined
      void flushActivity().catch((e: unknown) => log?.warn({ err: e }, '记录会话活动时间失败'))
    }, ACTIVITY_FLUSH_MS)
    flushTimer.unref()
  }

  /** Writes the activity noted so far: one statement for all sessions, never moving a time back. */
  async function flushActivity() {
    if (activity.size === 0) return flushing
    const batch = [...activity]
    activity.clear()
    const now = Date.now()
    const seen = batch.map(([, h]) => h.lastSeenAt)
    // ages rather than times: the database's clock decides, whatever this machine's says
    const write = sql`
      UPDATE sessions AS s SET last_seen_at = greatest(s.last_seen_at, now() - make_interval(secs => a.age))
      FROM unnest(${batch.map(([, h]) => h.session.tokenHash)}::bytea[], ${seen.map((t) => (now - t) / 1000)}::float8[])
        AS a (token_hash, age)
      WHERE s.token_hash = a.token_hash`
      .execute(db)
      .then(
        () => batch.forEach(([, h], i) => (h.recordedSeenAt = Math.max(h.recordedSeenAt, seen[i]!))),
        (e: unknown) => {
          // tried again with the next batch
          for (const [key, h] of batch) if (!activity.has(key)) activity.set(key, h)
          scheduleFlush()
          throw e
        },
      )
    flushing = write.catch(() => undefined)
    await write
  }

  const resolvedOf = (held: HeldSession, now: number): ResolvedSession => ({
    ...held.session,
    mustChangePassword: held.mustChangePassword || (held.passwordExpiresAt !== null && now >= held.passwordExpiresAt),
  })

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

    /**
     * The live session for a token, or null when unknown, revoked, idle too long or past its limit.
     * `isFresh`: read from the database whatever this process holds — for a request that has just
     * changed the session or its user and answers with the result.
     */
    async resolve(token: string, opts: { isFresh?: boolean } = {}): Promise<ResolvedSession | null> {
      const tokenHash = hashToken(token)
      const key = tokenHash.toString('base64')
      const now = Date.now()
      const held = opts.isFresh ? undefined : cache.get(key, now)
      // Past its end or idle too long here: the database decides (activity seen by another process
      // may have kept it alive).
      if (held && now < held.expiresAt && now - held.lastSeenAt < idleMs) {
        held.lastSeenAt = now
        if (now - held.recordedSeenAt >= ACTIVITY_GRAIN_MS) noteActivity(key, held)
        return resolvedOf(held, now)
      }
      const mark = cache.mark()
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
          // durations, not times: this process measures them on its own clock
          sql<number>`extract(epoch from now() - s.last_seen_at)::float8`.as('idle_seconds'),
          sql<number>`extract(epoch from s.expires_at - now())::float8`.as('remaining_seconds'),
          settings.passwordMaxAgeDays === null
            ? sql<number | null>`null::float8`.as('password_seconds')
            : sql<number>`extract(epoch from u.password_changed_at + make_interval(days => ${settings.passwordMaxAgeDays}) - now())::float8`.as(
                'password_seconds',
              ),
        ])
        // the user's grants in the same statement (as grantsOf reads them): one round trip
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
      // shared by every request of the session until the next read: nobody may change them
      const grants = Object.freeze(row.grants.map((g) => Object.freeze(activeGrant(g)))) as ActiveGrant[]
      const lastSeenAt = now - row.idle_seconds * 1000
      const fresh: HeldSession = {
        userId: row.user_id,
        cachedAt: now,
        session: Object.freeze({
          tokenHash,
          csrfToken: row.csrf_token,
          userId: row.user_id,
          loginName: row.login_name,
          displayName: row.display_name,
          personId: row.person_id,
          grant: grants.find((g) => g.id === row.grant_id) ?? null,
          grants,
        }),
        mustChangePassword: row.must_change_password,
        expiresAt: now + row.remaining_seconds * 1000,
        passwordExpiresAt: row.password_seconds === null ? null : now + row.password_seconds * 1000,
        lastSeenAt,
        recordedSeenAt: lastSeenAt,
      }
      cache.put(key, fresh, mark)
      fresh.lastSeenAt = now
      if (now - fresh.recordedSeenAt >= ACTIVITY_GRAIN_MS) noteActivity(key, fresh)
      return resolvedOf(fresh, now)
    },

    /** Keeps resolved sessions in memory from now on, dropping them as the database announces changes. */
    listen: () => cache.listen(() => separateClient(db, 'xianfeng-sessions')),

    /**
     * Waits until every change committed so far has reached this process's copies: a request that
     * changed a session, a user or a grant returns only after this, so its own next request — and
     * anyone's — is answered from the new state.
     */
    caughtUp: () => cache.caughtUp(),

    flushActivity,

    /** Whether resolved sessions are being kept (the listening connection is up). */
    isListening: () => cache.isListening(),

    /** Stops listening and writes the activity still pending. */
    async close() {
      isClosed = true
      clearTimeout(flushTimer)
      flushTimer = undefined
      await cache.close()
      await flushActivity()
      await flushing
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
