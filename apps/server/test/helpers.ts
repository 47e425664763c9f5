import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import type { BuiltinRoleCode } from '@xianfeng/contract'
import { buildApp } from '../src/app.ts'
import { loadConfig, type Config } from '../src/platform/config.ts'
import { APP_DB_ROLE, createDb, type Db } from '../src/platform/db.ts'
import { createLogger } from '../src/platform/logger.ts'
import { hashPassword } from '../src/platform/auth/passwords.ts'

/** A database of its own for the calling test file, cloned from the migrated template. */
export async function createTestDb(): Promise<{ db: Db; url: string; appUrl: string; name: string }> {
  const adminUrl = inject('pgAdminUrl')
  const name = `xf_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`)
  await admin.end()
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`)
  // The app connects as its own role, as in production; `url` stays the owner's, for operator work.
  const appUrl = new URL(url)
  appUrl.username = APP_DB_ROLE
  appUrl.password = inject('pgAppPassword')
  const { db } = createDb(appUrl.toString(), { max: 4 })
  afterAll(async () => {
    await db.destroy()
  })
  return { db, url, appUrl: appUrl.toString(), name }
}

export interface TestApp {
  app: FastifyInstance
  db: Db
  url: string
  /** The application role's URL of the same database. */
  appUrl: string
  config: Config
  /** Every log line the app wrote, as JSON text. */
  logs: string[]
}

export async function createTestApp(env: Record<string, string> = {}, opts: { today?: () => string } = {}): Promise<TestApp> {
  const { db, url, appUrl } = await createTestDb()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-app-'))
  const config = loadConfig({ DATA_DIR: dataDir, LOGIN_IP_MAX_FAILURES: '1000', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000', ...env })
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'))
      done()
    },
  })
  const app = await buildApp({ config, db, log: createLogger('info', sink), ...(opts.today && { today: opts.today }) })
  await app.ready()
  afterAll(async () => {
    await app.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  return { app, db, url, appUrl, config, logs }
}

/**
 * Another instance of the app on the database of `t`, with a pool and a session cache of its own: what
 * a second platform process against the same database would be.
 */
export async function createSecondApp(t: TestApp): Promise<FastifyInstance> {
  const { db } = createDb(t.appUrl, { max: 4 })
  const app = await buildApp({ config: t.config, db, log: createLogger('silent') })
  await app.ready()
  afterAll(async () => {
    await app.close()
    await db.destroy()
  })
  return app
}

// Factories ---------------------------------------------------------------------------------------

export interface OrgNode {
  id: string
  path: string
  name: string
}

export async function makeOrg(
  db: Db,
  parent: OrgNode | null,
  name: string,
  level = 'county',
  kind = 'committee',
): Promise<OrgNode> {
  const id = randomUUID()
  const label = id.replaceAll('-', '')
  const p = parent ? `${parent.path}.${label}` : label
  await db
    .insertInto('orgs')
    .values({ id, parent_id: parent?.id ?? null, path: p, name, kind, level })
    .execute()
  return { id, path: p, name }
}

/**
 * A fresh tree for one test: province → cityA → own → descendant, cityA → sibling, province → cityB
 * → otherCity. A user granted at `own` may see own and descendant only.
 */
export async function makeOrgTree(db: Db) {
  const tag = randomBytes(3).toString('hex')
  const province = await makeOrg(db, null, `测试省委-${tag}`, 'province')
  const cityA = await makeOrg(db, province, `甲市委-${tag}`, 'city')
  const own = await makeOrg(db, cityA, `甲市一区委-${tag}`, 'county')
  const descendant = await makeOrg(db, own, `一区第一党支部-${tag}`, 'grassroots', 'branch')
  const sibling = await makeOrg(db, cityA, `甲市二区委-${tag}`, 'county')
  const cityB = await makeOrg(db, province, `乙市委-${tag}`, 'city')
  const otherCity = await makeOrg(db, cityB, `乙市一区委-${tag}`, 'county')
  return { province, cityA, own, descendant, sibling, ancestor: cityA, cityB, otherCity }
}

let cachedHash: Promise<string> | undefined
export const TEST_PASSWORD = `Pw-${randomBytes(6).toString('hex')}`

export async function makeUser(
  db: Db,
  opts: { role: BuiltinRoleCode; org: OrgNode; loginName?: string; mustChangePassword?: boolean; password?: string },
) {
  const hash = opts.password ? await hashPassword(opts.password) : await (cachedHash ??= hashPassword(TEST_PASSWORD))
  const loginName = opts.loginName ?? `u_${randomBytes(5).toString('hex')}`
  const role = await db.selectFrom('roles').where('code', '=', opts.role).select('id').executeTakeFirstOrThrow()
  const user = await db
    .insertInto('users')
    .values({
      login_name: loginName,
      display_name: `测试用户${loginName.slice(-4)}`,
      password_hash: hash,
      must_change_password: opts.mustChangePassword ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const grant = await db
    .insertInto('grants')
    .values({ user_id: user.id, role_id: role.id, org_id: opts.org.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: user.id, loginName, password: opts.password ?? TEST_PASSWORD, grantId: grant.id }
}

export async function addGrant(db: Db, userId: string, role: BuiltinRoleCode, org: OrgNode) {
  const r = await db.selectFrom('roles').where('code', '=', role).select('id').executeTakeFirstOrThrow()
  return (
    await db
      .insertInto('grants')
      .values({ user_id: userId, role_id: r.id, org_id: org.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
}

// Sessions ----------------------------------------------------------------------------------------

export interface Session {
  cookie: string
  csrf: string
  /** Headers for a request in this session (cookie + CSRF token). */
  headers: Record<string, string>
}

export const cookieOf = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name)?.value

export async function login(app: FastifyInstance, loginName: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { loginName, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  const token = cookieOf(res, 'xf_session')!
  const csrf = (res.json() as { me: { csrfToken: string } }).me.csrfToken
  const cookie = `xf_session=${token}`
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } }
}

export const auditRows = (db: Db, action: string) =>
  db.selectFrom('audit_log').where('action', '=', action).selectAll().orderBy('seq').execute()
