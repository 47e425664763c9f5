import { StopOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons'
import {
  COMMITTEE_POSTS,
  COMMITTEE_STRUCTURES,
  ORG_KINDS,
  type CommitteeMemberView,
  type CommitteeTermView,
  type OrgDetail,
} from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Collapse, Descriptions, Empty, Flex, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { chinaToday } from '../../lib/china-date.ts'
import { useSession } from '../../lib/session.ts'
import { CommitteeMemberAddModal, CommitteeMemberEndModal } from './committee-member-modals.tsx'
import { committeeQuery, remainingOf } from './committee-queries.ts'
import { CommitteeTermEndModal, CommitteeTermStartModal } from './committee-term-modals.tsx'
import { useOrgView } from './use-org-view.ts'

const TONE_COLOR = { expired: 'red', soon: 'orange', ok: 'green' } as const

const structureName = (term: CommitteeTermView, org: OrgDetail) =>
  term.structure === 'committee' && (org.kind === 'branch' || org.kind === 'joint_branch')
    ? '设支部委员会'
    : COMMITTEE_STRUCTURES[term.structure]

function MembersTable({
  term,
  onEnd,
}: {
  term: CommitteeTermView
  /** Absent when posts cannot be ended here (a past term, or no write permission). */
  onEnd?: ((member: CommitteeMemberView) => void) | undefined
}) {
  const columns: TableColumnsType<CommitteeMemberView> = [
    {
      key: 'post',
      title: '职务',
      width: 100,
      render: (_, m) => (
        <Tag color={m.post === 'secretary' ? 'red' : m.post === 'deputy_secretary' ? 'volcano' : 'default'}>
          {COMMITTEE_POSTS[m.post]}
        </Tag>
      ),
    },
    { key: 'name', title: '姓名', width: 110, render: (_, m) => <Link to={`/members/${m.personId}`}>{m.name}</Link> },
    { key: 'startedOn', title: '任职日期', dataIndex: 'startedOn', width: 110 },
    {
      key: 'endedOn',
      title: '离任',
      render: (_, m) =>
        m.endedOn ? (
          <Typography.Text type="secondary">
            {m.endedOn}
            {m.endReason ? `（${m.endReason}）` : ''}
          </Typography.Text>
        ) : (
          <Tag color="green">在任</Tag>
        ),
    },
    ...(onEnd
      ? [
          {
            key: 'actions',
            title: '操作',
            width: 80,
            render: (_: unknown, m: CommitteeMemberView) =>
              m.endedOn ? null : (
                <Button size="small" type="link" onClick={() => onEnd(m)} aria-label={`${m.name}离任`}>
                  离任
                </Button>
              ),
          },
        ]
      : []),
  ]
  return (
    <Table<CommitteeMemberView>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={term.members}
      pagination={false}
      scroll={{ x: 520 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未登记成员" /> }}
    />
  )
}

function TermFacts({ term, org, reminderMonths }: { term: CommitteeTermView; org: OrgDetail; reminderMonths?: number }) {
  const remaining = reminderMonths === undefined ? null : remainingOf(term.termEndsOn, { today: chinaToday(), reminderMonths })
  const held = term.members.filter((m) => m.endedOn === null).length
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={[
        { key: 'number', label: '届次', children: `第 ${term.termNumber} 届` },
        { key: 'structure', label: '班子设置', children: structureName(term, org) },
        { key: 'electedOn', label: '选举日期', children: term.electedOn },
        {
          key: 'years',
          label: '任期',
          children: `${term.termYears} 年${term.termYearsReason ? `（${term.termYearsReason}）` : ''}`,
        },
        { key: 'endsOn', label: '任期届满日', children: term.termEndsOn },
        term.endedOn
          ? {
              key: 'ended',
              label: '结束',
              children: `${term.endedOn}${term.endReason ? `（${term.endReason}）` : ''}`,
            }
          : {
              key: 'remaining',
              label: '剩余任期',
              children: remaining && <Tag color={TONE_COLOR[remaining.tone]}>{remaining.text}</Tag>,
            },
        ...(term.endedOn ? [] : [{ key: 'held', label: '在任成员', children: `${held} 人` }]),
        ...(term.note ? [{ key: 'note', label: '备注', children: term.note, span: 'filled' as const }] : []),
      ]}
    />
  )
}

/** The 班子成员 tab: the current term with its members and posts, past terms, and the forms to change them. */
export function OrgCommitteeTab({ org }: { org: OrgDetail }) {
  const { can } = useSession()
  const { asOf } = useOrgView()
  const committee = useQuery(committeeQuery(org.id))
  const [starting, setStarting] = useState(false)
  const [ending, setEnding] = useState<CommitteeTermView | null>(null)
  const [adding, setAdding] = useState<CommitteeTermView | null>(null)
  const [leaving, setLeaving] = useState<CommitteeMemberView | null>(null)

  if (committee.isPending) return <PageLoading />
  if (committee.isError) return <QueryError error={committee.error} onRetry={() => void committee.refetch()} />

  const { current, past, defaults, reminderMonths } = committee.data
  const canWrite = can('committees.write') && org.status === 'active' && !asOf && defaults.isElected

  if (!defaults.isElected && !current && past.length === 0)
    return <Empty description={`${ORG_KINDS[org.kind]}的负责人由上级党组织任命或指定，不实行届期`} />

  return (
    <Flex vertical gap={16}>
      <section aria-label="本届班子">
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            本届班子
          </Typography.Title>
          {canWrite && (
            <Space wrap>
              {current && (
                <Button type="primary" icon={<UserAddOutlined aria-hidden />} onClick={() => setAdding(current)}>
                  增加成员
                </Button>
              )}
              <Button
                icon={<SwapOutlined aria-hidden />}
                onClick={() => setStarting(true)}
                {...(!current && { type: 'primary' })}
              >
                {current ? '换届' : '登记本届班子'}
              </Button>
              {current && (
                <Button danger icon={<StopOutlined aria-hidden />} onClick={() => setEnding(current)}>
                  结束本届
                </Button>
              )}
            </Space>
          )}
        </Flex>
        {current ? (
          <Flex vertical gap={12}>
            <TermFacts term={current} org={org} reminderMonths={reminderMonths} />
            <MembersTable term={current} onEnd={canWrite ? setLeaving : undefined} />
          </Flex>
        ) : (
          <Empty
            description={
              <>
                <div>尚未登记本届班子</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {defaults.termYearsBasis}
                </Typography.Text>
              </>
            }
          />
        )}
      </section>

      {past.length > 0 && (
        <section aria-label="往届班子">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            往届班子
          </Typography.Title>
          <Collapse
            size="small"
            items={past.map((term) => ({
              key: term.id,
              label: `第 ${term.termNumber} 届（${term.electedOn} 至 ${term.endedOn ?? term.termEndsOn}）`,
              children: (
                <Flex vertical gap={12}>
                  <TermFacts term={term} org={org} />
                  <MembersTable term={term} />
                </Flex>
              ),
            }))}
          />
        </section>
      )}

      <CommitteeTermStartModal
        org={org}
        defaults={defaults}
        current={current}
        open={starting}
        onClose={() => setStarting(false)}
      />
      <CommitteeTermEndModal term={ending} onClose={() => setEnding(null)} />
      <CommitteeMemberAddModal org={org} term={adding} onClose={() => setAdding(null)} />
      <CommitteeMemberEndModal member={leaving} onClose={() => setLeaving(null)} />
    </Flex>
  )
}
