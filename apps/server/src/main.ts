import { ConfigError, start } from './start.ts'

start().catch((e: unknown) => {
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`)
  else
    process.stderr.write(
      `启动失败：${e instanceof Error ? `${e.message}${e.cause ? `\n原因：${String((e.cause as Error)?.message ?? e.cause)}` : ''}` : String(e)}\n`,
    )
  process.exit(1)
})
