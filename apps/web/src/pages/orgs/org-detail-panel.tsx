import { EditOutlined, PlusOutlined } from '@ant-design/icons'
import { ORG_KINDS, ORG_LEVELS, ORG_STATUSES, type OrgDetail } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Breadcrumb, Button, Card, Descriptions, Skeleton, Space, Tag } from 'antd'
import { Link } from 'react-router'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { orgDetailQuery } from '../../lib/org-queries.ts'
import { useSession } from '../../lib/session.ts'

interface Props {
  orgId: string
  onCreateChild: (parent: OrgDetail) => void
  onEdit: (org: OrgDetail) => void
}

export function OrgDetailPanel({ orgId, onCreateChild, onEdit }: Props) {
  const { can } = useSession()
  const detail = useQuery(orgDetailQuery(orgId))

  if (detail.isPending) {
    return (
      <Card>
        <Skeleton active />
      </Card>
    )
  }
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />

  const org = detail.data
  const canWrite = can('orgs.write')
  return (
    <Card
      title={org.name}
      styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 }, title: { whiteSpace: 'normal' } }}
      extra={
        canWrite && (
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => onCreateChild(org)}>
              新建下级组织
            </Button>
            <Button icon={<EditOutlined />} onClick={() => onEdit(org)}>
              编辑
            </Button>
          </Space>
        )
      }
    >
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={[
          ...org.ancestors.map((a) => ({ key: a.id, title: <Link to={`/orgs/${a.id}`}>{a.name}</Link> })),
          { key: org.id, title: org.name },
        ]}
      />
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 1, lg: 2 }}
        items={[
          { key: 'name', label: '组织名称', children: org.name },
          { key: 'shortName', label: '简称', children: org.shortName ?? '—' },
          { key: 'kind', label: '类别', children: ORG_KINDS[org.kind] },
          { key: 'level', label: '层级', children: ORG_LEVELS[org.level] },
          { key: 'divisionCode', label: '行政区划代码', children: org.divisionCode ?? '—' },
          {
            key: 'status',
            label: '状态',
            children: <Tag color={org.status === 'active' ? 'green' : 'default'}>{ORG_STATUSES[org.status]}</Tag>,
          },
          { key: 'childCount', label: '下级组织数', children: org.childCount },
          { key: 'updatedAt', label: '更新时间', children: formatDateTime(org.updatedAt) },
        ]}
      />
    </Card>
  )
}
