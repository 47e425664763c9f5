// The benchmark harness: one command builds the dataset of a scale (bench/dataset.ts) in a data
// directory of its own, starts the platform on it as a child process, logs in as the demo
// administrator and measures, each beside its floor (the best raw SQL for the same answer, run
// directly by the database owner):
//   subtree statistics (county, city, province roots) through GET /api/stats/subtree;
//   member search (prefix, 1-, 2-, 3-character fragments, pinyin initials, an exact ID number) in
//     each scope through GET /api/members;
//   member GET through the full HTTP stack with autocannon (50 connections, loopback);
//   an import of N rows through the upload and the background job;
//   a county-sized subtree move and back.
// It writes the figures as Markdown (BENCHMARKS.md for the province scale). A broken step fails
// the run; a slow figure never does.
// Usage: npm run bench -- [--scale county|city|province] [--runs 50] [--get-seconds 10]
//   [--import-rows N] [--moves 2] [--data-dir DIR (reused when it holds a dataset, kept)] [--keep]
//   [--out FILE] [--seed N] [--today YYYY-MM-DD] [--port 3301] [--pg-port 54501]
//   [--only stats,search,get,move,import,triggers,rules (a narrower loop while working on one figure)]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely'
import pg from 'pg'
import type { MemberImport, OrgCompliance } from '@xianfeng/contract'
import { loadConfig } from '../platform/config.ts'
import { createPiiCipher, piiKeysFromConfig } from '../platform/crypto/pii.ts'
import type { DB } from '../platform/db-types.ts'
import { createLogger } from '../platform/logger.ts'
import { REPO_ROOT } from '../platform/paths.ts'
import { peopleRepo, type MemberFilter } from '../modules/people/people.repo.ts'
import { createPersonPii } from '../modules/people/person-pii.ts'
import { isScaleName, SCALES, type DatasetResult } from './dataset.ts'
import { DATASET_RECORD, loadDemoDataset } from './dataset-load.ts'
import { writeMemberFile } from './member-file.ts'
import { adminSession, childEnv, quantile, sleep, startPlatform, stopPlatform, type AdminSession } from './platform-child.ts'
import { createRegistry } from '../app.ts'
import { todayInChina } from '../platform/calendar.ts'
import { periodOf, previousPeriod } from '../platform/rules/periods.ts'
import { ANALYSIS_HEADING, renderReport, type Figure, type Report } from './bench-report.ts'

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'county' },
    seed: { type: 'string', default: '20060720' },
    today: { type: 'string', default: '2026-06-30' },
    runs: { type: 'string', default: '50' },
    'get-seconds': { type: 'string', default: '10' },
    'get-connections': { type: 'string', default: '50' },
    'import-rows': { type: 'string' },
    moves: { type: 'string', default: '2' },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
    port: { type: 'string', default: '3301' },
    'pg-port': { type: 'string', default: '54501' },
    only: { type: 'string' },
  },
})
if (!isScaleName(values.scale)) throw new Error(`--scale 应为 ${Object.keys(SCALES).join('、')} 之一`)
if (!/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new Error('--today 应为 YYYY-MM-DD')
const SCALE = values.scale
const RUNS = Number(values.runs)
const GET_SECONDS = Number(values['get-seconds'])
const GET_CONNECTIONS = Number(values['get-connections'])
const IMPORT_ROWS = Number(values['import-rows'] ?? { county: 20_000, city: 50_000, province: 100_000 }[SCALE])
const MOVES = Number(values.moves)
const STEPS = ['stats', 'search', 'get', 'move', 'import', 'triggers', 'rules'] as const
const only = values.only?.split(',').map((s) => s.trim())
const unknownStep = only?.find((s) => !(STEPS as readonly string[]).includes(s))
if (unknownStep !== undefined) throw new Error(`--only 应为 ${STEPS.join('、')} 中的一项或几项（逗号分隔）`)
/** Whether this run measures `step`: all of them unless --only names some. */
const isMeasured = (step: (typeof STEPS)[number]) => !only || only.includes(step)
// a partial run never replaces the province figures in BENCHMARKS.md
const OUT = values.out ?? (SCALE === 'province' && !only ? path.join(REPO_ROOT, 'BENCHMARKS.md') : null)
const PORT = Number(values.port)
const base = `http://127.0.0.1:${PORT}`
const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), `bench-${SCALE}-`))
const isTemp = !values['data-dir']
fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 })
fs.chmodSync(dataDir, 0o755)
const env = childEnv(dataDir, PORT, values['pg-port'], { SESSION_IDLE_MINUTES: '600' })

/** At most this long measuring one query one way; a slow one gets fewer runs (at least five). */
const BUDGET_MS = 30_000
const log = (line: string) => process.stderr.write(`${line}\n`)

/** `runs` timings of `fn` after three unmeasured warm-up calls (one for a slow query), or fewer (at least five) within the budget. */
async function timeRuns(runs: number, fn: () => Promise<void>): Promise<number[]> {
  const times: number[] = []
  const started = performance.now()
  let warmUp = 3
  for (let i = 0; i < runs + warmUp && (i < warmUp + 5 || performance.now() - started < BUDGET_MS); i++) {
    const t0 = performance.now()
    await fn()
    const t = performance.now() - t0
    // a query of seconds is warm after one call, and five runs of it say enough
    if (i === 0 && t > 2000) warmUp = 1
    if (i >= warmUp) times.push(t)
  }
  return times
}

const stat = (xs: number[]) => ({ median: quantile(xs, 0.5), p95: quantile(xs, 0.95), runs: xs.length })

async function getJson(session: AdminSession, url: string): Promise<unknown> {
  const res = await session.get(url)
  const body = (await res.json()) as unknown
  if (res.status !== 200) throw new Error(`GET ${url}：${res.status} ${JSON.stringify(body).slice(0, 300)}`)
  return body
}

