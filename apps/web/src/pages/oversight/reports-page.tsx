import {
  API,
  MOBILE_WORK_CATEGORIES,
  REPORT_LEVELS,
  REPORT_STATUSES,
  ReportReturn,
  ReportSave,
  type ReportFigures,
  type ReportStatus,
  type ReportView,
} from '@xianfeng/contract'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd'
import { useState } from 'react'
import { api } from '../../api.ts'
import { todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { useSession } from '../../lib/session.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { oversightKeys, recentYears } from './oversight-keys.ts'

const STATUS_COLORS: Record<ReportStatus, string> = {
  not_started: 'default',
  draft: 'processing',
  submitted: 'success',
  returned: 'warning',
  overdue: 'red',
}

export function ReportStatusTag({ r }: { r: ReportView }) {
  return (
    <Space size={4}>
      <Tag color={STATUS_COLORS[r.status]}>{REPORT_STATUSES[r.status]}</Tag>
      {r.status === 'overdue' && r.storedStatus !== 'not_started' && (
        <Typography.Text type="secondary">（{REPORT_STATUSES[r.storedStatus]}）</Typography.Text>
      )}
    </Space>
  )
}

const categoryLabel = (code: string) => (MOBILE_WORK_CATEGORIES as Record<string, string>)[code] ?? code

/** The counts by category; a city's with each county's figures beside the total. */
function FiguresTable({ figures }: { figures: ReportFigures }) {
  const counties = figures.counties ?? []
  type Row = { id: string; label: string; total: number; [county: string]: number | string }
  const rows: Row[] = Object.entries(figures.counts).map(([code, n]) => ({
    id: code,
    label: categoryLabel(code),
    total: n,
    ...Object.fromEntries(counties.map((c) => [c.orgId, c.counts[code] ?? 0])),
  }))
  const columns: TableColumnsType<Row> = [
    { title: '项目', dataIndex: 'label', width: 300 },
    { title: counties.length ? '合计' : '人数（次数）', dataIndex: 'total', width: 90, align: 'right' },
    ...counties.map((c) => ({ title: c.name, dataIndex: c.orgId, width: 110, align: 'right' as const, ...WIDE_ONLY })),
  ]
  return (
    <Table<Row>
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 400 + counties.length * 110 }}
    />
  )
}

/** 撰写本级工作情况（草稿或被退回的）. */
function NarrativeModal({ report, open, onClose }: { report: ReportView; open: boolean; onClose: () => void }) {
  return (
    <FormModal<{ narrative?: string }, ReportView>
      title={`${report.org.name} ${report.year} 年度流动党员管理工作情况`}
      open={open}
      onClose={onClose}
      name="oversight-report"
      okText="保存草稿"
      width={720}
      initialValues={{ narrative: report.narrative }}
      submit={async (v) =>
        (
          await api(API.oversight.saveReport, {
            body: formBody(ReportSave, { orgId: report.org.id, year: report.year, narrative: v.narrative ?? '' }),
          })
        ).report
      }
      refresh={[oversightKeys.reports]}
      success={() => '草稿已保存'}
    >
      {open && (
        <Form.Item
          label="工作情况"
          extra="数字由系统按流出登记和组织关系转接统计，这里写本级工作的做法、问题和下一步打算；提交时必填"
          {...zodItem(ReportSave, 'narrative')}
        >
          <Input.TextArea rows={12} maxLength={5000} showCount />
        </Form.Item>
      )}
    </FormModal>
  )
}

