// BENCHMARKS.md from one run of the harness (bench.ts): the machine, the command, the dataset and
// how fast it was built, then each figure beside its floor, the ratio and the target, and what a
// 25× larger dataset (the nation) would do to it, reasoned from what the plans read.
import type { DatasetResult } from './dataset.ts'

export interface Timing {
  median: number
  p95: number
  runs: number
}

export interface Figure {
  group: 'stats' | 'search' | 'get' | 'import' | 'move' | 'rules'
  label: string
  unit: 'ms' | 'req/s' | 'rows/s'
  /** Through the API: timings (ms figures) … */
  http?: Timing
  /** … or a rate (req/s, rows/s). */
  rate?: number
  latency?: { p50: number; p99: number }
  floor?: Timing
  floorRate?: number
  floorLabel?: string
  target?: { text: string; met: boolean }
  /** What the plan read, and other facts the 25× reasoning needs. */
  facts?: string
  /** Not measured, and why. */
  pending?: string
}

export interface Report {
  scale: string
  scaleLabel: string
  command: string
  date: string
  machine: { cpu: string; cores: number; memGiB: number; node: string; postgres: string; loadAtStart: number }
  dataset: {
    orgs: number
    people: number
    members: number
    status_history: number
    org_history: number
    people_mb: number
    members_mb: number
    activities: number
    attendance: number
    startMs: number
  } | null
  generation: (DatasetResult & { seedMs: number; seed?: number; today?: string }) | null
  figures: Figure[]
  notes: string[]
}

/** The hand-written part of BENCHMARKS.md (reasons, the 25× estimate) starts here; a new run keeps it. */
export const ANALYSIS_HEADING = '## 分析'

const n = (x: number) => Math.round(x).toLocaleString('en-US')
const ms = (x: number) => (x < 10 ? x.toFixed(1) : n(x))
const ratio = (a: number, b: number) => (b <= 0 ? '—' : a / b < 0.1 ? `1/${n(b / a)}` : `${(a / b).toFixed(a / b < 10 ? 2 : 0)}×`)

/** One row of the summary table. */
function row(f: Figure): string {
  if (f.pending) return `| ${f.label} | — | — | — | — | — | ${f.pending} |`
  const target = f.target ? `${f.target.text}：${f.target.met ? '达到' : '**未达到**'}` : '—'
  if (f.unit === 'ms') {
    const h = f.http!
    const fl = f.floor
    return `| ${f.label} | ${ms(h.median)} | ${ms(h.p95)} | ${fl ? `${ms(fl.median)} / ${ms(fl.p95)}` : '—'} | ${
      fl ? ratio(h.p95, fl.p95) : '—'
    } | ${h.runs} | ${target} |`
  }
  const unit = f.unit === 'req/s' ? '次/秒' : '行/秒'
  return `| ${f.label} | ${n(f.rate!)} ${unit} | ${f.latency ? `p50 ${ms(f.latency.p50)} ms，p99 ${ms(f.latency.p99)} ms` : '—'} | ${
    f.floorRate ? `${n(f.floorRate)} ${unit}` : '—'
  } | ${f.floorRate ? ratio(f.rate!, f.floorRate) : '—'} | — | ${target} |`
}

export function renderReport(r: Report): string {
  const lines: string[] = []
  const push = (...xs: string[]) => lines.push(...xs)
  push(
    '# 性能基准',
    '',
    `由 \`${r.command}\` 生成（${r.date.slice(0, 16).replace('T', ' ')} UTC）。重新生成：见 README“大规模演示数据与性能测量”。`,
    '',
    '## 机器',
    '',
    `- CPU：${r.machine.cpu}，${r.machine.cores} 核；内存 ${r.machine.memGiB} GiB`,
    `- PostgreSQL ${r.machine.postgres}（内置，默认配置：shared_buffers 128 MB），Node ${r.machine.node}`,
    `- 开始时 1 分钟负载 ${r.machine.loadAtStart.toFixed(1)}（同一台机器上还有其他工作时数字偏大、有噪声）`,
    '- 压测客户端（autocannon）、平台和数据库在同一台机器上，走回环地址',
    '',
  )
  if (r.dataset) {
    const d = r.dataset
    push(
      '## 数据集',
      '',
      `${r.scaleLabel}：组织 ${n(d.orgs)} 个，人员 ${n(d.people)} 人（未离开 ${n(d.members)} 人），状态历史 ${n(d.status_history)} 行，` +
        `组织关系历史 ${n(d.org_history)} 行；people 表连索引 ${n(d.people_mb)} MB，members ${n(d.members_mb)} MB。` +
        `组织生活记录 ${n(d.activities)} 条，出席记录 ${n(d.attendance)} 行。平台启动到接口可用 ${n(d.startMs)} ms。`,
      '',
    )
  }
  const g = r.generation
  if (g) {
    push(
      `生成（种子 ${g.seed ?? '—'}，参照日 ${g.today ?? '—'}）：${((g.seedMs + g.ms) / 1000).toFixed(1)} 秒，其中真实组织树与演示账号 ` +
        `${(g.seedMs / 1000).toFixed(1)} 秒；生成部分写入 ${n(g.rows)} 行，用时 ${(g.ms / 1000).toFixed(1)} 秒，**${n(g.rows / (g.ms / 1000))} 行/秒**。`,
      '',
      '| 阶段 | 秒 | 行 | 行/秒 |',
      '| --- | ---: | ---: | ---: |',
      ...g.phases.map(
        (p) =>
          `| ${p.label} | ${(p.ms / 1000).toFixed(1)} | ${p.rows ? n(p.rows) : '—'} | ${p.rows ? n(p.rows / (p.ms / 1000)) : '—'} |`,
      ),
      '',
    )
  }
  push(
    '## 结果',
    '',
    '经 HTTP 的数字包括登录会话、授权范围、权限、脱敏和序列化的全部开销；“下限”是回答同一问题的最好的 SQL，由数据库所有者直接执行。' +
      '耗时类指标写中位数和 p95（顺序请求，前 3 次预热不计），比值 = 接口 p95 ÷ 下限 p95；吞吐类指标比值 = 接口 ÷ 下限。目标只在这里报告，不作为测试。',
    '',
    '| 指标 | 中位 ms / 吞吐 | p95 ms / 延迟 | 下限（中位 / p95） | 比值 | 次数 | 目标 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...r.figures.map(row),
    '',
  )
  for (const note of r.notes) push(`- ${note}`)
  const withFacts = r.figures.filter((f) => f.facts)
  if (withFacts.length) {
    push(
      '',
      '### 执行计划读了什么',
      '',
      ...withFacts.map((f) => `- ${f.label}：${f.facts}${f.floorLabel ? `（下限：${f.floorLabel}）` : ''}`),
      '',
    )
  }
  const missed = r.figures.filter((f) => f.target && !f.target.met)
  push('## 未达到的目标', '')
  if (missed.length === 0) push('本次运行全部达到。', '')
  else
    for (const f of missed) {
      const by = f.unit === 'ms' ? `p95 ${ms(f.http!.p95)} ms` : `${n(f.rate!)} ${f.unit === 'req/s' ? '次/秒' : '行/秒'}`
      push(`- ${f.label}：${by}，目标 ${f.target!.text}。`)
    }
  push('')
  return `${lines.join('\n')}\n`
}
