import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons'
import { API, ORG_KINDS, RULE_STATUSES, type ComplianceOverview, type RuleTally } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { App, Breadcrumb, Button, Card, Col, Flex, Row, Select, Spin, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api, isApiError } from '../../api.ts'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { MonthStringPicker, thisMonthString } from '../../components/date-string-picker.tsx'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime, formatPercent } from '../../lib/format.ts'
import { orgDetailQuery } from '../../lib/org-queries.ts'
import { useSession } from '../../lib/session.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { ComplianceChart, shareColor } from './compliance-chart.tsx'
import { overviewQuery, PENDING_POLL_MS, STATUS_COLORS, STATUS_HINTS, trendQuery } from './compliance-queries.ts'
import { useComplianceView } from './compliance-view.ts'
import { OrgCompliancePanel } from './org-compliance-panel.tsx'

type Row = ComplianceOverview['rows'][number]
type Place = ReturnType<typeof useComplianceView>

/**
 * 达标情况: every rule × the org itself and each of its direct sub-orgs (their whole subtrees), for a
 * month; a sub-org's name goes down a level, a cell opens that org's own items.
 */
export function CompliancePage() {
  const { me } = useSession()
  return <ComplianceView key={me.currentGrant?.id ?? 'none'} />
}

function ComplianceView() {
  const place = useComplianceView()
  const { view } = place
  const overview = useQuery({
    ...overviewQuery(view.orgId, view.month),
    // A result not yet evaluated (computedAt null) is on its way from the job queue.
    refetchInterval: (q) => (q.state.data?.rules.some((r) => r.computedAt === null) ? PENDING_POLL_MS : false),
  })

  if (overview.isPending) return <PageLoading />
  if (overview.isError) {
    return (
      <Flex vertical gap={12} align="flex-start">
        <div style={{ width: '100%' }}>
          <QueryError error={overview.error} onRetry={() => void overview.refetch()} />
        </div>
        {view.orgId && <Button onClick={() => place.openOrg(undefined)}>查看本范围的达标情况</Button>}
      </Flex>
    )
  }
  const data = overview.data
  const shown = data.rules.filter((r) => r.total.applicable > 0)
  const ruleId = view.ruleId && shown.some((r) => r.ruleId === view.ruleId) ? view.ruleId : shown[0]?.ruleId
  return (
    <Spin spinning={overview.isPlaceholderData} description="正在读取…" delay={150}>
      <Flex vertical gap={16}>
        <Header data={data} place={place} refreshing={overview.isFetching} onRefresh={() => void overview.refetch()} />
        <MatrixCard data={data} place={place} />
        {ruleId && (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <TrendCard data={data} place={place} ruleId={ruleId} />
            </Col>
            <Col xs={24} lg={12}>
              <TreemapCard data={data} place={place} ruleId={ruleId} />
            </Col>
          </Row>
        )}
      </Flex>
      <OrgCompliancePanel orgId={view.detailId} month={view.month} onClose={() => place.openDetail(undefined)} />
    </Spin>
  )
}

function Header(props: { data: ComplianceOverview; place: Place; refreshing: boolean; onRefresh: () => void }) {
  const { data, place, refreshing, onRefresh } = props
  const { view } = place
  const { me } = useSession()
  const { message } = App.useApp()
  const [exporting, setExporting] = useState(false)
  const org = useQuery({ ...orgDetailQuery(data.org.id), enabled: view.orgId !== undefined })
  const scopeRoot = me.currentGrant?.orgId
  const ancestors = org.data?.ancestors ?? []
  const from = ancestors.findIndex((a) => a.id === scopeRoot)
  const trail = view.orgId && from >= 0 ? [...ancestors.slice(from), data.org] : []
  const computed = data.rules.map((r) => r.computedAt)
  const pending = computed.some((c) => c === null)
  const latest = computed
    .filter((c): c is string => c !== null)
    .sort()
    .at(-1)

  const exportExcel = async () => {
    setExporting(true)
    try {
      await api(API.compliance.export, { query: { orgId: view.orgId, month: view.month } })
    } catch (e) {
      void message.error(isApiError(e) ? e.message : '导出失败，请重试')
    } finally {
      setExporting(false)
    }
  }

  return (
    <Card size="small">
      <Flex vertical gap={12}>
        {trail.length > 1 && (
          <nav aria-label="组织层级">
            <Breadcrumb
              items={trail.map((o, i) => ({
                key: o.id,
                title:
                  i === trail.length - 1 ? (
                    o.name
                  ) : (
                    <Link to={{ search: place.orgSearch(i === 0 ? undefined : o.id) }}>{o.name}</Link>
                  ),
              }))}
            />
          </nav>
        )}
        <Flex wrap justify="space-between" align="center" gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {data.org.name} · 达标情况
          </Typography.Title>
          <Flex wrap gap={8}>
            <Button icon={<ReloadOutlined aria-hidden />} loading={refreshing} onClick={onRefresh}>
              刷新
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={() => void exportExcel()}>
              导出 Excel
            </Button>
          </Flex>
        </Flex>
        <Flex wrap gap={12} align="center">
          <Flex gap={8} align="center" style={{ width: 360, maxWidth: '100%' }}>
            <Typography.Text style={{ flex: 'none' }}>组织</Typography.Text>
            <div style={{ flex: 1, minWidth: 0 }}>
              <CurrentOrgSelect
                key={data.org.id}
                value={data.org.id}
                current={data.org}
                onChange={(id) => {
                  if (id) place.openOrg(id === scopeRoot ? undefined : id)
                }}
              />
            </div>
          </Flex>
          <Flex gap={8} align="center">
            <Typography.Text>月份</Typography.Text>
            <MonthStringPicker
              ariaLabel="月份"
              value={view.month}
              max={thisMonthString()}
              onChange={(m) => m && place.setMonth(m)}
            />
          </Flex>
        </Flex>
        <Typography.Text type="secondary">
          {pending
            ? '部分结果正在后台计算，稍候自动更新…'
            : `结果计算于 ${formatDateTime(latest)}。登记、修改或作废记录后，结果由后台重新计算，稍候点“刷新”即可看到。`}
          每格为“达到的组织数 / 适用的组织数”：
          <Tag color="success" style={{ marginInline: 4 }}>
            绿
          </Tag>
          全部达到，
          <Tag color="warning" style={{ marginInline: 4 }}>
            黄
          </Tag>
          统计期未结束、尚有未达到，
          <Tag color="error" style={{ marginInline: 4 }}>
            红
          </Tag>
          统计期已结束、有未达到。
        </Typography.Text>
      </Flex>
    </Card>
  )
}

