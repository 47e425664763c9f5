import { PlusOutlined } from '@ant-design/icons'
import { REVIEW_RESULTS, WRITING_KINDS, type StudyReportView, type WritingView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Flex, Space, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { PagedTable } from '../../components/paged-table.tsx'
import { useSession } from '../../lib/session.ts'
import { WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { ReportFormModal, VoidWritingModal, WritingFormModal, type ReportTarget } from './cadre-study-modals.tsx'
import { reportsQuery, writingsQuery } from './study-queries.ts'
import { YearFilter } from './year-filter.tsx'

const ellipsis = (text: string) => (
  <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: text }}>
    {text}
  </Typography.Paragraph>
)

function WritingsTab({ canWrite }: { canWrite: boolean }) {
  const [year, setYear] = useState<number | undefined>(undefined)
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const list = useQuery(writingsQuery({ year, ...page }))
  const [creating, setCreating] = useState(false)
  const [voiding, setVoiding] = useState<WritingView | null>(null)

  const columns: TableColumnsType<WritingView> = [
    { title: '作者', key: 'person', render: (_, w) => w.person.name, width: 90, fixed: 'left' },
    { title: '类别', key: 'kind', render: (_, w) => WRITING_KINDS[w.kind], width: 90, responsive: WIDE_ONLY },
    {
      title: '题目',
      key: 'title',
      width: 240,
      render: (_, w) => (w.voided ? <Typography.Text delete>{w.title}</Typography.Text> : w.title),
    },
    { title: '完成日期', dataIndex: 'writtenOn', width: 110, responsive: WIDE_ONLY },
    {
      title: '发表在',
      key: 'publishedIn',
      render: (_, w) => w.publishedIn ?? '未发表',
      width: 140,
      responsive: WIDE_ONLY,
    },
    { title: '所在组织', key: 'org', render: (_, w) => w.org.name, width: 180, responsive: WIDE_ONLY },
    {
      title: '状态',
      key: 'status',
      width: 160,
      render: (_, w) =>
        w.voided ? (
          <Space orientation="vertical" size={0}>
            <Tag>已作废</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              原因：{w.voidReason}
            </Typography.Text>
          </Space>
        ) : (
          <Tag color="success">有效</Tag>
        ),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            fixed: 'right' as const,
            width: 80,
            render: (_: unknown, w: WritingView) =>
              !w.voided && (
                <Button size="small" type="link" danger onClick={() => setVoiding(w)} style={{ padding: 0 }}>
                  作废
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
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记学习体会或文章
          </Button>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        县级以上领导干部每年至少撰写 1 篇学习体会或理论文章（湖北文件第 7 条）。误登的记录作废并写明原因，不删除。
      </Typography.Text>
      <PagedTable<WritingView>
        query={list}
        columns={columns}
        page={page}
        onPage={setPage}
        scrollX={1000}
        emptyText="当前范围内还没有登记学习体会或理论文章"
        unit="篇"
      />
      <WritingFormModal open={creating} onClose={() => setCreating(false)} />
      <VoidWritingModal target={voiding} onClose={() => setVoiding(null)} />
    </Flex>
  )
}

function ReportsTab({ canWrite }: { canWrite: boolean }) {
  const [year, setYear] = useState<number | undefined>(undefined)
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const list = useQuery(reportsQuery({ year, ...page }))
  const [target, setTarget] = useState<ReportTarget | null>(null)

  const columns: TableColumnsType<StudyReportView> = [
    { title: '述学人', key: 'person', render: (_, r) => r.person.name, width: 90, fixed: 'left' },
    { title: '年度', dataIndex: 'year', width: 70 },
    { title: '述学日期', dataIndex: 'reportedOn', width: 110, responsive: WIDE_ONLY },
    { title: '述学内容', dataIndex: 'summary', width: 260, render: ellipsis, responsive: WIDE_ONLY },
    {
      title: '评学结果',
      key: 'review',
      width: 90,
      render: (_, r) =>
        r.reviewResult ? REVIEW_RESULTS[r.reviewResult] : <Typography.Text type="secondary">未评学</Typography.Text>,
    },
    {
      title: '考学成绩',
      key: 'exam',
      width: 90,
      responsive: WIDE_ONLY,
      render: (_, r) => r.examScore ?? <Typography.Text type="secondary">未考学</Typography.Text>,
    },
    { title: '所在组织', key: 'org', render: (_, r) => r.org.name, width: 180, responsive: WIDE_ONLY },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            fixed: 'right' as const,
            width: 80,
            render: (_: unknown, r: StudyReportView) => (
              <Button size="small" type="link" onClick={() => setTarget({ mode: 'edit', report: r })} style={{ padding: 0 }}>
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
            登记述学报告
          </Button>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        每人每年一份述学报告；评学结果和考学成绩在评学、考学后补记，用于年度考核。
      </Typography.Text>
      <PagedTable<StudyReportView>
        query={list}
        columns={columns}
        page={page}
        onPage={setPage}
        scrollX={980}
        emptyText="当前范围内还没有述学报告"
        unit="份"
      />
      <ReportFormModal target={target} onClose={() => setTarget(null)} />
    </Flex>
  )
}

/** 领导干部学习 (seed §7): the writings of leading cadres, and their yearly 述学 reports with 评学 and 考学 results. */
export function CadreStudyPage() {
  const { can } = useSession()
  const canWrite = can('activities.write')
  return (
    <Card size="small" title="领导干部学习">
      <Tabs
        items={[
          { key: 'writings', label: '学习体会和理论文章', children: <WritingsTab canWrite={canWrite} /> },
          { key: 'reports', label: '述学·评学·考学', children: <ReportsTab canWrite={canWrite} /> },
        ]}
      />
    </Card>
  )
}
