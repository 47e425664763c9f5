import { API, QUIZ_STATUSES, type OrgResult, type PersonResult } from '@xianfeng/contract'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Alert, Breadcrumb, Card, Descriptions, Flex, Table, Tabs, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { api } from '../../api.ts'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount, formatDateTime, formatPercent } from '../../lib/format.ts'
import { useTableScroll, WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { quizQuery } from './contest-queries.ts'

const score = (n: number | null) => (n === null ? '—' : `${n} 分`)

/**
 * 竞赛成绩: by org (members, participants, average of best scores; click an org to look inside it)
 * and by person (best score first), within the scope: a quiz an org above published shows the
 * scope's own members only. The ranking is for reading only; nothing else uses it.
 */
export function QuizResultsPage() {
  const { id = '' } = useParams()
  const quiz = useQuery(quizQuery(id))
  if (quiz.isError) return <QueryError error={quiz.error} onRetry={() => void quiz.refetch()} />
  if (!quiz.data) return <PageLoading />
  const q = quiz.data
  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ title: <Link to="/contests/quizzes">知识竞赛</Link> }, { title: '成绩' }]} />
      {!q.canManage && (
        <Alert type="info" showIcon title={`这项竞赛由${q.org.name}组织，这里只显示${q.resultsOrg.name}及其下级组织党员的成绩`} />
      )}
      <Card size="small" title={q.title}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'org', label: '面向组织', children: q.org.name },
            { key: 'status', label: '状态', children: QUIZ_STATUSES[q.status] },
            { key: 'count', label: '试题', children: `${q.questionCount} 道，限时 ${q.timeLimitMinutes} 分钟` },
            {
              key: 'window',
              label: '开放时间',
              children: `${formatDateTime(q.opensAt).slice(0, 16)} 至 ${formatDateTime(q.closesAt).slice(0, 16)}`,
            },
          ]}
        />
      </Card>
      <Card size="small">
        <Tabs
          items={[
            { key: 'orgs', label: '按组织', children: <OrgResults quizId={q.id} root={q.resultsOrg} /> },
            { key: 'people', label: '按人员', children: <PersonResults quizId={q.id} /> },
          ]}
        />
      </Card>
    </Flex>
  )
}

function OrgResults({ quizId, root }: { quizId: string; root: { id: string; name: string } }) {
  // the path walked down from the quiz's org (a quiz from above: from the scope's own org)
  const [trail, setTrail] = useState<{ id: string; name: string }[]>([root])
  const current = trail[trail.length - 1]!
  const results = useQuery({
    queryKey: ['contests', 'results', 'orgs', quizId, current.id],
    queryFn: () => api(API.contests.orgResults, { params: { id: quizId }, query: { orgId: current.id } }),
    placeholderData: keepPreviousData,
  })
  const scroll = useTableScroll(560)
  if (results.isError) return <QueryError error={results.error} onRetry={() => void results.refetch()} />
  const rows: (OrgResult & { isTotal?: boolean })[] = results.data
    ? [{ ...results.data.total, isTotal: true }, ...results.data.items]
    : []
  return (
    <Flex vertical gap={8}>
      {trail.length > 1 && (
        <Breadcrumb
          items={trail.map((o, i) => ({
            title:
              i === trail.length - 1 ? (
                o.name
              ) : (
                <Typography.Link onClick={() => setTrail(trail.slice(0, i + 1))}>{o.name}</Typography.Link>
              ),
          }))}
        />
      )}
      <Table<OrgResult & { isTotal?: boolean }>
        size="small"
        rowKey={(r) => (r.isTotal ? 'total' : r.org.id)}
        loading={results.isFetching}
        dataSource={rows}
        pagination={false}
        scroll={scroll}
        aria-label="按组织的成绩"
        columns={[
          {
            title: '组织',
            key: 'org',
            render: (_, r) =>
              r.isTotal ? (
                <Typography.Text strong>{r.org.name}（合计）</Typography.Text>
              ) : r.members > 0 ? (
                // a link, not a button: a long name wraps instead of widening the table
                <Typography.Link onClick={() => setTrail([...trail, r.org])}>{r.org.name}</Typography.Link>
              ) : (
                r.org.name
              ),
          },
          {
            title: '党员数',
            dataIndex: 'members',
            width: 80,
            responsive: WIDE_ONLY,
            render: (n: number) => formatCount(n),
          },
          { title: '参加人数', dataIndex: 'participants', width: 90, render: (n: number) => formatCount(n) },
          {
            title: '参与率',
            key: 'rate',
            width: 80,
            responsive: WIDE_ONLY,
            render: (_, r) => formatPercent(r.participants, r.members),
          },
          { title: '平均成绩', dataIndex: 'averageScore', width: 90, render: (n: number | null) => score(n) },
        ]}
      />
      <Typography.Text type="secondary">平均成绩按每人最好的一次计算；党员数为预备党员和正式党员的现有人数。</Typography.Text>
    </Flex>
  )
}

function PersonResults({ quizId }: { quizId: string }) {
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const results = useQuery({
    queryKey: ['contests', 'results', 'people', quizId, page],
    queryFn: () => api(API.contests.personResults, { params: { id: quizId }, query: page }),
    placeholderData: keepPreviousData,
  })
  const scroll = useTableScroll(560)
  if (results.isError) return <QueryError error={results.error} onRetry={() => void results.refetch()} />
  return (
    <Table<PersonResult>
      size="small"
      rowKey={(r) => r.person.id}
      loading={results.isFetching}
      dataSource={results.data?.items}
      scroll={scroll}
      aria-label="按人员的成绩"
      locale={{ emptyText: '还没有人交卷' }}
      pagination={{
        current: page.page,
        pageSize: page.pageSize,
        total: results.data?.total ?? 0,
        showTotal: (total) => `共 ${formatCount(total)} 人`,
        onChange: (p, pageSize) => setPage({ page: p, pageSize }),
      }}
      columns={[
        { title: '名次', dataIndex: 'rank', width: 60 },
        { title: '姓名', key: 'name', width: 100, render: (_, r) => r.person.name },
        { title: '所在组织', key: 'org', ellipsis: true, responsive: WIDE_ONLY, render: (_, r) => r.org.name },
        { title: '最好成绩', dataIndex: 'bestScore', width: 90, render: (n: number) => score(n) },
        { title: '答题次数', dataIndex: 'attempts', width: 80, responsive: WIDE_ONLY },
        {
          title: '最后交卷',
          dataIndex: 'lastSubmittedAt',
          width: 170,
          responsive: WIDE_ONLY,
          render: (s: string) => formatDateTime(s),
        },
      ]}
    />
  )
}
