import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { createLogger } from '../src/platform/logger.ts'
import { startEmbeddedPg, type EmbeddedPg } from '../src/platform/embedded-pg.ts'
import { appRoleUrl, ensureDatabase } from '../src/platform/database.ts'
import { migrate } from '../src/platform/migrate.ts'
import { createDb } from '../src/platform/db.ts'
import { syncBuiltinRoles } from '../src/modules/accounts/accounts.seed.ts'
import { createAuditService } from '../src/platform/audit/audit.service.ts'

export const TEMPLATE_DB = 'xf_template'

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
    pgTemplate: string
    pgAppPassword: string
  }
}

let pg: EmbeddedPg | undefined
let dir: string | undefined

/** One PostgreSQL for the whole run; a migrated template that each test file clones. */
export async function setup(project: TestProject) {
  const log = createLogger('warn')
  let adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-test-'))
    fs.chmodSync(dir, 0o755)
    const port = 55000 + Math.floor(Math.random() * 4000)
    pg = await startEmbeddedPg({ dataDir: path.join(dir, 'pg'), port, password: randomBytes(16).toString('hex'), log })
    adminUrl = pg.url('postgres')
  }
  const templateUrl = adminUrl.replace(/\/[^/]*$/, `/${TEMPLATE_DB}`)
  await ensureDatabase(adminUrl, TEMPLATE_DB)
  await migrate(templateUrl, log)
  const { db } = createDb(templateUrl, { max: 1 })
  await syncBuiltinRoles(db, createAuditService())
  await db.destroy()
  const appPassword = randomBytes(16).toString('hex')
  if (!(await appRoleUrl(adminUrl, appPassword, log))) throw new Error('tests need an owner that can give xianfeng_app a login')
  project.provide('pgAppPassword', appPassword)
  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgTemplate', TEMPLATE_DB)
}

export async function teardown() {
  await pg?.stop()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
}
