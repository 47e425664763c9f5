// Measures the member registry at scale: generates the demo dataset (bench/dataset.ts) into a
// temporary data directory (or reuses one), starts the platform on it as a child process, logs in as
// the demo administrator and times, through the HTTP API, member search in the province, a city and
// a county — name fragments of one, two and three characters, pinyin initials, an exact ID number —
// beside the same SQL run directly as the floor; then moves a county-sized subtree to another parent
// and back. Usage: npm run bench:registry -- [--scale province] [--seed N] [--runs 50]
//   [--data-dir DIR (reused when it holds a dataset, kept)] [--keep] [--port 3290] [--pg-port 54490]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely'
import pg from 'pg'
import { loadConfig } from '../platform/config.ts'
import { createPiiCipher, piiKeysFromConfig } from '../platform/crypto/pii.ts'
import type { DB } from '../platform/db-types.ts'
import { createLogger } from '../platform/logger.ts'
import { peopleRepo, type MemberFilter } from '../modules/people/people.repo.ts'
import { createPersonPii } from '../modules/people/person-pii.ts'
import { isScaleName, SCALES, type DatasetResult } from './dataset.ts'
import { loadDemoDataset } from './dataset-load.ts'
import { adminSession, childEnv, quantile, startPlatform, stopPlatform } from './platform-child.ts'

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'province' },
    seed: { type: 'string', default: '20060720' },
    today: { type: 'string' },
    runs: { type: 'string', default: '50' },
    moves: { type: 'string', default: '2' },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    port: { type: 'string', default: '3290' },
    'pg-port': { type: 'string', default: '54490' },
  },
})
if (!isScaleName(values.scale)) throw new Error(`--scale 应为 ${Object.keys(SCALES).join('、')} 之一`)
const SCALE = values.scale
const RUNS = Number(values.runs)
const MOVES = Number(values.moves)
const PORT = Number(values.port)
const base = `http://127.0.0.1:${PORT}`
const dataDir = values['data-dir']
  ? path.resolve(values['data-dir'])
  : fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-registry-'))
const isTemp = !values['data-dir']
fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 })
fs.chmodSync(dataDir, 0o755)
const env = childEnv(dataDir, PORT, values['pg-port'], { SESSION_IDLE_MINUTES: '600' })

const BUDGET_MS = 30_000
const ms = (x: number) => (x < 10 ? x.toFixed(1) : String(Math.round(x)))
const n = (x: number) => x.toLocaleString('en-US')
const log = (line: string) => process.stderr.write(`${line}\n`)

interface Scope {
  label: string
  id: string
  path: string
  name: string
  /** Whether the search names the org (city, county) or uses the administrator's scope (province). */
  passOrg: boolean
}

interface SearchCase {
  label: string
  q: string
  filter: Partial<MemberFilter>
}

