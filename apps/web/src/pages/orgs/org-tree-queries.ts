import { API } from '@xianfeng/contract'
import { queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'
import { orgKeys } from '../../lib/org-queries.ts'

/**
 * One level of the org tree: the children of `parentId` (the scope's roots when null), today or —
 * with `asOf` — as they stood at the end of that day. Today's levels keep the shared key
 * `['orgs','tree',parentId]`; a past day adds `'asOf', day`. Both sit under `['orgs']`, so a change
 * invalidates them all.
 */
export const orgTreeQuery = (parentId: string | null, asOf: string | undefined) =>
  queryOptions({
    queryKey: asOf ? [...orgKeys.children(parentId), 'asOf', asOf] : [...orgKeys.children(parentId)],
    queryFn: async () =>
      (
        await api(API.orgs.tree, {
          query: { ...(parentId ? { parentId } : {}), ...(asOf ? { asOf } : {}) },
        })
      ).items,
  })

export const orgChangesKey = (id: string) => ['orgs', 'changes', id] as const

/** The org's change log, newest first. */
export const orgChangesQuery = (id: string) =>
  queryOptions({
    queryKey: orgChangesKey(id),
    queryFn: async () => (await api(API.orgs.changes, { params: { id } })).items,
  })
