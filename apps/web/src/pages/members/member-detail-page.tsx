import { ArrowLeftOutlined, EditOutlined, EyeOutlined, SwapOutlined, SyncOutlined } from '@ant-design/icons'
import {
  API,
  CADRE_RANKS,
  MEMBER_DATE_LABELS,
  type MemberDetail,
  type MemberOrgHistoryEntry,
  type MemberStatusHistoryEntry,
  type RevealedPii,
} from '@xianfeng/contract'
import { useMutation, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Typography, type DescriptionsProps } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { api } from '../../api.ts'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { MemberFormModal, type MemberFormTarget } from './member-form-modal.tsx'
import { NONE, educationName, ethnicityName, genderName, leftReasonName, statusColor, statusName } from './member-labels.ts'
import { MemberPhoto } from './member-photo-card.tsx'
import { memberDetailQuery } from './member-queries.ts'
import { MemberStatusModal } from './member-status-modal.tsx'
import { MemberTransferModal } from './member-transfer-modal.tsx'

const yesNo = (v: boolean) => (v ? '是' : '否')

function fields(m: MemberDetail, revealed: RevealedPii | null): DescriptionsProps['items'] {
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: '姓名', children: m.name },
    { key: 'gender', label: '性别', children: genderName(m.gender) },
    { key: 'ethnicity', label: '民族', children: ethnicityName(m.ethnicity) },
    { key: 'birthDate', label: '出生日期', children: m.birthDate },
    {
      key: 'idNumber',
      label: '身份证号',
      children: (
        <Typography.Text style={{ fontFamily: 'monospace' }}>
          {(revealed ? revealed.idNumber : m.idNumber) ?? NONE}
        </Typography.Text>
      ),
    },
    {
      key: 'phone',
      label: '手机号',
      children: (
        <Typography.Text style={{ fontFamily: 'monospace' }}>{(revealed ? revealed.phone : m.phone) ?? NONE}</Typography.Text>
      ),
    },
    { key: 'education', label: '学历', children: educationName(m.education) },
    { key: 'occupation', label: '职业', children: m.occupation ?? NONE },
    { key: 'workUnit', label: '工作单位', children: m.workUnit ?? NONE },
    { key: 'post', label: '职务', children: m.post ?? NONE },
    { key: 'cadreRank', label: '领导干部级别', children: m.cadreRank ? CADRE_RANKS[m.cadreRank] : NONE },
    { key: 'org', label: '所在组织', children: <Link to={`/orgs/${m.org.id}`}>{m.org.name}</Link> },
    { key: 'status', label: '状态', children: <Tag color={statusColor(m.status)}>{statusName(m.status)}</Tag> },
  ]
  for (const f of ['appliedOn', 'activistOn', 'candidateOn', 'admittedOn', 'fullOn'] as const)
    if (m[f]) items.push({ key: f, label: MEMBER_DATE_LABELS[f], children: m[f] })
  if (m.status === 'left') {
    items.push({ key: 'leftOn', label: MEMBER_DATE_LABELS.leftOn, children: m.leftOn ?? NONE })
    items.push({ key: 'leftReason', label: '离开原因', children: leftReasonName(m.leftReason) })
    if (m.leftDocument) items.push({ key: 'leftDocument', label: '文号', children: m.leftDocument })
  }
  items.push(
    { key: 'isInDifficulty', label: '生活困难', children: yesNo(m.isInDifficulty) },
    { key: 'isLostContact', label: '失去联系', children: yesNo(m.isLostContact) },
    { key: 'isMobile', label: '流动党员', children: yesNo(m.isMobile) },
  )
  return items
}

function StatusHistory({ entries }: { entries: MemberStatusHistoryEntry[] }) {
  return (
    <Table<MemberStatusHistoryEntry>
      rowKey={(e) => `${e.recordedAt}-${e.toStatus}`}
      size="small"
      pagination={false}
      scroll={{ x: 760 }}
      dataSource={entries}
      locale={{ emptyText: '暂无状态变更记录' }}
      columns={[
        { title: '生效日期', dataIndex: 'effectiveOn', width: 110 },
        {
          title: '变更',
          key: 'change',
          width: 200,
          render: (_, e) =>
            e.fromStatus ? `${statusName(e.fromStatus)} → ${statusName(e.toStatus)}` : `登记为${statusName(e.toStatus)}`,
        },
        { title: '原因', key: 'reason', render: (_, e) => e.reason ?? NONE },
        { title: '文号', key: 'documentNo', width: 140, render: (_, e) => e.documentNo ?? NONE },
        { title: '记录人', key: 'recordedBy', width: 100, render: (_, e) => e.recordedBy ?? NONE },
        { title: '记录时间', key: 'recordedAt', width: 170, render: (_, e) => formatDateTime(e.recordedAt) },
      ]}
    />
  )
}

