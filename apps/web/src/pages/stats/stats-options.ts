import { STAT_UNKNOWN, type StatBucket } from '@xianfeng/contract'
import { formatCount, formatPercent } from '../../lib/format.ts'
import type { ChartOption } from './stats-chart.tsx'

/** How a table reads best as a chart. */
export type ChartKind = 'pie' | 'column' | 'bar' | 'trend'

/**
 * Years in order make a trend; age bands in order make columns (bars on a phone, too narrow for
 * eight labels side by side); a few categories make a pie.
 */
export function chartKindOf(dimension: string, buckets: StatBucket[], isMobile: boolean): ChartKind {
  if (dimension === 'joinYear') return 'trend'
  if (dimension === 'ageBand') return isMobile ? 'bar' : 'column'
  return buckets.filter((b) => b.count > 0).length <= 7 ? 'pie' : 'bar'
}

/** Bars of a horizontal chart are this tall; the chart grows with them. */
const BAR_ROW = 28
export const barChartHeight = (bars: number) => Math.max(180, bars * BAR_ROW + 56)

interface TooltipParam {
  dataIndex: number
  name: string
  value: number
  seriesName: string
  marker: string
}

/** Tooltips are HTML; org names and occupations are what people typed. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const tooltipLine = (p: TooltipParam, total: number, unit: string) =>
  `${p.marker}${escapeHtml(p.seriesName)}：${formatCount(p.value)} ${unit}（${formatPercent(p.value, total)}）`

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
        return `${escapeHtml(param.name)}<br/>${formatCount(param.value)} ${opts.unit}（${formatPercent(param.value, opts.total)}）`
      },
    },
    // Each slice is named beside it (smaller on a phone, to leave the names room); a slice too thin
    // for its label is in the table below.
    series: [
      {
        type: 'pie',
        name: opts.name,
        radius: opts.isMobile ? ['26%', '46%'] : ['32%', '56%'],
        center: ['50%', '50%'],
        avoidLabelOverlap: true,
        label: {
          formatter: (p: unknown) => {
            const param = p as TooltipParam
            return `${param.name}\n${formatPercent(param.value, opts.total)}`
          },
          lineHeight: 16,
        },
        labelLayout: { hideOverlap: true },
        data,
      },
    ],
  }
}

/** Vertical columns in the table's order (age bands). */
export function columnOption(buckets: StatBucket[], opts: { total: number; unit: string; name: string }): ChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: unknown) => {
        const [p] = ps as TooltipParam[]
        return p ? `${escapeHtml(p.name)}<br/>${tooltipLine(p, opts.total, opts.unit)}` : ''
      },
    },
    grid: { left: 8, right: 8, top: 24, bottom: 8 },
    // Eight labels side by side: each wraps onto two lines.
    xAxis: {
      type: 'category',
      data: buckets.map((b) => b.label),
      axisLabel: { interval: 0, width: 40, overflow: 'break', lineHeight: 14 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: opts.name,
        data: buckets.map((b) => b.count),
        barMaxWidth: 36,
        label: { show: true, position: 'top', formatter: (p: unknown) => formatCount((p as TooltipParam).value) },
      },
    ],
  }
}

/** Horizontal bars, first bucket on top, long labels cut short (the table has them in full). */
export function barOption(
  rows: { label: string; count: number; fullName?: string }[],
  opts: { total: number; unit: string; name: string; labelWidth: number; clickable?: boolean },
): ChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: unknown) => {
        const [p] = ps as TooltipParam[]
        if (!p) return ''
        const name = rows[p.dataIndex]?.fullName ?? p.name
        return `${escapeHtml(name)}<br/>${tooltipLine(p, opts.total, opts.unit)}${opts.clickable ? '<br/>点击查看其下级' : ''}`
      },
    },
    grid: { left: 8, right: 48, top: 8, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: 'category',
      inverse: true,
      // A sub-org with no one has no bar to click: its label leads down as well.
      triggerEvent: opts.clickable === true,
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
        return [
          /^\d{4}$/.test(name) ? `${name} 年` : escapeHtml(name),
          ...list.map((p) => tooltipLine(p, opts.total, opts.unit)),
        ].join('<br/>')
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
      { type: 'line', name: '累计', yAxisIndex: 1, data: cumulative, showSymbol: false },
    ],
  }
}

/**
 * Bar labels without what every sub-org's name repeats: the parent's own name stem
 * (中共武汉市江岸区委员会 under 中共武汉市委员会 → 江岸区委员会), else the common 中共.
 */
export function shortChildNames(parentName: string, names: string[]): string[] {
  const stem = parentName.replace(/(委员会|工作委员会|党委|党组|总支部委员会|党总支|支部委员会|党支部)$/, '')
  for (const prefix of [stem, '中共']) {
    if (prefix && names.every((n) => n.startsWith(prefix) && n.length > prefix.length)) {
      return names.map((n) => n.slice(prefix.length))
    }
  }
  return names
}
