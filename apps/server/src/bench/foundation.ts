// Measures the foundation's figures on this machine, against a fresh platform in a temporary data
// directory: start-up to a usable page, server RSS at idle, login latency, and audit-chain
// verification of 100,000 rows. Usage: npm run bench:foundation [-- --logins 50 --audit-rows 100000]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { REPO_ROOT } from '../platform/paths.ts'
import { adminPassword, childEnv, procStatusKb, quantile, sleep, startPlatform, stopPlatform } from './platform-child.ts'

const { values } = parseArgs({
  options: {
    logins: { type: 'string', default: '50' },
    'audit-rows': { type: 'string', default: '100000' },
    port: { type: 'string', default: '3190' },
    'pg-port': { type: 'string', default: '54391' },
  },
})
const LOGINS = Number(values.logins)
const AUDIT_ROWS = Number(values['audit-rows'])
const PORT = Number(values.port)
const base = `http://127.0.0.1:${PORT}`

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-bench-'))
fs.chmodSync(dataDir, 0o755)
const env = childEnv(dataDir, PORT, values['pg-port'])

async function main() {
  if (!fs.existsSync(path.join(REPO_ROOT, 'apps/web/dist/index.html'))) throw new Error('先运行 npm run build')
  const lines: string[] = [`机器：${os.cpus().length} 核，${Math.round(os.totalmem() / 2 ** 30)} GiB，Node ${process.version}`]

  // 1. First start (initdb, migrations, seed) and a second start, each to a usable page.
  for (const label of ['首次启动（初始化数据库、迁移、演示数据）', '再次启动']) {
    const { child: server, usableMs: ms } = await startPlatform(env)
    lines.push(`${label}到页面可用：${Math.round(ms)} ms`)
    if (label === '再次启动') {
      await sleep(5000)
      lines.push(`空闲时服务进程 RSS：${Math.round(procStatusKb(server.pid!, 'VmRSS') / 1024)} MiB`)
      await measureLoginAndAudit(lines)
    }
    await stopPlatform(server, 'SIGINT')
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
  process.stdout.write(`${lines.join('\n')}\n`)
}

async function measureLoginAndAudit(lines: string[]) {
  const password = adminPassword(dataDir)
  const times: number[] = []
  for (let i = 0; i < LOGINS; i++) {
    const t0 = performance.now()
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginName: 'admin', password }),
    })
    if (res.status !== 200) throw new Error(`login ${res.status}`)
    await res.arrayBuffer()
    times.push(performance.now() - t0)
  }
  lines.push(
    `登录（${LOGINS} 次顺序请求）：p50 ${quantile(times, 0.5).toFixed(1)} ms，p95 ${quantile(times, 0.95).toFixed(1)} ms`,
  )

  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { embeddedPgPassword: string }
  const client = new pg.Client({
    connectionString: `postgres://postgres:${encodeURIComponent(secrets.embeddedPgPassword)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/xianfeng`,
  })
  await client.connect()
  const t0 = performance.now()
  await client.query(
    `INSERT INTO audit_log (actor_login, action, entity_type, entity_id, after, request_id, ip)
     SELECT 'bench', 'orgs.org_updated', 'org', gen_random_uuid()::text, jsonb_build_object('n', g), gen_random_uuid()::text, '127.0.0.1'
     FROM generate_series(1, $1) g`,
    [AUDIT_ROWS],
  )
  lines.push(`写入 ${AUDIT_ROWS} 条审计记录（逐行计算哈希链）：${Math.round(performance.now() - t0)} ms`)
  await client.end()
  const verify = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'audit:verify'], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
  })
  lines.push(`npm run cli -- audit:verify：${verify.stdout.trim() || verify.stderr.trim()}`)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
