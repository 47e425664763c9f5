import { useCallback } from 'react'
import { useSearchParams } from 'react-router'
import { chinaToday } from '../../lib/china-date.ts'

/** The tabs of the org detail, in order; a new tab is added here and in the detail panel's tab list. */
export const ORG_TABS = ['info', 'committee', 'children', 'members', 'warnings', 'changes'] as const
export type OrgTab = (typeof ORG_TABS)[number]

const isOrgTab = (value: string | null): value is OrgTab => ORG_TABS.some((t) => t === value)

/** A real calendar day, 'YYYY-MM-DD', not after today; anything else in the URL is ignored. */
export function parseAsOf(value: string | null): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
  const date = new Date(`${value}T00:00:00Z`)
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return undefined
  return value <= chinaToday() ? value : undefined
}

/** `?tab=…&asOf=…` with the defaults left out, so a plain `/orgs/:id` stays plain. */
function viewQuery(tab: OrgTab, asOf: string | undefined): string {
  const search = new URLSearchParams()
  if (tab !== 'info') search.set('tab', tab)
  if (asOf) search.set('asOf', asOf)
  const qs = search.toString()
  return qs ? `?${qs}` : ''
}

/**
 * The view of the orgs page that lives in the URL query, so a reload or a shared link keeps it:
 * `?tab=changes` (the detail tab) and `?asOf=2024-12-31` (the tree as it stood at the end of that day).
 * Moving to another org keeps both.
 */
export function useOrgView() {
  const [params, setParams] = useSearchParams()
  const rawTab = params.get('tab')
  const tab: OrgTab = isOrgTab(rawTab) ? rawTab : 'info'
  const asOf = parseAsOf(params.get('asOf'))

  /** The link to another org, in the same tab and on the same day. */
  const orgPath = useCallback((id: string) => `/orgs/${id}${viewQuery(tab, asOf)}`, [tab, asOf])

  const update = useCallback(
    (key: 'tab' | 'asOf', value: string | undefined) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          if (value) next.set(key, value)
          else next.delete(key)
          return next
        },
        { replace: true },
      ),
    [setParams],
  )

  const setTab = useCallback((next: OrgTab) => update('tab', next === 'info' ? undefined : next), [update])
  const setAsOf = useCallback((next: string | undefined) => update('asOf', next), [update])

  return { tab, asOf, orgPath, setTab, setAsOf }
}

export type OrgView = ReturnType<typeof useOrgView>
