import { API, type CaseStatus } from '@xianfeng/contract'
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

export const developmentKeys = {
  all: ['development'] as const,
  cases: ['development', 'cases'] as const,
  case: (id: string) => ['development', 'case', id] as const,
  todos: ['development', 'todos'] as const,
  dashboard: ['development', 'dashboard'] as const,
}

export interface CaseListView {
  orgId: string | undefined
  stage: number | undefined
  status: CaseStatus | undefined
  overdue: boolean
  page: number
  pageSize: number
}

export const casesQuery = (v: CaseListView) =>
  queryOptions({
    queryKey: [...developmentKeys.cases, v],
    queryFn: () =>
      api(API.development.cases, {
        query: {
          orgId: v.orgId,
          stage: v.stage,
          status: v.status,
          overdue: v.overdue ? 'true' : undefined,
          page: v.page,
          pageSize: v.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  })

export const caseQuery = (id: string) =>
  queryOptions({
    queryKey: developmentKeys.case(id),
    queryFn: async () => (await api(API.development.get, { params: { id } })).case,
  })
