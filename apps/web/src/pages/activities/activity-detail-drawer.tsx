import { ACTIVITY_KINDS, PRESENCES, type ActivityView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Descriptions, Drawer, Flex, Skeleton, Table, Tag, Typography } from 'antd'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { activityQuery } from './activity-queries.ts'

interface Props {
  id: string | null
  onClose: () => void
  /** Absent: the user may not write. */
  onEdit?: ((activity: ActivityView) => void) | undefined
  onVoid?: ((activity: ActivityView) => void) | undefined
}

/** One record: everything entered, and who attended. */
export function ActivityDetailDrawer({ id, onClose, onEdit, onVoid }: Props) {
  const isMobile = useIsMobile()
  const activity = useQuery({ ...activityQuery(id ?? ''), enabled: id !== null })
  const a = activity.data
  return (
    <Drawer
      title="组织生活记录"
      open={id !== null}
      onClose={onClose}
      size={isMobile ? '100%' : 640}
      extra={
        a &&
        !a.voided && (
          <Flex gap={8}>
            {onEdit && <Button onClick={() => onEdit(a)}>修改</Button>}
            {onVoid && (
              <Button danger onClick={() => onVoid(a)}>
                作废
              </Button>
            )}
          </Flex>
        )
      }
    >
      {activity.isError ? (
        <QueryError error={activity.error} onRetry={() => void activity.refetch()} />
      ) : !a ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          {a.voided && (
            <Alert
              type="warning"
              showIcon
              title="这条记录已作废，不计入任何规则"
              description={`作废原因：${a.voidReason ?? ''}`}
            />
          )}
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'topic', label: '主题', children: a.topic },
              { key: 'org', label: '组织', children: a.org.name },
              {
                key: 'kinds',
                label: '活动类型',
                children: (
                  <Flex wrap gap={4}>
                    {a.kinds.map((k) => (
                      <Tag key={k} color="red">
                        {ACTIVITY_KINDS[k]}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
              { key: 'heldOn', label: '活动日期', children: a.heldOn },
              { key: 'hours', label: '计入学时', children: a.hours === null ? '—' : `${a.hours} 学时` },
              { key: 'speaker', label: '主讲人', children: a.speaker ?? '—' },
              { key: 'location', label: '地点', children: a.location ?? '—' },
              {
                key: 'minutes',
                label: '会议记录',
                children: a.minutes ? (
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.minutes}</Typography.Paragraph>
                ) : (
                  '—'
                ),
              },
              {
                key: 'updated',
                label: '登记 / 修改时间',
                children: `${formatDateTime(a.createdAt)} / ${formatDateTime(a.updatedAt)}`,
              },
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            出席情况（出席和线上参加 {a.present} 人，缺席 {a.absent} 人）
          </Typography.Title>
          <Table
            size="small"
            rowKey="personId"
            pagination={false}
            dataSource={a.attendance}
            locale={{ emptyText: '没有登记出席情况' }}
            columns={[
              { title: '姓名', dataIndex: 'name' },
              {
                title: '出席情况',
                dataIndex: 'presence',
                render: (p: keyof typeof PRESENCES) => (
                  <Tag color={p === 'absent' ? 'default' : p === 'online' ? 'blue' : 'green'}>{PRESENCES[p]}</Tag>
                ),
              },
              { title: '缺席原因', dataIndex: 'absenceReason', render: (r: string | null) => r ?? '' },
            ]}
          />
        </Flex>
      )}
    </Drawer>
  )
}
