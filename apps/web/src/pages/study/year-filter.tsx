import { Select } from 'antd'
import { yearOptions } from './study-queries.ts'

/** 年度 filter of the study lists: a year, or every year. */
export function YearFilter({ value, onChange }: { value: number | undefined; onChange: (year: number | undefined) => void }) {
  return (
    <Select<number>
      aria-label="年度"
      allowClear
      placeholder="全部年度"
      style={{ width: 120 }}
      value={value}
      options={yearOptions()}
      onChange={(y) => onChange(y ?? undefined)}
    />
  )
}