/** What EXPLAIN (ANALYZE, BUFFERS) says a query read: rows out of its scans, pages, the index it starts from. */
interface PlanFacts {
  rowsRead: number
  pages: number
  startsFrom: string
  ms: number
}

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  'Relation Name'?: string
  'Actual Rows': number
  'Actual Loops': number
  'Rows Removed by Filter'?: number
  'Rows Removed by Index Recheck'?: number
  'Shared Hit Blocks'?: number
  'Shared Read Blocks'?: number
  Plans?: PlanNode[]
}

async function planFacts(pool: pg.Pool, text: string, params: unknown[]): Promise<PlanFacts> {
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
    params,
  )
  const top = rows[0]!['QUERY PLAN'][0]
  let rowsRead = 0
  let first = ''
  const walk = (n: PlanNode) => {
    if (/Scan/.test(n['Node Type'])) {
      rowsRead +=
        (n['Actual Rows'] + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0)) * n['Actual Loops']
      // a bitmap heap scan starts from the index scan beneath it
      if (!first && n['Index Name']) first = n['Index Name']
      else if (!first && n['Node Type'] === 'Seq Scan') first = `${n['Relation Name'] ?? '?'}（顺序扫描）`
    }
    for (const c of n.Plans ?? []) walk(c)
  }
  walk(top.Plan)
  return {
    rowsRead,
    pages: (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0),
    startsFrom: first,
    ms: top['Execution Time'],
  }
}

interface Scope {
  label: string
  id: string
  path: string
  /** Whether requests name the org (city, county) or use the administrator's scope (province). */
  passOrg: boolean
}

async function main() {
  const config = loadConfig(env)
  const report: Report = {
    scale: SCALE,
    scaleLabel: SCALES[SCALE].label,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? '未知',
      cores: os.cpus().length,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: '',
      loadAtStart: os.loadavg()[0]!,
    },
    dataset: null,
    generation: null,
    figures: [],
    notes: [],
  }
  const figures = report.figures

  // 1. The dataset: generated into the data directory, or reused from it.
  if (fs.existsSync(path.join(dataDir, 'initial-admin.txt'))) {
    log(`沿用数据目录 ${dataDir} 中已有的数据集`)
  } else {
    log(`生成${SCALES[SCALE].label}数据集到 ${dataDir}`)
    await loadDemoDataset(config, createLogger('warn'), {
      scale: SCALE,
      seed: Number(values.seed),
      today: new Date(`${values.today}T00:00:00Z`),
      progress: log,
    })
  }
  const recordFile = path.join(dataDir, DATASET_RECORD)
  if (fs.existsSync(recordFile))
    report.generation = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as DatasetResult & {
      seedMs: number
      seed: number
      today: string
    }

  // 2. The platform, as a child process on its own ports.
  const { child: server, usableMs } = await startPlatform(env, { showErrors: true })
  const pool = new pg.Pool({
    connectionString: `postgres://postgres:${encodeURIComponent(config.embeddedPgPassword)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/xianfeng`,
    max: 12,
  })
  // an idle connection closed by the server's shutdown is no error of the run
  pool.on('error', () => undefined)
  try {
    const session = await adminSession(base, dataDir)
    report.machine.postgres = (await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v
    const counts = (
      await pool.query<{
        orgs: number
        people: number
        members: number
        status_history: number
        org_history: number
        people_mb: number
        members_mb: number
        activities: number
        attendance: number
      }>(
        `SELECT (SELECT count(*) FROM orgs)::int AS orgs, (SELECT count(*) FROM people)::int AS people,
           (SELECT count(*) FROM members WHERE status <> 'left')::int AS members,
           (SELECT count(*) FROM member_status_history)::int AS status_history,
           (SELECT count(*) FROM member_org_history)::int AS org_history,
           (pg_total_relation_size('people') / 1048576)::int AS people_mb,
           (pg_total_relation_size('members') / 1048576)::int AS members_mb,
           (SELECT count(*) FROM activities)::int AS activities,
           (SELECT count(*) FROM activity_attendance)::int AS attendance`,
      )
    ).rows[0]!
    report.dataset = { ...counts, startMs: usableMs }

    const orgByDivision = async (code: string) =>
      (
        await pool.query<{ id: string; path: string }>(
          `SELECT id, path::text AS path FROM orgs WHERE division_code = $1 AND kind = 'committee' AND status = 'active'`,
          [code],
        )
      ).rows[0]!
    const scopes: Scope[] = []
    for (const [label, code] of [
      ['全省', '42'],
      ['武汉市', '4201'],
      ['江岸区', '420102'],
    ] as const) {
      // a scale populates only its own subtree: measure that and what lies within it
      if (!code.startsWith(SCALES[SCALE].division)) continue
      scopes.push({ label, ...(await orgByDivision(code)), passOrg: code !== '42' })
    }
    const county = scopes.at(-1)!

    if (isMeasured('stats')) {
      await measureStatistics(session, pool, scopes, figures, report.notes)
      await measureYearEnd(session, pool, scopes, figures)
    }
    if (isMeasured('search')) await measureSearch(session, pool, scopes, config.encryptionKey, figures)
    if (isMeasured('get')) await measureMemberGet(session, pool, scopes[0]!, figures)
    if (isMeasured('move')) await measureMove(session, pool, scopes[0]!, figures)
    // last: the imported people stay, and a run that reuses the directory finds them in the county
    if (isMeasured('import')) await measureImport(session, pool, county, figures, report.generation)
    if (isMeasured('triggers')) await measureRollupTriggers(pool, county, figures, report.notes)
    if (isMeasured('rules')) await measureRules(session, pool, scopes, figures)
  } catch (e) {
    // what was measured before the failure is kept for diagnosis; the run still fails
    if (report.figures.length) {
      const partial = path.join(os.tmpdir(), `bench-${SCALE}-partial.md`)
      fs.writeFileSync(partial, renderReport(report))
      log(`运行未完成；已测得的部分写在 ${partial}`)
    }
    throw e
  } finally {
    await pool.end().catch(() => undefined)
    await stopPlatform(server, 'SIGINT')
    if (isTemp && !values.keep) fs.rmSync(dataDir, { recursive: true, force: true })
    else log(`数据目录保留在 ${dataDir}`)
  }
  const markdown = renderReport(report)
  if (OUT) {
    // the hand-written analysis at the end of the file survives a new run
    const previous = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : ''
    const at = previous.indexOf(ANALYSIS_HEADING)
    fs.writeFileSync(OUT, at >= 0 ? `${markdown}\n${previous.slice(at)}` : markdown)
    log(`已写入 ${OUT}`)
  }
  process.stdout.write(markdown)
}

