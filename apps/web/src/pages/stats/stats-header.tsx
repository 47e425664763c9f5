import { DownloadOutlined } from '@ant-design/icons'
import {
  API,
  ORG_KINDS,
  ORG_LEVELS,
  STAT_POPULATION_CODES,
  STAT_POPULATIONS,
  type StatPopulation,
  type SubtreeStats,
} from '@xianfeng/contract'
import { App, Breadcrumb, Button, Card, Flex, Segmented, Select, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api, isApiError } from '../../api.ts'
import { formatCount, formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { POPULATION_SHORT, populationCount } from './stats-labels.ts'
import { statsQueryOf } from './stats-queries.ts'
import { SnapshotRebuildButton } from './stats-snapshot-rebuild.tsx'
import { FIRST_STAT_YEAR, lastClosedYear, type StatsView, type useStatsView } from './stats-view.ts'

type Place = ReturnType<typeof useStatsView>

function yearOptions() {
  const years: { value: number; label: string }[] = []
  for (let y = lastClosedYear(); y >= FIRST_STAT_YEAR; y--) years.push({ value: y, label: `${y} 年` })
  return years
}

/** What the figures count and as of when, in one line under the switches. */
function basisText(stats: SubtreeStats, view: StatsView): string {
  const who = STAT_POPULATIONS[stats.population]
  if (view.year !== undefined) {
    return `年末统计：按 ${view.year} 年 12 月 31 日当天的正式组织关系统计${who}，年龄按 ${stats.ageYear} 年 12 月 31 日计算，与年度党内统计口径一致。`
  }
  return `当前统计：按现在的组织关系统计${who}，年龄按 ${stats.ageYear} 年 12 月 31 日计算。`
}

/** Where the figures were read from, and when. */
function sourceText(stats: SubtreeStats): string {
  const read = `数据读取于 ${formatDateTime(stats.readAt)}`
  switch (stats.source) {
    case 'live':
      return read
    case 'recount':
      return `${read}，按人员和组织的历史记录统计`
    case 'snapshot':
      return `取自 ${stats.asOf ?? ''} 的统计快照（生成于 ${formatDateTime(stats.snapshotAt)}）`
  }
}

/** The org and its trail up to the scope's root, the population and date switches, and the export. */
export function StatsHeader({ stats, place }: { stats: SubtreeStats; place: Place }) {
  const { view, orgSearch, setPopulation, setYear } = place
  const { message } = App.useApp()
  const isMobile = useIsMobile()
  const { can } = useSession()
  const [exporting, setExporting] = useState(false)

  const exportExcel = async () => {
    setExporting(true)
    try {
      await api(API.stats.export, { query: statsQueryOf(view) })
    } catch (e) {
      void message.error(isApiError(e) ? e.message : '导出失败，请重试')
    } finally {
      setExporting(false)
    }
  }

  const trail = stats.trail
  return (
    <Card size="small">
      <Flex vertical gap={12}>
        {trail.length > 1 && (
          <nav aria-label="组织层级">
            <Breadcrumb
              items={trail.map((org, i) => ({
                key: org.id,
                title:
                  i === trail.length - 1 ? (
                    org.name
                  ) : (
                    // The scope's root is the page's default: its link is a plain /stats.
                    <Link to={{ search: orgSearch(i === 0 ? undefined : org.id) }}>{org.name}</Link>
                  ),
              }))}
            />
          </nav>
        )}
        <Flex wrap justify="space-between" align="center" gap={8}>
          <Flex wrap align="center" gap={8} style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {stats.org.name}
            </Typography.Title>
            <Tag>{ORG_KINDS[stats.org.kind]}</Tag>
            <Tag>{ORG_LEVELS[stats.org.level]}</Tag>
          </Flex>
          <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={() => void exportExcel()}>
            导出 Excel
          </Button>
        </Flex>

        <Flex wrap align="center" gap={8}>
          <Typography.Text id="stats-population">统计对象</Typography.Text>
          {isMobile ? (
            // Seven switches do not fit a phone's width.
            <Select<StatPopulation>
              aria-label="统计对象"
              value={view.population}
              onChange={setPopulation}
              options={STAT_POPULATION_CODES.map((code) => ({
                value: code,
                label: `${POPULATION_SHORT[code]}（${formatCount(populationCount(stats.byStatus, code))}）`,
              }))}
              style={{ flex: 1, minWidth: 0 }}
            />
          ) : (
            // On a narrow screen the strip scrolls sideways rather than widening the page.
            <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
              <Segmented<StatPopulation>
                aria-labelledby="stats-population"
                value={view.population}
                onChange={setPopulation}
                options={STAT_POPULATION_CODES.map((code) => ({
                  value: code,
                  title: STAT_POPULATIONS[code],
                  label: (
                    <span>
                      {POPULATION_SHORT[code]}{' '}
                      <Typography.Text type="secondary">{formatCount(populationCount(stats.byStatus, code))}</Typography.Text>
                    </span>
                  ),
                }))}
              />
            </div>
          )}
        </Flex>

        <Flex wrap align="center" gap={8}>
          <Typography.Text id="stats-as-of">统计时点</Typography.Text>
          <Segmented
            aria-labelledby="stats-as-of"
            value={view.year === undefined ? 'now' : 'yearEnd'}
            onChange={(mode) => setYear(mode === 'now' ? undefined : lastClosedYear())}
            options={[
              { value: 'now', label: '当前' },
              { value: 'yearEnd', label: '年末' },
            ]}
          />
          {view.year !== undefined && (
            <Select<number>
              aria-label="统计年度"
              value={view.year}
              onChange={setYear}
              options={yearOptions()}
              style={{ width: 110 }}
            />
          )}
        </Flex>

        <Flex vertical gap={2}>
          <Typography.Text type="secondary">{basisText(stats, view)}</Typography.Text>
          <Flex wrap align="center" gap={8}>
            <Typography.Text type="secondary">{sourceText(stats)}</Typography.Text>
            {stats.source === 'snapshot' && stats.asOf && can('stats.snapshot') && <SnapshotRebuildButton asOf={stats.asOf} />}
          </Flex>
        </Flex>
      </Flex>
    </Card>
  )
}
