import { useInfiniteQuery } from '@tanstack/react-query'
import { QueryError } from '../../components/query-error.tsx'
import { memberSearchQuery } from './member-queries.ts'
import { MembersTable } from './members-table.tsx'

/** The 党员 tab of an org: the people of this org and the orgs below it. */
export function OrgMembersTab({ orgId }: { orgId: string }) {
  const search = useInfiniteQuery(memberSearchQuery({ q: '', orgId }))
  const items = search.data?.pages.flatMap((p) => p.items) ?? []
  if (search.isError) return <QueryError error={search.error} onRetry={() => void search.refetch()} />
  return (
    <MembersTable
      items={items}
      loading={search.isFetching}
      emptyText="该组织尚未登记人员"
      hasMore={search.hasNextPage}
      loadingMore={search.isFetchingNextPage}
      onLoadMore={() => void search.fetchNextPage()}
    />
  )
}
