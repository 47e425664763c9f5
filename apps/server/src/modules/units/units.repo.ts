import { sql } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import { orgInScopeSql } from '../orgs/index.ts'

export interface UnitWrite {
  name?: string
  credit_code?: string | null
  unit_type?: string
  located_org_id?: string
  covering_org_id?: string | null
  employee_count?: number
  has_instructor?: boolean
  instructor_name?: string | null
  address?: string | null
}

const base = (db: Executor, scope: string[]) =>
  db
    .selectFrom('units as u')
    .innerJoin('orgs as l', 'l.id', 'u.located_org_id')
    .leftJoin('orgs as c', 'c.id', 'u.covering_org_id')
    .where(orgInScopeSql('u.located_org_id', scope))

const columns = [
  'u.id',
  'u.name',
  'u.credit_code',
  'u.unit_type',
  'u.located_org_id',
  'l.name as located_org_name',
  'u.covering_org_id',
  'c.name as covering_org_name',
  'u.employee_count',
  'u.has_instructor',
  'u.instructor_name',
  'u.address',
  'u.updated_at',
] as const

export const unitsRepo = {
  async list(
    db: Executor,
    scope: string[],
    f: { q?: string | undefined; unitType?: string | undefined; covered?: boolean | undefined },
    page: { limit: number; offset: number },
  ) {
    let q = base(db, scope)
    if (f.q) q = q.where('u.name', 'like', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    if (f.unitType) q = q.where('u.unit_type', '=', f.unitType)
    if (f.covered !== undefined) q = q.where('u.covering_org_id', f.covered ? 'is not' : 'is', null)
    const [rows, total] = await Promise.all([
      q.select(columns).orderBy('u.name').orderBy('u.id').limit(page.limit).offset(page.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(total.n) }
  },

  findInScope: (db: Executor, id: string, scope: string[]) =>
    base(db, scope).where('u.id', '=', id).select(columns).executeTakeFirst(),

  async insert(db: Executor, row: UnitWrite & { name: string; unit_type: string; located_org_id: string }) {
    return (await db.insertInto('units').values(row).returning('id').executeTakeFirstOrThrow()).id
  },

  async update(db: Executor, id: string, patch: UnitWrite) {
    await db.updateTable('units').set(patch).where('id', '=', id).execute()
  },

  creditCodeTaken: async (db: Executor, code: string, exceptId?: string) => {
    let q = db.selectFrom('units').where('credit_code', '=', code).select('id')
    if (exceptId) q = q.where('id', '<>', exceptId)
    return (await q.executeTakeFirst()) !== undefined
  },

  coverage: (db: Executor, scope: string[]) =>
    base(db, scope)
      .groupBy('u.unit_type')
      .select((eb) => [
        'u.unit_type',
        eb.fn.countAll<number>().as('units'),
        eb.fn.count<number>('u.covering_org_id').as('covered'),
        sql<number>`count(*) FILTER (WHERE u.covering_org_id IS NULL AND u.has_instructor)`.as('uncovered_with_instructor'),
        eb.fn.sum<number>('u.employee_count').as('employees'),
      ])
      .orderBy('u.unit_type')
      .execute(),
}

export type UnitRow = NonNullable<Awaited<ReturnType<typeof unitsRepo.findInScope>>>
