import { UNIT_TYPES, type UnitView } from '@xianfeng/contract'
import { Button, Table, Tag, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd'
import { formatCount } from '../../lib/format.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'

interface Props {
  items: UnitView[] | undefined
  loading: boolean
  emptyText: string
  pagination: TablePaginationConfig
  /** Absent without `units.write`: no 操作 column. */
  onEdit?: ((unit: UnitView) => void) | undefined
}

const muted = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>

const columns: TableColumnsType<UnitView> = [
  {
    title: '单位名称',
    key: 'name',
    width: 200,
    fixed: 'left',
    render: (_, unit) => (
      <>
        <div>{unit.name}</div>
        {unit.address && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {unit.address}
          </Typography.Text>
        )}
      </>
    ),
  },
  {
    title: '统一社会信用代码',
    dataIndex: 'creditCode',
    key: 'creditCode',
    width: 175,
    render: (code: string | null) => (code ? <Typography.Text code>{code}</Typography.Text> : muted('—')),
  },
  {
    title: '单位类型',
    dataIndex: 'unitType',
    key: 'unitType',
    width: 105,
    render: (type: UnitView['unitType']) => UNIT_TYPES[type],
  },
  {
    title: '属地党组织',
    key: 'locatedOrg',
    render: (_, unit) => unit.locatedOrg.name,
  },
  {
    title: '覆盖党组织',
    key: 'coveringOrg',
    render: (_, unit) => (unit.coveringOrg ? unit.coveringOrg.name : <Tag color="red">未覆盖</Tag>),
  },
  {
    title: '从业人员数',
    dataIndex: 'employeeCount',
    key: 'employeeCount',
    width: 100,
    align: 'right',
    render: (n: number) => formatCount(n),
  },
  {
    title: '党建工作指导员',
    key: 'instructor',
    width: 120,
    render: (_, unit) => {
      if (!unit.hasInstructor) return muted('未选派')
      return unit.instructorName ?? '已选派（未填姓名）'
    },
  },
]

export function UnitsTable({ items, loading, emptyText, pagination, onEdit }: Props) {
  // On a phone the pinned name column must leave room for the columns scrolling past it.
  const isMobile = useIsMobile()
  const shown = isMobile ? columns.map((c) => (c.key === 'name' ? { ...c, width: 130 } : c)) : columns
  const all: TableColumnsType<UnitView> = onEdit
    ? [
        ...shown,
        {
          title: '操作',
          key: 'actions',
          width: 70,
          render: (_, unit) => (
            <Button type="link" size="small" onClick={() => onEdit(unit)}>
              编辑
            </Button>
          ),
        },
      ]
    : shown
  return (
    <Table<UnitView>
      rowKey="id"
      size="middle"
      columns={all}
      dataSource={items}
      loading={loading}
      // The two org columns share what is left; on a narrow screen the table scrolls sideways.
      scroll={{ x: 1120 }}
      locale={{ emptyText }}
      pagination={pagination}
    />
  )
}
