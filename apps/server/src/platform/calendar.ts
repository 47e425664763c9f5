/** Today in China (UTC+8, no daylight saving), as 'YYYY-MM-DD': the day a date field means. */
export function todayInChina(now: number = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}

/** A moment as China's local date and time, '2026-11-27 08:30:00', for files and reports. */
export const chinaDateTime = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' })
