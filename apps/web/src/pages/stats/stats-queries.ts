import { API, type StatsQuery } from '@xianfeng/contract'
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'
import { yearEnd, type StatsView } from './stats-view.ts'

/** The query both the figures and their Excel export are asked with. */
export function statsQueryOf(view: StatsView): StatsQuery {
  return {
    orgId: view.orgId,
    population: view.population,
    asOf: view.year === undefined ? undefined : yearEnd(view.year),
  }
}

export const statsQuery = (view: StatsView) =>
  queryOptions({
    queryKey: ['stats', 'subtree', view.orgId ?? 'root', view.population, view.year ?? 'now'] as const,
    queryFn: async () => (await api(API.stats.subtree, { query: statsQueryOf(view) })).stats,
    // Going down a level or switching the population keeps the figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  })

/** The annual snapshots (the latest of each day, and any being built). */
export const statSnapshotsQuery = queryOptions({
  queryKey: ['stats', 'snapshots'] as const,
  queryFn: async () => (await api(API.stats.snapshots)).items,
})
