import { API, type EducationLevelCode, type GenderCode, type MemberStatus } from '@xianfeng/contract'
import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

/** What the member list is filtered by; every change starts again from the first page. */
export interface MemberFilter {
  q: string
  status?: MemberStatus | undefined
  gender?: GenderCode | undefined
  education?: EducationLevelCode | undefined
  ageFrom?: number | undefined
  ageTo?: number | undefined
  joinYear?: number | undefined
  orgId?: string | undefined
}

export const PAGE_SIZE = 20

export const memberKeys = {
  all: ['members'] as const,
  searches: ['members', 'search'] as const,
  search: (filter: MemberFilter) => ['members', 'search', filter] as const,
  detail: (personId: string) => ['members', 'detail', personId] as const,
}

/** The list's filter as the search and export routes take it. */
export const filterQuery = (filter: MemberFilter) => ({
  q: filter.q || undefined,
  status: filter.status,
  // 已离开 is left out unless asked for.
  includeLeft: filter.status === 'left' ? ('true' as const) : undefined,
  gender: filter.gender,
  education: filter.education,
  ageFrom: filter.ageFrom,
  ageTo: filter.ageTo,
  joinYear: filter.joinYear,
  orgId: filter.orgId,
})

/** Keyset paging: each page asks for the rows after the last one's cursor. */
export const memberSearchQuery = (filter: MemberFilter) =>
  infiniteQueryOptions({
    queryKey: memberKeys.search(filter),
    queryFn: ({ pageParam }) =>
      api(API.members.search, { query: { ...filterQuery(filter), after: pageParam, limit: PAGE_SIZE } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })

export const memberDetailQuery = (personId: string) =>
  queryOptions({
    queryKey: memberKeys.detail(personId),
    queryFn: async () => (await api(API.members.get, { params: { personId } })).member,
  })
