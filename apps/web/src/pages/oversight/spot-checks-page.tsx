import { PlusOutlined } from '@ant-design/icons'
import {
  API,
  FINDING_STATUSES,
  SpotCheckDraw,
  type FindingStatus,
  type FindingView,
  type SpotCheckDetail,
  type SpotCheckView,
} from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Flex, Form, Input, InputNumber, Select, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { api } from '../../api.ts'
import { CodeFilter } from '../../components/code-filter.tsx'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { useSession } from '../../lib/session.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { FindingStatusTag, RectifyModal, type RectifyKind } from './finding-modals.tsx'
import { oversightKeys, recentYears } from './oversight-keys.ts'

interface DrawValues {
  orgId?: string
  year?: number
  title?: string
  seed?: string
  countySampleSize?: number
  memberSampleSize?: number
  frameAsOf?: string
}

/** 抽取样本: the seed (blank: a random one is made and recorded), the sizes, the day of the frames. */
function DrawModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { me } = useSession()
  const navigate = useNavigate()
  const today = todayString()
  return (
    <FormModal<DrawValues, SpotCheckDetail>
      title="抽取流动党员工作抽查样本"
      open={open}
      onClose={onClose}
      name="oversight-draw"
      okText="抽取"
      width={620}
      initialValues={{
        orgId: me.currentGrant?.orgId,
        year: Number(today.slice(0, 4)),
        title: `${today.slice(0, 4)} 年流动党员管理工作抽查`,
        countySampleSize: 5,
        memberSampleSize: 5,
        frameAsOf: today,
      }}
      submit={async (v) => (await api(API.oversight.drawSpotCheck, { body: formBody(SpotCheckDraw, v) })).spotCheck}
      refresh={[oversightKeys.spotChecks]}
      success={(s) =>
        `已抽取：${s.items.filter((i) => i.kind === 'county').length} 个县（市、区）、${s.items.filter((i) => i.kind === 'member').length} 名流动党员`
      }
      onSaved={(s) => void navigate(`/oversight/spot-checks/${s.id}`)}
    >
      {open && (
        <>
          <Form.Item label="组织抽查的单位" {...zodItem(SpotCheckDraw, 'orgId', { select: true })}>
            <CurrentOrgSelect current={me.currentGrant ? { id: me.currentGrant.orgId, name: me.currentGrant.orgName } : null} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item label="年度" {...zodItem(SpotCheckDraw, 'year', { select: true })}>
              <Select style={{ width: 120 }} options={recentYears(today).map((y) => ({ value: y, label: `${y} 年` }))} />
            </Form.Item>
            <Form.Item
              label="抽样框日期"
              extra="抽样框按这一天的县级组织和在外的流动党员"
              {...zodItem(SpotCheckDraw, 'frameAsOf')}
            >
              <DateStringPicker max={today} />
            </Form.Item>
          </Space>
          <Form.Item label="抽查名称" {...zodItem(SpotCheckDraw, 'title')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            label="随机种子"
            extra="留空则由系统随机生成；种子连同抽样框的大小和摘要一并记录，任何人用同一种子都能重新抽出同样的样本"
            {...zodItem(SpotCheckDraw, 'seed')}
          >
            <Input maxLength={64} placeholder="如：2026抽查（不含空格）" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item label="抽查县（市、区）数" {...zodItem(SpotCheckDraw, 'countySampleSize')}>
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
            <Form.Item label="每县抽查流动党员数" {...zodItem(SpotCheckDraw, 'memberSampleSize')}>
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
          </Space>
        </>
      )}
    </FormModal>
  )
}

