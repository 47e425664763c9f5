import fs from 'node:fs'
import { start } from '../apps/server/src/start.ts'
import { todayInChina } from '../apps/server/src/platform/calendar.ts'
import { clockFile } from './clock.ts'

/**
 * The platform as the end-to-end runs start it: the same start as `npm start`, with a clock a test
 * can set — the day written in `<DATA_DIR>/e2e-clock.txt` ('YYYY-MM-DD'), or the real day when the
 * file is absent. Only the modules that count days by rule read it.
 */
const file = clockFile(process.env.DATA_DIR ?? '.data')
const today = () => {
  try {
    const day = fs.readFileSync(file, 'utf8').trim()
    return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : todayInChina()
  } catch {
    return todayInChina()
  }
}

start({ today }).catch((e: unknown) => {
  process.stderr.write(`启动失败：${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
