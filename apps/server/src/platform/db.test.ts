import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/helpers.ts'
import { createDb, prepared, type Db } from './db.ts'

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
