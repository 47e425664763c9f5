import { PlusOutlined } from '@ant-design/icons'
import { ACTIVITY_KINDS, type ActivitySummary, type ActivityView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Flex, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { useTableScroll, WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { ActivitiesFilterBar } from './activities-filter-bar.tsx'
import { ActivityDetailDrawer } from './activity-detail-drawer.tsx'
import { ActivityFormModal, type ActivityFormTarget } from './activity-form-modal.tsx'
import { activitiesQuery, isActivityKind, type ActivitiesView } from './activity-queries.ts'
import { ActivityVoidModal } from './activity-void-modal.tsx'

const DEFAULT_PAGE_SIZE = 20
const DATE = /^\d{4}-\d{2}-\d{2}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : fallback
}

const dateParam = (value: string | null) => (value && DATE.test(value) ? value : undefined)

function readView(params: URLSearchParams): ActivitiesView {
  const orgId = params.get('orgId')
  const kind = params.get('kind')
  return {
    orgId: orgId && UUID.test(orgId) ? orgId : undefined,
    kind: isActivityKind(kind) ? kind : undefined,
    from: dateParam(params.get('from')),
    to: dateParam(params.get('to')),
    includeVoided: params.get('voided') === 'true',
    page: positiveInt(params.get('page'), 1),
    pageSize: Math.min(positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE), 100),
  }
}

function emptyText(view: ActivitiesView): string {
  if (view.orgId || view.kind || view.from || view.to) return '没有符合条件的记录'
  return '当前范围内尚未登记组织生活'
}

/**
 * 组织生活 (seed §5–7): meetings, party lectures and study events of the scope's orgs, each entered
 * once with its attendance. `/activities?orgId=…&kind=theme_day&new=1` opens the form prefilled
 * (the 达标情况 page and the home page's 本月待办 link here).
 */
export function ActivitiesPage() {
  const { can, me } = useSession()
  const canWrite = can('activities.write')
  const [params, setParams] = useSearchParams()
  const view = readView(params)
  const activities = useQuery(activitiesQuery(view))
  const [form, setForm] = useState<ActivityFormTarget | null>(null)
  const [voiding, setVoiding] = useState<ActivityView | null>(null)
  const detailId = params.get('id')
  const wantsNew = params.get('new') === '1'
  const scroll = useTableScroll(880)

  const update = (next: ActivitiesView, extra: Record<string, string> = {}) => {
    const entries: [string, string | number | undefined][] = [
      ['orgId', next.orgId],
      ['kind', next.kind],
      ['from', next.from],
      ['to', next.to],
      ['voided', next.includeVoided ? 'true' : undefined],
      ['page', next.page === 1 ? undefined : next.page],
      ['pageSize', next.pageSize === DEFAULT_PAGE_SIZE ? undefined : next.pageSize],
      ...Object.entries(extra),
    ]
    const merged = new URLSearchParams()
    for (const [key, value] of entries) if (value !== undefined && value !== '') merged.set(key, String(value))
    setParams(merged, { replace: true })
  }

  // A link with new=1 opens the form once, prefilled from the link; the URL then keeps only the filter.
  useEffect(() => {
    if (!wantsNew) return
    if (canWrite) setForm({ mode: 'create', orgId: view.orgId ?? me.currentGrant?.orgId, kinds: view.kind ? [view.kind] : [] })
    const next = new URLSearchParams(params)
    next.delete('new')
    setParams(next, { replace: true })
  }, [wantsNew, canWrite, view.orgId, view.kind, me.currentGrant?.orgId, params, setParams])

  const openDetail = (id: string | null) => {
    const next = new URLSearchParams(params)
    if (id) next.set('id', id)
    else next.delete('id')
    setParams(next, { replace: true })
  }

  return (
    <>
      <Card
        size="small"
        title="组织生活"
        styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
        extra={
          canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() =>
                setForm({ mode: 'create', orgId: view.orgId ?? me.currentGrant?.orgId, kinds: view.kind ? [view.kind] : [] })
              }
            >
              登记组织生活
            </Button>
          )
        }
      >
        <Flex vertical gap={16}>
          <Typography.Text type="secondary">
            “三会一课”、主题党日、学习日等组织生活和学习活动，每次登记一条，带出席情况；一条记录可以同时属于几种类型。列表含所选组织的下级组织。
          </Typography.Text>
          <ActivitiesFilterBar filter={view} onChange={(filter) => update({ ...view, ...filter, page: 1 })} />
          {activities.isError ? (
            <QueryError error={activities.error} onRetry={() => void activities.refetch()} />
          ) : (
            <Table<ActivitySummary>
              size="middle"
              rowKey="id"
              loading={activities.isFetching}
              dataSource={activities.data?.items}
              locale={{ emptyText: emptyText(view) }}
              scroll={scroll}
              onRow={(a) => ({ onClick: () => openDetail(a.id), style: { cursor: 'pointer' } })}
              columns={[
                { title: '日期', dataIndex: 'heldOn', width: 110 },
                {
                  title: '主题',
                  dataIndex: 'topic',
                  render: (topic: string, a) => (
                    <Flex vertical>
                      <Typography.Link onClick={() => openDetail(a.id)}>{topic}</Typography.Link>
                      {a.voided && <Typography.Text type="secondary">已作废</Typography.Text>}
                    </Flex>
                  ),
                },
                {
                  title: '活动类型',
                  dataIndex: 'kinds',
                  responsive: WIDE_ONLY,
                  render: (kinds: ActivitySummary['kinds']) => (
                    <Flex wrap gap={4}>
                      {kinds.map((k) => (
                        <Tag key={k} style={{ marginInlineEnd: 0 }}>
                          {ACTIVITY_KINDS[k]}
                        </Tag>
                      ))}
                    </Flex>
                  ),
                },
                { title: '组织', dataIndex: ['org', 'name'], ellipsis: true, responsive: WIDE_ONLY },
                {
                  title: '学时',
                  dataIndex: 'hours',
                  width: 70,
                  responsive: WIDE_ONLY,
                  render: (h: number | null) => h ?? '—',
                },
                {
                  title: '主讲人',
                  dataIndex: 'speaker',
                  width: 100,
                  responsive: WIDE_ONLY,
                  render: (s: string | null) => s ?? '—',
                },
                {
                  title: '出席 / 缺席',
                  key: 'attendance',
                  width: 100,
                  render: (_, a) => `${a.present} / ${a.absent}`,
                },
              ]}
              rowClassName={(a) => (a.voided ? 'row-voided' : '')}
              pagination={{
                current: view.page,
                pageSize: view.pageSize,
                total: activities.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [10, 20, 50, 100],
                showTotal: (total) => `共 ${formatCount(total)} 条`,
                onChange: (page, pageSize) => update({ ...view, page: pageSize === view.pageSize ? page : 1, pageSize }),
              }}
            />
          )}
        </Flex>
      </Card>
      <ActivityDetailDrawer
        id={detailId && UUID.test(detailId) ? detailId : null}
        onClose={() => openDetail(null)}
        onEdit={canWrite ? (activity) => setForm({ mode: 'edit', activity }) : undefined}
        onVoid={canWrite ? setVoiding : undefined}
      />
      <ActivityFormModal target={form} onClose={() => setForm(null)} />
      <ActivityVoidModal activity={voiding} onClose={() => setVoiding(null)} />
    </>
  )
}