function TallyCell({ tally, label, onClick }: { tally: RuleTally; label: string; onClick: () => void }) {
  if (tally.applicable === 0) return <Typography.Text type="secondary">—</Typography.Text>
  const text = `${tally.met}/${tally.applicable}`
  return (
    <Tag
      color={STATUS_COLORS[tally.status]}
      role="button"
      tabIndex={0}
      aria-label={`${label}：${text}，${RULE_STATUSES[tally.status]}`}
      title={`${STATUS_HINTS[tally.status]}；点击查看`}
      style={{ cursor: 'pointer', fontVariantNumeric: 'tabular-nums', marginInlineEnd: 0 }}
      onClick={onClick}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') onClick()
      }}
    >
      {text}
    </Tag>
  )
}

function MatrixCard({ data, place }: { data: ComplianceOverview; place: Place }) {
  const rules = data.rules.map((r, index) => ({ ...r, index })).filter((r) => r.total.applicable > 0)
  const hidden = data.rules.length - rules.length
  // A sub-org with orgs below goes down a level; the org itself and a branch open their own items.
  const open = (row: Row) => (row.isSelf || !row.hasChildren ? place.openDetail(row.org.id) : place.openOrg(row.org.id))
  // on a phone the org column is narrower, so the first rules show beside it before the table scrolls
  const orgWidth = useIsMobile() ? 150 : 220
  return (
    <Card size="small" title="规则 × 下级组织" aria-label="规则 × 下级组织">
      <Table<Row>
        size="small"
        rowKey={(r) => r.org.id}
        dataSource={data.rows}
        pagination={false}
        scroll={{ x: orgWidth + rules.length * 110 }}
        locale={{ emptyText: '没有下级组织' }}
        columns={[
          {
            title: '组织',
            key: 'org',
            fixed: 'left',
            width: orgWidth,
            render: (_, row) => (
              <Flex vertical gap={2}>
                {row.isSelf ? (
                  <Typography.Link onClick={() => place.openDetail(row.org.id)}>{row.org.name}（本级）</Typography.Link>
                ) : row.hasChildren ? (
                  <Link to={{ search: place.orgSearch(row.org.id) }}>{row.org.name}</Link>
                ) : (
                  <Typography.Link onClick={() => place.openDetail(row.org.id)}>{row.org.name}</Typography.Link>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {ORG_KINDS[row.org.kind as keyof typeof ORG_KINDS] ?? row.org.kind}
                  {!row.isSelf && row.hasChildren && ' · 含下级'}
                  {!row.isSelf && (
                    <Typography.Link style={{ fontSize: 12, marginInlineStart: 8 }} onClick={() => place.openDetail(row.org.id)}>
                      本组织情况
                    </Typography.Link>
                  )}
                </Typography.Text>
              </Flex>
            ),
          },
          ...rules.map((r) => ({
            key: r.ruleId,
            width: 110,
            align: 'center' as const,
            title: (
              <Flex vertical gap={2} align="center">
                <Typography.Link style={{ whiteSpace: 'normal' }} onClick={() => place.setRule(r.ruleId)} title="查看趋势">
                  {r.title}
                </Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.period.label} · 合计 {r.total.met}/{r.total.applicable}
                </Typography.Text>
              </Flex>
            ),
            render: (_: unknown, row: Row) => {
              const tally = row.cells[r.index]
              return tally ? <TallyCell tally={tally} label={`${r.title} ${row.org.name}`} onClick={() => open(row)} /> : null
            },
          })),
        ]}
      />
      {hidden > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          另有 {hidden} 条规则在本范围内没有适用的组织，未列出；全部规则见<Link to="/rules">规则</Link>。
        </Typography.Paragraph>
      )}
    </Card>
  )
}

