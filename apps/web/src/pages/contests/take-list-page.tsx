import { API, type OpenQuiz } from '@xianfeng/contract'
import { useMutation, useQuery } from '@tanstack/react-query'
import { App, Button, Card, Empty, Flex, Popconfirm, Tag, Typography } from 'antd'
import { useNavigate } from 'react-router'
import { api, isApiError } from '../../api.ts'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { openQuizzesQuery } from './contest-queries.ts'

const minute = (iso: string) => formatDateTime(iso).slice(0, 16)

/** 参加竞赛: the quizzes published for the member's org or an org above it. Taking part is voluntary. */
export function TakeListPage() {
  const quizzes = useQuery(openQuizzesQuery)
  if (quizzes.isError) return <QueryError error={quizzes.error} onRetry={() => void quizzes.refetch()} />
  if (!quizzes.data) return <PageLoading />
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        参加竞赛
      </Typography.Title>
      {quizzes.data.length === 0 ? (
        <Card>
          <Empty description="目前没有面向您所在组织的竞赛" />
        </Card>
      ) : (
        quizzes.data.map((q) => <QuizCard key={q.id} quiz={q} />)
      )}
    </Flex>
  )
}

function QuizCard({ quiz: q }: { quiz: OpenQuiz }) {
  const navigate = useNavigate()
  const { message } = App.useApp()
  const start = useMutation({
    mutationFn: async () => (await api(API.contests.startAttempt, { params: { id: q.id } })).attempt,
    onSuccess: (a) => void navigate(`/contests/take/${a.id}`),
    onError: (e) => void message.error(isApiError(e) ? e.message : '无法开始答题，请重试'),
  })
  const left = q.attemptsAllowed - q.attemptsUsed
  const notYet = !q.isOpen && Date.parse(q.opensAt) > Date.now() && Date.parse(q.closesAt) > Date.now()
  return (
    <Card
      size="small"
      title={<span style={{ whiteSpace: 'normal' }}>{q.title}</span>}
      extra={q.isOpen ? <Tag color="green">进行中</Tag> : notYet ? <Tag>未开始</Tag> : <Tag color="red">已结束</Tag>}
    >
      <Flex vertical gap={6}>
        {q.description && <Typography.Paragraph style={{ margin: 0 }}>{q.description}</Typography.Paragraph>}
        <Typography.Text type="secondary">
          {q.org.name} · {q.questionCount} 道题 · 限时 {q.timeLimitMinutes} 分钟
        </Typography.Text>
        <Typography.Text type="secondary">
          {minute(q.opensAt)} 至 {minute(q.closesAt)}
        </Typography.Text>
        <Typography.Text>
          已答 {q.attemptsUsed} / {q.attemptsAllowed} 次
          {q.bestScore !== null && (
            <>
              ，最好成绩 <Typography.Text strong>{q.bestScore} 分</Typography.Text>
            </>
          )}
        </Typography.Text>
        <Flex justify="end">
          {q.inProgressAttemptId ? (
            <Button type="primary" onClick={() => void navigate(`/contests/take/${q.inProgressAttemptId}`)}>
              继续答题
            </Button>
          ) : q.isOpen && left > 0 ? (
            <Popconfirm
              title="开始答题？"
              description={`开始后计时 ${q.timeLimitMinutes} 分钟，以服务器时间为准，超时的答案不被接受。`}
              okText="开始"
              cancelText="取消"
              onConfirm={() => start.mutate()}
            >
              <Button type="primary" loading={start.isPending}>
                {q.attemptsUsed > 0 ? '再答一次' : '开始答题'}
              </Button>
            </Popconfirm>
          ) : (
            <Button disabled>{q.isOpen ? '答题次数已用完' : notYet ? '尚未开始' : '已结束'}</Button>
          )}
        </Flex>
      </Flex>
    </Card>
  )
}