/** 整改台账: findings about counties in the scope, or of spot checks drawn in it. */
export function FindingsLedger() {
  const [status, setStatus] = useState<FindingStatus | undefined>(undefined)
  const [acting, setActing] = useState<{ f: FindingView; kind: RectifyKind } | null>(null)
  const q = useQuery({
    queryKey: [...oversightKeys.findings, status],
    queryFn: () => api(API.oversight.findings, { query: { status } }),
  })
  const columns: TableColumnsType<FindingView> = [
    {
      title: '抽查',
      key: 'sc',
      width: 200,
      render: (_, f) => <Link to={`/oversight/spot-checks/${f.spotCheck.id}`}>{f.spotCheck.title}</Link>,
      ...WIDE_ONLY,
    },
    { title: '县（市、区）', key: 'county', width: 140, render: (_, f) => f.county.name },
    { title: '党员', key: 'person', width: 90, render: (_, f) => f.person?.name ?? '', ...WIDE_ONLY },
    { title: '发现的问题', dataIndex: 'description', width: 260 },
    { title: '整改期限', key: 'by', width: 110, render: (_, f) => f.rectifyBy ?? '', ...WIDE_ONLY },
    { title: '状态', key: 'status', width: 170, render: (_, f) => <FindingStatusTag f={f} /> },
    {
      title: '整改',
      key: 'rect',
      width: 260,
      render: (_, f) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {f.measures && `${f.rectifyingOn} 开始：${f.measures}`}
          {f.evidence && `；${f.closedOn} 销号：${f.evidence}`}
        </Typography.Text>
      ),
      ...WIDE_ONLY,
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, f) => (
        <Space size={4}>
          {f.actions.start && (
            <Button size="small" onClick={() => setActing({ f, kind: 'start' })}>
              开始整改
            </Button>
          )}
          {f.actions.close && (
            <Button size="small" type="primary" onClick={() => setActing({ f, kind: 'close' })}>
              销号
            </Button>
          )}
        </Space>
      ),
    },
  ]
  return (
    <Flex vertical gap={12}>
      <CodeFilter label="整改状态" names={FINDING_STATUSES} value={status} onChange={setStatus} />
      {q.isError ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<FindingView>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          columns={columns}
          dataSource={q.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1300 }}
          locale={{ emptyText: '没有检查发现' }}
        />
      )}
      <RectifyModal finding={acting?.f ?? null} kind={acting?.kind ?? 'start'} onClose={() => setActing(null)} />
    </Flex>
  )
}

/**
 * 流动党员工作抽查 (seed §23: 省委组织部每年要组织一次抽查): the spot checks drawn in the scope, drawing a
 * new one, and the rectification ledger.
 */
export function SpotChecksPage() {
  const { can } = useSession()
  const [drawing, setDrawing] = useState(false)
  const list = useQuery({
    queryKey: [...oversightKeys.spotChecks, 'list'],
    queryFn: () => api(API.oversight.spotChecks, { query: {} }),
  })
  const columns: TableColumnsType<SpotCheckView> = [
    { title: '抽查', key: 'title', width: 240, render: (_, s) => <Link to={`/oversight/spot-checks/${s.id}`}>{s.title}</Link> },
    { title: '年度', dataIndex: 'year', width: 70 },
    { title: '组织单位', key: 'org', width: 160, render: (_, s) => s.org.name, ...WIDE_ONLY },
    { title: '随机种子', dataIndex: 'seed', width: 140, ...WIDE_ONLY },
    {
      title: '样本',
      key: 'sample',
      width: 200,
      render: (_, s) => `县 ${s.countySampleSize}/${s.countyFrame.size}，每县党员 ${s.memberSampleSize}`,
      ...WIDE_ONLY,
    },
    { title: '抽取时间', key: 'at', width: 160, render: (_, s) => new Date(s.drawnAt).toLocaleString('zh-CN'), ...WIDE_ONLY },
    { title: '未销号问题', dataIndex: 'openFindings', width: 100, align: 'right' },
  ]
  return (
    <Card
      size="small"
      title="流动党员管理工作抽查"
      extra={
        can('oversight.spot_check') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawing(true)}>
            抽取样本
          </Button>
        )
      }
    >
      <Tabs
        items={[
          {
            key: 'checks',
            label: '抽查',
            children: list.isError ? (
              <QueryError error={list.error} onRetry={() => void list.refetch()} />
            ) : (
              <Table<SpotCheckView>
                rowKey="id"
                size="small"
                loading={list.isLoading}
                columns={columns}
                dataSource={list.data?.items ?? []}
                pagination={false}
                scroll={{ x: 1000 }}
                locale={{ emptyText: '本范围还没有抽查' }}
              />
            ),
          },
          { key: 'findings', label: '整改台账', children: <FindingsLedger /> },
        ]}
      />
      <DrawModal open={drawing} onClose={() => setDrawing(false)} />
    </Card>
  )
}
