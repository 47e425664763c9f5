import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { Logger } from 'pino'
import { installJobQueue } from './jobs.ts'
import { MIGRATIONS_DIR } from './paths.ts'

export class MigrationError extends Error {}

const MIGRATION_LOCK = 7243580320

interface MigrationFile {
  name: string
  sql: string
  checksum: string
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

/**
 * Applies the plain SQL files of db/migrations in order, each in its own transaction, and records
 * each with its checksum. Refuses to run when an applied file was edited or removed: fix forward.
 * Then installs the job queue's schema (platform/jobs.ts), which the queue's library migrates itself.
 */
export async function migrate(databaseUrl: string, log: Logger, dir = MIGRATIONS_DIR): Promise<string[]> {
  const applied = await migrateFiles(databaseUrl, log, dir)
  if (dir === MIGRATIONS_DIR) await installJobQueue(databaseUrl, log)
  return applied
}

async function migrateFiles(databaseUrl: string, log: Logger, dir: string): Promise<string[]> {
  const files = readMigrations(dir)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM schema_migrations ORDER BY name',
    )
    const byName = new Map(files.map((f) => [f.name, f]))
    for (const applied of rows) {
      const file = byName.get(applied.name)
      if (!file) throw new MigrationError(`已执行的迁移 ${applied.name} 在 db/migrations 中找不到了；迁移一旦执行就不能删除`)
      if (file.checksum !== applied.checksum)
        throw new MigrationError(
          `已执行的迁移 ${applied.name} 被修改过（校验和不符）；已执行的迁移不能修改，请新增一个迁移来修正`,
        )
    }
    const done = new Set(rows.map((r) => r.name))
    const applied: string[] = []
    for (const file of files) {
      if (done.has(file.name)) continue
      await client.query('BEGIN')
      try {
        await client.query(file.sql)
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum])
        await client.query('COMMIT')
      } catch (e) {
        await client.query('ROLLBACK')
        throw new MigrationError(`迁移 ${file.name} 执行失败：${(e as Error).message}`, { cause: e })
      }
      log.info({ migration: file.name }, '已执行迁移')
      applied.push(file.name)
    }
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    await client.end()
  }
}
