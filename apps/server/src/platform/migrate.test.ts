import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { asOwner } from '../../test/owner-db.ts'
import { createLogger } from './logger.ts'
import { migrate, MigrationError } from './migrate.ts'

const log = createLogger('silent')
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

const FIRST = `CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL);\n`
// Depends on the first: applied out of order it would fail.
const SECOND = `ALTER TABLE widgets ADD COLUMN colour text;\nINSERT INTO widgets (name, colour) VALUES ('一号', '红');\n`

const adminUrl = () => inject('pgAdminUrl')
const created: string[] = []

/** A bare database straight from template0: no schema, no migrations table. */
async function bareDatabase(): Promise<string> {
  const name = `xf_mig_${randomBytes(6).toString('hex')}`
  await asOwner(adminUrl(), (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0`))
  created.push(name)
  return adminUrl().replace(/\/[^/]*$/, `/${name}`)
}

afterAll(async () => {
  await asOwner(adminUrl(), async (c) => {
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  })
})

const tables = (url: string) =>
  asOwner(url, async (c) =>
    (await c.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map(
      (r) => r.tablename,
    ),
  )

const recorded = (url: string) =>
  asOwner(
    url,
    async (c) =>
      (await c.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations ORDER BY name')).rows,
  )

describe('migrate', () => {
  let url: string
  let dir: string

  beforeEach(async () => {
    url = await bareDatabase()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-migrations-'))
    fs.writeFileSync(path.join(dir, '0001_widgets.sql'), FIRST)
    fs.writeFileSync(path.join(dir, '0002_widget_colour.sql'), SECOND)
    // Not a migration: ignored.
    fs.writeFileSync(path.join(dir, 'README.md'), '# notes\n')
    return () => fs.rmSync(dir, { recursive: true, force: true })
  })

  it('applies the files in order and records each with its checksum', async () => {
    expect(await migrate(url, log, dir)).toEqual(['0001_widgets.sql', '0002_widget_colour.sql'])
    expect(await tables(url)).toEqual(['schema_migrations', 'widgets'])
    expect(await recorded(url)).toEqual([
      { name: '0001_widgets.sql', checksum: sha256(FIRST) },
      { name: '0002_widget_colour.sql', checksum: sha256(SECOND) },
    ])
    const rows = await asOwner(url, async (c) => (await c.query('SELECT name, colour FROM widgets')).rows)
    expect(rows).toEqual([{ name: '一号', colour: '红' }])
  })

  it('a second run applies nothing; a new file is applied on the run after it appears', async () => {
    await migrate(url, log, dir)
    expect(await migrate(url, log, dir)).toEqual([])
    const rows = await asOwner(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM widgets')).rows[0])
    expect(rows).toEqual({ n: 1 })

    fs.writeFileSync(path.join(dir, '0003_gadgets.sql'), 'CREATE TABLE gadgets (id int);\n')
    expect(await migrate(url, log, dir)).toEqual(['0003_gadgets.sql'])
  })

  it('refuses to run when an applied file was edited, naming the file', async () => {
    await migrate(url, log, dir)
    fs.writeFileSync(path.join(dir, '0001_widgets.sql'), `${FIRST}-- a harmless-looking comment\n`)
    fs.writeFileSync(path.join(dir, '0003_gadgets.sql'), 'CREATE TABLE gadgets (id int);\n')

    const error = await migrate(url, log, dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect((error as Error).message).toContain('0001_widgets.sql')
    expect((error as Error).message).toContain('被修改过')
    // Nothing after the refusal ran.
    expect(await tables(url)).not.toContain('gadgets')
  })

  it('refuses to run when an applied file was removed, naming the file', async () => {
    await migrate(url, log, dir)
    fs.rmSync(path.join(dir, '0002_widget_colour.sql'))

    const error = await migrate(url, log, dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect((error as Error).message).toContain('0002_widget_colour.sql')
  })

  it('a failing migration rolls back entirely, is not recorded, and the error names the file', async () => {
    // The first statement would succeed on its own; the second fails.
    fs.writeFileSync(
      path.join(dir, '0003_broken.sql'),
      'CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);\n',
    )

    const error = await migrate(url, log, dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect((error as Error).message).toContain('0003_broken.sql')
    expect((error as Error).message).toContain('no_such_table')
    expect(await tables(url)).toEqual(['schema_migrations', 'widgets'])
    expect((await recorded(url)).map((r) => r.name)).toEqual(['0001_widgets.sql', '0002_widget_colour.sql'])

    // Once fixed, the file applies.
    fs.writeFileSync(path.join(dir, '0003_broken.sql'), 'CREATE TABLE half_done (id int);\n')
    expect(await migrate(url, log, dir)).toEqual(['0003_broken.sql'])
  })
})