function ReturnModal({ report, onClose }: { report: ReportView | null; onClose: () => void }) {
  return (
    <FormModal<{ reason?: string }, ReportView>
      title={report ? `退回${report.org.name}的 ${report.year} 年度报告` : ''}
      open={report !== null}
      onClose={onClose}
      name="oversight-report-return"
      okText="退回"
      danger
      submit={async (v) =>
        (await api(API.oversight.returnReport, { params: { id: report!.id! }, body: formBody(ReportReturn, v) })).report
      }
      refresh={[oversightKeys.reports]}
      success={(r) => `已退回${r.org.name}的报告`}
    >
      {report && (
        <Form.Item label="退回原因" {...zodItem(ReportReturn, 'reason')}>
          <Input.TextArea rows={3} maxLength={500} placeholder="写明需要补充或更正的内容" />
        </Form.Item>
      )}
    </FormModal>
  )
}

/** One report as the level above reads it: narrative and the figures (frozen as of submission). */
function ReportDetailModal({ id, onClose }: { id: string | null; onClose: () => void }) {
  const q = useQuery({
    queryKey: [...oversightKeys.reports, 'detail', id],
    queryFn: () => api(API.oversight.report, { params: { id: id! } }),
    enabled: id !== null,
  })
  const r = q.data?.report
  return (
    <Modal
      open={id !== null}
      onCancel={onClose}
      footer={null}
      width={860}
      title={r ? `${r.org.name} ${r.year} 年度报告` : '年度报告'}
    >
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {r && <ReportBody r={r} />}
    </Modal>
  )
}

function ReportBody({ r }: { r: ReportView }) {
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'status', label: '状态', children: <ReportStatusTag r={r} /> },
          {
            key: 'due',
            label: '报送截止',
            children: `${r.dueOn}（${r.dueFrom ? `${r.dueFrom.name}调整` : '注册表默认值'}）`,
          },
          { key: 'to', label: '报送', children: r.submittedTo.name },
          ...(r.submittedOn ? [{ key: 'on', label: '提交日期', children: r.submittedOn }] : []),
        ]}
      />
      {r.storedStatus === 'returned' && r.returnReason && (
        <Alert type="warning" showIcon message={`已被${r.submittedTo.name}退回：${r.returnReason}`} />
      )}
      <div>
        <Typography.Title level={5}>工作情况</Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} type={r.narrative ? undefined : 'secondary'}>
          {r.narrative || '（尚未填写）'}
        </Typography.Paragraph>
      </div>
      {r.figures && (
        <div>
          <Typography.Title level={5}>
            {r.isFrozen ? `数字（${r.submittedOn} 提交时定格）` : '数字（按现有数据统计，提交时定格）'}
          </Typography.Title>
          <FiguresTable figures={r.figures} />
        </div>
      )}
    </Flex>
  )
}

/**
 * 年度流动党员工作报告 (seed §23: 每年底逐级上报): the own level's report — its figures counted from the
 * data, its text, submitted to the level above — and the reports of the level below with their status.
 */
