import { sql, type RawBuilder } from 'kysely'

/**
 * "`column` lies at or under one of the `scope` paths", written so that the GiST index on the
 * column can answer it: one `<@` per path (PostgreSQL's ltree GiST operator class has
 * `ltree <@ ltree` but not `ltree <@ ltree[]`, which made every scope check read the whole table),
 * and a real estimate of how many rows it keeps.
 */
export function pathWithin(column: string, scope: readonly string[]): RawBuilder<boolean> {
  if (scope.length === 0) return sql<boolean>`false`
  const each = scope.map((p) => sql`${sql.ref(column)} <@ ${p}::ltree`)
  return sql<boolean>`(${sql.join(each, sql` OR `)})`
}

/** "`column` lies at or above one of the `scope` paths": the orgs whose subtree holds the scope. */
export function pathAbove(column: string, scope: readonly string[]): RawBuilder<boolean> {
  if (scope.length === 0) return sql<boolean>`false`
  const each = scope.map((p) => sql`${sql.ref(column)} @> ${p}::ltree`)
  return sql<boolean>`(${sql.join(each, sql` OR `)})`
}
