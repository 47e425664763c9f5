import { DragOutlined, EditOutlined, MergeCellsOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons'
import {
  ESTABLISHMENT_MODES,
  HOST_UNIT_TYPES,
  MERGEABLE_KINDS,
  ORG_KINDS,
  ORG_LEVELS,
  ORG_STATUSES,
  type OrgDetail,
} from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Alert, Breadcrumb, Button, Card, Descriptions, Grid, Skeleton, Space, Tabs, Tag, type DescriptionsProps } from 'antd'
import { Link } from 'react-router'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { orgDetailQuery } from '../../lib/org-queries.ts'
import { useSession } from '../../lib/session.ts'
import { OrgMembersTab } from '../members/org-members-tab.tsx'
import { OrgWarningsTab } from './org-warnings-tab.tsx'
import { OrgCommitteeTab } from './org-committee-tab.tsx'
import { OrgChangesTab } from './org-changes-tab.tsx'
import { OrgChildrenTab } from './org-children-tab.tsx'
import { useOrgView, type OrgTab } from './use-org-view.ts'

interface Props {
  orgId: string
  onCreateChild: (parent: OrgDetail) => void
  onEdit: (org: OrgDetail) => void
  onMove: (org: OrgDetail) => void
  onMerge: (org: OrgDetail) => void
  onDissolve: (org: OrgDetail) => void
}

const NONE = '—'

function fields(org: OrgDetail, orgPath: (id: string) => string): DescriptionsProps['items'] {
  const dissolved = org.status === 'dissolved'
  return [
    { key: 'name', label: '组织名称', children: org.name, span: 'filled' },
    { key: 'shortName', label: '简称', children: org.shortName ?? NONE },
    { key: 'kind', label: '类别', children: ORG_KINDS[org.kind] },
    { key: 'level', label: '层级', children: ORG_LEVELS[org.level] },
    { key: 'divisionCode', label: '行政区划代码', children: org.divisionCode ?? NONE },
    {
      key: 'status',
      label: '状态',
      children: <Tag color={dissolved ? 'default' : 'green'}>{ORG_STATUSES[org.status]}</Tag>,
    },
    { key: 'childCount', label: '下级组织数', children: org.childCount },
    { key: 'hostUnitType', label: '所在单位类型', children: org.hostUnitType ? HOST_UNIT_TYPES[org.hostUnitType] : NONE },
    { key: 'hostUnitName', label: '所在单位名称', children: org.hostUnitName ?? NONE },
    {
      key: 'establishmentMode',
      label: '组建方式',
      children: org.establishmentMode ? ESTABLISHMENT_MODES[org.establishmentMode] : NONE,
    },
    {
      key: 'attachedTo',
      label: '挂靠组织',
      children: org.attachedTo ? <Link to={orgPath(org.attachedTo.id)}>{org.attachedTo.name}</Link> : NONE,
    },
    {
      key: 'coveredUnits',
      label: '覆盖单位',
      span: 'filled',
      children:
        org.coveredUnits.length > 0 ? (
          <Space size={[0, 6]} wrap>
            {org.coveredUnits.map((unit) => (
              // A long unit name wraps instead of widening the table on a phone.
              <Tag key={unit} style={{ whiteSpace: 'normal', marginInlineEnd: 6 }}>
                {unit}
              </Tag>
            ))}
          </Space>
        ) : (
          NONE
        ),
    },
    { key: 'address', label: '地址', children: org.address ?? NONE, span: 'filled' },
    { key: 'contactPhone', label: '联系电话', children: org.contactPhone ?? NONE },
    { key: 'establishedOn', label: '成立日期', children: org.establishedOn ?? NONE },
    ...(dissolved
      ? [
          { key: 'dissolvedOn', label: '撤销日期', children: org.dissolvedOn ?? NONE },
          { key: 'dissolvedReason', label: '撤销原因', children: org.dissolvedReason ?? NONE, span: 'filled' as const },
        ]
      : []),
    { key: 'createdAt', label: '创建时间', children: formatDateTime(org.createdAt) },
    { key: 'updatedAt', label: '更新时间', children: formatDateTime(org.updatedAt) },
  ]
}

