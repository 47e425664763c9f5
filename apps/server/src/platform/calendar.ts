import chineseDays from 'chinese-days'

// Calendar arithmetic of the rules, on 'YYYY-MM-DD' days (a date field means a day in China, never
// a moment): "满1年", "3个月内", "每半年", and working days with China's official holidays and 调休
// days from the chinese-days library (the State Council's yearly notice, as the library holds it).

// The package is CommonJS whose named exports Node cannot see: take them from its default export.
const { getDayDetail, getHolidaysInRange } = chineseDays

/** Today in China (UTC+8, no daylight saving), as 'YYYY-MM-DD': the day a date field means. */
export function todayInChina(now: number = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}

/** A moment as China's local date and time, '2026-11-27 08:30:00', for files and reports. */
export const chinaDateTime = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' })

const DAY_MS = 86_400_000
const toUtc = (day: string) => Date.parse(`${day}T00:00:00Z`)
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export const addDays = (day: string, n: number) => fromUtc(toUtc(day) + n * DAY_MS)

/**
 * The same day `n` months later; a day the month lacks falls on its last day (01-31 + 1 month =
 * 02-28, or 02-29 in a leap year).
 */
export function addMonths(day: string, n: number): string {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7)) - 1 + n
  const d = Number(day.slice(8, 10))
  const year = y + Math.floor(m / 12)
  const month = ((m % 12) + 12) % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return fromUtc(Date.UTC(year, month, Math.min(d, last)))
}

export const addYears = (day: string, n: number) => addMonths(day, 12 * n)

/** "满 n 年": on `on`, at least n whole years have passed since `from` (the anniversary itself counts). */
export const hasFullYears = (from: string, on: string, n: number) => on >= addYears(from, n)

/** "n 个月内": `on` is no later than n months after `from` (the day n months on still counts). */
export const withinMonths = (from: string, on: string, n: number) => on >= from && on <= addMonths(from, n)

/** Whether the library holds the official holiday notice of the year (published each November or so). */
export function holidaysKnown(year: number): boolean {
  return getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0
}

/** A working day: Monday to Friday unless an official holiday, or a weekend made a working day (调休). */
export const isWorkingDay = (day: string) => getDayDetail(day).work

/**
 * The day on which `n` working days after `from` have passed: "公示 5 个工作日" from a Friday
 * publication ends on the next Friday, holidays skipped.
 */
export function addWorkingDays(from: string, n: number): string {
  let day = from
  for (let left = n; left > 0;) {
    day = addDays(day, 1)
    if (isWorkingDay(day)) left--
  }
  return day
}