export function ReportsPage() {
  const { can } = useSession()
  const { message, modal } = App.useApp()
  const queryClient = useQueryClient()
  const [year, setYear] = useState(() => Number(todayString().slice(0, 4)))
  const [orgId, setOrgId] = useState<string | undefined>(undefined)
  const [writing, setWriting] = useState(false)
  const [returning, setReturning] = useState<ReportView | null>(null)
  const [viewing, setViewing] = useState<string | null>(null)
  const overview = useQuery({
    queryKey: [...oversightKeys.reports, orgId, year],
    queryFn: () => api(API.oversight.reports, { query: { orgId, year } }),
  })
  const submit = useMutation({
    mutationFn: (id: string) => api(API.oversight.submitReport, { params: { id } }),
    onSuccess: ({ report }) => {
      void queryClient.invalidateQueries({ queryKey: oversightKeys.reports })
      void message.success(`已提交${report.submittedTo.name}，数字已定格`)
    },
    onError: (e) => void message.error(e.message),
  })
  const o = overview.data
  const own = o?.own ?? null
  const belowColumns: TableColumnsType<ReportView> = [
    { title: '单位', key: 'org', width: 200, render: (_, r) => r.org.name },
    { title: '状态', key: 'status', width: 150, render: (_, r) => <ReportStatusTag r={r} /> },
    { title: '报送截止', dataIndex: 'dueOn', width: 110, ...WIDE_ONLY },
    { title: '提交日期', key: 'submittedOn', width: 110, render: (_, r) => r.submittedOn ?? '', ...WIDE_ONLY },
    {
      title: '年末在外党员',
      key: 'away',
      width: 110,
      align: 'right',
      render: (_, r) => r.figures?.counts.outflow_away_year_end ?? '',
      ...WIDE_ONLY,
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <Space size={4}>
          {r.id && (
            <Button size="small" onClick={() => setViewing(r.id)}>
              查看
            </Button>
          )}
          {r.actions.return && (
            <Button size="small" danger onClick={() => setReturning(r)}>
              退回
            </Button>
          )}
        </Space>
      ),
    },
  ]
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Select<number>
            aria-label="年度"
            style={{ width: 120 }}
            value={year}
            options={recentYears(todayString()).map((y) => ({ value: y, label: `${y} 年度` }))}
            onChange={setYear}
          />
          <div style={{ width: 280 }}>
            <OrgSelect value={orgId} onChange={setOrgId} placeholder="当前授权范围的组织" />
          </div>
          {o && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.rule.title}。依据：{o.rule.source}
            </Typography.Text>
          )}
        </Flex>
      </Card>
      {overview.isError && <QueryError error={overview.error} onRetry={() => void overview.refetch()} />}
      {own && (
        <Card
          size="small"
          title={`本级报告：${own.org.name}（${REPORT_LEVELS[own.level]}）${own.year} 年度`}
          extra={
            <Space wrap>
              {own.actions.edit && can('oversight.write') && (
                <Button onClick={() => setWriting(true)}>{own.id ? '修改工作情况' : '撰写工作情况'}</Button>
              )}
              {own.actions.submit && own.id && (
                <Button
                  type="primary"
                  loading={submit.isPending}
                  onClick={() =>
                    modal.confirm({
                      title: `提交${own.submittedTo.name}？`,
                      content: '提交后数字按此刻定格，文字不能再改；如需修改，须由上一级退回。',
                      okText: '提交',
                      cancelText: '取消',
                      // a refusal is shown by the mutation; the confirmation closes either way
                      onOk: () => submit.mutateAsync(own.id!).catch(() => undefined),
                    })
                  }
                >
                  提交{own.submittedTo.name}
                </Button>
              )}
            </Space>
          }
        >
          {own.missingCounties.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message={`尚有 ${own.missingCounties.length} 个县（市、区）的报告未提交：${own.missingCounties.map((c) => c.name).join('、')}。全部提交后才能汇总上报；下表只含已提交的。`}
            />
          )}
          <ReportBody r={own} />
          <NarrativeModal report={own} open={writing} onClose={() => setWriting(false)} />
        </Card>
      )}
      {o && o.below.length > 0 && (
        <Card size="small" title={`报到${o.org.name}的下一级报告`}>
          <Flex vertical gap={12}>
            <Table<ReportView>
              rowKey={(r) => r.org.id}
              size="small"
              pagination={false}
              columns={belowColumns}
              dataSource={o.below}
              scroll={{ x: 800 }}
            />
            <div>
              <Typography.Title level={5}>
                已提交的 {o.below.filter((b) => b.isFrozen).length} / {o.below.length} 份合计
              </Typography.Title>
              <FiguresTable figures={{ counts: o.rollup }} />
            </div>
          </Flex>
        </Card>
      )}
      {o && !own && o.below.length === 0 && (
        <Alert
          type="info"
          showIcon
          message={`${o.org.name}不是县级、市级或省级组织：年度报告由县（市、区）和市（州）党委组织部门逐级报送。`}
        />
      )}
      <ReturnModal report={returning} onClose={() => setReturning(null)} />
      <ReportDetailModal id={viewing} onClose={() => setViewing(null)} />
    </Flex>
  )
}