function RulePicker({ data, place, ruleId }: { data: ComplianceOverview; place: Place; ruleId: string }) {
  return (
    <Select
      aria-label="图表的规则"
      size="small"
      value={ruleId}
      onChange={(id: string) => place.setRule(id)}
      options={data.rules.filter((r) => r.total.applicable > 0).map((r) => ({ value: r.ruleId, label: r.title }))}
      style={{ width: 220, maxWidth: '100%' }}
    />
  )
}

function TrendCard({ data, place, ruleId }: { data: ComplianceOverview; place: Place; ruleId: string }) {
  const trend = useQuery(trendQuery(place.view.orgId, ruleId, place.view.month))
  const points = trend.data?.points ?? []
  return (
    <Card
      size="small"
      title="逐期趋势"
      extra={<RulePicker data={data} place={place} ruleId={ruleId} />}
      style={{ height: '100%' }}
    >
      {trend.isError ? (
        <QueryError error={trend.error} onRetry={() => void trend.refetch()} />
      ) : (
        <Spin spinning={trend.isFetching} delay={150}>
          <ComplianceChart
            height={280}
            label={`${data.org.name}：${data.rules.find((r) => r.ruleId === ruleId)?.title ?? ''}逐期达到的组织数`}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 40, right: 16, top: 32, bottom: 28 },
              xAxis: { type: 'category', data: points.map((p) => p.period.label) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                { name: '达到', type: 'line', data: points.map((p) => (p.computed ? p.met : null)) },
                {
                  name: '适用',
                  type: 'line',
                  data: points.map((p) => (p.computed ? p.applicable : null)),
                  lineStyle: { type: 'dashed' },
                },
              ],
            }}
          />
          {points.some((p) => !p.computed) && (
            <Typography.Text type="secondary" role="status">
              {points
                .filter((p) => !p.computed)
                .map((p) => p.period.label)
                .join('、')}
              以前没有计算过，已开始计算，稍后点“刷新”查看。
            </Typography.Text>
          )}
        </Spin>
      )}
    </Card>
  )
}

interface TreemapNode {
  name: string
  value: number
  orgId: string
  hasChildren: boolean
  met: number
  itemStyle: { color: string }
}

function TreemapCard({ data, place, ruleId }: { data: ComplianceOverview; place: Place; ruleId: string }) {
  const index = data.rules.findIndex((r) => r.ruleId === ruleId)
  const nodes: TreemapNode[] = data.rows.flatMap((row) => {
    const cell = row.cells[index]
    if (row.isSelf || !cell || cell.applicable === 0) return []
    return [
      {
        name: row.org.name.replace(/^中共/, '').replace(/委员会$/, ''),
        value: cell.applicable,
        orgId: row.org.id,
        hasChildren: row.hasChildren,
        met: cell.met,
        itemStyle: { color: shareColor(cell.met / cell.applicable) },
      },
    ]
  })
  return (
    <Card
      size="small"
      title="下级组织分布"
      extra={<RulePicker data={data} place={place} ruleId={ruleId} />}
      style={{ height: '100%' }}
    >
      {nodes.length === 0 ? (
        <Typography.Text type="secondary">没有适用这条规则的下级组织。</Typography.Text>
      ) : (
        <>
          <ComplianceChart
            height={280}
            label={`${data.org.name}的下级组织：面积为适用的组织数，颜色为达到的比例`}
            option={{
              tooltip: {
                formatter: (p: unknown) => {
                  const d = (p as { data: TreemapNode }).data
                  return `${d.name}<br/>达到 ${d.met} / 适用 ${d.value}（${formatPercent(d.met, d.value)}）`
                },
              },
              series: [
                {
                  type: 'treemap',
                  roam: false,
                  nodeClick: false,
                  breadcrumb: { show: false },
                  left: 0,
                  right: 0,
                  top: 0,
                  bottom: 0,
                  label: {
                    show: true,
                    formatter: (p: { name: string; data: unknown }) =>
                      `${p.name}\n${(p.data as TreemapNode).met}/${(p.data as TreemapNode).value}`,
                  },
                  data: nodes,
                },
              ],
            }}
            onClick={(e) => {
              const d = e.data as TreemapNode | undefined
              if (d) {
                if (d.hasChildren) place.openOrg(d.orgId)
                else place.openDetail(d.orgId)
              }
            }}
          />
          <Typography.Text type="secondary">
            面积：适用的组织数；颜色：达到的比例，红（无）— 黄 — 绿（全部）。点击进入下一级。
          </Typography.Text>
        </>
      )}
    </Card>
  )
}
