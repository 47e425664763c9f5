import { ORG_KINDS, ORG_LEVELS, ORG_STATUSES, type OrgDetail, type OrgSummary } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Empty, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { Link } from 'react-router'
import { QueryError } from '../../components/query-error.tsx'
import { orgTreeQuery } from './org-tree-queries.ts'
import { useOrgView } from './use-org-view.ts'

const PAGE_SIZE = 20

/** The org's direct children — today's, or those of the day the tree shows. */
export function OrgChildrenTab({ org }: { org: OrgDetail }) {
  const { asOf, orgPath } = useOrgView()
  const children = useQuery(orgTreeQuery(org.id, asOf))

  if (children.isError) return <QueryError error={children.error} onRetry={() => void children.refetch()} />

  const columns: TableColumnsType<OrgSummary> = [
    {
      key: 'name',
      title: '名称',
      dataIndex: 'name',
      render: (name: string, child) => <Link to={orgPath(child.id)}>{name}</Link>,
    },
    { key: 'kind', title: '类别', dataIndex: 'kind', width: 110, render: (kind: OrgSummary['kind']) => ORG_KINDS[kind] },
    { key: 'level', title: '层级', dataIndex: 'level', width: 130, render: (level: OrgSummary['level']) => ORG_LEVELS[level] },
    { key: 'childCount', title: '下级组织数', dataIndex: 'childCount', width: 100, align: 'right' },
    {
      key: 'status',
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (status: OrgSummary['status']) => (
        <Tag color={status === 'dissolved' ? 'default' : 'green'} style={{ marginInlineEnd: 0 }}>
          {ORG_STATUSES[status]}
        </Tag>
      ),
    },
  ]

  const rows = children.data ?? []
  return (
    <>
      {children.data && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {asOf ? `${asOf} 终了时` : '现有'}直属下级组织 {rows.length} 个
        </Typography.Paragraph>
      )}
      <Table<OrgSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={children.isPending}
        // On a phone the table scrolls sideways inside the card, not the page.
        scroll={{ x: 640 }}
        pagination={rows.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false, size: 'small' } : false}
        locale={{
          emptyText: children.isPending ? ' ' : <Empty description={asOf ? `${asOf} 终了时没有下级组织` : '没有下级组织'} />,
        }}
      />
    </>
  )
}
