const dateTime = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** `2024/05/01 09:30:00` in the browser's time zone; '—' for no value. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date)
}

export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN')
}

/** `66.7%`, `100%`; `<0.1%` for a share too small to show but not none; '—' when there is nothing to divide by. */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '—'
  const percent = Number(((part / whole) * 100).toFixed(1))
  return percent === 0 && part > 0 ? '<0.1%' : `${percent}%`
}