// Subtree statistics ---------------------------------------------------------------------------

/**
 * The floor of a subtree statistic: the same figures recounted straight from the registers in one
 * statement — members of the subtree by status, the party members by each dimension, the active
 * orgs by each dimension, and both per direct sub-org — reading every member of the subtree once.
 */
const RECOUNT_SQL = `
  WITH sub AS MATERIALIZED (
    SELECT id, path, status, kind, level, host_unit_type, establishment_mode,
      CASE WHEN nlevel(path) > $2 THEN subpath(path, $2, 1)::text END AS child
    FROM orgs WHERE path <@ $1::ltree
  ), mem AS MATERIALIZED (
    SELECT s.child, m.status, p.gender, p.ethnicity, p.education, p.occupation,
      extract(year FROM now())::int - extract(year FROM p.birth_date)::int AS age,
      extract(year FROM m.admitted_on)::int AS join_year
    FROM sub s JOIN members m ON m.org_id = s.id JOIN people p ON p.id = m.person_id
  )
  SELECT 'status' AS dim, status AS value, count(*) AS n FROM mem GROUP BY status
  UNION ALL
  SELECT CASE WHEN grouping(gender) = 0 THEN 'gender' WHEN grouping(ethnicity) = 0 THEN 'ethnicity'
      WHEN grouping(education) = 0 THEN 'education' WHEN grouping(occupation) = 0 THEN 'occupation'
      WHEN grouping(age) = 0 THEN 'age' WHEN grouping(join_year) = 0 THEN 'join_year' ELSE 'child' END,
    coalesce(gender, ethnicity, education, occupation, age::text, join_year::text, child), count(*)
  FROM mem WHERE status IN ('full', 'probationary')
  GROUP BY GROUPING SETS ((gender), (ethnicity), (education), (occupation), (age), (join_year), (child))
  UNION ALL
  SELECT CASE WHEN grouping(kind) = 0 THEN 'org_kind' WHEN grouping(level) = 0 THEN 'org_level'
      WHEN grouping(host_unit_type) = 0 THEN 'org_host' WHEN grouping(establishment_mode) = 0 THEN 'org_mode' ELSE 'org_child' END,
    coalesce(kind, level, host_unit_type, establishment_mode, child), count(*)
  FROM sub WHERE status = 'active'
  GROUP BY GROUPING SETS ((kind), (level), (host_unit_type), (establishment_mode), (child))`

/**
 * The rules registry: the whole tree's evaluation of every rule's current period by the platform's
 * own job (as each night), then the compliance overview of each scope through the API, beside the
 * same tallies recounted from the stored results.
 */
