import { STAT_POPULATION_CODES, type StatPopulation } from '@xianfeng/contract'
import { useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { chinaToday } from '../../lib/china-date.ts'

/** The year before the current one in China: the latest year whose 12-31 has passed. */
export function lastClosedYear(): number {
  return Number(chinaToday().slice(0, 4)) - 1
}

/** The oldest year offered for annual figures. */
export const FIRST_STAT_YEAR = 1949

/** `2024-12-31` of a year that has ended; anything else in the URL is ignored. */
function parseYearEnd(value: string | null): number | undefined {
  const match = value ? /^(\d{4})-12-31$/.exec(value) : null
  if (!match) return undefined
  const year = Number(match[1])
  return year >= FIRST_STAT_YEAR && year <= lastClosedYear() ? year : undefined
}

export const yearEnd = (year: number) => `${year}-12-31`

export interface StatsView {
  /** Absent: the root of the current scope. */
  orgId: string | undefined
  population: StatPopulation
  /** Absent: the figures of now; else those as of 12-31 of this year. */
  year: number | undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function readStatsView(params: URLSearchParams): StatsView {
  const org = params.get('org')
  const population = params.get('population')
  return {
    orgId: org && UUID.test(org) ? org : undefined,
    population: STAT_POPULATION_CODES.find((code) => code === population) ?? 'party',
    year: parseYearEnd(params.get('asOf')),
  }
}

/** `?org=…&population=…&asOf=YYYY-12-31`, the defaults left out so a plain `/stats` stays plain. */
export function statsSearch(view: StatsView): string {
  const search = new URLSearchParams()
  if (view.orgId) search.set('org', view.orgId)
  if (view.population !== 'party') search.set('population', view.population)
  if (view.year !== undefined) search.set('asOf', yearEnd(view.year))
  const qs = search.toString()
  return qs ? `?${qs}` : ''
}

/**
 * The statistics page's place lives in the URL, so a reload or a shared link keeps it. Going down
 * to another org is a new history entry (the back button goes up again); switching the population
 * or the date replaces the current one.
 */
export function useStatsView() {
  const [params, setParams] = useSearchParams()
  const view = useMemo(() => readStatsView(params), [params])

  return useMemo(() => {
    const update = (patch: Partial<StatsView>, replace: boolean) =>
      setParams(new URLSearchParams(statsSearch({ ...view, ...patch })), { replace })
    return {
      view,
      /** The query string of this view for another org (undefined: the scope's root), for links. */
      orgSearch: (orgId: string | undefined) => statsSearch({ ...view, orgId }),
      openOrg: (orgId: string | undefined) => update({ orgId }, false),
      setPopulation: (population: StatPopulation) => update({ population }, true),
      setYear: (year: number | undefined) => update({ year }, true),
    }
  }, [view, setParams])
}
