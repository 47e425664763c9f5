import { STAT_MEMBER_DIMENSIONS, STAT_ORG_DIMENSIONS, type StatTable, type SubtreeStats } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Col, Flex, Row, Spin, Statistic, Typography } from 'antd'
import { isApiError, type ApiError } from '../../api.ts'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { formatPercent } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { StatsChildrenCard } from './stats-children-card.tsx'
import { StatsHeader } from './stats-header.tsx'
import { POPULATION_SHORT, countTitleOf, indicatorsOf, orgTotal, populationTotal } from './stats-labels.ts'
import { statsQuery } from './stats-queries.ts'
import { SNAPSHOT_POLL_MS, StatsSnapshotWait } from './stats-snapshot-wait.tsx'
import { StatsTableCard } from './stats-table-card.tsx'
import { useStatsView } from './stats-view.ts'

/**
 * 统计 — members and orgs of any subtree of the scope, now or at the end of a past year.
 * `/stats?org=<id>&population=full&asOf=2024-12-31`: going down a level is a history entry, so the
 * back button goes up again and a reload keeps the place.
 */
export function StatsPage() {
  const { me } = useSession()
  // Another scope has another root: nothing of the previous one's figures may stay on screen.
  return <StatsView key={me.currentGrant?.id ?? 'none'} />
}

function StatsView() {
  const place = useStatsView()
  const stats = useQuery({
    ...statsQuery(place.view),
    // Year-end figures of a large subtree wait for their snapshot: ask again until it is there.
    refetchInterval: (query) => (isSnapshotWait(query.state.error) ? SNAPSHOT_POLL_MS : false),
  })

  if (stats.isPending) return <PageLoading />
  if (stats.isError && place.view.year !== undefined && isSnapshotWait(stats.error)) {
    return (
      <StatsSnapshotWait
        year={place.view.year}
        message={stats.error.message}
        onRetry={() => void stats.refetch()}
        onLive={() => place.setYear(undefined)}
      />
    )
  }
  if (stats.isError) {
    const notFound = isApiError(stats.error) && stats.error.code === 'not_found' && place.view.orgId !== undefined
    return (
      <Flex vertical gap={12} align="flex-start">
        <div style={{ width: '100%' }}>
          <QueryError error={stats.error} onRetry={() => void stats.refetch()} />
        </div>
        {notFound && <Button onClick={() => place.openOrg(undefined)}>查看本范围的统计</Button>}
      </Flex>
    )
  }

  const data = stats.data
  return (
    <Spin spinning={stats.isPlaceholderData} description="正在读取…" delay={150}>
      <Flex vertical gap={16}>
        <StatsHeader stats={data} place={place} />
        <SummaryCards stats={data} />
        <StatsChildrenCard stats={data} orgSearch={place.orgSearch} onOpen={place.openOrg} />
        <TableSection
          title={`${POPULATION_SHORT[data.population]}构成`}
          tables={ordered(data.members, Object.keys(STAT_MEMBER_DIMENSIONS))}
          unit="人"
          countTitle={countTitleOf(data.population)}
          wide={['joinYear']}
        />
        <TableSection
          title="党组织构成"
          tables={ordered(data.orgs, Object.keys(STAT_ORG_DIMENSIONS))}
          unit="个"
          countTitle="组织数"
        />
      </Flex>
    </Spin>
  )
}

/** The server's answer while the year-end snapshot a large subtree needs is being built. */
const isSnapshotWait = (error: unknown): error is ApiError => isApiError(error) && error.code === 'invalid_state'

/** The contract's order, then any table the server adds. */
function ordered(tables: StatTable[], order: string[]): StatTable[] {
  const rank = (t: StatTable) => {
    const i = order.indexOf(t.dimension)
    return i === -1 ? order.length : i
  }
  return [...tables].sort((a, b) => rank(a) - rank(b))
}

function SummaryCards({ stats }: { stats: SubtreeStats }) {
  const total = populationTotal(stats)
  const who = POPULATION_SHORT[stats.population]
  return (
    <Row gutter={[12, 12]}>
      <Col xs={12} md={8} xl={4}>
        <Card size="small" style={{ height: '100%' }}>
          <Statistic title={`${who}总数`} value={total} suffix="人" />
        </Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small" style={{ height: '100%' }}>
          <Statistic title="党组织数" value={orgTotal(stats)} suffix="个" />
        </Card>
      </Col>
      {indicatorsOf(stats).map((indicator) => (
        <Col xs={12} md={8} xl={4} key={indicator.key}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic title={indicator.title} value={indicator.count} suffix="人" />
            <Typography.Text type="secondary">占 {formatPercent(indicator.count, indicator.total)}</Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  )
}

function TableSection(props: { title: string; tables: StatTable[]; unit: string; countTitle: string; wide?: string[] }) {
  const { title, tables, unit, countTitle, wide = [] } = props
  return (
    <section aria-label={title}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {tables.map((table) => (
          <Col key={table.dimension} xs={24} lg={wide.includes(table.dimension) ? 24 : 12}>
            <StatsTableCard table={table} unit={unit} countTitle={countTitle} />
          </Col>
        ))}
      </Row>
    </section>
  )
}