/** 基本信息: the org's record as it is today. */
function OrgInfoTab({ org }: { org: OrgDetail }) {
  const { asOf, orgPath } = useOrgView()
  const dissolved = org.status === 'dissolved'
  return (
    <>
      {asOf && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`组织树显示的是 ${asOf} 终了时的状态；这里是该组织现在的信息。`}
        />
      )}
      {dissolved && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`该组织已撤销${org.dissolvedOn ? `（撤销日期 ${org.dissolvedOn}）` : ''}`}
          description={org.dissolvedReason ? `撤销原因：${org.dissolvedReason}` : undefined}
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 1, lg: 2 }}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={fields(org, orgPath)}
      />
    </>
  )
}

export function OrgDetailPanel({ orgId, onCreateChild, onEdit, onMove, onMerge, onDissolve }: Props) {
  const { can } = useSession()
  const { tab, setTab, asOf, orgPath } = useOrgView()
  const detail = useQuery(orgDetailQuery(orgId))
  // Beside the title only where both fit on one line; otherwise the buttons get a row of their own.
  const actionsInHeader = Boolean(Grid.useBreakpoint().xl)

  if (detail.isPending) {
    return (
      <Card>
        <Skeleton active />
      </Card>
    )
  }
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />

  const org = detail.data
  const dissolved = org.status === 'dissolved'
  // A dissolved org can no longer be changed, nor get new child orgs (the server refuses both);
  // a historical tree is read-only.
  const canWrite = can('orgs.write') && !dissolved && !asOf
  // The scope's root has no parent in the scope; only an administrator above it may move it.
  const canMove = canWrite && org.ancestors.length > 0
  // Branches merge into branches (its members move along, which needs the member permission too).
  const canMerge = canWrite && can('members.write') && MERGEABLE_KINDS.includes(org.kind)
  // The top of the whole tree cannot be dissolved.
  const canDissolve = canWrite && org.parentId !== null
  const actions = canWrite && (
    <Space wrap>
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => onCreateChild(org)}>
        新建下级组织
      </Button>
      <Button icon={<EditOutlined aria-hidden />} onClick={() => onEdit(org)}>
        编辑
      </Button>
      {canMove && (
        <Button icon={<DragOutlined aria-hidden />} onClick={() => onMove(org)}>
          移动
        </Button>
      )}
      {canMerge && (
        <Button icon={<MergeCellsOutlined aria-hidden />} onClick={() => onMerge(org)}>
          合并
        </Button>
      )}
      {canDissolve && (
        <Button danger icon={<StopOutlined aria-hidden />} onClick={() => onDissolve(org)}>
          撤销
        </Button>
      )}
    </Space>
  )
  return (
    <Card
      title={
        <Space size={8} wrap>
          <span>{org.name}</span>
          {dissolved && <Tag color="default">已撤销</Tag>}
        </Space>
      }
      styles={{ header: { paddingBlock: 8 }, title: { whiteSpace: 'normal' }, body: { paddingTop: 12 } }}
      extra={actionsInHeader && actions}
    >
      {!actionsInHeader && actions && <div style={{ marginBottom: 16 }}>{actions}</div>}
      <Breadcrumb
        style={{ marginBottom: 4 }}
        items={[
          ...org.ancestors.map((a) => ({ key: a.id, title: <Link to={orgPath(a.id)}>{a.name}</Link> })),
          { key: org.id, title: org.name },
        ]}
      />
      {/* A tab bar too wide for a phone scrolls. */}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as OrgTab)}
        destroyOnHidden
        items={[
          { key: 'info', label: '基本信息', children: <OrgInfoTab org={org} /> },
          ...(can('committees.read')
            ? [{ key: 'committee', label: '班子成员', children: <OrgCommitteeTab key={org.id} org={org} /> }]
            : []),
          { key: 'children', label: '下级组织', children: <OrgChildrenTab org={org} /> },
          ...(can('members.read')
            ? [{ key: 'members', label: '党员', children: <OrgMembersTab key={org.id} orgId={org.id} /> }]
            : []),
          { key: 'warnings', label: '预警', children: <OrgWarningsTab key={org.id} orgId={org.id} /> },
          { key: 'changes', label: '变更记录', children: <OrgChangesTab key={org.id} org={org} /> },
        ]}
      />
    </Card>
  )
}
