import pg from 'pg'
import type { Logger } from 'pino'
import type { Config } from './config.ts'
import { APP_DB_ROLE } from './db.ts'
import { livePostmasterPort, startEmbeddedPg, type EmbeddedPg } from './embedded-pg.ts'

export const DATABASE_NAME = 'xianfeng'

/**
 * The platform's database: DATABASE_URL when set, else the embedded PostgreSQL — reusing it when the
 * platform is already running (for CLI commands), starting it otherwise.
 */
export async function openDatabase(
  config: Config,
  log: Logger,
  opts: { reuseRunning: boolean } = { reuseRunning: true },
): Promise<{ url: string; embedded: EmbeddedPg | null }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null }
  const url = (port: number, db: string) =>
    `postgres://postgres:${encodeURIComponent(config.embeddedPgPassword)}@127.0.0.1:${port}/${db}`
  const running = opts.reuseRunning ? livePostmasterPort(config.pgDataDir) : null
  if (running) return { url: url(running, DATABASE_NAME), embedded: null }
  const embedded = await startEmbeddedPg({
    dataDir: config.pgDataDir,
    port: config.EMBEDDED_PG_PORT,
    password: config.embeddedPgPassword,
    log,
  })
  await ensureDatabase(embedded.url('postgres'), DATABASE_NAME)
  return { url: embedded.url(DATABASE_NAME), embedded }
}

/**
 * The URL the application connects with: its own role xianfeng_app (which may not change or delete
 * audit rows), given a login and password by the owner. When the owner may not do that (an
 * external server with a restricted user), null: the pool then switches role per connection.
 */
export async function appRoleUrl(ownerUrl: string, password: string, log: Logger): Promise<string | null> {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    await client.query(`ALTER ROLE ${APP_DB_ROLE} WITH LOGIN PASSWORD ${client.escapeLiteral(password)}`)
  } catch (e) {
    log.warn({ err: e }, `无法为 ${APP_DB_ROLE} 设置登录密码，改为每个连接切换角色`)
    return null
  } finally {
    await client.end()
  }
  const url = new URL(ownerUrl)
  url.username = APP_DB_ROLE
  url.password = password
  return url.toString()
}

/** Creates the database on the server of `adminUrl` when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount)
      await client.query(
        `CREATE DATABASE ${client.escapeIdentifier(name)}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''} ENCODING 'UTF8'`,
      )
  } finally {
    await client.end()
  }
}