async function measureRules(session: AdminSession, pool: pg.Pool, scopes: Scope[], figures: Figure[]) {
  const registry = createRegistry()
  const today = todayInChina()
  const activities = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM activities')).rows[0]!.n)

  // From nothing, whatever a reused data directory holds: the first evaluation writes every result.
  await pool.query('TRUNCATE rule_results, rule_rollup, rule_periods')

  // The nightly job: every rule's current period over the whole tree.
  const pairs = registry.rules.map((r) => ({ ruleId: r.id, start: periodOf(r.period, today, today).start }))
  log('规则求值：整棵树重算当期（等待平台的任务完成）')
  const rebuildMs = await rebuildAndWait(pool, pairs, 'current')
  const results = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM rule_results')).rows[0]!.n)
  figures.push({
    group: 'rules',
    label: `规则求值 · 整棵树重算 ${pairs.length} 条规则的当期（活动 ${activities.toLocaleString('en-US')} 条，每晚一次的任务）`,
    unit: 'ms',
    http: { median: rebuildMs, p95: rebuildMs, runs: 1 },
    facts: `写出结果 ${results.toLocaleString('en-US')} 行；某个组织的证据变化时只重算该组织（rules:refresh）`,
  })

  // Every period of this year so far, one job per rule.
  const yearStart = `${today.slice(0, 4)}-01-01`
  const yearPairs = registry.rules.flatMap((r) => {
    const list: { ruleId: string; start: string }[] = []
    for (let p = periodOf(r.period, today, today); p.start >= yearStart; p = previousPeriod(r.period, p.start, today))
      list.push({ ruleId: r.id, start: p.start })
    return list
  })
  // The year twice: first its earlier periods are written, then (as each night) nothing has changed.
  for (const round of ['first', 'again'] as const) {
    log(`规则求值：整棵树${round === 'first' ? '首次' : '再次'}求值今年的 ${yearPairs.length} 个规则周期`)
    const before = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM rule_results')).rows[0]!.n)
    const yearMs = await rebuildAndWait(pool, yearPairs, 'year')
    const after = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM rule_results')).rows[0]!.n)
    figures.push({
      group: 'rules',
      label:
        round === 'first'
          ? `规则求值 · 整棵树 ${registry.rules.length} 条规则全年首次求值（${today.slice(0, 4)} 年至今 ${yearPairs.length} 个周期，新写结果 ${(after - before).toLocaleString('en-US')} 行）`
          : `规则求值 · 整棵树 ${registry.rules.length} 条规则全年再次求值（每晚的任务，结果不变时不写）`,
      unit: 'ms',
      http: { median: yearMs, p95: yearMs, runs: 1 },
      target: { text: '≤ 10 秒', met: yearMs <= 10_000 },
      facts: '每个任务一条规则的至多 6 个周期（一条语句），两个任务同时进行；党员学时读按人按年累计的学时台账（study_hours）',
    })
  }

  await measureRefresh(session, pool, scopes.at(-1)!, today, figures)
  const RECOUNT = `
    SELECT r.rule_id, c.id, count(*) AS applicable, count(*) FILTER (WHERE r.is_met) AS met
    FROM orgs c JOIN orgs o ON o.path <@ c.path
    JOIN rule_results r ON r.org_id = o.id
    JOIN unnest($2::text[], $3::date[]) AS q (rule_id, start) ON r.rule_id = q.rule_id AND r.period_start = q.start
    WHERE c.id = $1 OR c.parent_id = $1
    GROUP BY r.rule_id, c.id`
  for (const scope of [...scopes].reverse()) {
    log(`达标情况总览：${scope.label}`)
    const url = `/api/compliance/overview?orgId=${scope.id}`
    let applicable = 0
    const http = await timeRuns(RUNS, async () => {
      const body = (await getJson(session, url)) as { overview: { rules: { total: { applicable: number } }[] } }
      applicable = body.overview.rules.reduce((n, r) => n + r.total.applicable, 0)
    })
    const params = [scope.id, pairs.map((p) => p.ruleId), pairs.map((p) => p.start)]
    let recounted = 0
    const floor = await timeRuns(Math.min(RUNS, 20), async () => {
      const { rows } = await pool.query<{ id: string; applicable: string }>(RECOUNT, params)
      recounted = rows.filter((r) => r.id === scope.id).reduce((n, r) => n + Number(r.applicable), 0)
    })
    if (recounted !== applicable) throw new Error(`${scope.label}：接口给出适用 ${applicable}，重新计数为 ${recounted}`)
    figures.push({
      group: 'rules',
      label: `达标情况总览 · ${scope.label}（${pairs.length} 条规则 × 下级组织）`,
      unit: 'ms',
      http: stat(http),
      floor: stat(floor),
      floorLabel: '从规则结果重新计数',
      target: { text: 'p95 ≤ 50 ms', met: quantile(http, 0.95) <= 50 },
    })
  }
}

/**
 * Asks the platform's job queue to evaluate rule periods over the whole tree: every rule's current
 * period, or every period of this year (as each night); the platform splits the job into jobs of a
 * few periods of one rule. The time until all of `pairs` are written.
 */
