import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/helpers.ts'
import { createDb, prepared, reusableQuery, type Db, type Executor } from './db.ts'

describe('prepared statements', () => {
  let db: Db
  beforeAll(async () => {
    // one connection, so the statements below and the catalogue read share it
    db = createDb((await createTestDb()).url, { max: 1 }).db
  })
  afterAll(() => db.destroy())

  const preparedNames = async () =>
    (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements ORDER BY name`.execute(db)).rows.map((r) => r.name)

  it('runs a marked select as one named statement per text, with its values each time', async () => {
    const read = (code: string) =>
      db.selectFrom('roles').modifyFront(prepared('probe')).select('code').where('code', '=', code).executeTakeFirst()
    expect(await read('member')).toEqual({ code: 'member' })
    expect(await read('org_admin')).toEqual({ code: 'org_admin' })
    expect(await read('no_such_role')).toBeUndefined()
    const names = (await preparedNames()).filter((n) => n.startsWith('probe_'))
    expect(names).toHaveLength(1)
    // another text under the same mark is another statement
    await db.selectFrom('roles').modifyFront(prepared('probe')).select('name').where('code', '=', 'member').execute()
    expect((await preparedNames()).filter((n) => n.startsWith('probe_'))).toHaveLength(2)
  })

  it('leaves an unmarked statement unnamed, planned at each call', async () => {
    const before = await preparedNames()
    await db.selectFrom('roles').select('code').where('code', '=', 'member').execute()
    expect(await preparedNames()).toEqual(before)
  })

  it('refuses a mark that is not a plain name', () => {
    expect(() => prepared('x */ drop table roles; /*')).toThrow()
  })
})

describe('reusable queries', () => {
  let db: Db
  beforeAll(async () => {
    db = createDb((await createTestDb()).url, { max: 1 }).db
  })
  afterAll(() => db.destroy())

  const byCodes = (exec: Executor, { first, others }: { first: string; others: readonly string[] }) =>
    exec
      .selectFrom('roles')
      .select(['code', sql<string>`${first}::text`.as('echo')])
      .where((eb) => eb.or([eb('code', '=', first), ...others.map((o) => eb('code', '=', o))]))
      .orderBy('code')

  it('gives what the built query gives, for each shape and each set of values', async () => {
    const reused = reusableQuery(byCodes)
    for (const args of [
      { first: 'member', others: [] },
      { first: 'org_admin', others: ['member'] },
      { first: 'member', others: ['sys_admin', 'org_admin'] },
      { first: 'no_such_role', others: [] },
      { first: 'sys_admin', others: ['member'] },
    ])
      expect(await reused(db, args), JSON.stringify(args)).toEqual(await byCodes(db, args).execute())
  })

  it('refuses a query that writes an argument into its text', async () => {
    const reused = reusableQuery((exec: Executor, { code }: { code: string }) =>
      exec.selectFrom('roles').select('code').where('code', '=', sql.lit(code)),
    )
    await expect(reused(db, { code: 'member' })).rejects.toThrow(/SQL text/)
  })
})
