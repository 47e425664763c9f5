import { API, type UnitType } from '@xianfeng/contract'
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

export type CoveredFilter = 'true' | 'false'

/** What the list shows: the URL holds it, so a reload or a shared link opens the same view. */
export interface UnitsView {
  q: string
  unitType: UnitType | undefined
  covered: CoveredFilter | undefined
  page: number
  pageSize: number
}

export const unitKeys = {
  all: ['units'] as const,
  list: (view: UnitsView) => ['units', 'list', view] as const,
  coverage: ['units', 'coverage'] as const,
}

export const unitsQuery = (view: UnitsView) =>
  queryOptions({
    queryKey: unitKeys.list(view),
    queryFn: () =>
      api(API.units.list, {
        query: {
          q: view.q || undefined,
          unitType: view.unitType,
          covered: view.covered,
          page: view.page,
          pageSize: view.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  })

export const coverageQuery = queryOptions({
  queryKey: unitKeys.coverage,
  queryFn: async () => (await api(API.units.coverage)).coverage,
})
