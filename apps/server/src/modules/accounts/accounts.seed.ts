import { sql } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import { builtinRoleRows } from './accounts.service.ts'

/** Keeps the built-in roles' names and permissions as the contract defines them. */
export async function syncBuiltinRoles(db: Executor) {
  for (const r of builtinRoleRows()) {
    await db
      .insertInto('roles')
      .values({ ...r, is_builtin: true })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({
          name: sql`excluded.name`,
          description: sql`excluded.description`,
          permissions: sql`excluded.permissions`,
          is_builtin: true,
        }),
      )
      .execute()
  }
}
