// Measures member imports end to end against a fresh platform in a temporary data directory:
// upload → read and check every row → write, through the HTTP API as the web page does, with the
// server's peak RSS; then kills the server with SIGKILL in the middle of imports and checks that
// each file ended up wholly in or wholly out, and that importing the files again loses and
// duplicates nothing.
// Usage: npm run bench:import [-- --rows 100000,1000000 --kill-trials 20 --trial-rows 50000]
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import type { MemberImport } from '@xianfeng/contract'
import { REPO_ROOT } from '../platform/paths.ts'
import { COUNTIES, rngOf, writeMemberFile as writeFile } from './member-file.ts'
import { adminSession, childEnv, procStatusKb, sleep, startPlatform, stopPlatform, type AdminSession } from './platform-child.ts'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000,1000000' },
    'kill-trials': { type: 'string', default: '20' },
    'trial-rows': { type: 'string', default: '50000' },
    port: { type: 'string', default: '3191' },
    'pg-port': { type: 'string', default: '54392' },
    seed: { type: 'string', default: '20060720' },
  },
})
const SIZES = values.rows.split(',').filter(Boolean).map(Number)
const TRIALS = Number(values['kill-trials'])
const TRIAL_ROWS = Number(values['trial-rows'])
const PORT = Number(values.port)
const base = `http://127.0.0.1:${PORT}`
const IMPORT_ROOT = '中共武汉市江岸区委员会'
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-bench-import-'))
fs.chmodSync(dataDir, 0o755)
const env = childEnv(dataDir, PORT, values['pg-port'])
const mib = (kb: number) => `${Math.round(kb / 1024)} MiB`

let server: ChildProcess | undefined
let session: AdminSession
async function restart() {
  server = (await startPlatform(env)).child
  session = await adminSession(base, dataDir)
}

async function upload(file: string, orgId: string): Promise<string> {
  const qs = new URLSearchParams({ orgId, fileName: path.basename(file) })
  const res = await session.upload(`/api/members/imports?${qs}`, fs.readFileSync(file))
  if (res.status !== 201) throw new Error(`upload ${res.status} ${await res.text()}`)
  return ((await res.json()) as { import: MemberImport }).import.id
}

async function poll(id: string): Promise<MemberImport> {
  const res = await session.get(`/api/members/imports/${id}`)
  if (res.status !== 200) throw new Error(`poll ${res.status}`)
  return ((await res.json()) as { import: MemberImport }).import
}
const FINISHED = ['done', 'rejected', 'failed', 'interrupted', 'duplicate']

