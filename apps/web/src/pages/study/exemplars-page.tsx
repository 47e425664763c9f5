import { PlusOutlined } from '@ant-design/icons'
import { API, EXEMPLAR_STATUS_CODES, EXEMPLAR_STATUSES, type ExemplarStatus, type ExemplarView } from '@xianfeng/contract'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { App, Button, Card, Flex, Popconfirm, Segmented, Space, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { api } from '../../api.ts'
import { PagedTable } from '../../components/paged-table.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { DecideModal, NominateModal, type DecideTarget } from './exemplar-modals.tsx'
import { exemplarsQuery, studyKeys } from './study-queries.ts'
import { YearFilter } from './year-filter.tsx'

const STATUS_COLORS: Record<ExemplarStatus, string> = {
  nominated: 'processing',
  approved: 'gold',
  rejected: 'default',
  published: 'success',
}

const STATUS_OPTIONS = [
  { value: 'all', label: '全部' },
  ...EXEMPLAR_STATUS_CODES.map((s) => ({ value: s, label: EXEMPLAR_STATUSES[s] })),
]

/**
 * 学习标兵 (seed §6–7): an org nominates one of its members; the org above it approves or rejects
 * (with the reason) and publishes. Buttons show only where the server would allow the step; where
 * it would not, the row says why.
 */
export function ExemplarsPage() {
  const { can } = useSession()
  const canWrite = can('activities.write')
  const [status, setStatus] = useState<ExemplarStatus | undefined>(undefined)
  const [year, setYear] = useState<number | undefined>(undefined)
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const list = useQuery(exemplarsQuery({ status, year, ...page }))
  const [nominating, setNominating] = useState(false)
  const [deciding, setDeciding] = useState<DecideTarget | null>(null)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const publish = useMutation({
    mutationFn: async (e: ExemplarView) => (await api(API.studyPlans.publishExemplar, { params: { id: e.id } })).exemplar,
    onSuccess: (e) => {
      void queryClient.invalidateQueries({ queryKey: studyKeys.exemplars })
      void message.success(`已公布“${e.person.name}”，公众可在学习标兵公示页面看到`)
    },
    onError: (err) => void message.error(err.message),
  })

  const actions = (e: ExemplarView) => {
    if (e.actions.length > 0 && !canWrite)
      return <Typography.Text type="secondary">当前授权范围只能查看，不能审核或公布</Typography.Text>
    if (e.actions.length === 0)
      return e.actionsNote ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {e.actionsNote}
        </Typography.Text>
      ) : null
    return (
      <Space size={4} wrap>
        {e.actions.includes('approve') && (
          <Button size="small" type="primary" onClick={() => setDeciding({ exemplar: e, approve: true })}>
            通过
          </Button>
        )}
        {e.actions.includes('reject') && (
          <Button size="small" danger onClick={() => setDeciding({ exemplar: e, approve: false })}>
            不通过
          </Button>
        )}
        {e.actions.includes('publish') && (
          <Popconfirm
            title={`公布“${e.person.name}”为 ${e.year} 年度学习标兵？`}
            description="公布后，姓名、推荐组织和主要事迹将在公开页面展示"
            okText="公布"
            cancelText="取消"
            onConfirm={() => publish.mutateAsync(e).catch(() => undefined)}
          >
            <Button size="small" type="primary" loading={publish.isPending && publish.variables?.id === e.id}>
              公布
            </Button>
          </Popconfirm>
        )}
      </Space>
    )
  }

  const columns: TableColumnsType<ExemplarView> = [
    { title: '姓名', key: 'name', render: (_, e) => e.person.name, width: 90, fixed: 'left' },
    { title: '推荐组织', key: 'org', render: (_, e) => e.org.name, width: 200, responsive: WIDE_ONLY },
    { title: '年度', dataIndex: 'year', width: 70, responsive: WIDE_ONLY },
    {
      title: '主要事迹',
      dataIndex: 'deeds',
      width: 260,
      responsive: WIDE_ONLY,
      render: (d: string) => (
        <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: d }}>
          {d}
        </Typography.Paragraph>
      ),
    },
    {
      title: '状态',
      key: 'status',
      width: 160,
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS_COLORS[e.status]}>{EXEMPLAR_STATUSES[e.status]}</Tag>
          {e.decisionNote && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              审核意见：{e.decisionNote}
            </Typography.Text>
          )}
          {e.publishedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              公布于 {formatDateTime(e.publishedAt).slice(0, 10)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '操作', key: 'actions', width: 220, fixed: 'right', render: (_, e) => actions(e) },
  ]

  return (
    <Card
      size="small"
      title="学习标兵"
      styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
      extra={
        <Space wrap>
          <a href="/public/exemplars" target="_blank" rel="noreferrer">
            公示页面
          </a>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setNominating(true)}>
              推荐学习标兵
            </Button>
          )}
        </Space>
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={12} wrap align="center">
          <Segmented
            aria-label="状态"
            options={STATUS_OPTIONS}
            value={status ?? 'all'}
            onChange={(v) => {
              setStatus(v === 'all' ? undefined : (v as ExemplarStatus))
              setPage((p) => ({ ...p, page: 1 }))
            }}
          />
          <YearFilter
            value={year}
            onChange={(y) => {
              setYear(y)
              setPage((p) => ({ ...p, page: 1 }))
            }}
          />
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          学习标兵由推荐组织的上级组织审核和公布；推荐人不能审核自己的推荐。每名党员每年至多推荐一次。
        </Typography.Text>
        <PagedTable<ExemplarView>
          query={list}
          columns={columns}
          page={page}
          onPage={setPage}
          scrollX={1000}
          emptyText={status ? `没有“${EXEMPLAR_STATUSES[status]}”的推荐` : '当前范围内还没有学习标兵推荐'}
          unit="项"
        />
      </Flex>
      <NominateModal open={nominating} onClose={() => setNominating(false)} />
      <DecideModal target={deciding} onClose={() => setDeciding(null)} />
    </Card>
  )
}
