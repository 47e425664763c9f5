import { PlusOutlined } from '@ant-design/icons'
import { TRAINING_FIELDS, TRAINING_LEVELS, type StudyPlanView, type TrainingPlanView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Flex, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { PagedTable } from '../../components/paged-table.tsx'
import { formatCount, formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { StudyPlanModal, TrainingPlanModal, type PlanTarget, type TrainingTarget } from './study-plan-modals.tsx'
import { plansQuery, thisYear, trainingQuery } from './study-queries.ts'
import { YearFilter } from './year-filter.tsx'

function PlansTab({ canWrite }: { canWrite: boolean }) {
  const [year, setYear] = useState<number | undefined>(undefined)
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const list = useQuery(plansQuery({ year, ...page }))
  const [target, setTarget] = useState<PlanTarget | null>(null)

  const columns: TableColumnsType<StudyPlanView> = [
    { title: '年度', dataIndex: 'year', width: 70, fixed: 'left' },
    {
      title: '计划',
      key: 'owner',
      width: 170,
      render: (_, p) => (p.person ? <Tag color="blue">{p.person.name}的个人计划</Tag> : <Tag color="red">组织计划</Tag>),
    },
    { title: '组织', key: 'org', render: (_, p) => p.org.name, width: 180, responsive: WIDE_ONLY },
    { title: '标题', dataIndex: 'title', width: 200 },
    {
      title: '计划内容',
      dataIndex: 'content',
      width: 280,
      responsive: WIDE_ONLY,
      render: (c: string) => (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 2, tooltip: c }}>
          {c}
        </Typography.Paragraph>
      ),
    },
    {
      title: '更新时间',
      key: 'updatedAt',
      width: 160,
      responsive: WIDE_ONLY,
      render: (_, p) => formatDateTime(p.updatedAt),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            fixed: 'right' as const,
            width: 70,
            render: (_: unknown, p: StudyPlanView) => (
              <Button size="small" type="link" onClick={() => setTarget({ mode: 'edit', plan: p })} style={{ padding: 0 }}>
                修改
              </Button>
            ),
          },
        ]
      : []),
  ]

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap align="center" justify="space-between">
        <YearFilter
          value={year}
          onChange={(y) => {
            setYear(y)
            setPage((p) => ({ ...p, page: 1 }))
          }}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })}>
            制定学习计划
          </Button>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        每个组织每年一份学习计划，每名党员每年一份个人学习计划；再次保存同一年度的计划即修改。
      </Typography.Text>
      <PagedTable<StudyPlanView>
        query={list}
        columns={columns}
        page={page}
        onPage={setPage}
        scrollX={1100}
        emptyText="当前范围内还没有学习计划"
        unit="份"
      />
      <StudyPlanModal target={target} onClose={() => setTarget(null)} />
    </Flex>
  )
}

function TrainingTab({ canWrite }: { canWrite: boolean }) {
  const [year, setYear] = useState<number | undefined>(thisYear())
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const list = useQuery(trainingQuery({ year, ...page }))
  const [target, setTarget] = useState<TrainingTarget | null>(null)

  const columns: TableColumnsType<TrainingPlanView> = [
    { title: '培训名称', dataIndex: 'title', width: 220, fixed: 'left' },
    { title: '年度', dataIndex: 'year', width: 70 },
    { title: '领域', key: 'field', width: 120, render: (_, p) => TRAINING_FIELDS[p.field] },
    { title: '层级', key: 'level', width: 70, render: (_, p) => TRAINING_LEVELS[p.level], responsive: WIDE_ONLY },
    { title: '培训对象', dataIndex: 'audience', width: 160, responsive: WIDE_ONLY },
    { title: '计划期数', dataIndex: 'plannedSessions', width: 90, responsive: WIDE_ONLY },
    { title: '计划学时', dataIndex: 'plannedHours', width: 90, responsive: WIDE_ONLY },
    {
      title: '计划人数',
      key: 'trainees',
      width: 90,
      responsive: WIDE_ONLY,
      render: (_, p) => formatCount(p.plannedTrainees),
    },
    { title: '制定组织', key: 'org', render: (_, p) => p.org.name, width: 180, responsive: WIDE_ONLY },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            fixed: 'right' as const,
            width: 70,
            render: (_: unknown, p: TrainingPlanView) => (
              <Button size="small" type="link" onClick={() => setTarget({ mode: 'edit', plan: p })} style={{ padding: 0 }}>
                修改
              </Button>
            ),
          },
        ]
      : []),
  ]

  const held = list.data?.held
  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap align="center" justify="space-between">
        <YearFilter
          value={year}
          onChange={(y) => {
            setYear(y)
            setPage((p) => ({ ...p, page: 1 }))
          }}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })}>
            新增培训规划
          </Button>
        )}
      </Flex>
      {held && (
        <Typography.Text>
          {year ?? thisYear()} 年当前范围内已举办培训班 <strong>{formatCount(held.sessions)}</strong> 期，共{' '}
          <strong>{held.hours}</strong> 学时（取自组织生活与学习记录中类型为“培训班”的活动）。
        </Typography.Text>
      )}
      <PagedTable<TrainingPlanView>
        query={list}
        columns={columns}
        page={page}
        onPage={setPage}
        scrollX={1160}
        emptyText="当前范围内还没有培训规划"
        unit="项"
      />
      <TrainingPlanModal target={target} onClose={() => setTarget(null)} />
    </Flex>
  )
}

/** 学习计划 (seed §6): org and personal study plans; training plans by field and level. */
export function StudyPlansPage() {
  const { can } = useSession()
  const canWrite = can('activities.write')
  return (
    <Card size="small" title="学习计划">
      <Tabs
        items={[
          { key: 'plans', label: '学习计划', children: <PlansTab canWrite={canWrite} /> },
          { key: 'training', label: '培训规划', children: <TrainingTab canWrite={canWrite} /> },
        ]}
      />
    </Card>
  )
}
