/** Today's date in China (UTC+8, no daylight saving), 'YYYY-MM-DD': the day a user means by “today”. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
}
