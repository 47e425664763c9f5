import { UNIT_TYPE_CODES, UNIT_TYPES, type UnitType } from '@xianfeng/contract'
import { Flex, Input, Radio, Select } from 'antd'
import type { CoveredFilter, UnitsView } from './unit-queries.ts'

type Filter = Pick<UnitsView, 'q' | 'unitType' | 'covered'>

const TYPE_OPTIONS = UNIT_TYPE_CODES.map((code) => ({ value: code, label: UNIT_TYPES[code] }))
const COVERED_OPTIONS = [
  { value: 'all', label: '全部' },
  { value: 'true', label: '已覆盖' },
  { value: 'false', label: '未覆盖' },
]

/** 名称, 单位类型 and 是否已建立党组织; each change starts again from page 1. */
export function UnitsFilterBar({ filter, onChange }: { filter: Filter; onChange: (next: Filter) => void }) {
  return (
    <Flex wrap gap={12} align="center">
      <Input.Search
        aria-label="按名称查找单位"
        placeholder="按单位名称查找"
        allowClear
        maxLength={50}
        key={filter.q}
        defaultValue={filter.q}
        onSearch={(value) => onChange({ ...filter, q: value.trim() })}
        style={{ width: 240, maxWidth: '100%' }}
      />
      <Select<UnitType>
        aria-label="单位类型"
        placeholder="全部单位类型"
        allowClear
        value={filter.unitType}
        options={TYPE_OPTIONS}
        onChange={(unitType) => onChange({ ...filter, unitType })}
        style={{ width: 160, maxWidth: '100%' }}
      />
      <Flex align="center" gap={8} wrap>
        <span id="units-covered-filter">是否已建立党组织</span>
        <Radio.Group
          aria-labelledby="units-covered-filter"
          optionType="button"
          size="middle"
          value={filter.covered ?? 'all'}
          options={COVERED_OPTIONS}
          onChange={(e) => {
            const value = e.target.value as string
            onChange({ ...filter, covered: value === 'all' ? undefined : (value as CoveredFilter) })
          }}
        />
      </Flex>
    </Flex>
  )
}
