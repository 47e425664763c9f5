import { sql } from 'kysely'
import type { Executor } from '../../platform/db.ts'

const userColumns = ['id', 'login_name', 'password_hash', 'display_name', 'is_disabled', 'must_change_password'] as const

export const authRepo = {
  findUserByLogin: (db: Executor, loginName: string) =>
    db.selectFrom('users').where('login_name', '=', loginName.trim()).select(userColumns).executeTakeFirst(),

  findUserById: (db: Executor, id: string) => db.selectFrom('users').where('id', '=', id).select(userColumns).executeTakeFirst(),

  async touchLogin(db: Executor, id: string) {
    await db
      .updateTable('users')
      .set({ last_login_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  },

  async setPassword(db: Executor, id: string, hash: string, mustChange: boolean) {
    await db
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: mustChange, password_changed_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  },
}