async function main() {
  if (!fs.existsSync(path.join(REPO_ROOT, 'apps/web/dist/index.html'))) throw new Error('先运行 npm run build')
  const lines: string[] = [
    `机器：${os.cpus().length} 核，${Math.round(os.totalmem() / 2 ** 30)} GiB，Node ${process.version}`,
    `命令：npm run bench:import -- --rows ${values.rows} --kill-trials ${TRIALS} --trial-rows ${TRIAL_ROWS}`,
  ]
  const say = (line: string) => {
    lines.push(line)
    process.stderr.write(`${line}\n`)
  }
  await restart()
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { embeddedPgPassword: string }
  const ownerUrl = `postgres://postgres:${encodeURIComponent(secrets.embeddedPgPassword)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/xianfeng`
  const sql = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: ownerUrl })
    await client.connect()
    try {
      return (await client.query<T>(text, params)).rows
    } finally {
      await client.end()
    }
  }
  const [root] = await sql<{ id: string; path: string }>('SELECT id, path::text FROM orgs WHERE name = $1', [IMPORT_ROOT])
  const branches = (
    await sql<{ name: string }>(
      `SELECT name FROM orgs WHERE path <@ $1::ltree AND status = 'active'
         AND kind IN ('branch', 'joint_branch', 'temporary_branch', 'general_branch')
       GROUP BY name HAVING count(*) = 1 ORDER BY name`,
      [root!.path],
    )
  ).map((r) => r.name)
  const people = async () => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM people'))[0]!.n)
  const files = path.join(dataDir, 'bench-files')
  fs.mkdirSync(files)
  let county = 0

  // 1. Imports of each size, timed from the upload to the commit.
  for (const rows of SIZES) {
    const file = path.join(files, `members-${rows}.xlsx`)
    let t0 = performance.now()
    await writeFile(file, rows, COUNTIES[county++]!, branches, Number(values.seed) + rows)
    const genMs = performance.now() - t0
    const before = await people()
    const pid = server!.pid!
    const idleKb = procStatusKb(pid, 'VmRSS')
    let peakKb = idleKb
    t0 = performance.now()
    const id = await upload(file, root!.id)
    const uploadMs = performance.now() - t0
    let imp: MemberImport
    for (;;) {
      peakKb = Math.max(peakKb, procStatusKb(pid, 'VmRSS'))
      imp = await poll(id)
      if (FINISHED.includes(imp.status)) break
      await sleep(100)
    }
    const totalMs = performance.now() - t0
    const written = (await people()) - before
    if (imp.status !== 'done' || written !== rows)
      throw new Error(
        `import of ${rows} rows ended ${imp.status} with ${written} rows: ${imp.message} ${JSON.stringify(imp.errors.slice(0, 5))}`,
      )
    say(
      `导入 ${rows.toLocaleString('en')} 行（文件 ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB，生成用时 ${(genMs / 1000).toFixed(1)} s）：` +
        `上传 ${(uploadMs / 1000).toFixed(1)} s，读取、校验、写入到提交共 ${(totalMs / 1000).toFixed(1)} s = ` +
        `${Math.round(rows / (totalMs / 1000)).toLocaleString('en')} 行/秒；服务进程 RSS 导入前 ${mib(idleKb)}，峰值 ${mib(peakKb)}`,
    )
    fs.rmSync(file)
  }

  // 2. SIGKILL in the middle of imports: each file wholly in or wholly out.
  if (TRIALS > 0) {
    const trialFiles: string[] = []
    // The first file measures how long one import takes; each of the others is cut off once.
    for (let i = 0; i <= TRIALS; i++) {
      const file = path.join(files, `trial-${i}.xlsx`)
      await writeFile(file, TRIAL_ROWS, COUNTIES[county++ % COUNTIES.length]!, branches, Number(values.seed) + i)
      trialFiles.push(file)
    }
    // How long one import takes, to spread the kills over all of it (upload, reading, writing, commit).
    const probeBefore = await people()
    let t0 = performance.now()
    const probe = await upload(trialFiles[0]!, root!.id)
    while (!FINISHED.includes((await poll(probe)).status)) await sleep(50)
    const fullMs = performance.now() - t0
    if ((await people()) - probeBefore !== TRIAL_ROWS) throw new Error('probe import did not write its rows')
    const rng = rngOf(Number(values.seed))
    const outcomes: { file: string; wrote: number; at: number }[] = []
    for (let i = 1; i < trialFiles.length; i++) {
      const before = await people()
      const at = Math.round(200 + rng() * fullMs * 1.1)
      t0 = performance.now()
      const uploading = upload(trialFiles[i]!, root!.id).catch(() => null)
      await sleep(Math.max(0, at - (performance.now() - t0)))
      await stopPlatform(server, 'SIGKILL')
      await uploading
      await restart()
      const wrote = (await people()) - before
      outcomes.push({ file: trialFiles[i]!, wrote, at })
      process.stderr.write(`  第 ${i} 次：${at} ms 时 kill -9，写入 ${wrote} 行\n`)
    }
    const none = outcomes.filter((o) => o.wrote === 0).length
    const all = outcomes.filter((o) => o.wrote === TRIAL_ROWS).length
    const partial = outcomes.length - none - all
    // Import every file again: the ones cut off go in now, the others are recognised.
    const beforeAgain = await people()
    for (const o of outcomes) {
      const id = await upload(o.file, root!.id)
      let imp: MemberImport
      while (!FINISHED.includes((imp = await poll(id)).status)) await sleep(50)
      const expected = o.wrote === 0 ? 'done' : 'duplicate'
      if (imp.status !== expected) throw new Error(`re-import of ${o.file}: ${imp.status}, expected ${expected}`)
    }
    const total = (await people()) - probeBefore
    const expectedTotal = TRIAL_ROWS * trialFiles.length
    const dupes = Number((await sql<{ n: string }>('SELECT count(*) - count(DISTINCT id_number_hash) AS n FROM people'))[0]!.n)
    say(
      `kill -9 试验 ${outcomes.length} 次（每份 ${TRIAL_ROWS.toLocaleString('en')} 行，完整导入一份约 ${(fullMs / 1000).toFixed(1)} s，` +
        `在 0.2 s 至 ${((fullMs * 1.1 + 200) / 1000).toFixed(1)} s 之间随机杀掉服务进程）：` +
        `${none} 次一行未写入，${all} 次整份已写入，${partial} 次部分写入；` +
        `重启后重新导入全部文件：新写入 ${((await people()) - beforeAgain).toLocaleString('en')} 行，` +
        `共 ${total.toLocaleString('en')} 行（应为 ${expectedTotal.toLocaleString('en')}），丢失 ${Math.max(0, expectedTotal - total)}，重复 ${dupes}`,
    )
    if (partial || total !== expectedTotal || dupes) process.exitCode = 1
  }

  await stopPlatform(server, 'SIGINT')
  fs.rmSync(dataDir, { recursive: true, force: true })
  process.stdout.write(`${lines.join('\n')}\n`)
}

main().catch(async (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
  await stopPlatform(server, 'SIGINT').catch(() => undefined)
  process.exit(1)
})
