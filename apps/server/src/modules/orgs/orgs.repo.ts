import { sql, type ExpressionBuilder } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import type { DB } from '../../platform/db-types.ts'
import { pathWithin } from '../../platform/ltree.ts'

/** ltree label of an org: its id without dashes. */
export const labelOf = (id: string) => id.replaceAll('-', '')

const columns = [
  'o.id',
  'o.parent_id',
  'o.name',
  'o.short_name',
  'o.kind',
  'o.level',
  'o.division_code',
  'o.status',
  'o.path',
  'o.host_unit_type',
  'o.host_unit_name',
  'o.establishment_mode',
  'o.covered_units',
  'o.attached_to_org_id',
  'o.address',
  'o.contact_phone',
  'o.established_on',
  'o.dissolved_on',
  'o.dissolved_reason',
  'o.created_at',
  'o.updated_at',
] as const

const childCount = (eb: ExpressionBuilder<DB & { o: DB['orgs'] }, 'o'>) =>
  eb.selectFrom('orgs as c').whereRef('c.parent_id', '=', 'o.id').select(eb.fn.countAll<number>().as('n')).as('child_count')

/** The writable columns of an org row, as the service hands them over. */
export interface OrgWrite {
  name?: string
  short_name?: string | null
  kind?: string
  level?: string
  division_code?: string | null
  host_unit_type?: string | null
  host_unit_name?: string | null
  establishment_mode?: string | null
  covered_units?: string[]
  attached_to_org_id?: string | null
  address?: string | null
  contact_phone?: string | null
  established_on?: string | null
  name_pinyin?: string
  name_initials?: string
}