function OrgHistory({ entries }: { entries: MemberOrgHistoryEntry[] }) {
  return (
    <Table<MemberOrgHistoryEntry>
      rowKey={(e) => `${e.org.id}-${e.validFrom}`}
      size="small"
      pagination={false}
      scroll={{ x: 770 }}
      dataSource={entries}
      locale={{ emptyText: '暂无组织关系记录' }}
      columns={[
        { title: '党组织', key: 'org', render: (_, e) => <Link to={`/orgs/${e.org.id}`}>{e.org.name}</Link> },
        { title: '转入日期', dataIndex: 'validFrom', width: 110 },
        { title: '转出日期', key: 'validTo', width: 110, render: (_, e) => e.validTo ?? '至今' },
        { title: '转入原因', key: 'reason', width: 120, render: (_, e) => e.reason ?? NONE },
        { title: '文号', key: 'documentNo', width: 170, render: (_, e) => e.documentNo ?? NONE },
      ]}
    />
  )
}

/** `/members/:personId`: the record, masked; the full ID and phone only on request, which is audited. */
export function MemberDetailPage() {
  const { personId = '' } = useParams()
  const { can } = useSession()
  const detail = useQuery(memberDetailQuery(personId))
  const [revealed, setRevealed] = useState<{ personId: string; pii: RevealedPii } | null>(null)
  const [editing, setEditing] = useState<MemberFormTarget | null>(null)
  const [modal, setModal] = useState<'status' | 'transfer' | null>(null)
  const reveal = useMutation({
    mutationFn: () => api(API.members.reveal, { params: { personId } }),
    onSuccess: (pii) => setRevealed({ personId, pii }),
  })

  if (detail.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    )
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />

  const m = detail.data
  const shown = revealed?.personId === m.personId ? revealed.pii : null
  const canWrite = can('members.write')
  const active = m.status !== 'left'
  const actions = (
    <Space wrap>
      {can('people.reveal_pii') && !shown && (
        <Button icon={<EyeOutlined aria-hidden />} loading={reveal.isPending} onClick={() => reveal.mutate()}>
          查看完整信息
        </Button>
      )}
      {canWrite && (
        <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing({ mode: 'edit', member: m })}>
          编辑
        </Button>
      )}
      {canWrite && active && (
        <Button icon={<SyncOutlined aria-hidden />} onClick={() => setModal('status')}>
          变更状态
        </Button>
      )}
      {canWrite && active && (
        <Button icon={<SwapOutlined aria-hidden />} onClick={() => setModal('transfer')}>
          转接
        </Button>
      )}
    </Space>
  )

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space size={8} wrap>
            <Link to="/members" aria-label="返回党员名册">
              <ArrowLeftOutlined />
            </Link>
            <span>{m.name}</span>
            <Tag color={statusColor(m.status)}>{statusName(m.status)}</Tag>
          </Space>
        }
        styles={{ header: { paddingBlock: 8 }, title: { whiteSpace: 'normal' } }}
      >
        <div style={{ marginBottom: 16 }}>{actions}</div>
        {can('people.reveal_pii') && !shown && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            身份证号和手机号已脱敏；查看完整信息将记入审计日志。
          </Typography.Paragraph>
        )}
        {reveal.isError && <Alert type="error" showIcon title={reveal.error.message} style={{ marginBottom: 16 }} />}
        {shown && (
          <Alert
            type="warning"
            showIcon
            title="正在显示完整的身份证号和手机号，本次查看已记入审计日志"
            style={{ marginBottom: 16 }}
          />
        )}
        <div style={{ marginBottom: 16 }}>
          <MemberPhoto member={m} canWrite={canWrite} />
        </div>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={fields(m, shown)}
        />
      </Card>
      <Card size="small" title="状态变更记录">
        <StatusHistory entries={m.statusHistory} />
      </Card>
      <Card size="small" title="组织关系记录">
        <OrgHistory entries={m.orgHistory} />
      </Card>
      <MemberFormModal target={editing} onClose={() => setEditing(null)} />
      <MemberStatusModal member={m} open={modal === 'status'} onClose={() => setModal(null)} />
      <MemberTransferModal member={m} open={modal === 'transfer'} onClose={() => setModal(null)} />
    </Space>
  )
}
