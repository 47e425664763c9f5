// What the benchmark scripts share: the platform as a child process in a data directory of its own,
// and a session of its demo administrator, as the web app would hold it.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from '../platform/paths.ts'

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The q-quantile of the samples (0.5 the median, 0.95 the p95). */
export const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!

/** A field of /proc/PID/status in KiB (VmRSS, VmHWM), 0 once the process is gone. */
export function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  } catch {
    return 0
  }
}

/** The environment of a platform child: its data directory and ports, quiet logs, no rate limit in the way. */
export const childEnv = (dataDir: string, port: number, pgPort: string | number, extra: Record<string, string> = {}) => ({
  ...process.env,
  DATA_DIR: dataDir,
  PORT: String(port),
  EMBEDDED_PG_PORT: String(pgPort),
  LOG_LEVEL: 'warn',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
  ...extra,
})

/**
 * Starts the platform (apps/server/src/main.ts) with `env`; BENCH_NODE_ARGS passes flags to its Node,
 * e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'. Resolves once the API answers, with the time it took.
 */
export async function startPlatform(
  env: NodeJS.ProcessEnv,
  opts: { showErrors?: boolean } = {},
): Promise<{ child: ChildProcess; usableMs: number }> {
  const started = performance.now()
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'ignore', opts.showErrors ? 'inherit' : 'ignore'],
  })
  const base = `http://127.0.0.1:${env.PORT}`
  for (;;) {
    if (child.exitCode !== null) throw new Error(`平台进程退出，退出码 ${child.exitCode}`)
    try {
      if ((await fetch(`${base}/api/auth/me`)).status === 401) return { child, usableMs: performance.now() - started }
    } catch {
      // not listening yet
    }
    await sleep(50)
  }
}

/** Stops a platform child with `signal` and waits for it to exit. */
export async function stopPlatform(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill(signal)
  await exited
}

/** The demo administrator's password, from the data directory's initial-admin.txt. */
export function adminPassword(dataDir: string): string {
  const text = fs.readFileSync(path.join(dataDir, 'initial-admin.txt'), 'utf8')
  return text
    .split('\n')
    .find((l) => l.startsWith('admin\t'))!
    .split('\t')[1]!
}

export interface AdminSession {
  /** The Cookie header the session sends (for load generators). */
  cookie: string
  get: (url: string) => Promise<Response>
  post: (url: string, body: object) => Promise<Response>
  /** POSTs the bytes of a file to an upload route. */
  upload: (url: string, file: Buffer) => Promise<Response>
}

/** Logs in as the demo administrator: cookies and the CSRF token, as the web app holds them. */
export async function adminSession(base: string, dataDir: string): Promise<AdminSession> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName: 'admin', password: adminPassword(dataDir) }),
  })
  if (res.status !== 200) throw new Error(`登录失败：${res.status} ${await res.text()}`)
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!)
  const csrf = cookies.find((c) => c.startsWith('xf_csrf='))!.slice('xf_csrf='.length)
  const cookie = cookies.join('; ')
  const send = (url: string, body: Buffer | string, type: string) =>
    fetch(`${base}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': type }, body })
  return {
    cookie,
    get: (url) => fetch(`${base}${url}`, { headers: { cookie } }),
    post: (url, body) => send(url, JSON.stringify(body), 'application/json'),
    upload: (url, file) => send(url, file, 'application/octet-stream'),
  }
}
