import { DownloadOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons'
import {
  API,
  RETURN_CODES,
  TRANSFER_KINDS,
  TRANSFER_REASONS,
  TRANSFER_STATUSES,
  type TransferDirection,
  type TransferKind,
  type TransferStatus,
  type TransferView,
} from '@xianfeng/contract'
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import {
  App,
  Button,
  Card,
  Flex,
  Input,
  Space,
  Statistic,
  Switch,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd'
import { useState } from 'react'
import { api } from '../../api.ts'
import { CodeFilter } from '../../components/code-filter.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { PagedTable } from '../../components/paged-table.tsx'
import { WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { useSession } from '../../lib/session.ts'
import { AnswerModal, StartTransferModal, transferKeys, type AnswerKind } from './transfer-modals.tsx'
import { TransferTodoList } from './transfer-todos.tsx'

const STATUS_COLORS: Record<TransferStatus, string> = {
  pending: 'processing',
  received: 'success',
  returned: 'warning',
  cancelled: 'default',
}

export function StatusTag({ t }: { t: TransferView }) {
  if (t.isExpired) return <Tag color="red">已过期未接收</Tag>
  return (
    <Tag color={STATUS_COLORS[t.status]}>
      {t.kind === 'external' && t.status === 'pending' ? '待回执' : TRANSFER_STATUSES[t.status]}
    </Tag>
  )
}

/**
 * 组织关系转接 (seed §23): the register of letters sent out of and into the scope, each with its
 * state and the answers the current user may give; the dashboard of both sides; the to-dos.
 */
export function TransfersPage() {
  const { can } = useSession()
  const { message } = App.useApp()
  const [direction, setDirection] = useState<TransferDirection>('outgoing')
  const [orgId, setOrgId] = useState<string | undefined>(undefined)
  const [status, setStatus] = useState<TransferStatus | undefined>(undefined)
  const [kind, setKind] = useState<TransferKind | undefined>(undefined)
  const [expired, setExpired] = useState(false)
  const [q, setQ] = useState('')
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [starting, setStarting] = useState(false)
  const [answering, setAnswering] = useState<{ t: TransferView; kind: AnswerKind } | null>(null)
  const filter = {
    direction,
    orgId,
    status,
    kind: direction === 'incoming' ? undefined : kind,
    expired: expired ? ('true' as const) : undefined,
    q: q || undefined,
  }
  const list = useQuery({
    queryKey: [...transferKeys.all, 'list', filter, page],
    queryFn: () => api(API.transfers.list, { query: { ...filter, ...page } }),
    placeholderData: keepPreviousData,
  })
  const dashboard = useQuery({
    queryKey: [...transferKeys.all, 'dashboard', orgId],
    queryFn: () => api(API.transfers.dashboard, { query: { orgId } }),
  })
  const exporting = useMutation({
    mutationFn: () => api(API.transfers.export, { query: filter }),
    onError: (e) => void message.error(e.message),
  })
  const letter = useMutation({
    mutationFn: (id: string) => api(API.transfers.letter, { params: { id } }),
    onError: (e) => void message.error(e.message),
  })
  const resetPage = () => setPage((p) => ({ ...p, page: 1 }))

  const columns: TableColumnsType<TransferView> = [
    { title: '姓名', key: 'name', width: 90, fixed: 'left', render: (_, t) => t.person.name },
    { title: '介绍信编号', dataIndex: 'letterNo', width: 170, ...WIDE_ONLY },
    {
      title: direction === 'outgoing' ? '转出党组织' : '转出党组织',
      key: 'from',
      width: 190,
      render: (_, t) => t.fromOrg.name,
      ...WIDE_ONLY,
    },
    {
      title: '接收党组织',
      key: 'to',
      width: 210,
      render: (_, t) => (
        <Space size={4} wrap>
          {t.toOrg.name}
          {t.kind === 'external' && <Tag>本平台外</Tag>}
        </Space>
      ),
    },
    {
      title: '原因',
      key: 'reason',
      width: 150,
      render: (_, t) => (t.reason === 'other' && t.reasonNote ? t.reasonNote : TRANSFER_REASONS[t.reason]),
      ...WIDE_ONLY,
    },
    { title: '开具日期', dataIndex: 'issuedOn', width: 105, ...WIDE_ONLY },
    {
      title: '有效期至',
      key: 'validUntil',
      width: 120,
      render: (_, t) => (
        <Tooltip
          title={
            t.validityFrom
              ? `有效期 ${t.validityMonths} 个月（${t.validityFrom.name}的参数调整）`
              : `有效期 ${t.validityMonths} 个月（注册表默认值）`
          }
        >
          {t.validUntil}
        </Tooltip>
      ),
      ...WIDE_ONLY,
    },
    {
      title: '状态',
      key: 'status',
      width: 170,
      render: (_, t) => (
        <Flex vertical gap={2}>
          <span>
            <StatusTag t={t} />
            {t.answeredOn && <Typography.Text type="secondary">{t.answeredOn}</Typography.Text>}
          </span>
          {t.returnCode && <Typography.Text type="secondary">{RETURN_CODES[t.returnCode]}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 230,
      render: (_, t) => (
        <Space size={4} wrap>
          <Button
            size="small"
            icon={<FilePdfOutlined />}
            loading={letter.isPending && letter.variables === t.id}
            onClick={() => letter.mutate(t.id)}
          >
            介绍信
          </Button>
          {t.actions.receive && (
            <Button size="small" type="primary" onClick={() => setAnswering({ t, kind: 'receive' })}>
              接收
            </Button>
          )}
          {t.actions.return && (
            <Button size="small" danger onClick={() => setAnswering({ t, kind: 'return' })}>
              退回
            </Button>
          )}
          {t.actions.recordReceipt && (
            <Button size="small" type="primary" onClick={() => setAnswering({ t, kind: 'receipt' })}>
              登记回执
            </Button>
          )}
          {t.actions.cancel && (
            <Button size="small" onClick={() => setAnswering({ t, kind: 'cancel' })}>
              撤销
            </Button>
          )}
        </Space>
      ),
    },
  ]

  const d = dashboard.data
  return (
    <Flex vertical gap={16}>
      <TransferTodoList />
      {d && (
        <Card size="small" title={`${d.org.name} 转接概况`}>
          <Flex gap={32} wrap>
            <Statistic title="转出待接收" value={d.outgoing.pending} />
            <Statistic
              title="转出已过期"
              value={d.outgoing.expired}
              valueStyle={d.outgoing.expired ? { color: '#c8161d' } : undefined}
            />
            <Statistic title="被退回" value={d.outgoing.returned} />
            <Statistic title="转入待接收" value={d.incoming.pending} />
            <Statistic
              title="转入已过期"
              value={d.incoming.expired}
              valueStyle={d.incoming.expired ? { color: '#c8161d' } : undefined}
            />
            <Statistic title="本年转出 / 转入" value={`${d.outgoing.receivedThisYear} / ${d.incoming.receivedThisYear}`} />
            <Statistic
              title="外出满 6 个月未转接"
              value={d.awayWithoutTransfer}
              valueStyle={d.awayWithoutTransfer ? { color: '#c8161d' } : undefined}
            />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            介绍信有效期 {d.validity.months} 个月（{d.validity.from ? `${d.validity.from.name}调整` : '注册表默认值'}；依据：
            {d.validity.source}）
          </Typography.Text>
        </Card>
      )}
      <Card
        size="small"
        title="组织关系转接登记簿"
        styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} loading={exporting.isPending} onClick={() => exporting.mutate()}>
              导出 Excel
            </Button>
            {can('transfers.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting(true)}>
                开具介绍信
              </Button>
            )}
          </Space>
        }
      >
        <Tabs
          activeKey={direction}
          onChange={(k) => {
            setDirection(k as TransferDirection)
            resetPage()
          }}
          items={[
            { key: 'outgoing', label: '转出' },
            { key: 'incoming', label: '转入' },
          ]}
        />
        <Flex vertical gap={16}>
          <Flex gap={12} wrap align="center">
            <div style={{ width: 260 }}>
              <OrgSelect
                value={orgId}
                onChange={(v) => {
                  setOrgId(v)
                  resetPage()
                }}
                placeholder="全部（当前授权范围）"
              />
            </div>
            <CodeFilter
              label="状态"
              names={TRANSFER_STATUSES}
              value={status}
              onChange={(v) => {
                setStatus(v)
                resetPage()
              }}
            />
            {direction === 'outgoing' && (
              <CodeFilter
                label="去向"
                names={TRANSFER_KINDS}
                value={kind}
                onChange={(v) => {
                  setKind(v)
                  resetPage()
                }}
              />
            )}
            <Input.Search
              allowClear
              placeholder="姓名或介绍信编号"
              aria-label="姓名或介绍信编号"
              style={{ width: 200 }}
              maxLength={50}
              onSearch={(v) => {
                setQ(v.trim())
                resetPage()
              }}
            />
            <Space>
              <Switch
                checked={expired}
                aria-label="只看已过期"
                onChange={(v) => {
                  setExpired(v)
                  resetPage()
                }}
              />
              只看已过期
            </Space>
          </Flex>
          <PagedTable<TransferView>
            query={list}
            columns={columns}
            page={page}
            onPage={setPage}
            scrollX={1400}
            emptyText={direction === 'outgoing' ? '没有符合条件的转出记录' : '没有符合条件的转入记录'}
            unit="条"
          />
        </Flex>
      </Card>
      <StartTransferModal open={starting} onClose={() => setStarting(false)} />
      <AnswerModal transfer={answering?.t ?? null} kind={answering?.kind ?? 'receive'} onClose={() => setAnswering(null)} />
    </Flex>
  )
}