async function rebuildAndWait(
  pool: pg.Pool,
  pairs: { ruleId: string; start: string }[],
  span: 'current' | 'year',
): Promise<number> {
  const since = (await pool.query<{ now: Date }>('SELECT now()')).rows[0]!.now
  const t0 = performance.now()
  // as the nightly job: the platform splits it into jobs of a few periods of one rule
  await pool.query(`SELECT graphile_worker.add_job('rules:rebuild', $1::json, job_key => 'bench:rules')`, [
    JSON.stringify(span === 'year' ? { year: true } : {}),
  ])
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rule_periods p
       JOIN unnest($1::text[], $2::date[]) AS q (rule_id, start) ON p.rule_id = q.rule_id AND p.period_start = q.start
       WHERE p.computed_at >= $3`,
      [pairs.map((p) => p.ruleId), pairs.map((p) => p.start), since],
    )
    if (rows[0]!.n === pairs.length) return performance.now() - t0
    if (performance.now() - t0 > 60 * 60_000) throw new Error('规则重算一小时内没有完成')
    await sleep(100)
  }
}

/**
 * What a branch secretary sees after recording: a 主题党日 held as the month's 学习日 at a branch
 * of the county that has none this month, through the API, then the branch's compliance read until
 * the theme-day rule shows it (the refresh job works the change). Each run takes another branch.
 */
async function measureRefresh(session: AdminSession, pool: pg.Pool, county: Scope, today: string, figures: Figure[]) {
  const RUNS_REFRESH = 10
  const monthStart = `${today.slice(0, 7)}-01`
  const { rows: branches } = await pool.query<{ id: string }>(
    `SELECT o.id FROM orgs o
     WHERE o.path <@ $1::ltree AND o.status = 'active' AND o.kind = 'branch'
       AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.org_id = o.id AND a.held_on >= $2::date AND a.voided_at IS NULL
                       AND 'theme_day' = ANY(a.kinds))
     ORDER BY md5(o.id::text) LIMIT $3`,
    [county.path, monthStart, RUNS_REFRESH],
  )
  if (branches.length === 0) throw new Error(`${county.label}：没有本月尚无主题党日的党支部`)
  log(`规则刷新：${branches.length} 个党支部各登记一次主题党日`)
  const times: number[] = []
  for (const b of branches) {
    const t0 = performance.now()
    const res = await session.post('/api/activities', {
      orgId: b.id,
      kinds: ['theme_day', 'study_day'],
      heldOn: today,
      topic: '主题党日暨学习日（性能测量）',
    })
    if (res.status !== 201) throw new Error(`登记活动：${res.status} ${await res.text()}`)
    await res.arrayBuffer()
    for (;;) {
      const c = (await getJson(session, `/api/compliance/orgs/${b.id}`)) as { compliance: OrgCompliance }
      const item = c.compliance.items.find((i) => i.ruleId === 'org_life.theme_day_monthly')
      if (item?.status === 'met') break
      if (performance.now() - t0 > 60_000) throw new Error('登记主题党日一分钟后仍未计入')
      await sleep(20)
    }
    times.push(performance.now() - t0)
  }
  figures.push({
    group: 'rules',
    label: `规则刷新 · 登记一次活动到该支部的达标情况显示已达到（${county.label}，${times.length} 个党支部）`,
    unit: 'ms',
    http: stat(times),
    target: { text: '≤ 1 秒', met: quantile(times, 0.95) <= 1000 },
    facts: '登记请求、证据变化记入 rule_dirty、任务队列唤醒 rules:refresh、只重算该组织及其上级的汇总、再读达标情况',
  })
}

async function measureStatistics(session: AdminSession, pool: pg.Pool, scopes: Scope[], figures: Figure[], notes: string[]) {
  const probe = await session.get(`/api/stats/subtree?orgId=${scopes[0]!.id}&population=party`)
  await probe.arrayBuffer()
  if (probe.status === 404) {
    figures.push({ group: 'stats', label: '子树统计', unit: 'ms', pending: '这一版平台还没有 /api/stats/subtree' })
    return
  }
  for (const scope of [...scopes].reverse()) {
    log(`子树统计：${scope.label}`)
    const url = `/api/stats/subtree?orgId=${scope.id}&population=party`
    let members = 0
    const http = await timeRuns(RUNS, async () => {
      const body = (await getJson(session, url)) as { stats: { byStatus: { code: string; count: number }[] } }
      members = body.stats.byStatus.filter((b) => b.code === 'full' || b.code === 'probationary').reduce((s, b) => s + b.count, 0)
    })
    const params = [scope.path, scope.path.split('.').length]
    let recounted = 0
    const floor = await timeRuns(Math.min(RUNS, 20), async () => {
      const { rows } = await pool.query<{ dim: string; value: string; n: string }>(RECOUNT_SQL, params)
      recounted = rows
        .filter((r) => r.dim === 'status' && (r.value === 'full' || r.value === 'probationary'))
        .reduce((s, r) => s + Number(r.n), 0)
    })
    // the roll-ups and the recount must agree, or the figure measures the wrong thing
    if (recounted !== members) throw new Error(`${scope.label}：接口给出党员 ${members} 人，重新计数为 ${recounted} 人`)
    const plan = await planFacts(pool, RECOUNT_SQL, params)
    figures.push({
      group: 'stats',
      label: `子树统计 · ${scope.label}（党员 ${members.toLocaleString('en-US')} 人）`,
      unit: 'ms',
      http: stat(http),
      floor: stat(floor),
      floorLabel: '从名册重新计数',
      target: { text: 'p95 ≤ 50 ms', met: quantile(http, 0.95) <= 50 },
      facts: `重新计数读 ${plan.rowsRead.toLocaleString('en-US')} 行`,
    })
  }
  notes.push(
    '子树统计的“下限”是不用汇总表、直接从名册重新数出同样几张表的一条 SQL；接口读的是汇总表（stat_rollup 加未合并的 stat_delta），' +
      '所以比值小于 1 说明汇总表省下了多少。',
  )
}

/**
 * The annual view: the whole tree's snapshot as of last year's 12-31 (built once, in the
 * background), then the root's figures read from it, beside the recount of the same subtree.
 */
async function measureYearEnd(session: AdminSession, pool: pg.Pool, scopes: Scope[], figures: Figure[]) {
  const root = scopes[0]!
  const asOf = `${Number(values.today.slice(0, 4)) - 1}-12-31`
  log(`年末统计快照：${asOf}`)
  const started = performance.now()
  const res = await session.post('/api/stats/snapshots', { asOf })
  if (res.status !== 201) throw new Error(`生成年末统计快照：${res.status} ${await res.text()}`)
  const { snapshot } = (await res.json()) as { snapshot: { id: string } }
  const rows = await (async () => {
    for (;;) {
      const list = (await getJson(session, '/api/stats/snapshots')) as {
        items: { id: string; state: string; rowCount: number | null; error: string | null }[]
      }
      const mine = list.items.find((x) => x.id === snapshot.id)!
      if (mine.state === 'failed') throw new Error(`年末统计快照生成失败：${mine.error}`)
      if (mine.state === 'ready') return mine.rowCount ?? 0
      await sleep(500)
    }
  })()
  const buildMs = performance.now() - started
  let members = 0
  const http = await timeRuns(RUNS, async () => {
    const body = (await getJson(session, `/api/stats/subtree?orgId=${root.id}&population=party&asOf=${asOf}`)) as {
      stats: { source: string; byStatus: { code: string; count: number }[] }
    }
    if (body.stats.source !== 'snapshot') throw new Error(`年末统计没有读快照（${body.stats.source}）`)
    members = body.stats.byStatus.filter((b) => b.code === 'full' || b.code === 'probationary').reduce((s, b) => s + b.count, 0)
  })
  let recounted = 0
  const floor = await timeRuns(Math.min(RUNS, 5), async () => {
    const { rows: r } = await pool.query<{ n: string }>(
      `SELECT coalesce(sum(n), 0) AS n FROM stat_as_of_own($1::date, $2::ltree)
       WHERE subject = 'member' AND dim = 'gender' AND status IN ('full', 'probationary')`,
      [asOf, root.path],
    )
    recounted = Number(r[0]!.n)
  })
  if (recounted !== members) throw new Error(`${asOf}：快照给出党员 ${members} 人，按历史重新计数为 ${recounted} 人`)
  figures.push({
    group: 'stats',
    label: `年末统计 · ${root.label} · ${asOf}（读快照；快照生成 ${(buildMs / 1000).toFixed(1)} 秒，${rows.toLocaleString('en-US')} 行）`,
    unit: 'ms',
    http: stat(http),
    floor: stat(floor),
    floorLabel: '按历史重新计数',
    target: { text: 'p95 ≤ 50 ms', met: quantile(http, 0.95) <= 50 },
    facts: `快照按组织存整棵树的合计，读一个组织的几百行`,
  })
}

// Member search --------------------------------------------------------------------------------

async function measureSearch(session: AdminSession, pool: pg.Pool, scopes: Scope[], encryptionKey: Buffer, figures: Figure[]) {
  const pii = createPersonPii(createPiiCipher(piiKeysFromConfig(encryptionKey)))
  const county = scopes.at(-1)!
  const sample = (
    await pool.query<{ id: string; id_number_enc: Buffer }>(
      `SELECT p.id, p.id_number_enc FROM people p JOIN members m ON m.person_id = p.id JOIN orgs o ON o.id = m.org_id
       WHERE o.path <@ $1::ltree AND m.status = 'full' ORDER BY p.id LIMIT 1`,
      [county.path],
    )
  ).rows[0]!
  const idNumber = pii.openIdNumber(sample.id, sample.id_number_enc)
  const cases: { label: string; q: string; filter: Partial<MemberFilter> }[] = [
    { label: '姓名开头“王建”', q: '王建', filter: { nameGram: '王建' } },
    { label: '单字“敏”', q: '敏', filter: { nameGram: '敏' } },
    { label: '两字片段“建国”', q: '建国', filter: { nameGram: '建国' } },
    { label: '三字“王建国”', q: '王建国', filter: { nameLike: '王建国' } },
    { label: '拼音首字母“wjg”', q: 'wjg', filter: { pinyin: 'wjg' } },
    { label: '身份证号（精确）', q: idNumber, filter: { idNumberHash: pii.idNumberHash(idNumber) } },
  ]
  const captured: { query: CompiledQuery | null } = { query: null }
  const kdb = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') captured.query = e.query
    },
  })
  for (const scope of scopes)
    for (const c of cases) {
      log(`人员检索：${scope.label} · ${c.label}`)
      const url = `/api/members?q=${encodeURIComponent(c.q)}${scope.passOrg ? `&orgId=${scope.id}` : ''}`
      let found = 0
      let more = false
      const http = await timeRuns(RUNS, async () => {
        const body = (await getJson(session, url)) as { items: unknown[]; nextCursor: string | null }
        found = body.items.length
        more = !!body.nextCursor
      })
      // the repository's own statement for the service's filter, captured once and then run directly
      captured.query = null
      await peopleRepo.search(kdb, { scope: [scope.path], excludeLeft: true, limit: 21, ...c.filter })
      const query = captured.query as CompiledQuery | null
      if (!query) throw new Error('没有捕获到检索 SQL')
      const params = [...query.parameters]
      const floor = await timeRuns(RUNS, async () => {
        await pool.query(query.sql, params)
      })
      const plan = await planFacts(pool, query.sql, params)
      const hp95 = quantile(http, 0.95)
      figures.push({
        group: 'search',
        label: `人员检索 · ${scope.label} · ${c.label}（${found}${more ? '+' : ''} 条）`,
        unit: 'ms',
        http: stat(http),
        floor: stat(floor),
        floorLabel: '同一条 SQL 直接执行',
        target: { text: 'p95 ≤ 20 ms 且 ≤ 2× SQL', met: hp95 <= 20 && hp95 <= 2 * quantile(floor, 0.95) },
        facts: `从 ${plan.startsFrom} 开始，读 ${plan.rowsRead.toLocaleString('en-US')} 行、${plan.pages.toLocaleString('en-US')} 页`,
      })
    }
  // kdb shares `pool`, which main() ends
}

// Member GET -----------------------------------------------------------------------------------

/** The floor of a member GET: the record, its histories and photo facts in one prepared statement by primary key. */
const MEMBER_DETAIL_SQL = `
  SELECT p.*, m.*, o.name AS org_name,
    (SELECT json_agg(h ORDER BY h.id) FROM member_status_history h WHERE h.person_id = p.id) AS status_history,
    (SELECT json_agg(h ORDER BY h.valid_from, h.id) FROM member_org_history h WHERE h.person_id = p.id) AS org_history,
    (SELECT ph.person_id IS NOT NULL FROM person_photos ph WHERE ph.person_id = p.id) AS has_photo
  FROM people p JOIN members m ON m.person_id = p.id JOIN orgs o ON o.id = m.org_id
  WHERE p.id = $1 AND o.path <@ $2::ltree`

async function measureMemberGet(session: AdminSession, pool: pg.Pool, scope: Scope, figures: Figure[]) {
  // people spread over the whole scope, in a fixed order (by a hash of the id)
  const ids = (
    await pool.query<{ id: string }>(
      `SELECT m.person_id AS id FROM members m JOIN orgs o ON o.id = m.org_id
       WHERE o.path <@ $1::ltree AND m.status <> 'left' ORDER BY md5(m.person_id::text) LIMIT 2000`,
      [scope.path],
    )
  ).rows.map((r) => r.id)
  const probe = await session.get(`/api/members/${ids[0]!}`)
  if (probe.status !== 200) throw new Error(`GET /api/members/:id：${probe.status} ${await probe.text()}`)
  await probe.arrayBuffer()
  log(`党员详情：autocannon ${GET_CONNECTIONS} 个连接，${GET_SECONDS} 秒`)
  let next = 0
  const result = await autocannon({
    url: base,
    connections: GET_CONNECTIONS,
    duration: GET_SECONDS,
    headers: { cookie: session.cookie },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/members/${ids[next++ % ids.length]!}` }) }],
  })
  if (result.non2xx || result.errors || result.timeouts)
    throw new Error(`GET /api/members/:id：${result.non2xx} 个非 2xx 响应，${result.errors} 个错误，${result.timeouts} 个超时`)
  // the floor: the same lookups as single statements, 10 at a time (the platform's pool size), as fast as they go
  let done = 0
  const until = performance.now() + GET_SECONDS * 1000
  await Promise.all(
    Array.from({ length: 10 }, async (_, w) => {
      for (let i = w; performance.now() < until; i += 10, done++)
        await pool.query({ name: 'bench_member_detail', text: MEMBER_DETAIL_SQL, values: [ids[i % ids.length], scope.path] })
    }),
  )
  const floorRate = done / GET_SECONDS
  figures.push({
    group: 'get',
    label: `党员详情 GET /api/members/:id（${GET_CONNECTIONS} 个连接，${GET_SECONDS} 秒，${ids.length} 人轮流）`,
    unit: 'req/s',
    rate: result.requests.average,
    latency: { p50: result.latency.p50, p99: result.latency.p99 },
    floorRate,
    floorLabel: '记录、历史和照片信息一条预备语句，10 个连接',
    target: { text: '≥ 5,000 次/秒', met: result.requests.average >= 5000 },
    facts: `共 ${result.requests.total.toLocaleString('en-US')} 次请求；延迟中位 ${result.latency.p50} ms，p99 ${result.latency.p99} ms`,
  })
}

