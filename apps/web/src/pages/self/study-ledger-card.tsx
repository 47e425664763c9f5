import { ACTIVITY_KINDS, type OwnStudyLedger } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Card, Flex, List, Progress, Skeleton, Space, Tag, Typography } from 'antd'
import { QueryError } from '../../components/query-error.tsx'
import { selfLedgerQuery } from './self-queries.ts'

const mono = { fontFamily: 'monospace', whiteSpace: 'nowrap' } as const

function Requirement({ ledger }: { ledger: OwnStudyLedger }) {
  const r = ledger.requirement
  if (!r)
    return (
      <Typography.Text type="secondary">
        {ledger.year} 年已参加学习 {ledger.totalHours} 学时。年度学时要求只适用于正式党员和预备党员。
      </Typography.Text>
    )
  const percent = Math.min(100, Math.round((ledger.totalHours / r.hours) * 100))
  const met = ledger.totalHours >= r.hours
  return (
    <Flex gap={16} align="center" wrap>
      <Progress
        type="circle"
        size={88}
        percent={percent}
        status={met ? 'success' : 'normal'}
        format={() => `${ledger.totalHours}`}
        aria-label={`已累计 ${ledger.totalHours} 学时`}
      />
      <Space orientation="vertical" size={2} style={{ minWidth: 0, flex: 1 }}>
        <Typography.Text strong>
          {ledger.year} 年已累计 {ledger.totalHours} 学时，要求不少于 {r.hours} 学时
          {met ? '，已达到' : `，还差 ${Math.round((r.hours - ledger.totalHours) * 10) / 10} 学时`}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.fromOrg
            ? `依据：“${r.fromOrg.name}”规定党员每年集中学习培训不少于 ${r.hours} 学时（适用于您所在的${r.org.name}）`
            : `依据：${r.title}（适用于您所在的${r.org.name}）`}
        </Typography.Text>
      </Space>
    </Flex>
  )
}

/** 我的学习台账: what the member attended this year and the hours against the requirement for their org. */
export function StudyLedgerCard() {
  const ledger = useQuery(selfLedgerQuery)
  if (ledger.isError) return <QueryError error={ledger.error} onRetry={() => void ledger.refetch()} />
  if (ledger.isPending)
    return (
      <Card size="small" title="我的学习台账">
        <Skeleton active />
      </Card>
    )
  const l = ledger.data
  return (
    <Card size="small" title="我的学习台账">
      <Requirement ledger={l} />
      <List
        style={{ marginTop: 12 }}
        size="small"
        dataSource={l.items}
        locale={{ emptyText: `${l.year} 年还没有您参加活动的记录` }}
        renderItem={(i) => (
          <List.Item key={i.activityId} extra={<span style={mono}>{i.hours === null ? '不计学时' : `${i.hours} 学时`}</span>}>
            <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
              <span>{i.topic}</span>
              <Space size={[4, 4]} wrap>
                <span style={{ ...mono, fontSize: 12 }}>{i.heldOn}</span>
                {i.kinds.map((k) => (
                  <Tag key={k} style={{ marginInlineEnd: 0 }}>
                    {ACTIVITY_KINDS[k]}
                  </Tag>
                ))}
                {i.presence === 'online' && <Tag color="blue">线上参加</Tag>}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.org.name}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        台账取自党组织登记的组织生活与学习记录（出席和线上参加的计入，缺席和已作废的不计）；如有遗漏，请联系所在党组织补登。
      </Typography.Paragraph>
    </Card>
  )
}
