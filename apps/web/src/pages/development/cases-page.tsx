import { PlusOutlined } from '@ant-design/icons'
import {
  API,
  CASE_STATUSES,
  CaseOpen,
  DEVELOPMENT_CATEGORIES,
  DEVELOPMENT_CATEGORY_CODES,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEPS,
  PLAN_CATEGORIES,
  type CaseListItem,
  type StepNo,
} from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import {
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  List,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { api } from '../../api.ts'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { PagedTable } from '../../components/paged-table.tsx'
import { formatCount } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { MemberSelect } from '../members/member-select.tsx'
import { casesQuery, developmentKeys } from './development-queries.ts'
import { PlanModal } from './plan-modal.tsx'

const stepName = (n: number | null) => (n ? `${n}. ${DEVELOPMENT_STEPS[n as StepNo].name}` : '—')

/**
 * 发展党员 (seed §21): the cases under an org with the number at each of the 5 stages, the steps
 * waiting for the committee of the current scope, the year's plan against what has been admitted.
 */
export function CasesPage() {
  const { can } = useSession()
  const navigate = useNavigate()
  const [orgId, setOrgId] = useState<string | undefined>(undefined)
  const [stage, setStage] = useState<number | undefined>(undefined)
  const [planning, setPlanning] = useState(false)
  const [overdue, setOverdue] = useState(false)
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [opening, setOpening] = useState(false)
  const list = useQuery(casesQuery({ orgId, stage, status: undefined, overdue, ...page }))
  const todos = useQuery({ queryKey: developmentKeys.todos, queryFn: () => api(API.development.todos) })
  const dashboard = useQuery({
    queryKey: [...developmentKeys.dashboard, orgId],
    queryFn: () => api(API.development.dashboard, { query: { orgId } }),
  })

  const columns: TableColumnsType<CaseListItem> = [
    {
      title: '姓名',
      key: 'name',
      width: 100,
      fixed: 'left',
      render: (_, c) => <Link to={`/development/${c.id}`}>{c.person.name}</Link>,
    },
    { title: '所在党组织', key: 'org', width: 200, render: (_, c) => c.org.name },
    {
      title: '阶段',
      key: 'stage',
      width: 170,
      render: (_, c) =>
        c.status === 'open' ? (
          DEVELOPMENT_STAGES[c.stage as 1]
        ) : (
          <Tag color={c.status === 'completed' ? 'success' : 'default'}>{CASE_STATUSES[c.status]}</Tag>
        ),
    },
    { title: '下一步', key: 'next', width: 200, render: (_, c) => stepName(c.nextStep) },
    {
      title: '期限',
      key: 'due',
      width: 150,
      render: (_, c) =>
        c.dueBy ? (
          <Space size={4}>
            {c.dueBy}
            {c.isOverdue && <Tag color="red">逾期</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    { title: '申请入党日期', dataIndex: 'appliedOn', width: 120 },
    {
      title: '类别',
      key: 'categories',
      width: 200,
      render: (_, c) => c.categories.map((k) => <Tag key={k}>{DEVELOPMENT_CATEGORIES[k]}</Tag>),
    },
  ]

  const stages = list.data?.stages ?? []
  return (
    <Flex vertical gap={16}>
      {todos.data && todos.data.items.length > 0 && (
        <Card size="small" title="待本党委办理">
          <List
            size="small"
            dataSource={todos.data.items}
            renderItem={(t) => (
              <List.Item
                key={t.caseId}
                extra={
                  t.dueBy && (
                    <span>
                      期限 {t.dueBy}
                      {t.isOverdue && (
                        <Tag color="red" style={{ marginLeft: 4 }}>
                          逾期
                        </Tag>
                      )}
                    </span>
                  )
                }
              >
                <Link to={`/development/${t.caseId}`}>
                  {t.person.name}（{t.org.name}）：第 {t.step} 步“{t.name}”
                </Link>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card
        size="small"
        title="发展党员"
        styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
        extra={
          <Space wrap>
            <a href="/public/development-notices" target="_blank" rel="noreferrer">
              公示页面
            </a>
            {can('development.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)}>
                建立发展档案
              </Button>
            )}
          </Space>
        }
      >
        <Flex vertical gap={16}>
          <Flex gap={12} wrap align="center">
            <div style={{ width: 280 }}>
              <OrgSelect
                value={orgId}
                onChange={(v) => {
                  setOrgId(v)
                  setPage((p) => ({ ...p, page: 1 }))
                }}
                placeholder="全部（当前授权范围）"
              />
            </div>
            <Space>
              <Switch
                checked={overdue}
                onChange={(v) => {
                  setOverdue(v)
                  setPage((p) => ({ ...p, page: 1 }))
                }}
                aria-label="只看逾期"
              />
              只看逾期
            </Space>
          </Flex>
          <Flex gap={8} wrap role="group" aria-label="各阶段人数">
            <Button type={stage === undefined ? 'primary' : 'default'} onClick={() => setStage(undefined)}>
              全部
            </Button>
            {stages.map((s) => (
              <Button
                key={s.stage}
                type={stage === s.stage ? 'primary' : 'default'}
                onClick={() => {
                  setStage(s.stage)
                  setPage((p) => ({ ...p, page: 1 }))
                }}
              >
                {s.name}：{formatCount(s.count)}
              </Button>
            ))}
          </Flex>
          <PagedTable<CaseListItem>
            query={list}
            columns={columns}
            page={page}
            onPage={setPage}
            scrollX={1100}
            emptyText="没有符合条件的发展档案"
            unit="份"
          />
        </Flex>
      </Card>
      {dashboard.data && (
        <Card
          size="small"
          title={`${dashboard.data.org.name} ${dashboard.data.year} 年度发展计划完成情况`}
          extra={
            can('development.write') && (
              <Button onClick={() => setPlanning(true)}>
                {dashboard.data.quotas.some((q) => q.planned !== null) ? '修改计划' : '登记计划'}
              </Button>
            )
          }
        >
          <Flex gap={32} wrap style={{ marginBottom: 12 }}>
            <Statistic title="进行中" value={dashboard.data.open} />
            <Statistic
              title="逾期"
              value={dashboard.data.overdue}
              valueStyle={dashboard.data.overdue ? { color: '#c8161d' } : undefined}
            />
            <Statistic title="已转正归档" value={dashboard.data.completed} />
          </Flex>
          <Table
            size="small"
            rowKey="category"
            pagination={false}
            dataSource={dashboard.data.quotas}
            columns={[
              { title: '类别', dataIndex: 'category', render: (c: keyof typeof PLAN_CATEGORIES) => PLAN_CATEGORIES[c] },
              { title: '计划', dataIndex: 'planned', render: (p: number | null) => p ?? '未下达' },
              { title: '已接收（上级党委审批）', dataIndex: 'admitted' },
            ]}
          />
        </Card>
      )}
      {dashboard.data && <PlanModal dashboard={dashboard.data} open={planning} onClose={() => setPlanning(false)} />}
      <OpenCaseModal open={opening} onClose={() => setOpening(false)} onOpened={(id) => void navigate(`/development/${id}`)} />
    </Flex>
  )
}

interface OpenValues {
  orgId?: string
  personId?: string
  categories?: string[]
}

/** A case for an applicant already on the register: step 1 takes the register's application date. */
function OpenCaseModal({ open, onClose, onOpened }: { open: boolean; onClose: () => void; onOpened: (id: string) => void }) {
  const [form] = Form.useForm<OpenValues>()
  const orgId = Form.useWatch('orgId', form)
  const submit = async (v: OpenValues) =>
    (await api(API.development.open, { body: formBody(CaseOpen, { personId: v.personId, categories: v.categories ?? [] }) })).case
  return (
    <FormModal
      title="建立发展档案"
      open={open}
      onClose={onClose}
      form={form}
      name="development-open"
      okText="建立"
      width={560}
      onValuesChange={(changed: Partial<OpenValues>) => {
        if ('orgId' in changed) form.setFieldValue('personId', undefined)
      }}
      submit={submit}
      refresh={[developmentKeys.all]}
      success={(c) => `已为${c.person.name}建立发展档案`}
      onSaved={(c) => onOpened(c.id)}
    >
      {open && (
        <>
          <Form.Item label="所在党组织" name="orgId" rules={[{ required: true, message: '请选择所在党组织' }]}>
            <OrgSelect />
          </Form.Item>
          <Form.Item
            label="入党申请人"
            extra="名册中的入党申请人；申请入党日期取名册中的日期"
            {...zodItem(CaseOpen, 'personId', { select: true })}
          >
            {orgId ? (
              <MemberSelect key={orgId} orgId={orgId} status="applicant" />
            ) : (
              <Select disabled placeholder="请先选择所在党组织" />
            )}
          </Form.Item>
          <Form.Item label="发展类别" name="categories">
            <Checkbox.Group options={DEVELOPMENT_CATEGORY_CODES.map((c) => ({ value: c, label: DEVELOPMENT_CATEGORIES[c] }))} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            申请人递交入党申请书时须年满 18 周岁；党组织应在收到申请书后 1 个月内派人谈话。
          </Typography.Text>
        </>
      )}
    </FormModal>
  )
}