/** Every subtree query of the platform lives here. `scope` is a list of ltree paths. */
export const orgsRepo = {
  inScope: (scope: string[]) => pathWithin('o.path', scope),

  async findInScope(db: Executor, id: string, scope: string[]) {
    return db
      .selectFrom('orgs as o')
      .leftJoin('orgs as a', 'a.id', 'o.attached_to_org_id')
      .where('o.id', '=', id)
      .where(orgsRepo.inScope(scope))
      .select(columns)
      .select('a.name as attached_to_name')
      .select(childCount)
      .executeTakeFirst()
  },

  async children(db: Executor, parentId: string, scope: string[]) {
    return db
      .selectFrom('orgs as o')
      .where('o.parent_id', '=', parentId)
      .where(orgsRepo.inScope(scope))
      .select(columns)
      .select(childCount)
      .orderBy('o.sort_order')
      .orderBy('o.division_code')
      .orderBy('o.name')
      .execute()
  },

  async byPaths(db: Executor, paths: string[]) {
    return db
      .selectFrom('orgs as o')
      .where(sql<boolean>`o.path = any(${paths}::ltree[])`)
      .select(columns)
      .select(childCount)
      .execute()
  },

  /**
   * The tree as it stood at `at`: the versions of the orgs under `parentId` (or, without it, of the
   * scope roots) that were current then, with their child counts then. Scope is judged on the paths
   * of that time.
   */
  async treeAsOf(db: Executor, scope: string[], at: Date, parentId?: string) {
    // `at` is the instant the day ends: a version starting right then (an org established the next
    // day) is not yet current, one ending right then still is.
    const current = sql<boolean>`h.valid_from < ${at} AND (h.valid_to IS NULL OR h.valid_to >= ${at})`
    let q = db
      .selectFrom('org_history as h')
      .where(current)
      .where(pathWithin('h.path', scope))
      .select(['h.org_id as id', 'h.parent_id', 'h.name', 'h.kind', 'h.level', 'h.division_code', 'h.status'])
      .select(
        sql<number>`(SELECT count(*) FROM org_history c WHERE c.parent_id = h.org_id AND c.valid_from < ${at} AND (c.valid_to IS NULL OR c.valid_to >= ${at}))::int`.as(
          'child_count',
        ),
      )
    q = parentId ? q.where('h.parent_id', '=', parentId) : q.where(sql<boolean>`h.path = any(${scope}::ltree[])`)
    return q.orderBy('h.division_code').orderBy('h.name').execute()
  },

  /** The active branches (党支部, 联合党支部, 临时党支部) at or under `path`, within the scope. */
  async branchesUnder(db: Executor, path: string, scope: string[], limit: number) {
    return orgsRepo.activeUnder(db, path, scope, ['branch', 'joint_branch', 'temporary_branch'], limit)
  },

  /** The active orgs of the given kinds at or under `path`, in tree order. */
  async activeUnder(db: Executor, path: string, scope: string[], kinds: readonly string[], limit: number) {
    return db
      .selectFrom('orgs as o')
      .where(sql<boolean>`o.path <@ ${path}::ltree`)
      .where(orgsRepo.inScope(scope))
      .where('o.status', '=', 'active')
      .where('o.kind', 'in', kinds)
      .select(['o.id', 'o.name', 'o.kind', 'o.host_unit_type', 'o.established_on'])
      .orderBy('o.path')
      .limit(limit)
      .execute()
  },

  /** Whether the org `id` is the org at `path` or lies under it. */
  async isAtOrUnder(db: Executor, id: string, path: string) {
    const row = await db
      .selectFrom('orgs as o')
      .where('o.id', '=', id)
      .where(sql<boolean>`o.path <@ ${path}::ltree`)
      .select('o.id')
      .executeTakeFirst()
    return row !== undefined
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

  /** The orgs of the given kinds above the org `id` (not the org itself), the nearest first, whatever the scope. */
  async kindsAbove(db: Executor, id: string, kinds: readonly string[]) {
    return db
      .selectFrom('orgs as o')
      .innerJoin('orgs as c', (j) => j.on(sql<boolean>`o.path @> c.path AND o.path <> c.path`))
      .where('c.id', '=', id)
      .where('o.kind', 'in', kinds)
      .select(['o.id', 'o.name', 'o.path', 'o.kind'])
      .orderBy(sql`nlevel(o.path)`, 'desc')
      .execute()
  },

  /**
   * Active orgs of the whole tree by a fragment of the name or its pinyin, whatever the scope, with
   * the names above each: the destinations a membership transfer may name (党员组织关系可全国互转).
   */
  async searchActiveAnywhere(db: Executor, q: string, limit: number, byPinyin: boolean) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const lower = pattern.toLowerCase()
    return db
      .selectFrom('orgs as o')
      .where('o.status', '=', 'active')
      .where((eb) =>
        byPinyin
          ? eb.or([eb('o.name_initials', 'like', lower), eb('o.name_pinyin', 'like', lower), eb('o.name', 'ilike', pattern)])
          : eb('o.name', 'like', pattern),
      )
      .select(['o.id', 'o.name', 'o.path'])
      .select(
        sql<string[]>`(SELECT array_agg(a.name ORDER BY nlevel(a.path)) FROM orgs a WHERE a.path @> o.path AND a.id <> o.id)`.as(
          'path_names',
        ),
      )
      .orderBy(sql`nlevel(o.path)`)
      .orderBy('o.name')
      .limit(limit)
      .execute()
  },

  /** An org by id, whatever the scope: what another module needs to name it and judge its state. */
  async findAnywhere(db: Executor, id: string) {
    return db
      .selectFrom('orgs as o')
      .where('o.id', '=', id)
      .select(['o.id', 'o.name', 'o.path', 'o.status', 'o.kind'])
      .executeTakeFirst()
  },

  /** By a fragment of the name, or (latin letters) of its pinyin or pinyin initials. */
  async search(db: Executor, q: string, scope: string[], limit: number, byPinyin: boolean) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const lower = pattern.toLowerCase()
    return db
      .selectFrom('orgs as o')
      .where((eb) =>
        byPinyin
          ? eb.or([eb('o.name_initials', 'like', lower), eb('o.name_pinyin', 'like', lower), eb('o.name', 'ilike', pattern)])
          : eb('o.name', 'like', pattern),
      )
      .where(orgsRepo.inScope(scope))
      .select(columns)
      .select(childCount)
      .select(
        sql<
          string[]
        >`(SELECT array_agg(a.name ORDER BY nlevel(a.path)) FROM orgs a WHERE a.path @> o.path AND ${pathWithin('a.path', scope)})`.as(
          'path_names',
        ),
      )
      .orderBy(sql`o.status = 'active'`, 'desc')
      .orderBy(sql`nlevel(o.path)`)
      .orderBy('o.name')
      .limit(limit)
      .execute()
  },

  async insert(
    db: Executor,
    org: OrgWrite & { id: string; parentPath: string | null; parentId: string | null; name: string; kind: string; level: string },
  ) {
    const { id, parentPath, parentId, ...fields } = org
    await db
      .insertInto('orgs')
      .values({ ...fields, id, parent_id: parentId, path: parentPath ? `${parentPath}.${labelOf(id)}` : labelOf(id) })
      .execute()
  },

  /** Many rows at once (seeding): paths must already be set. */
  async insertMany(
    db: Executor,
    rows: (OrgWrite & { id: string; parent_id: string | null; path: string; name: string; kind: string; level: string })[],
  ) {
    for (let i = 0; i < rows.length; i += 2000)
      await db
        .insertInto('orgs')
        .values(rows.slice(i, i + 2000))
        .execute()
  },

  async update(db: Executor, id: string, patch: OrgWrite) {
    if (Object.keys(patch).length) await db.updateTable('orgs').set(patch).where('id', '=', id).execute()
  },

  /** Re-roots the subtree at `oldPath` under `newParentPath` in one statement; returns the rows moved. */
  async moveSubtree(db: Executor, id: string, oldPath: string, newParentId: string, newParentPath: string) {
    const result = await sql`
      UPDATE orgs SET
        path = ${newParentPath}::ltree || subpath(path, nlevel(${oldPath}::ltree) - 1),
        parent_id = CASE WHEN id = ${id} THEN ${newParentId}::uuid ELSE parent_id END
      WHERE path <@ ${oldPath}::ltree`.execute(db)
    return Number(result.numAffectedRows ?? 0)
  },

  async dissolve(db: Executor, id: string, on: string, reason: string) {
    await db
      .updateTable('orgs')
      .set({ status: 'dissolved', dissolved_on: on, dissolved_reason: reason })
      .where('id', '=', id)
      .execute()
  },

  /** The active children (each with its whole subtree, to move), locking the org itself first. */
  async lockWithActiveChildren(db: Executor, id: string) {
    const org = await db.selectFrom('orgs').where('id', '=', id).select(['status']).forUpdate().executeTakeFirstOrThrow()
    const children = await db
      .selectFrom('orgs')
      .where('parent_id', '=', id)
      .where('status', '=', 'active')
      .select(['id', 'path'])
      .orderBy('path')
      .execute()
    return { status: org.status, children }
  },

  async activeChildCount(db: Executor, id: string) {
    const r = await db
      .selectFrom('orgs')
      .where('parent_id', '=', id)
      .where('status', '=', 'active')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
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
export type OrgListRow = Awaited<ReturnType<typeof orgsRepo.children>>[number]

/**
 * For other modules' repositories: "the org in column `orgIdColumn` lies in the scope". Keeps the
 * subtree SQL here while letting each module filter its own rows in SQL.
 */
export const orgInScopeSql = (orgIdColumn: string, scope: string[]) =>
  sql<boolean>`EXISTS (SELECT 1 FROM orgs scope_o WHERE scope_o.id = ${sql.ref(orgIdColumn)} AND ${pathWithin('scope_o.path', scope)})`