// Import ---------------------------------------------------------------------------------------

async function measureImport(
  session: AdminSession,
  pool: pg.Pool,
  county: Scope,
  figures: Figure[],
  generation: (DatasetResult & { seedMs: number }) | null,
) {
  const branches = (
    await pool.query<{ name: string }>(
      `SELECT name FROM orgs WHERE path <@ $1::ltree AND status = 'active'
         AND kind IN ('branch', 'joint_branch', 'temporary_branch', 'general_branch')
       GROUP BY name HAVING count(*) = 1 ORDER BY name`,
      [county.path],
    )
  ).rows.map((r) => r.name)
  const file = path.join(dataDir, `bench-import-${IMPORT_ROWS}.xlsx`)
  log(`导入：生成 ${IMPORT_ROWS.toLocaleString('en-US')} 行的文件`)
  // People of a Beijing district, which no generated person carries in the ID number; a reused data
  // directory holds the earlier runs' imports, so each run takes the next district.
  const earlier = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM member_imports')).rows[0]!.n)
  const division = BEIJING[earlier % BEIJING.length]!
  await writeMemberFile(file, IMPORT_ROWS, division, branches, Number(values.seed) + earlier)
  const bytes = fs.readFileSync(file)
  fs.rmSync(file)
  const before = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM people')).rows[0]!.n)
  const t0 = performance.now()
  const qs = new URLSearchParams({ orgId: county.id, fileName: path.basename(file) })
  const res = await session.upload(`/api/members/imports?${qs}`, bytes)
  if (res.status !== 201) throw new Error(`导入上传：${res.status} ${await res.text()}`)
  const id = ((await res.json()) as { import: MemberImport }).import.id
  let imp: MemberImport
  for (;;) {
    imp = ((await getJson(session, `/api/members/imports/${id}`)) as { import: MemberImport }).import
    if (['done', 'rejected', 'failed', 'interrupted', 'duplicate'].includes(imp.status)) break
    await sleep(100)
  }
  const ms = performance.now() - t0
  const written = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM people')).rows[0]!.n) - before
  if (imp.status !== 'done' || written !== IMPORT_ROWS)
    throw new Error(`导入 ${IMPORT_ROWS} 行结束于 ${imp.status}，写入 ${written} 行：${imp.message ?? ''}`)
  const peoplePhase = generation?.phases.find((p) => p.label.startsWith('人员与党员'))
  figures.push({
    group: 'import',
    label: `导入 ${IMPORT_ROWS.toLocaleString('en-US')} 行（上传 → 读取、校验、加密、写入 → 提交）`,
    unit: 'rows/s',
    rate: IMPORT_ROWS / (ms / 1000),
    ...(peoplePhase && { floorRate: peoplePhase.rows / 2 / (peoplePhase.ms / 1000) }),
    floorLabel: '批量生成的人员与党员（抽取、加密、COPY）',
    target: { text: '≥ 10,000 行/秒', met: IMPORT_ROWS / (ms / 1000) >= 10_000 },
    facts: `用时 ${(ms / 1000).toFixed(1)} 秒`,
  })
}

