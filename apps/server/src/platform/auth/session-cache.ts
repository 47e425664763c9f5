import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { Logger } from 'pino'

/** The channel the triggers of db/migrations/0021 announce changes on: a user id, or '*' for everyone. */
export const SESSION_CHANNEL = 'session_changed'

/**
 * A safety net only: every change reaches every process through its notification. A change that
 * sends none — made with triggers off (session_replication_role = replica, as bulk loads do) — is
 * served stale by no process for longer than this.
 */
export const SESSION_CACHE_TTL_MS = 30_000
/** Sessions held at once; past this the oldest is dropped (it is read again on its next request). */
const MAX_ENTRIES = 10_000
/** How long a catch-up may take before the connection is treated as lost. */
const CATCH_UP_TIMEOUT_MS = 2_000
/** How often a quiet connection is checked: a dead one found by the check drops the cache. */
const HEARTBEAT_MS = 10_000
const RETRY_MIN_MS = 500
const RETRY_MAX_MS = 30_000

export interface CacheEntry {
  userId: string
  /** Date.now() when the entry was read from the database. */
  cachedAt: number
}

/**
 * What a process may keep of the sessions it resolved, and for how long: only while it is listening
 * on SESSION_CHANNEL. Entries are dropped by the notifications (one user's, or all), by the TTL, and
 * all at once whenever the listening connection is lost or (re)established — the notifications in
 * between are gone. Without a listening connection nothing is kept and every request reads the
 * database, as it did before there was a cache.
 *
 * A read that races a change is not kept: `mark()` before the read, `put(…, mark)` after it, and any
 * notification in between (which bumps the generation) makes the put a no-op.
 */
export function createSessionCache<E extends CacheEntry>(log?: Pick<Logger, 'warn'>) {
  const entries = new Map<string, E>()
  let generation = 0
  let client: pg.Client | null = null
  let isListening = false
  let isClosed = false
  let open: (() => pg.Client) | null = null
  let retryMs = RETRY_MIN_MS
  let retryTimer: NodeJS.Timeout | undefined
  let heartbeat: NodeJS.Timeout | undefined
  // This process's own catch-up markers travel through the same channel as everyone's changes.
  const instance = randomUUID()
  let syncSeq = 0
  /** The markers' queries on the listening connection, one at a time (a client runs one query at once). */
  let sending: Promise<unknown> = Promise.resolve()
  const syncWaiters = new Map<number, () => void>()

  const dropAll = () => {
    entries.clear()
    generation++
  }
  const dropUser = (userId: string) => {
    for (const [key, e] of entries) if (e.userId === userId) entries.delete(key)
    generation++
  }

  function onNotification(msg: pg.Notification) {
    if (msg.channel !== SESSION_CHANNEL) return
    const payload = msg.payload ?? '*'
    if (payload.startsWith('sync:')) {
      const [, from, n] = payload.split(':')
      if (from === instance) syncWaiters.get(Number(n))?.()
      return
    }
    if (payload === '*') dropAll()
    else dropUser(payload)
  }

  function lost(c: pg.Client, reason: unknown) {
    if (c !== client) return
    client = null
    isListening = false
    dropAll()
    // nothing is held any more: whoever waits for a catch-up is caught up
    for (const resolve of syncWaiters.values()) resolve()
    syncWaiters.clear()
    c.end().catch(() => undefined)
    if (isClosed) return
    log?.warn({ err: reason, retryInMs: retryMs }, '会话变更通知的连接断开：会话缓存已清空并停用，稍后重连')
    retryTimer = setTimeout(() => void connect(), retryMs)
    retryTimer.unref()
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS)
  }

  async function connect() {
    if (isClosed || !open) return
    const c = open()
    client = c
    sending = Promise.resolve()
    c.on('notification', onNotification)
    c.on('error', (e) => lost(c, e))
    c.on('end', () => lost(c, new Error('connection ended')))
    try {
      await c.connect()
      await c.query(`LISTEN ${SESSION_CHANNEL}`)
    } catch (e) {
      lost(c, e)
      return
    }
    if (client !== c) return
    dropAll()
    isListening = true
    retryMs = RETRY_MIN_MS
  }

  /**
   * Resolves once every notification committed before the call has been applied here: a marker sent
   * now arrives after them (PostgreSQL delivers in commit order). On a timeout the connection counts
   * as lost.
   */
  async function caughtUp() {
    const c = client
    if (!c || !isListening) return
    const n = ++syncSeq
    const arrived = new Promise<void>((resolve) => syncWaiters.set(n, resolve))
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), CATCH_UP_TIMEOUT_MS)
    })
    try {
      // the query counts against the timeout too: a connection gone silent must not hold up the answer
      const query = sending.then(() => c.query('SELECT pg_notify($1, $2)', [SESSION_CHANNEL, `sync:${instance}:${n}`]))
      sending = query.catch(() => undefined)
      const sent = query.then(() => arrived)
      if ((await Promise.race([sent, timedOut])) === true) lost(c, new Error('no catch-up notification in time'))
    } catch (e) {
      lost(c, e)
    } finally {
      clearTimeout(timer)
      syncWaiters.delete(n)
    }
  }

  return {
    /** Starts listening on a connection from `openClient`; until it listens, nothing is kept. */
    async listen(openClient: () => pg.Client) {
      open = openClient
      await connect()
      heartbeat = setInterval(() => void caughtUp(), HEARTBEAT_MS)
      heartbeat.unref()
    },

    caughtUp,

    /** The generation to pass to `put` for a read starting now. */
    mark: () => generation,

    get(key: string, now: number): E | undefined {
      if (!isListening) return undefined
      const e = entries.get(key)
      if (e && now - e.cachedAt >= SESSION_CACHE_TTL_MS) {
        entries.delete(key)
        return undefined
      }
      return e
    },

    put(key: string, entry: E, mark: number) {
      if (!isListening || mark !== generation) return
      if (entries.size >= MAX_ENTRIES && !entries.has(key)) {
        const oldest = entries.keys().next()
        if (!oldest.done) entries.delete(oldest.value)
      }
      entries.set(key, entry)
    },

    /** Whether entries are being kept (a listening connection is up). */
    isListening: () => isListening,

    async close() {
      isClosed = true
      clearTimeout(retryTimer)
      clearInterval(heartbeat)
      const c = client
      client = null
      isListening = false
      dropAll()
      await c?.end().catch(() => undefined)
    },
  }
}

export type SessionCache<E extends CacheEntry> = ReturnType<typeof createSessionCache<E>>
