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

    async recordFailure(exec: Executor, loginName: string, ip: string | null) {
      const k = keys(loginName, ip)
      const bump = (key: string, max: number) =>
        sql`
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
        `.execute(exec)
      await bump(k.account, settings.accountMaxFailures)
      if (k.ip) await bump(k.ip, settings.ipMaxFailures)
    },

    async clearAccount(exec: Executor, loginName: string) {
      await exec.deleteFrom('login_throttle').where('key', '=', keys(loginName, null).account).execute()
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