// Roll-up triggers -----------------------------------------------------------------------------

/**
 * What the statistics roll-up trigger costs a write: members inserted in statements of 5,000 rows
 * (a COPY chunk of the loader, a batch of an import), with the trigger and with it disabled, each in
 * a savepoint rolled back. The bulk loader writes past the triggers and recounts once (stat_rebuild).
 */
async function measureRollupTriggers(pool: pg.Pool, county: Scope, figures: Figure[], notes: string[]) {
  const BATCH = 5000
  const ROUNDS = 3
  const client = await pool.connect()
  const withTrigger: number[] = []
  const without: number[] = []
  try {
    await client.query('BEGIN')
    // new people shaped like the county's members (no ID number, so nothing unique to collide)
    await client.query(
      `CREATE TEMP TABLE bench_rows ON COMMIT DROP AS
       SELECT gen_random_uuid() AS nid, row_number() OVER (ORDER BY md5(m.person_id::text)) AS k, p.name, p.gender,
         p.ethnicity, p.birth_date, p.education, m.org_id, m.status, m.applied_on, m.activist_on, m.candidate_on,
         m.admitted_on, m.full_on, m.left_on, m.left_reason, m.left_document
       FROM members m JOIN people p ON p.id = m.person_id JOIN orgs o ON o.id = m.org_id
       WHERE o.path <@ $1::ltree LIMIT $2`,
      [county.path, BATCH],
    )
    await client.query(
      `INSERT INTO people (id, name, gender, ethnicity, birth_date, education)
       SELECT nid, name, gender, ethnicity, birth_date, education FROM bench_rows`,
    )
    const insert = `INSERT INTO members (person_id, org_id, status, applied_on, activist_on, candidate_on, admitted_on,
        full_on, left_on, left_reason, left_document)
      SELECT nid, org_id, status, applied_on, activist_on, candidate_on, admitted_on, full_on, left_on, left_reason, left_document
      FROM bench_rows`
    for (let round = 0; round < ROUNDS + 1; round++)
      for (const enabled of [true, false]) {
        await client.query('SAVEPOINT s')
        if (!enabled) await client.query('ALTER TABLE members DISABLE TRIGGER members_stat_insert')
        const t0 = performance.now()
        await client.query(insert)
        const t = performance.now() - t0
        await client.query('ROLLBACK TO SAVEPOINT s')
        // the first round warms the caches
        if (round > 0) (enabled ? withTrigger : without).push(t)
      }
  } finally {
    await client.query('ROLLBACK').catch(() => undefined)
    client.release()
  }
  const w = quantile(withTrigger, 0.5)
  const wo = quantile(without, 0.5)
  figures.push({
    group: 'import',
    label: `写入 ${BATCH.toLocaleString('en-US')} 名党员的一条 INSERT（带统计汇总触发器）`,
    unit: 'ms',
    http: stat(withTrigger),
    floor: stat(without),
    floorLabel: '同一条 INSERT，停用汇总触发器',
    facts: `触发器每行多花 ${(((w - wo) * 1000) / BATCH).toFixed(1)} µs（中位数之差 ÷ ${BATCH} 行）`,
  })
  notes.push(
    `统计汇总触发器是语句级的：一条写入 ${BATCH.toLocaleString('en-US')} 行的语句只追加一次增量。批量生成时以 replica 角色绕过触发器，` +
      '最后 stat_rebuild() 重算一次（见生成阶段表）；上表“带统计汇总触发器”一行给出让触发器逐批计算时每行的代价。',
  )
}

