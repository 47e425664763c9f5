import { API, ORG_KINDS, ORG_LEVELS, type HomeSummary } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Card, Col, Descriptions, Row, Skeleton, Statistic, Typography } from 'antd'
import { Link } from 'react-router'
import { api } from '../../api.ts'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { ComplianceTodoCard } from './compliance-todo-card.tsx'
import { TransferTodoList } from '../transfers/transfer-todos.tsx'

export function HomePage() {
  const { me, can } = useSession()
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        您好，{me.displayName}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {can('compliance.read') && me.currentGrant && (
          <Col span={24}>
            <ComplianceTodoCard orgId={me.currentGrant.orgId} />
          </Col>
        )}
        {can('transfers.read') && (
          <Col span={24}>
            <TransferTodoList linkToRegister />
          </Col>
        )}
        {can('home.view') && <SummaryCards />}
        {me.personId && (
          <Col xs={24} lg={12}>
            <Card title="党员自助" size="small">
              <Typography.Paragraph style={{ marginBottom: 8 }}>
                在“我的档案”查看本人的党员信息，申请修改手机号（由所在党组织审批）。
              </Typography.Paragraph>
              <Link to="/me">进入我的档案</Link>
            </Card>
          </Col>
        )}
        <Col xs={24} lg={12}>
          <MyAccountCard />
        </Col>
      </Row>
    </>
  )
}

function SummaryCards() {
  const summary = useQuery({
    queryKey: ['home', 'summary'],
    queryFn: async () => (await api(API.home.summary)).summary,
  })

  if (summary.isPending) {
    return (
      <Col span={24}>
        <Card>
          <Skeleton active />
        </Card>
      </Col>
    )
  }
  if (summary.isError) {
    return (
      <Col span={24}>
        <QueryError error={summary.error} onRetry={() => void summary.refetch()} />
      </Col>
    )
  }

  const s = summary.data
  return (
    <>
      <Col span={24}>
        <Typography.Text type="secondary">当前范围：{s.scopeOrgName}</Typography.Text>
      </Col>
      <Col xs={24} sm={8}>
        <Card>
          <Statistic title="组织总数" value={s.orgsTotal} />
        </Card>
      </Col>
      <Col xs={12} sm={8}>
        <Card>
          <Statistic title="账号数" value={s.usersTotal} />
        </Card>
      </Col>
      {s.auditToday !== null && (
        <Col xs={12} sm={8}>
          <Card>
            <Statistic title="今日审计记录" value={s.auditToday} />
          </Card>
        </Col>
      )}
      <Col xs={24} md={12}>
        <CountCard title="按层级" rows={byLevel(s)} />
      </Col>
      <Col xs={24} md={12}>
        <CountCard title="按类别" rows={byKind(s)} />
      </Col>
    </>
  )
}

interface CountRow {
  key: string
  label: string
  count: number
}

/** Known levels in their natural order (zero when absent), then anything the server adds. */
function byLevel(s: HomeSummary): CountRow[] {
  return ordered(
    ORG_LEVELS,
    s.orgsByLevel.map((r) => ({ key: r.level, count: r.count })),
  )
}

function byKind(s: HomeSummary): CountRow[] {
  return ordered(
    ORG_KINDS,
    s.orgsByKind.map((r) => ({ key: r.kind, count: r.count })),
  )
}

function ordered(labels: Record<string, string>, counts: { key: string; count: number }[]): CountRow[] {
  const byKey = new Map(counts.map((c) => [c.key, c.count]))
  const known = Object.entries(labels).map(([key, label]) => ({ key, label, count: byKey.get(key) ?? 0 }))
  const unknown = counts.filter((c) => !(c.key in labels)).map((c) => ({ ...c, label: c.key }))
  return [...known, ...unknown]
}

function CountCard({ title, rows }: { title: string; rows: CountRow[] }) {
  return (
    <Card title={title} size="small">
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {rows.map((row, i) => (
          <li
            key={row.key}
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              padding: '8px 4px',
              borderTop: i === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)',
            }}
          >
            <Typography.Text type={row.count === 0 ? 'secondary' : undefined}>{row.label}</Typography.Text>
            <Typography.Text strong>{formatCount(row.count)}</Typography.Text>
          </li>
        ))}
      </ul>
    </Card>
  )
}

function MyAccountCard() {
  const { me } = useSession()
  const grant = me.currentGrant
  return (
    <Card title="我的账号" size="small">
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'name', label: '姓名', children: me.displayName },
          { key: 'login', label: '登录名', children: me.loginName },
          { key: 'role', label: '当前角色', children: grant?.roleName ?? '无' },
          { key: 'org', label: '当前组织', children: grant?.orgName ?? '无' },
          { key: 'grants', label: '授权数', children: `${me.grants.length} 项` },
        ]}
      />
    </Card>
  )
}
