import { EditOutlined } from '@ant-design/icons'
import { RULE_STATUSES } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd'
import { Link } from 'react-router'
import { QueryError } from '../../components/query-error.tsx'
import { thisMonthString } from '../../components/date-string-picker.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { orgComplianceQuery, STATUS_COLORS } from '../compliance/compliance-queries.ts'
import { recordLink } from '../compliance/org-compliance-panel.tsx'

/** 本月待办: what the scope's own org has still to do under the rules, in plain words, with a link to record it. */
export function ComplianceTodoCard({ orgId }: { orgId: string }) {
  const { can } = useSession()
  const month = thisMonthString()
  const data = useQuery(orgComplianceQuery(orgId, month))
  const todo = data.data?.items.filter((i) => i.status === 'at_risk' || i.status === 'missed') ?? []
  const computed = data.data?.items
    .map((i) => i.computedAt)
    .sort()
    .at(-1)
  return (
    <Card title="本月待办" size="small" aria-label="本月待办" extra={<Link to="/compliance">查看达标情况</Link>}>
      {data.isError ? (
        <QueryError error={data.error} onRetry={() => void data.refetch()} />
      ) : !data.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : data.data.items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={`没有适用于“${data.data.org.name}”本身的规则；下级组织的情况见达标情况`}
        />
      ) : todo.length === 0 ? (
        <Typography.Text type="success">“{data.data.org.name}”本月各项规则均已达到。</Typography.Text>
      ) : (
        <Flex vertical gap={0}>
          <Typography.Text type="secondary" style={{ marginBottom: 4 }}>
            {data.data.org.name}：{todo.length} 项尚未达到
          </Typography.Text>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {todo.map((item, i) => (
              <li
                key={item.ruleId}
                style={{
                  display: 'flex',
                  flexWrap: 'wrap',
                  gap: 8,
                  alignItems: 'center',
                  justifyContent: 'space-between',
                  padding: '8px 0',
                  borderTop: i === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)',
                }}
              >
                <Flex gap={8} align="center" style={{ minWidth: 0, flex: 1 }}>
                  <Tag color={STATUS_COLORS[item.status]} style={{ flex: 'none' }}>
                    {RULE_STATUSES[item.status]}
                  </Tag>
                  <span>{item.explanation}</span>
                </Flex>
                {item.recordKind && can('activities.write') && (
                  <Link to={recordLink(data.data.org.id, item.recordKind)} aria-label={`去记录：${item.title}`}>
                    <Button size="small" icon={<EditOutlined />}>
                      去记录
                    </Button>
                  </Link>
                )}
              </li>
            ))}
          </ul>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginTop: 4 }}>
            结果计算于 {formatDateTime(computed)}
          </Typography.Text>
        </Flex>
      )}
    </Card>
  )
}
