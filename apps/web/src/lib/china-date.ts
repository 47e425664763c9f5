const chinaDate = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/**
 * Today in China, 'YYYY-MM-DD': the server reads `asOf` as the end of that day, China time, so
 * this is the last day with a tree to show, wherever the browser is.
 */
export function chinaToday(): string {
  const parts = chinaDate.formatToParts(new Date())
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}
