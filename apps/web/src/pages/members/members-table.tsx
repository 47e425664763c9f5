import type { MemberListItem } from '@xianfeng/contract'
import { Button, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { Link, useNavigate } from 'react-router'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { NONE, educationName, genderName, statusColor, statusName } from './member-labels.ts'

interface Props {
  items: MemberListItem[]
  loading: boolean
  emptyText: string
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
  /** Hide the 所在组织 column (the org tab lists one org's members). */
  hideOrg?: boolean
}

const mono = (v: string | null) => (v ? <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text> : NONE)

const columns: TableColumnsType<MemberListItem> = [
  {
    title: '姓名',
    key: 'name',
    width: 110,
    fixed: 'left',
    render: (_, m) => (
      <Link to={`/members/${m.personId}`} onClick={(e) => e.stopPropagation()}>
        {m.name}
      </Link>
    ),
  },
  { title: '性别', key: 'gender', width: 60, render: (_, m) => genderName(m.gender) },
  { title: '出生日期', dataIndex: 'birthDate', key: 'birthDate', width: 110 },
  { title: '学历', key: 'education', width: 130, render: (_, m) => educationName(m.education) },
  { title: '身份证号', key: 'idNumber', width: 190, render: (_, m) => mono(m.idNumber) },
  { title: '手机号', key: 'phone', width: 120, render: (_, m) => mono(m.phone) },
  { title: '所在组织', key: 'org', render: (_, m) => m.org.name },
  {
    title: '状态',
    key: 'status',
    width: 120,
    render: (_, m) => <Tag color={statusColor(m.status)}>{statusName(m.status)}</Tag>,
  },
  { title: '入党日期', key: 'admittedOn', width: 110, render: (_, m) => m.admittedOn ?? NONE },
]

/** Member rows, masked as the server gives them; a click on a row opens the record. */
export function MembersTable({ items, loading, emptyText, hasMore, loadingMore, onLoadMore, hideOrg }: Props) {
  const navigate = useNavigate()
  const isMobile = useIsMobile()
  const shown = columns
    .filter((c) => !(hideOrg && c.key === 'org'))
    .map((c) => (isMobile && c.key === 'name' ? { ...c, width: 90 } : c))
  return (
    <Flex vertical gap={12}>
      <Table<MemberListItem>
        rowKey="personId"
        size="middle"
        columns={shown}
        dataSource={items}
        loading={loading && !loadingMore}
        scroll={{ x: hideOrg ? 950 : 1150 }}
        locale={{ emptyText }}
        pagination={false}
        onRow={(m) => ({ onClick: () => void navigate(`/members/${m.personId}`), style: { cursor: 'pointer' } })}
      />
      {hasMore && (
        <Flex justify="center">
          <Button onClick={onLoadMore} loading={loadingMore}>
            加载更多
          </Button>
        </Flex>
      )}
    </Flex>
  )
}
