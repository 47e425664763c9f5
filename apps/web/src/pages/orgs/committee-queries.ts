import { API } from '@xianfeng/contract'
import { queryOptions, type QueryKey } from '@tanstack/react-query'
import { api } from '../../api.ts'

export const committeeKeys = {
  all: ['committees'] as const,
  list: (orgId: string) => ['committees', orgId] as const,
}

/** An org's current and past terms, and the defaults of a new one. */
export const committeeQuery = (orgId: string) =>
  queryOptions({
    queryKey: committeeKeys.list(orgId),
    queryFn: () => api(API.committees.list, { params: { id: orgId } }),
  })

/** What a change to a term changes: the terms, and the warnings that count them. */
export const committeeChanges: QueryKey[] = [committeeKeys.all, ['orgs', 'warnings']]

/** 'YYYY-MM-DD' plus `months` months; a day past the end of the month falls on its last day, as on the server. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + months
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** Whole days from `from` to `to`, both 'YYYY-MM-DD'. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)

/** How long a term still runs, in words, and whether it is past its end or within the reminder months. */
export function remainingOf(
  end: string,
  { today, reminderMonths }: { today: string; reminderMonths: number },
): { text: string; tone: 'expired' | 'soon' | 'ok' } {
  const days = daysBetween(today, end)
  if (days < 0) return { text: `已届满 ${-days} 天`, tone: 'expired' }
  if (days === 0) return { text: '今天届满', tone: 'soon' }
  let months = 0
  while (addMonths(today, months + 1) <= end) months++
  const rest = daysBetween(addMonths(today, months), end)
  const parts = [
    months >= 12 ? `${Math.floor(months / 12)} 年` : '',
    months % 12 > 0 ? `${months % 12} 个月` : '',
    months < 12 && rest > 0 ? `${rest} 天` : '',
  ].filter(Boolean)
  return { text: `剩余 ${parts.join(' ')}`, tone: end <= addMonths(today, reminderMonths) ? 'soon' : 'ok' }
}
