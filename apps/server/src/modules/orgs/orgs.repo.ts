import { sql } from 'kysely'
import type { Executor } from '../../platform/db.ts'

/** ltree label of an org: its id without dashes. */
export const labelOf = (id: string) => id.replaceAll('-', '')

const summaryColumns = [
  'o.id',
  'o.parent_id',
  'o.name',
  'o.short_name',
  'o.kind',
  'o.level',
  'o.division_code',
  'o.status',
  'o.path',
  'o.created_at',
  'o.updated_at',
] as const

/** Every subtree query of the platform lives here. `scope` is a list of ltree paths. */
export const orgsRepo = {
  inScope: (scope: string[]) => sql<boolean>`o.path <@ ${scope}::ltree[]`,

  async findInScope(db: Executor, id: string, scope: string[]) {
    return db
      .selectFrom('orgs as o')
      .where('o.id', '=', id)
      .where(orgsRepo.inScope(scope))
      .select(summaryColumns)
      .select((eb) =>
        eb
          .selectFrom('orgs as c')
          .whereRef('c.parent_id', '=', 'o.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('child_count'),
      )
      .executeTakeFirst()
  },

  async children(db: Executor, parentId: string, scope: string[]) {
    return db
      .selectFrom('orgs as o')
      .where('o.parent_id', '=', parentId)
      .where(orgsRepo.inScope(scope))
      .select(summaryColumns)
      .select((eb) =>
        eb
          .selectFrom('orgs as c')
          .whereRef('c.parent_id', '=', 'o.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('child_count'),
      )
      .orderBy('o.sort_order')
      .orderBy('o.division_code')
      .orderBy('o.name')
      .execute()
  },

  async byPaths(db: Executor, paths: string[]) {
    return db
      .selectFrom('orgs as o')
      .where(sql<boolean>`o.path = any(${paths}::ltree[])`)
      .select(summaryColumns)
      .select((eb) =>
        eb
          .selectFrom('orgs as c')
          .whereRef('c.parent_id', '=', 'o.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('child_count'),
      )
      .execute()
  },

  /** Names of the ancestors of `path` (root first), restricted to what the scope shows. */
  async ancestors(db: Executor, path: string, scope: string[]) {
    return db
      .selectFrom('orgs as o')
      .where(sql<boolean>`o.path @> ${path}::ltree`)
      .where(sql<boolean>`o.path <> ${path}::ltree`)
      .where(orgsRepo.inScope(scope))
      .select(['o.id', 'o.name'])
      .orderBy(sql`nlevel(o.path)`)
      .execute()
  },

  async search(db: Executor, q: string, scope: string[], limit: number) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return db
      .selectFrom('orgs as o')
      .where('o.name', 'like', pattern)
      .where(orgsRepo.inScope(scope))
      .select(summaryColumns)
      .select((eb) =>
        eb
          .selectFrom('orgs as c')
          .whereRef('c.parent_id', '=', 'o.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('child_count'),
      )
      .select(
        sql<
          string[]
        >`(SELECT array_agg(a.name ORDER BY nlevel(a.path)) FROM orgs a WHERE a.path @> o.path AND a.path <@ ${scope}::ltree[])`.as(
          'path_names',
        ),
      )
      .orderBy(sql`nlevel(o.path)`)
      .orderBy('o.name')
      .limit(limit)
      .execute()
  },

  async insert(
    db: Executor,
    org: {
      id: string
      parentPath: string | null
      parentId: string | null
      name: string
      shortName?: string | null
      kind: string
      level: string
      divisionCode?: string | null
      sortOrder?: number
    },
  ) {
    const path = org.parentPath ? `${org.parentPath}.${labelOf(org.id)}` : labelOf(org.id)
    await db
      .insertInto('orgs')
      .values({
        id: org.id,
        parent_id: org.parentId,
        path,
        name: org.name,
        short_name: org.shortName ?? null,
        kind: org.kind,
        level: org.level,
        division_code: org.divisionCode ?? null,
        sort_order: org.sortOrder ?? 0,
      })
      .execute()
  },

  async update(
    db: Executor,
    id: string,
    patch: { name?: string; short_name?: string | null; kind?: string; level?: string; division_code?: string | null },
  ) {
    await db.updateTable('orgs').set(patch).where('id', '=', id).execute()
  },

  async countsByLevel(db: Executor, scope: string[]) {
    return db
      .selectFrom('orgs as o')
      .where(orgsRepo.inScope(scope))
      .where('o.status', '=', 'active')
      .groupBy('o.level')
      .select(['o.level', (eb) => eb.fn.countAll<number>().as('n')])
      .execute()
  },

  async countsByKind(db: Executor, scope: string[]) {
    return db
      .selectFrom('orgs as o')
      .where(orgsRepo.inScope(scope))
      .where('o.status', '=', 'active')
      .groupBy('o.kind')
      .select(['o.kind', (eb) => eb.fn.countAll<number>().as('n')])
      .execute()
  },

  async existsDivisionCode(db: Executor, code: string, kind: string, exceptId?: string) {
    let q = db
      .selectFrom('orgs')
      .where('division_code', '=', code)
      .where('kind', '=', kind)
      .where('status', '=', 'active')
      .select('id')
    if (exceptId) q = q.where('id', '<>', exceptId)
    return (await q.executeTakeFirst()) !== undefined
  },
}

export type OrgRow = NonNullable<Awaited<ReturnType<typeof orgsRepo.findInScope>>>

/**
 * For other modules' repositories: "the org in column `orgIdColumn` lies in the scope". Keeps the
 * subtree SQL here while letting each module filter its own rows in SQL.
 */
export const orgInScopeSql = (orgIdColumn: string, scope: string[]) =>
  sql<boolean>`EXISTS (SELECT 1 FROM orgs scope_o WHERE scope_o.id = ${sql.ref(orgIdColumn)} AND scope_o.path <@ ${scope}::ltree[])`
