import type { PeriodInfo, RulePeriod } from '@xianfeng/contract'

// Calendar periods of the rules: months, quarters and years of the Chinese calendar year, as
// 'YYYY-MM-DD' days (no time zone: a day is a day).

const pad = (n: number) => String(n).padStart(2, '0')
const QUARTER_NAMES = ['一', '二', '三', '四'] as const

/** The last day of a month (month 1–12). */
export const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** The period of the given kind that contains `day`. */
export function periodOf(kind: RulePeriod, day: string, today: string): PeriodInfo {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  let first: number
  let last: number
  let label: string
  switch (kind) {
    case 'month':
      first = last = month
      label = `${year}年${month}月`
      break
    case 'quarter': {
      const q = Math.floor((month - 1) / 3)
      first = q * 3 + 1
      last = first + 2
      label = `${year}年第${QUARTER_NAMES[q]!}季度`
      break
    }
    case 'year':
      first = 1
      last = 12
      label = `${year}年度`
      break
  }
  const start = `${year}-${pad(first)}-01`
  const end = `${year}-${pad(last)}-${pad(lastDayOf(year, last))}`
  return { start, end, label, isOpen: today <= end }
}

/** The period just before the one that starts on `start`. */
export function previousPeriod(kind: RulePeriod, start: string, today: string): PeriodInfo {
  const year = Number(start.slice(0, 4))
  const month = Number(start.slice(5, 7))
  const back = { month: 1, quarter: 3, year: 12 }[kind]
  const m = month - back
  const day = m >= 1 ? `${year}-${pad(m)}-01` : `${year - 1}-${pad(m + 12)}-01`
  return periodOf(kind, day, today)
}

/** "本月", "本季度", "本年度" for the current period; the period's label otherwise. */
export function periodWord(kind: RulePeriod, period: PeriodInfo, today: string): string {
  if (period.start <= today && today <= period.end) return { month: '本月', quarter: '本季度', year: '本年度' }[kind]
  return period.label
}
