import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { DB } from './db-types.ts'

export type Db = Kysely<DB>
export type Tx = Transaction<DB>
/** Repositories take the executor first: the database, or the transaction they run in. */
export type Executor = Db | Tx

// A `date` column means a calendar day: keep it as 'YYYY-MM-DD', never shift it through a timezone.
pg.types.setTypeParser(1082, (v) => v)
// bigint counts fit in a double for every figure we show.
pg.types.setTypeParser(20, (v) => Number(v))

export const APP_DB_ROLE = 'xianfeng_app'

/**
 * A pool for the application. Given the application role's own URL it connects as that role;
 * given the owner's URL with `switchRole`, it switches every connection to the role instead (a
 * weaker boundary, for servers where the owner may not give the role a login).
 */
export function createDb(
  connectionString: string,
  opts: { max?: number; onIdleError?: (e: Error) => void; switchRole?: boolean } = {},
): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, application_name: 'xianfeng' })
  // An idle connection dropped by the server (restart, shutdown) is replaced on next use; it must
  // not crash the process.
  pool.on('error', opts.onIdleError ?? (() => undefined))
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool,
      ...(opts.switchRole && {
        onCreateConnection: async (conn) => {
          await conn.executeQuery(CompiledQuery.raw(`SET ROLE ${APP_DB_ROLE}`))
        },
      }),
    }),
  })
  return { db, pool }
}
