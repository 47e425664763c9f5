import { ORG_KINDS, type StatChild, type SubtreeStats } from '@xianfeng/contract'
import { Card, Col, Empty, Row, Table, Tooltip, Typography, type TableColumnsType } from 'antd'
import { Link } from 'react-router'
import { formatCount, formatPercent } from '../../lib/format.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { StatsChart } from './stats-chart.tsx'
import { countTitleOf, orgTotal, populationTotal } from './stats-labels.ts'
import { barChartHeight, barOption, shortChildNames } from './stats-options.ts'

/** More bars than this make a chart nobody reads; the table lists every sub-org. */
const MAX_BARS = 30

interface Props {
  stats: SubtreeStats
  orgSearch: (orgId: string) => string
  onOpen: (orgId: string) => void
}

/** The direct sub-orgs: a bar each, and a sortable table whose names lead one level down. */
export function StatsChildrenCard({ stats, orgSearch, onOpen }: Props) {
  const isMobile = useIsMobile()
  const { children } = stats
  const total = populationTotal(stats)
  const countTitle = countTitleOf(stats.population)

  if (children.length === 0) {
    return (
      <Card size="small" title="下级组织">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${stats.org.name}没有下级组织`} />
      </Card>
    )
  }

  // The server lists them largest first.
  const bars = children.slice(0, MAX_BARS)
  const barLabels = shortChildNames(
    stats.org.name,
    bars.map((c) => c.name),
  )
  const childOrgs = children.reduce((n, c) => n + c.orgs, 0)
  const allOrgs = orgTotal(stats)

  const columns: TableColumnsType<StatChild> = [
    {
      title: '下级组织',
      dataIndex: 'name',
      key: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (name: string, child) => (
        <Link to={{ search: orgSearch(child.id) }} onClick={(e) => e.stopPropagation()}>
          {name}
        </Link>
      ),
    },
    { title: '类别', dataIndex: 'kind', key: 'kind', width: 96, render: (kind: StatChild['kind']) => ORG_KINDS[kind] },
    {
      title: countTitle,
      dataIndex: 'members',
      key: 'members',
      align: 'right',
      width: 120,
      sorter: (a, b) => a.members - b.members,
      sortDirections: ['descend', 'ascend'],
      render: (n: number) => formatCount(n),
    },
    {
      title: '占比',
      key: 'share',
      align: 'right',
      width: 80,
      render: (_, child) => formatPercent(child.members, total),
    },
    {
      title: '党组织数',
      dataIndex: 'orgs',
      key: 'orgs',
      align: 'right',
      width: 100,
      sorter: (a, b) => a.orgs - b.orgs,
      sortDirections: ['descend', 'ascend'],
      render: (n: number) => formatCount(n),
    },
  ]

  return (
    <section aria-label="下级组织统计">
      <Card
        size="small"
        title={`下级组织（${formatCount(children.length)} 个）`}
        extra={<Typography.Text type="secondary">点击柱条或组织名称查看其下级</Typography.Text>}
        styles={{ header: { flexWrap: 'wrap', rowGap: 4, paddingBlock: 8 } }}
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xxl={10}>
            <StatsChart
              label={`各下级组织${countTitle}柱状图`}
              height={barChartHeight(bars.length)}
              option={barOption(
                bars.map((c, i) => ({ label: barLabels[i] ?? c.name, fullName: c.name, count: c.members })),
                { total, unit: '人', name: countTitle, labelWidth: isMobile ? 96 : 150, clickable: true },
              )}
              onClick={(e) => {
                const index = e.componentType === 'yAxis' ? barLabels.indexOf(String(e.value)) : (e.dataIndex ?? -1)
                const child = bars[index]
                if (child) onOpen(child.id)
              }}
            />
            {children.length > bars.length && (
              <Typography.Text type="secondary">
                图中为{countTitle}最多的 {MAX_BARS} 个，全部 {formatCount(children.length)} 个见表
              </Typography.Text>
            )}
          </Col>
          <Col xs={24} xxl={14}>
            <Table<StatChild>
              size="small"
              rowKey="id"
              columns={columns}
              dataSource={children}
              pagination={false}
              scroll={children.length > 12 ? { x: 'max-content', y: 480 } : { x: 'max-content' }}
              onRow={(child) => ({ onClick: () => onOpen(child.id), style: { cursor: 'pointer' } })}
              summary={() => (
                <Table.Summary fixed="bottom">
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={2}>
                      <Tooltip title={`组织关系直接在${stats.org.name}（而非其下级组织）的人员，以及本组织自身`}>
                        <Typography.Text type="secondary">本级直属</Typography.Text>
                      </Tooltip>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {formatCount(stats.ownMembers)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      {formatPercent(stats.ownMembers, total)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      {formatCount(allOrgs - childOrgs)}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0} colSpan={2}>
                      <Typography.Text strong>合计</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      <Typography.Text strong>{formatCount(total)}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      <Typography.Text strong>{total === 0 ? '—' : '100%'}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      <Typography.Text strong>{formatCount(allOrgs)}</Typography.Text>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                </Table.Summary>
              )}
            />
          </Col>
        </Row>
      </Card>
    </section>
  )
}
