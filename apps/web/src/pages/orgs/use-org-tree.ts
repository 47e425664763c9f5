import type { OrgSummary } from '@xianfeng/contract'
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo, useState } from 'react'
import { orgTreeQuery } from './org-tree-queries.ts'

export interface OrgTreeNode {
  key: string
  title: string
  isLeaf: boolean
  org: OrgSummary
  children?: OrgTreeNode[]
}

function union(list: string[], more: string[]): string[] {
  const missing = more.filter((k) => !list.includes(k))
  return missing.length > 0 ? [...list, ...missing] : list
}

/**
 * The lazily loaded org tree — today's, or with `asOf` the tree as it stood at the end of that day.
 * Each level is its own query (`['orgs','tree',parentId]`, plus the day), so invalidating `['orgs']`
 * after a change refreshes every loaded level in place. Switching the day keeps the opened
 * branches: they load again for the new day.
 */
export function useOrgTree(asOf: string | undefined) {
  const queryClient = useQueryClient()
  const roots = useQuery(orgTreeQuery(null, asOf))
  const [loadedKeys, setLoadedKeys] = useState<string[]>([])
  const [expandedKeys, setExpandedKeys] = useState<string[]>([])

  const childrenById = useQueries({
    queries: loadedKeys.map((id) => orgTreeQuery(id, asOf)),
    combine: (results) => results.map((r) => r.data),
  })

  // Only the levels that have data count as loaded for antd; the others (a new day still loading)
  // load again through loadData when shown, with a spinner on the node.
  const treeLoadedKeys = useMemo(() => loadedKeys.filter((_id, i) => childrenById[i] !== undefined), [loadedKeys, childrenById])

  const treeData = useMemo(() => {
    const byParent = new Map<string, OrgSummary[]>()
    loadedKeys.forEach((id, i) => {
      const kids = childrenById[i]
      if (kids) byParent.set(id, kids)
    })
    const build = (orgs: OrgSummary[]): OrgTreeNode[] =>
      orgs.map((org) => {
        const kids = byParent.get(org.id)
        return {
          key: org.id,
          title: org.name,
          org,
          isLeaf: kids ? kids.length === 0 : org.childCount === 0,
          children: kids ? build(kids) : undefined,
        }
      })
    return build(roots.data ?? [])
  }, [roots.data, loadedKeys, childrenById])

  /** Antd's loadData: fetch one level, then show it. */
  const loadChildren = useCallback(
    async (id: string) => {
      await queryClient.fetchQuery(orgTreeQuery(id, asOf))
      setLoadedKeys((keys) => union(keys, [id]))
    },
    [queryClient, asOf],
  )

  /**
   * Opens the tree down to an org, given its ancestors top-down. Ancestors above the scope's
   * roots (shown in the breadcrumb but not in the tree) are skipped.
   */
  const reveal = useCallback(
    async (ancestorIds: string[]) => {
      const rootIds = new Set((roots.data ?? []).map((o) => o.id))
      const start = ancestorIds.findIndex((id) => rootIds.has(id))
      if (start < 0) return
      const chain = ancestorIds.slice(start)
      await Promise.all(chain.map((id) => queryClient.ensureQueryData(orgTreeQuery(id, asOf))))
      setLoadedKeys((keys) => union(keys, chain))
      setExpandedKeys((keys) => union(keys, chain))
    },
    [queryClient, roots.data, asOf],
  )

  return { asOf, roots, treeData, loadedKeys: treeLoadedKeys, expandedKeys, setExpandedKeys, loadChildren, reveal }
}

export type OrgTree = ReturnType<typeof useOrgTree>
