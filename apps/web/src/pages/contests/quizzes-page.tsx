import { PlusOutlined } from '@ant-design/icons'
import { API, QUIZ_SELECTIONS, QUIZ_STATUSES, type QuizStatus, type QuizView } from '@xianfeng/contract'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { App, Button, Card, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api, isApiError } from '../../api.ts'
import { CodeFilter } from '../../components/code-filter.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount, formatDateTime } from '../../lib/format.ts'
import { useTableScroll, WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { contestKeys, quizzesQuery } from './contest-queries.ts'
import { QuizFormModal, type QuizFormTarget } from './quiz-form-modal.tsx'

const STATUS_COLORS: Record<QuizStatus, string> = { draft: 'default', published: 'green', closed: 'red' }

/**
 * 竞赛管理: the quizzes of the scope (create drafts, publish, close) and those an org above has
 * published for it; the results of either, within the scope.
 */
export function QuizzesPage() {
  const { message } = App.useApp()
  const client = useQueryClient()
  const [view, setView] = useState<{ status: QuizStatus | undefined; page: number; pageSize: number }>({
    status: undefined,
    page: 1,
    pageSize: 20,
  })
  const quizzes = useQuery(quizzesQuery(view))
  const [target, setTarget] = useState<QuizFormTarget | null>(null)
  const scroll = useTableScroll(1100)

  const act = useMutation({
    mutationFn: async ({ quiz, action }: { quiz: QuizView; action: 'publish' | 'close' }) =>
      (await api(action === 'publish' ? API.contests.publishQuiz : API.contests.closeQuiz, { params: { id: quiz.id } })).quiz,
    onSuccess: (quiz) => {
      void client.invalidateQueries({ queryKey: contestKeys.quizzes })
      void message.success(quiz.status === 'published' ? `已发布“${quiz.title}”` : `已结束“${quiz.title}”`)
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : '操作失败，请重试'),
  })

  return (
    <Card
      size="small"
      title="知识竞赛"
      styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
      extra={
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setTarget({ mode: 'create' })}>
          新建竞赛
        </Button>
      }
    >
      <Flex vertical gap={16}>
        <CodeFilter
          label="状态"
          names={QUIZ_STATUSES}
          value={view.status}
          width={140}
          onChange={(status) => setView({ ...view, status, page: 1 })}
        />
        {quizzes.isError ? (
          <QueryError error={quizzes.error} onRetry={() => void quizzes.refetch()} />
        ) : (
          <Table<QuizView>
            size="small"
            rowKey="id"
            loading={quizzes.isFetching}
            dataSource={quizzes.data?.items}
            scroll={scroll}
            locale={{ emptyText: '还没有竞赛' }}
            pagination={{
              current: view.page,
              pageSize: view.pageSize,
              total: quizzes.data?.total ?? 0,
              showTotal: (total) => `共 ${formatCount(total)} 项`,
              onChange: (page, pageSize) => setView({ ...view, page, pageSize }),
            }}
            columns={[
              {
                title: '竞赛名称',
                dataIndex: 'title',
                width: 200,
                render: (title: string, q) => (
                  <Flex vertical>
                    {title}
                    {!q.canManage && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        上级组织（{q.org.name}）发布，可查看本范围的成绩
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                title: '面向组织',
                key: 'org',
                width: 150,
                ellipsis: true,
                responsive: WIDE_ONLY,
                render: (_, q) => q.org.name,
              },
              {
                title: '试题',
                key: 'questions',
                width: 150,
                responsive: WIDE_ONLY,
                render: (_, q) =>
                  q.selection === 'fixed' ? `${q.questionCount} 道` : `${QUIZ_SELECTIONS.random}“${q.tag}” ${q.questionCount} 道`,
              },
              {
                title: '时限',
                dataIndex: 'timeLimitMinutes',
                width: 80,
                responsive: WIDE_ONLY,
                render: (m: number) => `${m} 分钟`,
              },
              {
                title: '开放时间',
                key: 'window',
                width: 200,
                responsive: WIDE_ONLY,
                render: (_, q) => (
                  <>
                    {formatDateTime(q.opensAt).slice(0, 16)}
                    <br />至 {formatDateTime(q.closesAt).slice(0, 16)}
                  </>
                ),
              },
              {
                title: '状态',
                dataIndex: 'status',
                width: 80,
                render: (s: QuizStatus) => <Tag color={STATUS_COLORS[s]}>{QUIZ_STATUSES[s]}</Tag>,
              },
              { title: '已交卷', dataIndex: 'submittedCount', width: 70, responsive: WIDE_ONLY },
              {
                title: '操作',
                key: 'actions',
                width: 170,
                fixed: 'right',
                render: (_, q) => (
                  <Space size={0} wrap>
                    {q.canManage && q.status === 'draft' && (
                      <>
                        <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', quiz: q })}>
                          编辑
                        </Button>
                        <Popconfirm
                          title={`发布“${q.title}”？`}
                          description="发布后不能再修改，面向组织的党员在开放时间内可以参加。"
                          okText="发布"
                          cancelText="取消"
                          onConfirm={() => act.mutate({ quiz: q, action: 'publish' })}
                        >
                          <Button type="link" size="small">
                            发布
                          </Button>
                        </Popconfirm>
                      </>
                    )}
                    {q.canManage && q.status === 'published' && (
                      <Popconfirm
                        title={`结束“${q.title}”？`}
                        description="结束后不再接受新的答题。"
                        okText="结束"
                        cancelText="取消"
                        onConfirm={() => act.mutate({ quiz: q, action: 'close' })}
                      >
                        <Button type="link" size="small" danger>
                          结束
                        </Button>
                      </Popconfirm>
                    )}
                    {q.status !== 'draft' && (
                      <Link to={`/contests/quizzes/${q.id}/results`} style={{ padding: '0 7px' }}>
                        成绩
                      </Link>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Flex>
      <QuizFormModal target={target} onClose={() => setTarget(null)} />
    </Card>
  )
}
