import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../platform/db.ts'
import { createTestDb } from '../../../test/helpers.ts'

// The members CHECK's date order test (0006, rewritten in PL/pgSQL by 0013): nulls are skipped,
// equal dates are in order, any later date before an earlier one is not.
const CASES: [(string | null)[], boolean][] = [
  [[], true],
  [[null, null, null], true],
  [['2020-01-01'], true],
  [['2020-01-01', '2020-01-01'], true],
  [['2020-01-01', '2021-01-01', '2022-01-01'], true],
  [['2020-01-02', '2020-01-01'], false],
  [['2020-01-01', null, '2019-12-31'], false],
  [[null, '2021-01-01', null, '2020-01-01'], false],
  [[null, '2020-01-01', null, '2020-01-01', '2020-06-01'], true],
  [['2020-01-01', '2021-01-01', '2020-06-01', '2022-01-01'], false],
]

describe('dates_in_order', () => {
  let db: Db
  beforeAll(async () => {
    db = (await createTestDb()).db
  })
  it.each(CASES)('%j → %s', async (dates, expected) => {
    const { rows } = await sql<{ ok: boolean }>`SELECT dates_in_order(VARIADIC ${dates}::date[]) AS ok`.execute(db)
    expect(rows[0]!.ok).toBe(expected)
  })
})
