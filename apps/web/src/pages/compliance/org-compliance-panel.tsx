import { EditOutlined, ReloadOutlined } from '@ant-design/icons'
import { ACTIVITY_KINDS, RULE_STATUSES, type OrgCompliance, type RuleInfo } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Descriptions, Drawer, Empty, Flex, Skeleton, Tag, Typography } from 'antd'
import { Link } from 'react-router'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { orgComplianceQuery, rulesQuery, STATUS_COLORS } from './compliance-queries.ts'

type Item = OrgCompliance['items'][number]

/** `每月次数 2 次`, for each parameter in force. */
export function paramText(item: Pick<Item, 'params'>, rule: RuleInfo | undefined): string {
  return Object.entries(item.params.values)
    .map(([key, value]) => {
      const p = rule?.params.find((x) => x.key === key)
      return p ? `${p.label} ${value} ${p.unit}` : `${key} ${value}`
    })
    .join('，')
}

export function paramSourceText(item: Pick<Item, 'params'>): string {
  return item.params.fromOrg ? `由“${item.params.fromOrg.name}”调整` : '注册表默认值'
}

/** The link that opens the record form for the org, with the kind that helps meet the rule. */
export function recordLink(orgId: string, kind: string): string {
  return `/activities?${new URLSearchParams({ new: '1', orgId, kind }).toString()}`
}

/** One org's own standing under every rule that applies to it: the figures, the evidence, what is missing. */
export function OrgCompliancePanel({ orgId, month, onClose }: { orgId: string | undefined; month: string; onClose: () => void }) {
  const isMobile = useIsMobile()
  const { can } = useSession()
  const data = useQuery({ ...orgComplianceQuery(orgId ?? '', month), enabled: orgId !== undefined })
  const rules = useQuery(rulesQuery())
  const ruleOf = (id: string) => rules.data?.find((r) => r.id === id)
  const c = data.data
  return (
    <Drawer
      title={c ? `${c.org.name} · ${month.replace('-', ' 年 ')} 月` : '本组织的达标情况'}
      open={orgId !== undefined}
      onClose={onClose}
      size={isMobile ? '100%' : 640}
      extra={
        <Button icon={<ReloadOutlined />} loading={data.isFetching} onClick={() => void data.refetch()}>
          刷新
        </Button>
      }
    >
      {data.isError ? (
        <QueryError error={data.error} onRetry={() => void data.refetch()} />
      ) : !c ? (
        <Skeleton active />
      ) : c.items.length === 0 ? (
        <Empty description="没有适用于本组织本身的规则（下级组织的情况见表格）" />
      ) : (
        <Flex vertical gap={12} role="list" aria-label="本组织各项规则">
          {c.items.map((item) => (
            <Card
              key={item.ruleId}
              size="small"
              role="listitem"
              aria-label={item.title}
              title={
                <Flex wrap gap={8} align="center">
                  <span style={{ whiteSpace: 'normal' }}>{item.title}</span>
                  <Tag color={STATUS_COLORS[item.status]}>{RULE_STATUSES[item.status]}</Tag>
                </Flex>
              }
              extra={
                item.recordKind &&
                can('activities.write') && (
                  <Link to={recordLink(c.org.id, item.recordKind)}>
                    <Button size="small" type={item.status === 'met' ? 'default' : 'primary'} icon={<EditOutlined />}>
                      去记录
                    </Button>
                  </Link>
                )
              }
            >
              <Typography.Paragraph strong style={{ marginBottom: 8 }}>
                {item.explanation}
              </Typography.Paragraph>
              <Descriptions
                column={1}
                size="small"
                items={[
                  {
                    key: 'period',
                    label: '统计期',
                    children: `${item.period.label}（${item.period.start} 至 ${item.period.end}）`,
                  },
                  { key: 'figures', label: '实际 / 要求', children: `${item.actual} / ${item.required} ${item.unit}` },
                  {
                    key: 'params',
                    label: '参数',
                    children: (
                      <span>
                        {paramText(item, ruleOf(item.ruleId))}
                        <Typography.Text type="secondary">（{paramSourceText(item)}）</Typography.Text>
                      </span>
                    ),
                  },
                  {
                    key: 'evidence',
                    label: '依据的记录',
                    children:
                      item.evidence.length === 0 ? (
                        <Typography.Text type="secondary">无</Typography.Text>
                      ) : (
                        <Flex vertical gap={2}>
                          {item.evidence.map((e) => (
                            <Link key={e.id} to={`/activities?id=${e.id}`}>
                              {e.heldOn} {e.topic}（{e.kinds.map((k) => ACTIVITY_KINDS[k]).join('、')}）
                            </Link>
                          ))}
                        </Flex>
                      ),
                  },
                  { key: 'computed', label: '计算于', children: formatDateTime(item.computedAt) },
                ]}
              />
            </Card>
          ))}
        </Flex>
      )}
    </Drawer>
  )
}
