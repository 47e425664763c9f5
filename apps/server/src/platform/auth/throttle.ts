import { sql } from 'kysely'
import type { Executor } from '../db.ts'

export interface ThrottleSettings {
  accountMaxFailures: number
  ipMaxFailures: number
  lockMinutes: number
}

/**
 * Counts failed logins per account name (whether or not the account exists, so the lock reveals
 * nothing) and per IP address, and locks a key for `lockMinutes` once it reaches its limit.
 */
export function createLoginThrottle(settings: ThrottleSettings) {
  // Adds one failure to the key (starting a new window when the last one is over) and locks the key
  // once it reaches `max`; returns the failures counted in the window.
  const bump = async (exec: Executor, key: string, max: number) => {
    const r = await sql<{ failures: number }>`
      INSERT INTO login_throttle AS t (key, failures, first_failed_at, locked_until)
      VALUES (${key}, 1, now(), CASE WHEN ${max} <= 1 THEN now() + make_interval(mins => ${settings.lockMinutes}) END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.first_failed_at < now() - make_interval(mins => ${settings.lockMinutes})
                        THEN 1 ELSE t.failures + 1 END,
        first_failed_at = CASE WHEN t.first_failed_at < now() - make_interval(mins => ${settings.lockMinutes})
                               THEN now() ELSE t.first_failed_at END,
        locked_until = CASE
          WHEN t.first_failed_at >= now() - make_interval(mins => ${settings.lockMinutes})
               AND t.failures + 1 >= ${max}
          THEN now() + make_interval(mins => ${settings.lockMinutes})
          ELSE t.locked_until END
      RETURNING failures`.execute(exec)
    return r.rows[0]!.failures
  }

  const keys = (loginName: string, ip: string | null) => ({
    account: `account:${loginName.trim().toLowerCase()}`,
    ip: ip ? `ip:${ip}` : null,
  })

  return {
    async isLocked(exec: Executor, loginName: string, ip: string | null): Promise<boolean> {
      const k = keys(loginName, ip)
      const row = await exec
        .selectFrom('login_throttle')
        .where('key', 'in', [k.account, ...(k.ip ? [k.ip] : [])])
        .where('locked_until', '>', sql<Date>`now()`)
        .select('key')
        .executeTakeFirst()
      return row !== undefined
    },

    /**
     * Counts an attempt on the account before its password is checked, so that parallel guesses
     * cannot all get through before the lock: returns the attempt's number in the current window.
     */
    async countAccountAttempt(exec: Executor, loginName: string): Promise<number> {
      return bump(exec, keys(loginName, null).account, settings.accountMaxFailures)
    },

    /** A failed attempt from an address (successful ones do not count: many users may share one). */
    async recordIpFailure(exec: Executor, ip: string | null) {
      if (ip) await bump(exec, `ip:${ip}`, settings.ipMaxFailures)
    },

    /** Whether the n-th attempt of a window is past the limit. */
    isOverLimit: (attempt: number) => attempt > settings.accountMaxFailures,

    /** Drops counters whose window and lock are both over. */
    async purgeStale(exec: Executor) {
      await exec
        .deleteFrom('login_throttle')
        .where('first_failed_at', '<', sql<Date>`now() - make_interval(mins => ${settings.lockMinutes})`)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
        .execute()
    },

    async clearAccount(exec: Executor, loginName: string) {
      await exec.deleteFrom('login_throttle').where('key', '=', keys(loginName, null).account).execute()
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
