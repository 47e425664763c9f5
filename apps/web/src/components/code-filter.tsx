import { Select } from 'antd'

/** A list filter over a fixed set of codes with their Chinese names; cleared, it reads 全部… and filters nothing. */
export function CodeFilter<C extends string>({
  label,
  names,
  value,
  onChange,
  width = 120,
}: {
  /** What is filtered, as the placeholder and the accessible name say it: 题型 → 全部题型. */
  label: string
  names: Record<C, string>
  value: C | undefined
  onChange: (value: C | undefined) => void
  width?: number
}) {
  return (
    <Select<C>
      allowClear
      placeholder={`全部${label}`}
      aria-label={label}
      style={{ width }}
      value={value}
      options={(Object.keys(names) as C[]).map((code) => ({ value: code, label: names[code] }))}
      onChange={(code) => onChange(code)}
    />
  )
}
