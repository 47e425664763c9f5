import type { Logger } from 'pino'
import { loadConfig, type Config } from './platform/config.ts'
import { openDatabase } from './platform/database.ts'
import { createDb } from './platform/db.ts'
import { createLogger } from './platform/logger.ts'
import { migrate } from './platform/migrate.ts'
import { auditRepo } from './platform/audit/audit.repo.ts'
import { parseArgs } from 'node:util'
import { isScaleName, SCALES } from './bench/dataset.ts'
import { loadDemoDataset } from './bench/dataset-load.ts'

const USAGE = `用法：npm run cli -- <命令>
  migrate        执行未执行的数据库迁移
  audit:verify   逐行校验审计日志哈希链，指出第一条被篡改的记录（不一致时退出码为 2）
  demo:generate --scale county|city|province [--seed N] [--today YYYY-MM-DD]
                 把演示数据集写进全新的数据目录（DATA_DIR）：真实组织树、演示账号，加上所选范围内
                 生成的各类组织和党员（同一种子、同一参照日得到完全相同的数据）；之后 npm start 即可使用`

async function main(command: string | undefined, args: string[]) {
  if (!command || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const config = loadConfig()
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL)
  if (command === 'demo:generate') return demoGenerate(config, log, args)
  const { url, embedded } = await openDatabase(config, log)
  try {
    switch (command) {
      case 'migrate': {
        const applied = await migrate(url, log)
        process.stdout.write(applied.length ? `已执行：${applied.join('，')}\n` : '没有需要执行的迁移\n')
        return 0
      }
      case 'audit:verify': {
        const { db } = createDb(url, { max: 1 })
        const started = performance.now()
        const r = await auditRepo.verify(db)
        const ms = Math.round(performance.now() - started)
        await db.destroy()
        if (r.firstBadSeq === null) {
          process.stdout.write(`审计日志完整：共 ${r.rows} 条，哈希链无断点（用时 ${ms} 毫秒）\n`)
          return 0
        }
        process.stdout.write(`审计日志被篡改：第 ${r.firstBadSeq} 条，${r.reason}（共 ${r.rows} 条，用时 ${ms} 毫秒）\n`)
        return 2
      }
      default:
        process.stderr.write(`未知命令：${command}\n${USAGE}\n`)
        return 1
    }
  } finally {
    await embedded?.stop()
  }
}

/** demo:generate: its own database handling (a fresh data directory, started and stopped inside). */
async function demoGenerate(config: Config, log: Logger, args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: 'string', default: 'county' },
      seed: { type: 'string', default: '20060720' },
      today: { type: 'string' },
    },
  })
  if (!isScaleName(values.scale)) throw new Error(`--scale 应为 ${Object.keys(SCALES).join('、')} 之一`)
  const seed = Number(values.seed)
  if (!Number.isInteger(seed)) throw new Error('--seed 应为整数')
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new Error('--today 应为 YYYY-MM-DD')
  const today = values.today
    ? new Date(`${values.today}T00:00:00Z`)
    : new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)
  const r = await loadDemoDataset(config, log, {
    scale: values.scale,
    seed,
    today,
    progress: (line) => process.stderr.write(`${line}\n`),
  })
  process.stdout.write(
    `${[
      `演示数据集：${SCALES[values.scale].label}，种子 ${seed}，参照日 ${today.toISOString().slice(0, 10)}`,
      `组织 ${r.orgsTotal.toLocaleString('en-US')} 个（生成 ${r.orgsGenerated.toLocaleString('en-US')} 个），人员 ${r.people.toLocaleString('en-US')} 人，状态历史 ${r.statusHistory.toLocaleString('en-US')} 行，组织关系历史 ${r.orgHistory.toLocaleString('en-US')} 行`,
      `用时 ${((r.seedMs + r.ms) / 1000).toFixed(1)} 秒（真实组织树与演示账号 ${(r.seedMs / 1000).toFixed(1)} 秒，生成 ${(r.ms / 1000).toFixed(1)} 秒）；写入 ${r.rows.toLocaleString('en-US')} 行，${Math.round(r.rows / (r.ms / 1000)).toLocaleString('en-US')} 行/秒`,
      ...r.phases.map(
        (p) =>
          `  ${p.label}：${(p.ms / 1000).toFixed(1)} 秒${p.rows ? `，${p.rows.toLocaleString('en-US')} 行（${Math.round(p.rows / (p.ms / 1000)).toLocaleString('en-US')} 行/秒）` : ''}`,
      ),
      `启动：DATA_DIR=${config.DATA_DIR} npm start；演示账号及密码见 ${config.DATA_DIR}/initial-admin.txt`,
    ].join('\n')}\n`,
  )
  return 0
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  },
)
