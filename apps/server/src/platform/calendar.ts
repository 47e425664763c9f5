/** Today in China (UTC+8, no daylight saving), as 'YYYY-MM-DD': the day a date field means. */
export function todayInChina(now: number = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}
