import { loadConfig } from './platform/config.ts'
import { openDatabase } from './platform/database.ts'
import { createDb } from './platform/db.ts'
import { createLogger } from './platform/logger.ts'
import { migrate } from './platform/migrate.ts'
import { auditRepo } from './platform/audit/audit.repo.ts'

const USAGE = `用法：npm run cli -- <命令>
  migrate        执行未执行的数据库迁移
  audit:verify   逐行校验审计日志哈希链，指出第一条被篡改的记录（不一致时退出码为 2）`

async function main(command: string | undefined) {
  if (!command || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const config = loadConfig()
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL)
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

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  },
)
