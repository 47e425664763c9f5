import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, type AuditEntry } from '@xianfeng/contract'
import { Col, Row, Table, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd'
import { formatDateTime } from '../../lib/format.ts'

const dash = <Typography.Text type="secondary">—</Typography.Text>

const columns: TableColumnsType<AuditEntry> = [
  { title: '时间', dataIndex: 'occurredAt', key: 'occurredAt', width: 170, render: (v: string) => formatDateTime(v) },
  {
    title: '操作人',
    dataIndex: 'actorLogin',
    key: 'actorLogin',
    width: 120,
    render: (v: string | null) => v ?? <Typography.Text type="secondary">系统</Typography.Text>,
  },
  {
    title: '操作',
    dataIndex: 'action',
    key: 'action',
    width: 150,
    render: (v: string) => <span title={v}>{AUDIT_ACTIONS[v] ?? v}</span>,
  },
  {
    title: '对象',
    key: 'entity',
    width: 220,
    render: (_, entry) =>
      entry.entityType || entry.entityId ? (
        <span>
          {entry.entityType && (
            <Typography.Text type="secondary">{AUDIT_ENTITY_TYPES[entry.entityType] ?? entry.entityType} </Typography.Text>
          )}
          {entry.entityId && (
            <Typography.Text
              copyable={{ text: entry.entityId, tooltips: ['复制对象编号', '已复制'] }}
              style={{ wordBreak: 'break-all' }}
            >
              {entry.entityId}
            </Typography.Text>
          )}
        </span>
      ) : (
        dash
      ),
  },
  { title: '组织', dataIndex: 'orgName', key: 'orgName', width: 180, render: (v: string | null) => v ?? dash },
  { title: 'IP', dataIndex: 'ip', key: 'ip', width: 130, render: (v: string | null) => v ?? dash },
  {
    title: '请求编号',
    dataIndex: 'requestId',
    key: 'requestId',
    width: 150,
    ellipsis: true,
    render: (v: string | null) =>
      v ? (
        <Typography.Text copyable={{ text: v, tooltips: ['复制请求编号', '已复制'] }} title={v}>
          {v}
        </Typography.Text>
      ) : (
        dash
      ),
  },
]

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <>
      <Typography.Text strong>{title}</Typography.Text>
      {value === null || value === undefined ? (
        <div>{dash}</div>
      ) : (
        <pre className="xf-json">{JSON.stringify(value, null, 2)}</pre>
      )}
    </>
  )
}

function Changes({ entry }: { entry: AuditEntry }) {
  return (
    <Row gutter={[16, 12]}>
      <Col xs={24} md={12}>
        <JsonBlock title="变更前" value={entry.before} />
      </Col>
      <Col xs={24} md={12}>
        <JsonBlock title="变更后" value={entry.after} />
      </Col>
    </Row>
  )
}

interface Props {
  items: AuditEntry[] | undefined
  loading: boolean
  pagination: TablePaginationConfig
}

export function AuditTable({ items, loading, pagination }: Props) {
  return (
    <Table<AuditEntry>
      rowKey="seq"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 1150 }}
      pagination={pagination}
      locale={{ emptyText: '没有符合条件的审计记录' }}
      expandable={{
        expandedRowRender: (entry) => <Changes entry={entry} />,
        rowExpandable: (entry) => entry.before != null || entry.after != null,
        columnTitle: '',
      }}
    />
  )
}
