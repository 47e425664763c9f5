import type { ActivityKind } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Checkbox, Flex, Select } from 'antd'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { DateStringPicker } from '../../components/date-string-picker.tsx'
import { orgDetailQuery } from '../../lib/org-queries.ts'
import { KIND_OPTIONS, type ActivitiesView } from './activity-queries.ts'

type Filter = Pick<ActivitiesView, 'orgId' | 'kind' | 'from' | 'to' | 'includeVoided'>

/** 组织（含下级）、活动类型、日期范围; each change starts again from page 1. */
export function ActivitiesFilterBar({ filter, onChange }: { filter: Filter; onChange: (next: Filter) => void }) {
  const org = useQuery({ ...orgDetailQuery(filter.orgId ?? ''), enabled: filter.orgId !== undefined })
  return (
    <Flex wrap gap={12} align="center">
      <div style={{ width: 280, maxWidth: '100%' }} aria-label="组织筛选">
        <CurrentOrgSelect
          key={filter.orgId ?? 'scope'}
          value={filter.orgId}
          current={org.data ? { id: org.data.id, name: org.data.name } : null}
          placeholder="全部组织（输入名称筛选）"
          onChange={(orgId) => onChange({ ...filter, orgId })}
        />
      </div>
      <Select<ActivityKind>
        aria-label="活动类型"
        placeholder="全部活动类型"
        allowClear
        value={filter.kind}
        options={KIND_OPTIONS}
        onChange={(kind) => onChange({ ...filter, kind })}
        style={{ width: 160, maxWidth: '100%' }}
      />
      <Flex gap={4} align="center" style={{ maxWidth: '100%' }}>
        <div style={{ width: 140 }}>
          <DateStringPicker
            value={filter.from ?? null}
            max={filter.to}
            placeholder="开始日期"
            onChange={(from) => onChange({ ...filter, from })}
          />
        </div>
        <span aria-hidden>至</span>
        <div style={{ width: 140 }}>
          <DateStringPicker
            value={filter.to ?? null}
            min={filter.from}
            placeholder="结束日期"
            onChange={(to) => onChange({ ...filter, to })}
          />
        </div>
      </Flex>
      <Checkbox checked={filter.includeVoided} onChange={(e) => onChange({ ...filter, includeVoided: e.target.checked })}>
        含已作废
      </Checkbox>
    </Flex>
  )
}
