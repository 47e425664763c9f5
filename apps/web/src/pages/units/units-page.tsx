import { PlusOutlined } from '@ant-design/icons'
import { UNIT_TYPE_CODES } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Flex, Space } from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { CoverageCards } from './coverage-cards.tsx'
import { UnitFormModal, type UnitFormTarget } from './unit-form-modal.tsx'
import { unitsQuery, type UnitsView } from './unit-queries.ts'
import { UnitsFilterBar } from './units-filter-bar.tsx'
import { UnitsTable } from './units-table.tsx'

const DEFAULT_PAGE_SIZE = 20

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : fallback
}

function readView(params: URLSearchParams): UnitsView {
  const type = params.get('type')
  const covered = params.get('covered')
  return {
    q: params.get('q') ?? '',
    unitType: UNIT_TYPE_CODES.find((code) => code === type),
    covered: covered === 'true' || covered === 'false' ? covered : undefined,
    page: positiveInt(params.get('page'), 1),
    pageSize: Math.min(positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE), 100),
  }
}

function emptyText(view: UnitsView): string {
  if (view.q) return `没有找到名称含“${view.q}”的单位`
  if (view.unitType || view.covered) return '没有符合条件的单位'
  return '当前范围内尚未登记单位'
}

/**
 * 新领域单位 (seed §17): the non-public enterprises and social organizations of the scope, which of
 * them have a party organization and which have a party-building instructor.
 * `/units?type=social_organization&covered=false&page=2`: the view survives a reload.
 */
export function UnitsPage() {
  const { can } = useSession()
  const canWrite = can('units.write')
  const [params, setParams] = useSearchParams()
  const view = readView(params)
  const units = useQuery(unitsQuery(view))
  const [target, setTarget] = useState<UnitFormTarget | null>(null)

  const update = (next: UnitsView) => {
    const entries: [string, string | number | undefined][] = [
      ['q', next.q],
      ['type', next.unitType],
      ['covered', next.covered],
      ['page', next.page === 1 ? undefined : next.page],
      ['pageSize', next.pageSize === DEFAULT_PAGE_SIZE ? undefined : next.pageSize],
    ]
    const merged = new URLSearchParams()
    for (const [key, value] of entries) if (value !== undefined && value !== '') merged.set(key, String(value))
    setParams(merged, { replace: true })
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <CoverageCards />
      <Card
        size="small"
        title="新领域单位"
        styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })}>
              登记单位
            </Button>
          )
        }
      >
        <Flex vertical gap={16}>
          <UnitsFilterBar filter={view} onChange={(filter) => update({ ...view, ...filter, page: 1 })} />
          {units.isError ? (
            <QueryError error={units.error} onRetry={() => void units.refetch()} />
          ) : (
            <UnitsTable
              items={units.data?.items}
              loading={units.isFetching}
              emptyText={emptyText(view)}
              onEdit={canWrite ? (unit) => setTarget({ mode: 'edit', unit }) : undefined}
              pagination={{
                current: view.page,
                pageSize: view.pageSize,
                total: units.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [10, 20, 50, 100],
                showTotal: (total) => `共 ${formatCount(total)} 个单位`,
                onChange: (page, pageSize) => update({ ...view, page: pageSize === view.pageSize ? page : 1, pageSize }),
              }}
            />
          )}
        </Flex>
      </Card>
      <UnitFormModal target={target} onClose={() => setTarget(null)} />
    </Space>
  )
}
