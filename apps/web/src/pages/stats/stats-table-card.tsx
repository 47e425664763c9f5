import { STAT_UNKNOWN, type StatBucket, type StatTable } from '@xianfeng/contract'
import { Card, Empty, Table, Typography, type TableColumnsType } from 'antd'
import { formatCount, formatPercent } from '../../lib/format.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { StatsChart, type ChartOption } from './stats-chart.tsx'
import { bucketKey } from './stats-labels.ts'
import { barChartHeight, barOption, chartKindOf, columnOption, pieOption, trendOption } from './stats-options.ts'

/** Rows beyond this scroll inside the table, its total row staying in view. */
const SCROLL_ROWS = 10

interface Props {
  table: StatTable
  /** 人 for people, 个 for orgs. */
  unit: string
  /** The count column's heading, e.g. 党员人数 or 组织数. */
  countTitle: string
}

function chartOf(
  table: StatTable,
  props: { unit: string; countTitle: string; isMobile: boolean },
): { option: ChartOption; height: number } | null {
  // A chart of nothing but 未填写 says nothing the table does not.
  if (!table.buckets.some((b) => b.count > 0 && b.code !== STAT_UNKNOWN)) return null
  const known = table.buckets.filter((b) => b.count > 0 && (table.dimension !== 'joinYear' || b.code !== STAT_UNKNOWN))
  const opts = { total: table.total, unit: props.unit, name: props.countTitle }
  const kind = chartKindOf(table.dimension, table.buckets, props.isMobile)
  switch (kind) {
    case 'pie':
      return { option: pieOption(table.buckets, { ...opts, isMobile: props.isMobile }), height: 280 }
    case 'column':
      return { option: columnOption(table.buckets, opts), height: 260 }
    case 'bar':
      return {
        option: barOption(known, { ...opts, labelWidth: props.isMobile ? 84 : 120 }),
        height: barChartHeight(known.length),
      }
    case 'trend':
      return { option: trendOption(table.buckets, { ...opts, name: `当年${props.countTitle}` }), height: 300 }
  }
}

function emptyChartText(table: StatTable): string {
  if (table.total === 0) return '没有数据'
  // The contract counts a non-member's 入党年份 as unrecorded.
  if (table.dimension === 'joinYear') return '均无入党年份（尚未入党或未填写），不作图'
  return `${table.title}均未填写，不作图`
}

/** One statistics table: its chart, then the table itself with shares and a total row. */
export function StatsTableCard({ table, unit, countTitle }: Props) {
  const isMobile = useIsMobile()
  const chart = chartOf(table, { unit, countTitle, isMobile })
  const columns: TableColumnsType<StatBucket> = [
    { title: table.title, dataIndex: 'label', key: 'label' },
    {
      title: countTitle,
      dataIndex: 'count',
      key: 'count',
      align: 'right',
      width: 120,
      render: (count: number) => formatCount(count),
    },
    {
      title: '占比',
      key: 'share',
      align: 'right',
      width: 90,
      render: (_, b) => formatPercent(b.count, table.total),
    },
  ]
  return (
    <section aria-label={`${table.title}统计`} style={{ height: '100%' }}>
      <Card size="small" title={table.title} style={{ height: '100%' }}>
        {chart ? (
          <StatsChart option={chart.option} height={chart.height} label={`${table.title}统计图`} style={{ marginBottom: 12 }} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyChartText(table)} />
        )}
        <Table<StatBucket>
          size="small"
          rowKey={bucketKey}
          columns={columns}
          dataSource={table.buckets}
          pagination={false}
          scroll={table.buckets.length > SCROLL_ROWS ? { x: 'max-content', y: 36 * SCROLL_ROWS } : { x: 'max-content' }}
          locale={{ emptyText: '没有数据' }}
          summary={() => (
            <Table.Summary fixed="bottom">
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>合计</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <Typography.Text strong>{formatCount(table.total)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Typography.Text strong>{table.total === 0 ? '—' : '100%'}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      </Card>
    </section>
  )
}
