import { randomUUID } from 'node:crypto'
import { systemActor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'
import { builtinRoleRows } from './accounts.service.ts'

/**
 * Keeps the built-in roles' names and permissions as the contract defines them. Runs at every
 * start; a change (a new version granting a permission) is written with its audit row.
 */
export async function syncBuiltinRoles(db: Db, audit: AuditService) {
  await db.transaction().execute(async (tx) => {
    const current = new Map(
      (
        await tx
          .selectFrom('roles')
          .where('is_builtin', '=', true)
          .select(['code', 'name', 'description', 'permissions'])
          .forUpdate()
          .execute()
      ).map((r) => [r.code, r]),
    )
    const changes = []
    for (const r of builtinRoleRows()) {
      const before = current.get(r.code)
      if (
        before &&
        before.name === r.name &&
        before.description === r.description &&
        before.permissions.join() === r.permissions.join()
      )
        continue
      changes.push({ code: r.code, before: before?.permissions ?? null, after: r.permissions })
      if (before)
        await tx
          .updateTable('roles')
          .set({ name: r.name, description: r.description, permissions: r.permissions })
          .where('code', '=', r.code)
          .execute()
      else
        await tx
          .insertInto('roles')
          .values({ ...r, is_builtin: true })
          .execute()
    }
    if (changes.length)
      await audit.record(tx, systemActor(randomUUID()), {
        action: 'accounts.roles_synced',
        entityType: 'role',
        after: { changes },
      })
  })
}