async function main() {
  const lines: string[] = []
  const cpus = os.cpus()
  const config = loadConfig(env)

  // 1. The dataset: generated, or reused from --data-dir.
  let generated: (DatasetResult & { seedMs: number }) | null = null
  if (fs.existsSync(path.join(dataDir, 'initial-admin.txt'))) {
    log(`沿用数据目录 ${dataDir} 中已有的数据集`)
  } else {
    log(`生成${SCALES[SCALE].label}数据集到 ${dataDir}`)
    const today = values.today
      ? new Date(`${values.today}T00:00:00Z`)
      : new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)
    generated = await loadDemoDataset(config, createLogger('warn'), {
      scale: SCALE,
      seed: Number(values.seed),
      today,
      progress: log,
    })
  }

  // 2. The platform, as a child process on its own ports.
  const { child: server, usableMs: startMs } = await startPlatform(env, { showErrors: true })
  const pool = new pg.Pool({
    connectionString: `postgres://postgres:${encodeURIComponent(config.embeddedPgPassword)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/xianfeng`,
    max: 2,
  })
  try {
    const session = await adminSession(base, dataDir)
    const pii = createPersonPii(createPiiCipher(piiKeysFromConfig(config.encryptionKey)))

    const counts = (
      await pool.query<{ orgs: number; people: number; members: number; status_history: number; org_history: number }>(
        `SELECT (SELECT count(*) FROM orgs)::int AS orgs, (SELECT count(*) FROM people)::int AS people,
           (SELECT count(*) FROM members WHERE status <> 'left')::int AS members,
           (SELECT count(*) FROM member_status_history)::int AS status_history,
           (SELECT count(*) FROM member_org_history)::int AS org_history`,
      )
    ).rows[0]!
    lines.push(
      `机器：${cpus.length} 核（${cpus[0]?.model.trim() ?? '未知'}），${Math.round(os.totalmem() / 2 ** 30)} GiB，Node ${process.version}，内置 PostgreSQL 17；` +
        `开始时负载 ${os.loadavg()[0]!.toFixed(1)}（同机有其他任务并行，数字偏大、有噪声）`,
    )
    lines.push(
      `数据集：${SCALES[SCALE].label}，组织 ${n(counts.orgs)} 个，人员 ${n(counts.people)} 人（未离开 ${n(counts.members)} 人），` +
        `状态历史 ${n(counts.status_history)} 行，组织关系历史 ${n(counts.org_history)} 行`,
    )
    if (generated) {
      lines.push(
        `生成数据集：${((generated.seedMs + generated.ms) / 1000).toFixed(1)} 秒（真实组织树与演示账号 ${(generated.seedMs / 1000).toFixed(1)} 秒，` +
          `生成 ${(generated.ms / 1000).toFixed(1)} 秒），写入 ${n(generated.rows)} 行，${n(Math.round(generated.rows / (generated.ms / 1000)))} 行/秒`,
      )
      for (const p of generated.phases)
        lines.push(
          `  ${p.label}：${(p.ms / 1000).toFixed(1)} 秒${p.rows ? `，${n(p.rows)} 行（${n(Math.round(p.rows / (p.ms / 1000)))} 行/秒）` : ''}`,
        )
    }
    lines.push(`平台启动到接口可用：${Math.round(startMs)} ms`)

    // 3. Search: each query in each scope, over HTTP and as SQL.
    const orgByDivision = async (code: string) =>
      (
        await pool.query<{ id: string; path: string; name: string }>(
          `SELECT id, path::text AS path, name FROM orgs WHERE division_code = $1 AND kind = 'committee' AND status = 'active'`,
          [code],
        )
      ).rows[0]!
    const scopes: Scope[] = []
    const rootCode = SCALES[SCALE].division
    for (const [label, code] of [
      ['全省', '42'],
      ['武汉市', '4201'],
      ['江岸区', '420102'],
    ] as const) {
      // a scale populates only its own subtree: measure that and what lies within it
      if (!code.startsWith(rootCode)) continue
      const o = await orgByDivision(code)
      scopes.push({ label, ...o, passOrg: code !== '42' })
    }
    const county = scopes.at(-1)!
    const sample = (
      await pool.query<{ id: string; name: string; id_number_enc: Buffer }>(
        `SELECT p.id, p.name, p.id_number_enc FROM people p JOIN members m ON m.person_id = p.id JOIN orgs o ON o.id = m.org_id
         WHERE o.path <@ $1::ltree AND m.status = 'full' ORDER BY p.id LIMIT 1`,
        [county.path],
      )
    ).rows[0]!
    const idNumber = pii.openIdNumber(sample.id, sample.id_number_enc)
    const cases: SearchCase[] = [
      { label: '姓名开头“王建”（2 字）', q: '王建', filter: { nameGram: '王建' } },
      { label: '单字“敏”', q: '敏', filter: { nameGram: '敏' } },
      { label: '两字片段“建国”', q: '建国', filter: { nameGram: '建国' } },
      { label: '三字“王建国”', q: '王建国', filter: { nameLike: '王建国' } },
      { label: '拼音首字母“wjg”', q: 'wjg', filter: { pinyin: 'wjg' } },
      { label: '身份证号（精确）', q: idNumber, filter: { idNumberHash: pii.idNumberHash(idNumber) } },
    ]

    let captured: CompiledQuery | null = null
    const kdb = new Kysely<DB>({
      dialect: new PostgresDialect({ pool }),
      log: (e) => {
        if (e.level === 'query') captured = e.query
      },
    })
    const slow: string[] = []
    lines.push(`人员检索（每项 ${RUNS} 次顺序请求，第一页 20 条；“SQL”为同一条查询由数据库所有者直接执行，作下限）：`)
    for (const scope of scopes) {
      for (const c of cases) {
        const url = `/api/members?q=${encodeURIComponent(c.q)}${scope.passOrg ? `&orgId=${scope.id}` : ''}`
        const http: number[] = []
        let found = 0
        let more = false
        // RUNS each, or fewer where a query is slow: at most BUDGET_MS of measuring per query and path
        let spent = performance.now()
        for (let i = 0; i < RUNS + 3 && (i < 8 || performance.now() - spent < BUDGET_MS); i++) {
          const t0 = performance.now()
          const res = await session.get(url)
          const body = (await res.json()) as { items?: unknown[]; nextCursor?: string | null }
          const t = performance.now() - t0
          if (res.status !== 200) throw new Error(`${url}：${res.status} ${JSON.stringify(body)}`)
          found = body.items?.length ?? 0
          more = !!body.nextCursor
          if (i >= 3) http.push(t)
        }
        // The repository's own SQL for the service's filter, captured once and then timed directly.
        captured = null
        await peopleRepo.search(kdb, { scope: [scope.path], excludeLeft: true, limit: 21, ...c.filter })
        const query = captured as CompiledQuery | null
        if (!query) throw new Error('没有捕获到检索 SQL')
        const floor: number[] = []
        spent = performance.now()
        for (let i = 0; i < RUNS + 3 && (i < 8 || performance.now() - spent < BUDGET_MS); i++) {
          const t0 = performance.now()
          await pool.query(query.sql, [...query.parameters])
          if (i >= 3) floor.push(performance.now() - t0)
        }
        const hp = quantile(http, 0.95)
        const fp = quantile(floor, 0.95)
        lines.push(
          `  ${scope.label} · ${c.label}：HTTP 中位 ${ms(quantile(http, 0.5))} ms，p95 ${ms(hp)} ms；SQL 中位 ${ms(quantile(floor, 0.5))} ms，p95 ${ms(fp)} ms` +
            `（${found}${more ? '+' : ''} 条${http.length < RUNS ? `；较慢，只测了 ${http.length}/${floor.length} 次` : ''}）`,
        )
        // far above 20 ms, or far above twice the SQL: show the plan
        if (hp > 40 || hp > 2 * fp + 15) {
          const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, [
            ...query.parameters,
          ])
          slow.push(
            `${scope.label} · ${c.label}（HTTP p95 ${ms(hp)} ms，SQL p95 ${ms(fp)} ms）：`,
            ...plan.rows.map((r) => `    ${r['QUERY PLAN']}`),
          )
        }
      }
    }

    // 4. Moving a county-sized subtree (about 4,000 orgs, 86,000 members) to another parent and back.
    const candidates = (
      await pool.query<{ id: string; name: string; parent_id: string; orgs: number; members: number }>(
        `SELECT c.id, c.name, c.parent_id,
           (SELECT count(*) FROM orgs o WHERE o.path <@ c.path)::int AS orgs,
           (SELECT count(*) FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path <@ c.path AND m.status <> 'left')::int AS members
         FROM orgs c
         WHERE c.kind = 'committee' AND c.level IN ('city', 'county') AND c.parent_id IS NOT NULL AND c.path <@ $1::ltree`,
        [scopes[0]!.path],
      )
    ).rows
    const score = (c: { orgs: number; members: number }) =>
      Math.abs(Math.log(c.orgs / 4000)) + Math.abs(Math.log(c.members / 86000))
    const subtree = candidates.sort((a, b) => score(a) - score(b))[0]
    if (subtree) {
      const parents = (
        await pool.query<{ id: string; name: string }>(
          `SELECT id, name FROM orgs WHERE kind = 'committee' AND level IN ('city', 'county') AND id <> $1 AND parent_id = (SELECT parent_id FROM orgs WHERE id = $2)
           ORDER BY division_code LIMIT 1`,
          [subtree.parent_id, subtree.parent_id],
        )
      ).rows
      const target = parents[0] ?? (await orgByDivision('4201'))
      lines.push(`移动子树“${subtree.name}”（${n(subtree.orgs)} 个组织，${n(subtree.members)} 名党员）：`)
      for (let round = 1; round <= MOVES; round++) {
        for (const [to, label] of [
          [target, `移到“${target.name}”之下`],
          [{ id: subtree.parent_id }, '移回原上级'],
        ] as const) {
          const t0 = performance.now()
          const res = await session.post(`/api/orgs/${subtree.id}/move`, { newParentId: to.id })
          const body = (await res.json()) as { movedOrgs?: number }
          const t = performance.now() - t0
          if (res.status !== 200) throw new Error(`移动失败：${res.status} ${JSON.stringify(body)}`)
          lines.push(`  第 ${round} 轮 ${label}：${n(Math.round(t))} ms（移动 ${n(body.movedOrgs ?? 0)} 个组织）`)
        }
      }
    }
    await kdb.destroy()
    if (slow.length) lines.push('明显慢于 20 ms 或明显超过 SQL 两倍的检索及其执行计划：', ...slow)
  } finally {
    await pool.end().catch(() => undefined)
    await stopPlatform(server, 'SIGINT')
    if (isTemp && !values.keep) fs.rmSync(dataDir, { recursive: true, force: true })
    else log(`数据目录保留在 ${dataDir}`)
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