const BEIJING = ['110101', '110102', '110105', '110106', '110107', '110108', '110109', '110111', '110112', '110113', '110114']

// Subtree move ---------------------------------------------------------------------------------

async function measureMove(session: AdminSession, pool: pg.Pool, root: Scope, figures: Figure[]) {
  // a county under a city (about 4,000 orgs and 86,000 members at province scale), or the nearest there is
  const candidates = (
    await pool.query<{ id: string; name: string; parent_id: string; path: string; orgs: number; members: number }>(
      `SELECT c.id, c.name, c.parent_id, c.path::text AS path,
         (SELECT count(*) FROM orgs o WHERE o.path <@ c.path)::int AS orgs,
         (SELECT count(*) FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path <@ c.path AND m.status <> 'left')::int AS members
       FROM orgs c JOIN orgs parent ON parent.id = c.parent_id
       WHERE c.kind = 'committee' AND c.level = 'county' AND parent.level = 'city' AND c.path <@ $1::ltree`,
      [root.path],
    )
  ).rows
  const score = (c: { orgs: number; members: number }) =>
    Math.abs(Math.log(Math.max(1, c.orgs) / 4000)) + Math.abs(Math.log(Math.max(1, c.members) / 86000))
  const subtree = candidates.sort((a, b) => score(a) - score(b))[0]
  if (!subtree) throw new Error('没有可移动的县级子树')
  // under another city's committee, then back
  const target = (
    await pool.query<{ id: string; path: string }>(
      `SELECT id, path::text AS path FROM orgs
       WHERE kind = 'committee' AND level = 'city' AND status = 'active' AND id <> $1
       ORDER BY division_code LIMIT 1`,
      [subtree.parent_id],
    )
  ).rows[0]!
  log(`移动子树：${subtree.name}`)
  const times: number[] = []
  for (let round = 0; round < MOVES; round++)
    for (const to of [target.id, subtree.parent_id]) {
      const t0 = performance.now()
      const res = await session.post(`/api/orgs/${subtree.id}/move`, { newParentId: to })
      const body = await res.text()
      if (res.status !== 200) throw new Error(`移动子树：${res.status} ${body}`)
      times.push(performance.now() - t0)
    }
  // the floor: the path rewrite itself (with the history trigger it fires), rolled back
  const floor: number[] = []
  const client = await pool.connect()
  try {
    for (let i = 0; i < MOVES * 2; i++) {
      await client.query('BEGIN')
      const t0 = performance.now()
      await client.query(
        `UPDATE orgs SET path = $1::ltree || subpath(path, nlevel($2::ltree) - 1),
           parent_id = CASE WHEN id = $3 THEN $4::uuid ELSE parent_id END
         WHERE path <@ $2::ltree`,
        [target.path, subtree.path, subtree.id, target.id],
      )
      floor.push(performance.now() - t0)
      await client.query('ROLLBACK')
    }
  } finally {
    client.release()
  }
  figures.push({
    group: 'move',
    label: `移动子树“${subtree.name}”（${subtree.orgs.toLocaleString('en-US')} 个组织，${subtree.members.toLocaleString('en-US')} 名党员）并移回`,
    unit: 'ms',
    http: stat(times),
    floor: stat(floor),
    floorLabel: '路径改写一条 UPDATE（含历史触发器），回滚',
    facts: `${times.length} 次`,
  })
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
