import { theme } from 'antd'
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts'
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
import type { CSSProperties } from 'react'

// Only what the statistics page draws, so the page chunk stays small.
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

/** The party red first, then colours that stay apart from it and from each other. */
export const CHART_PALETTE = [
  '#c8161d',
  '#e8a33d',
  '#3a6ea5',
  '#4c9a7a',
  '#8c6bb1',
  '#d9734e',
  '#5b8fb9',
  '#b5a642',
  '#a35c7a',
  '#7f8c8d',
]

/** A click on a bar (its data index) or on a category axis label (its text). */
export interface ChartClick {
  componentType: string
  dataIndex?: number
  value?: string | number
}

interface Props {
  option: ChartOption
  height: number
  /** What the chart shows, for screen readers (the table beside it has the figures). */
  label: string
  onClick?: (event: ChartClick) => void
  style?: CSSProperties
}

/** One echarts canvas that follows its container's width (the side menu, a phone's rotation). */
export function StatsChart({ option, height, label, onClick, style }: Props) {
  const { token } = theme.useToken()
  const themed: ChartOption = {
    color: CHART_PALETTE,
    textStyle: { fontFamily: token.fontFamily, color: token.colorText },
    animationDuration: 300,
    ...option,
  }
  return (
    <div role="img" aria-label={label} style={style}>
      <EChartsReactCore
        echarts={echarts}
        option={themed}
        notMerge
        style={{ height, width: '100%' }}
        onEvents={onClick ? { click: (e: ChartClick) => onClick(e) } : {}}
      />
    </div>
  )
}
