import { API } from '@xianfeng/contract'
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

export const accountKeys = {
  users: ['users'] as const,
  userPage: (q: string, page: number, pageSize: number) => ['users', { q, page, pageSize }] as const,
  roles: ['roles'] as const,
}

export const usersQuery = (q: string, page: number, pageSize: number) =>
  queryOptions({
    queryKey: accountKeys.userPage(q, page, pageSize),
    queryFn: () => api(API.accounts.listUsers, { query: { q: q || undefined, page, pageSize } }),
    placeholderData: keepPreviousData,
  })

export const rolesQuery = queryOptions({
  queryKey: accountKeys.roles,
  queryFn: async () => (await api(API.accounts.roles)).items,
  staleTime: 5 * 60_000,
})
