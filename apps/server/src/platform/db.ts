import { createHash } from 'node:crypto'
import {
  CompiledQuery,
  createQueryId,
  Kysely,
  PostgresDialect,
  sql,
  type Compilable,
  type RawBuilder,
  type Transaction,
} from 'kysely'
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
 * For `.modifyFront()` of a select run on every request (the session lookup, the member page): the
 * statement becomes a named prepared statement on each connection, so PostgreSQL plans it once per
 * connection instead of at every call — planning those joins cost several times their execution.
 * Only for statements whose best plan does not depend on the values (lookups by key); a search,
 * whose plan must follow how selective its terms are, stays unnamed and is planned each time.
 */
export const prepared = (name: string): RawBuilder<unknown> => {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`prepared statement name ${name}`)
  return sql.raw(`/* prepared:${name} */`)
}
type QueryArgs = Record<string, string | readonly string[]>

// Stands for an argument while a query is built once; never a real value (ids, paths, names).
const SLOT = '\u0000slot:'

/**
 * For a select run on every request (the member page): Kysely builds and compiles it once per shape
 * of the arguments (how many scope paths), and each call only puts its values in the parameter
 * slots — building and compiling cost more than the statement's execution. `build` must pass every
 * argument as a parameter (a value written into the SQL text is refused when the shape is first
 * compiled); combine with `prepared()` for the plan.
 */
export function reusableQuery<A extends QueryArgs, R>(build: (db: Executor, args: A) => Compilable<R>) {
  const shapes = new Map<string, { compiled: CompiledQuery<R>; slots: (((args: A) => unknown) | null)[] }>()
  const shapeOf = (args: A) =>
    Object.entries(args)
      .map(([k, v]) => (typeof v === 'string' ? k : `${k}[${v.length}]`))
      .join()

  function compileShape(db: Executor, args: A) {
    const marked = Object.fromEntries(
      Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? `${SLOT}${k}` : v.map((_, i) => `${SLOT}${k}.${i}`)]),
    ) as A
    const compiled = build(db, marked).compile()
    if (compiled.sql.includes(SLOT)) throw new Error('reusableQuery: an argument is written into the SQL text')
    const slots = compiled.parameters.map((p) => {
      if (typeof p !== 'string' || !p.startsWith(SLOT)) return null
      const [key, index] = p.slice(SLOT.length).split('.') as [string, string | undefined]
      return index === undefined ? (a: A) => a[key] : (a: A) => (a[key] as readonly string[])[Number(index)]
    })
    return { compiled, slots }
  }

  return async (db: Executor, args: A): Promise<R[]> => {
    const shape = shapeOf(args)
    let s = shapes.get(shape)
    if (!s) {
      s = compileShape(db, args)
      if (shapes.size < 100) shapes.set(shape, s)
    }
    const { compiled, slots } = s
    const parameters = compiled.parameters.map((p, i) => {
      const slot = slots[i]
      return slot ? slot(args) : p
    })
    const result = await db.executeQuery<R>({ ...compiled, queryId: createQueryId(), parameters })
    return result.rows
  }
}

const PREPARED_MARK = /^select \/\* prepared:([a-z_]+) \*\//
// Statement text → its name: the mark plus a hash of the text, since a mark's text varies with options.
const preparedNames = new Map<string, string | null>()
function preparedName(text: string): string | null {
  let name = preparedNames.get(text)
  if (name === undefined) {
    const mark = PREPARED_MARK.exec(text)
    name = mark ? `${mark[1]!}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}` : null
    if (preparedNames.size < 1000) preparedNames.set(text, name)
  }
  return name
}

/** Runs the marked statements of a new connection as named prepared statements. */
function preparesMarkedStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  client.query = ((...args: unknown[]) => {
    const [text, values] = args
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const name = preparedName(text)
      if (name) return query({ name, text, values })
    }
    return query(...args)
  }) as typeof client.query
}

const poolOfDb = new WeakMap<Db, pg.Pool>()

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
  pool.on('connect', preparesMarkedStatements)
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
  poolOfDb.set(db, pool)
  return { db, pool }
}

/**
 * A connection beside the pool of `db` (same server, same credentials) for LISTEN: it must stay open
 * and belong to no query, which a pooled connection cannot promise. The caller connects and ends it.
 */
export function separateClient(db: Db, applicationName: string): pg.Client {
  const pool = poolOfDb.get(db)
  if (!pool) throw new Error('separateClient: the database was not opened with createDb')
  // keep-alive probes find a peer gone without a word (a dropped network) sooner than a read would
  return new pg.Client({
    ...pool.options,
    application_name: applicationName,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  })
}
