import type { UseQueryResult } from '@tanstack/react-query'
import { Table, type TableColumnsType } from 'antd'
import { formatCount } from '../lib/format.ts'
import { useTableScroll } from '../lib/use-is-mobile.ts'
import { QueryError } from './query-error.tsx'

/** The page a list shows; a new page size starts again from the first page. */
export interface PageState {
  page: number
  pageSize: number
}

/**
 * One page of a list the server pages: the table with its total and page switcher, or the error
 * with a retry.
 */
export function PagedTable<T extends { id: string }>({
  query,
  columns,
  page,
  onPage,
  scrollX,
  emptyText,
  unit,
}: {
  query: UseQueryResult<{ items: T[]; total: number }>
  columns: TableColumnsType<T>
  page: PageState
  onPage: (page: PageState) => void
  /** The table's width on wider screens; on a phone it fits the screen (mark secondary columns `WIDE_ONLY`). */
  scrollX: number
  emptyText: string
  /** The measure word of the total: 共 12 份. */
  unit: string
}) {
  const scroll = useTableScroll(scrollX)
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />
  return (
    <Table<T>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={query.data?.items}
      loading={query.isFetching}
      scroll={scroll}
      locale={{ emptyText }}
      pagination={{
        current: page.page,
        pageSize: page.pageSize,
        total: query.data?.total ?? 0,
        showTotal: (total) => `共 ${formatCount(total)} ${unit}`,
        onChange: (p, pageSize) => onPage({ page: pageSize === page.pageSize ? p : 1, pageSize }),
      }}
    />
  )
}
