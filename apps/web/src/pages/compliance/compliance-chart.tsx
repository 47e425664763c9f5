import { theme } from 'antd'
import { LineChart, TreemapChart, type LineSeriesOption, type TreemapSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
// The `lib/core` build type-checks but fails at runtime under Vite; the ES module build works.
import EChartsReactCore from 'echarts-for-react/esm/core'

// Only what the compliance page draws: the trend line and the treemap of the sub-orgs.
echarts.use([LineChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ComplianceChartOption = echarts.ComposeOption<
  LineSeriesOption | TreemapSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

/** A treemap node or a line point that was clicked. */
export interface ComplianceChartClick {
  componentType: string
  dataIndex?: number
  data?: unknown
}

interface Props {
  option: ComplianceChartOption
  height: number
  /** What the chart shows, for screen readers (the table has the figures). */
  label: string
  onClick?: (event: ComplianceChartClick) => void
}

export function ComplianceChart({ option, height, label, onClick }: Props) {
  const { token } = theme.useToken()
  const themed: ComplianceChartOption = {
    color: ['#4c9a7a', '#3a6ea5', '#c8161d'],
    textStyle: { fontFamily: token.fontFamily, color: token.colorText },
    animationDuration: 300,
    ...option,
  }
  return (
    <div role="img" aria-label={label}>
      <EChartsReactCore
        echarts={echarts}
        option={themed}
        notMerge
        style={{ height, width: '100%' }}
        onEvents={onClick ? { click: (e: ComplianceChartClick) => onClick(e) } : {}}
      />
    </div>
  )
}

/** Red (none met) through amber to green (all met). */
export function shareColor(share: number): string {
  const stops: [number, [number, number, number]][] = [
    [0, [200, 22, 29]],
    [0.5, [232, 163, 61]],
    [1, [76, 154, 122]],
  ]
  const s = Math.min(1, Math.max(0, share))
  const i = s <= 0.5 ? 0 : 1
  const [a, ca] = stops[i]!
  const [b, cb] = stops[i + 1]!
  const t = (s - a) / (b - a)
  const mix = ca.map((v, k) => Math.round(v + (cb[k]! - v) * t))
  return `rgb(${mix.join(',')})`
}
