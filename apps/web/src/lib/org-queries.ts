import { API, type OrgSummary } from '@xianfeng/contract'
import { queryOptions } from '@tanstack/react-query'
import { api } from '../api.ts'

export type OrgSearchHit = OrgSummary & { pathNames: string[] }

export const orgKeys = {
  all: ['orgs'] as const,
  children: (parentId: string | null) => ['orgs', 'tree', parentId ?? 'root'] as const,
  search: (q: string, limit: number) => ['orgs', 'search', q, limit] as const,
  detail: (id: string) => ['orgs', 'detail', id] as const,
}

/** Children of an org, or the roots of the current scope when parentId is null. */
export const orgChildrenQuery = (parentId: string | null) =>
  queryOptions({
    queryKey: orgKeys.children(parentId),
    queryFn: async () => (await api(API.orgs.tree, { query: parentId ? { parentId } : {} })).items,
  })

export const orgSearchQuery = (q: string, limit = 20) =>
  queryOptions({
    queryKey: orgKeys.search(q, limit),
    queryFn: async (): Promise<OrgSearchHit[]> => (await api(API.orgs.search, { query: { q, limit } })).items,
    enabled: q.length > 0,
  })

export const orgDetailQuery = (id: string) =>
  queryOptions({
    queryKey: orgKeys.detail(id),
    queryFn: async () => (await api(API.orgs.get, { params: { id } })).org,
  })

/** The search box accepts what the contract's `q` accepts: trimmed, 1–50 characters. */
export function normalizeKeyword(input: string): string {
  return input.trim().slice(0, 50)
}
