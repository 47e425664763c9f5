import { STAT_UNKNOWN, type StatBucket, type StatChild } from '@xianfeng/contract'
import { formatCount, formatPercent } from '../../lib/format.ts'
import type { ChartOption } from './stats-chart.tsx'

/** How a table reads best as a chart. */
export type ChartKind = 'pie' | 'column' | 'bar' | 'trend'

/** Years in order make a trend; age bands in order make columns; a few categories make a pie. */
export function chartKindOf(dimension: string, buckets: StatBucket[]): ChartKind {
  if (dimension === 'joinYear') return 'trend'
  if (dimension === 'ageBand') return 'column'
  return buckets.filter((b) => b.count > 0).length <= 7 ? 'pie' : 'bar'
}

/** Bars of a horizontal chart are this tall; the chart grows with them. */
const BAR_ROW = 28
export const barChartHeight = (bars: number) => Math.max(180, bars * BAR_ROW + 56)

interface TooltipParam {
  name: string
  value: number
  seriesName: string
  marker: string
}

const tooltipLine = (p: TooltipParam, total: number, unit: string) =>
  `${p.marker}${p.seriesName}：${formatCount(p.value)} ${unit}（${formatPercent(p.value, total)}）`

export function pieOption(
  buckets: StatBucket[],
  opts: { total: number; unit: string; name: string; isMobile: boolean },
): ChartOption {
  const data = buckets.filter((b) => b.count > 0).map((b) => ({ name: b.label, value: b.count }))
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const param = p as TooltipParam
        return `${param.name}<br/>${formatCount(param.value)} ${opts.unit}（${formatPercent(param.value, opts.total)}）`
      },
    },
    legend: opts.isMobile ? { type: 'scroll', bottom: 0 } : { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        type: 'pie',
        name: opts.name,
        radius: ['38%', '66%'],
        center: opts.isMobile ? ['50%', '45%'] : ['38%', '50%'],
        avoidLabelOverlap: true,
        label: opts.isMobile
          ? { show: false }
          : { formatter: (p: unknown) => `${(p as TooltipParam).name} ${formatPercent((p as TooltipParam).value, opts.total)}` },
        labelLayout: { hideOverlap: true },
        data,
      },
    ],
  }
}

/** Vertical columns in the table's order (age bands). */
export function columnOption(
  buckets: StatBucket[],
  opts: { total: number; unit: string; name: string; isMobile: boolean },
): ChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: unknown) => {
        const [p] = ps as TooltipParam[]
        return p ? `${p.name}<br/>${tooltipLine(p, opts.total, opts.unit)}` : ''
      },
    },
    grid: { left: 8, right: 8, top: 24, bottom: 8 },
    // A phone has no room for eight labels side by side, nor for a figure over each column.
    xAxis: { type: 'category', data: buckets.map((b) => b.label), axisLabel: { interval: 0, rotate: opts.isMobile ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: opts.name,
        data: buckets.map((b) => b.count),
        barMaxWidth: 36,
        label: { show: !opts.isMobile, position: 'top', formatter: (p: unknown) => formatCount((p as TooltipParam).value) },
      },
    ],
  }
}

/** Horizontal bars, first bucket on top, long labels cut short (the table has them in full). */
export function barOption(
  rows: { label: string; count: number }[],
  opts: { total: number; unit: string; name: string; labelWidth: number; clickable?: boolean },
): ChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: unknown) => {
        const [p] = ps as TooltipParam[]
        return p ? `${p.name}<br/>${tooltipLine(p, opts.total, opts.unit)}${opts.clickable ? '<br/>点击查看其下级' : ''}` : ''
      },
    },
    grid: { left: 8, right: 48, top: 8, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label),
      axisLabel: { width: opts.labelWidth, overflow: 'truncate', interval: 0 },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: opts.name,
        data: rows.map((r) => r.count),
        barMaxWidth: 20,
        label: { show: true, position: 'right', formatter: (p: unknown) => formatCount((p as TooltipParam).value) },
        cursor: opts.clickable ? 'pointer' : 'default',
      },
    ],
  }
}

/** Members by year of joining, and how many of them had joined by the end of each year. */
export function trendOption(buckets: StatBucket[], opts: { total: number; unit: string; name: string }): ChartOption {
  const years = buckets.filter((b) => b.code !== STAT_UNKNOWN)
  let running = 0
  const cumulative = years.map((b) => (running += b.count))
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (ps: unknown) => {
        const list = ps as TooltipParam[]
        const name = list[0]?.name ?? ''
        return [name, ...list.map((p) => tooltipLine(p, opts.total, opts.unit))].join('<br/>')
      },
    },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8 },
    xAxis: { type: 'category', data: years.map((b) => b.label) },
    yAxis: [
      { type: 'value', name: '当年入党', minInterval: 1, nameTextStyle: { align: 'left' } },
      { type: 'value', name: '累计', minInterval: 1, splitLine: { show: false }, nameTextStyle: { align: 'right' } },
    ],
    series: [
      { type: 'bar', name: opts.name, data: years.map((b) => b.count), barMaxWidth: 16 },
      { type: 'line', name: '累计', yAxisIndex: 1, data: cumulative, showSymbol: false, smooth: true },
    ],
  }
}

/** The sub-orgs with the most members first, as the bar chart shows them. */
export function childrenByMembers(children: StatChild[]): StatChild[] {
  return [...children].sort((a, b) => b.members - a.members || a.name.localeCompare(b.name, 'zh-CN'))
}
