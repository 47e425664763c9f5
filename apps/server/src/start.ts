import path from 'node:path'
import { BUILTIN_ROLES } from '@xianfeng/contract'
import { buildApp, DEFAULT_WEB_DIR, type Deps } from './app.ts'
import { ConfigError, loadConfig } from './platform/config.ts'
import { appRoleUrl, openDatabase } from './platform/database.ts'
import { createDb } from './platform/db.ts'
import { createLogger } from './platform/logger.ts'
import { migrate } from './platform/migrate.ts'
import { REPO_ROOT } from './platform/paths.ts'
import { seedDemo } from './seed.ts'

export { ConfigError }

/**
 * Config → database (embedded or external) → migrations → demo data → buildApp → listen. `deps`
 * replaces parts of what the app is built with (a clock of its own in the end-to-end runs).
 */
export async function start(deps: Pick<Deps, 'today'> = {}) {
  const started = performance.now()
  const config = loadConfig()
  const log = createLogger(config.LOG_LEVEL)

  const { url, embedded } = await openDatabase(config, log, { reuseRunning: false })
  await migrate(url, log)
  const appUrl = await appRoleUrl(url, config.appDbPassword, log)
  const { db, pool } = createDb(appUrl ?? url, {
    switchRole: appUrl === null,
    onIdleError: (e) => log.warn({ err: e }, '数据库空闲连接断开'),
  })
  let app: Awaited<ReturnType<typeof buildApp>> | undefined
  let seeded: Awaited<ReturnType<typeof seedDemo>>
  try {
    seeded = config.SEED_DEMO
      ? await seedDemo(db, { dataDir: config.DATA_DIR, withDemoUsers: true, members: { encryptionKey: config.encryptionKey } })
      : []
    app = await buildApp({ config, db, pool, log, webDir: DEFAULT_WEB_DIR, ...deps })
    await app.listen({ port: config.PORT, host: config.HOST })
  } catch (e) {
    // Leave nothing running behind a failed start.
    await app?.close().catch(() => undefined)
    await db.destroy().catch(() => undefined)
    await embedded?.stop().catch(() => undefined)
    throw e
  }

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, '正在停止')
    await app?.close()
    await db.destroy()
    await embedded?.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))

  // Printed, not logged: passwords never go to the log.
  const shown = (p: string) => (p.startsWith(REPO_ROOT + path.sep) ? path.relative(REPO_ROOT, p) : p)
  const credentialsFile = shown(path.join(config.DATA_DIR, 'initial-admin.txt'))
  const out = [
    '',
    `先锋 Xianfeng 已启动：http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}  （用时 ${Math.round(performance.now() - started)} 毫秒）`,
    `数据库：${embedded ? `内置 PostgreSQL 17（${shown(config.pgDataDir)}，端口 ${config.EMBEDDED_PG_PORT}）` : '外部 PostgreSQL（DATABASE_URL）'}`,
  ]
  const admin = seeded.find((a) => a.loginName === 'admin')
  if (admin) {
    out.push(`演示管理员：登录名 admin  密码 ${admin.password}`)
    out.push(
      `其他演示账号（${seeded
        .filter((a) => a !== admin)
        .map((a) => `${a.loginName}/${BUILTIN_ROLES[a.role].name}`)
        .join('，')}）及密码见 ${credentialsFile}（权限 600）`,
    )
  } else {
    out.push(`演示账号及初始密码见 ${credentialsFile}`)
  }
  out.push('按 Ctrl-C 停止。', '')
  process.stdout.write(out.join('\n'))
}
