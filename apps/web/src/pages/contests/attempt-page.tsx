import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons'
import { API, QUESTION_TYPES, type AttemptQuestion, type AttemptView } from '@xianfeng/contract'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Card, Checkbox, Flex, Popconfirm, Radio, Result, Tag, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { Link, useParams } from 'react-router'
import { api, isApiError } from '../../api.ts'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { contestKeys, letter } from './contest-queries.ts'

/** Hand in a little before the deadline, so the answers reach the server in time. */
const AUTO_SUBMIT_BEFORE_MS = 3000

const attemptQuery = (id: string) => ({
  queryKey: ['contests', 'attempt', id],
  queryFn: async () => (await api(API.contests.attempt, { params: { id } })).attempt,
  staleTime: Infinity,
})

/** One attempt: answer against the server's clock, hand in, read the score and the explanations. */
export function AttemptPage() {
  const { attemptId = '' } = useParams()
  const attempt = useQuery(attemptQuery(attemptId))
  if (attempt.isError) return <QueryError error={attempt.error} onRetry={() => void attempt.refetch()} />
  if (!attempt.data) return <PageLoading />
  const a = attempt.data
  if (a.status === 'in_progress') return <Answering attempt={a} />
  return <Outcome attempt={a} />
}

function useRemaining(a: AttemptView) {
  // the server's clock: its time when it answered, carried forward by the browser's
  const [offset] = useState(() => Date.parse(a.serverNow) - Date.now())
  const deadline = Date.parse(a.deadline)
  const [now, setNow] = useState(() => Date.now() + offset)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + offset), 500)
    return () => clearInterval(timer)
  }, [offset])
  return Math.max(0, deadline - now)
}

const clock = (ms: number) => {
  const s = Math.ceil(ms / 1000)
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

function Answering({ attempt: a }: { attempt: AttemptView }) {
  const client = useQueryClient()
  const { message } = App.useApp()
  // kept in this browser until handed in, so a reload or a dropped connection loses no choice
  const storageKey = `xf-attempt-${a.id}`
  const [answers, setAnswersState] = useState<Record<string, number[]>>(() => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Record<string, number[]>
    } catch {
      return {}
    }
  })
  const setAnswers = (next: Record<string, number[]>) => {
    setAnswersState(next)
    try {
      localStorage.setItem(storageKey, JSON.stringify(next))
    } catch {
      // storage full or disabled: the answers still live in the page
    }
  }
  const remaining = useRemaining(a)
  const submitted = useRef(false)
  const submit = useMutation({
    mutationFn: async () =>
      (
        await api(API.contests.submitAttempt, {
          params: { id: a.id },
          body: { answers: Object.entries(answers).map(([questionId, choice]) => ({ questionId, choice })) },
        })
      ).attempt,
    onSuccess: (result) => {
      localStorage.removeItem(storageKey)
      client.setQueryData(attemptQuery(a.id).queryKey, result)
      void client.invalidateQueries({ queryKey: contestKeys.open })
    },
    onError: (e) => {
      submitted.current = false
      void message.error(isApiError(e) ? e.message : '交卷失败，请重试')
      if (isApiError(e) && e.code === 'invalid_state') void client.invalidateQueries({ queryKey: attemptQuery(a.id).queryKey })
    },
  })
  const hand = () => {
    if (submitted.current) return
    submitted.current = true
    submit.mutate()
  }
  useEffect(() => {
    if (remaining <= AUTO_SUBMIT_BEFORE_MS && !submitted.current) {
      submitted.current = true
      submit.mutate()
    }
  }, [remaining, submit])

  const unanswered = a.questions.filter((q) => !(answers[q.id]?.length ?? 0)).length
  const urgent = remaining < 60_000
  return (
    <Flex vertical gap={12} style={{ maxWidth: 760, margin: '0 auto', width: '100%' }}>
      <Card
        size="small"
        style={{ position: 'sticky', top: 0, zIndex: 10 }}
        styles={{ body: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap' } }}
      >
        <Typography.Text strong style={{ flex: '1 1 160px' }}>
          {a.quiz.title}
        </Typography.Text>
        <Typography.Text role="timer" aria-label="剩余时间" type={urgent ? 'danger' : undefined} strong style={{ fontSize: 18 }}>
          剩余 {clock(remaining)}
        </Typography.Text>
      </Card>
      <Typography.Text type="secondary">
        共 {a.questions.length} 道题，已答 {a.questions.length - unanswered} 道。时间以服务器为准，到时自动交卷。
      </Typography.Text>
      {a.questions.map((q, i) => (
        <Card key={q.id} size="small" title={<QuestionTitle q={q} i={i} />}>
          {q.type === 'multiple' ? (
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              value={answers[q.id] ?? []}
              onChange={(v) => setAnswers({ ...answers, [q.id]: v })}
              options={q.options.map((o, j) => ({ value: j, label: `${letter(j)}. ${o}` }))}
            />
          ) : (
            <Radio.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              value={answers[q.id]?.[0]}
              onChange={(e) => setAnswers({ ...answers, [q.id]: [e.target.value as number] })}
              options={q.options.map((o, j) => ({ value: j, label: q.type === 'true_false' ? o : `${letter(j)}. ${o}` }))}
            />
          )}
        </Card>
      ))}
      <Popconfirm
        title="交卷？"
        description={unanswered > 0 ? `还有 ${unanswered} 道题没有作答，未答的题不得分。` : '交卷后不能再修改答案。'}
        okText="交卷"
        cancelText="继续答题"
        onConfirm={hand}
      >
        <Button type="primary" size="large" block loading={submit.isPending}>
          交卷
        </Button>
      </Popconfirm>
    </Flex>
  )
}

function QuestionTitle({ q, i }: { q: AttemptQuestion; i: number }) {
  return (
    <span style={{ whiteSpace: 'normal', fontWeight: 'normal' }}>
      <Tag>{QUESTION_TYPES[q.type]}</Tag>
      {i + 1}. {q.stem}
    </span>
  )
}

function Outcome({ attempt: a }: { attempt: AttemptView }) {
  if (a.status === 'expired')
    return (
      <Result
        status="warning"
        title="答题时间已到，这份答卷未交"
        subTitle="超过截止时间的答案不被接受；如还有答题次数，可以再答一次。"
        extra={
          <Link to="/contests/take">
            <Button type="primary">返回竞赛列表</Button>
          </Link>
        }
      />
    )
  return (
    <Flex vertical gap={12} style={{ maxWidth: 760, margin: '0 auto', width: '100%' }}>
      <Result
        status="success"
        title={`得分 ${a.score} 分`}
        subTitle={`${a.quiz.title}：答对 ${a.correctCount} / ${a.questionCount} 题`}
        extra={
          <Link to="/contests/take">
            <Button type="primary">返回竞赛列表</Button>
          </Link>
        }
      />
      {a.questions.map((q, i) => (
        <Card key={q.id} size="small" title={<QuestionTitle q={q} i={i} />}>
          <Flex vertical gap={4}>
            {q.options.map((o, j) => {
              const right = q.answer?.includes(j) ?? false
              const chosen = q.chosen?.includes(j) ?? false
              return (
                <Typography.Text key={j} type={right ? 'success' : chosen ? 'danger' : undefined} strong={right}>
                  {q.type === 'true_false' ? o : `${letter(j)}. ${o}`}
                  {chosen && '（您的选择）'}
                </Typography.Text>
              )
            })}
            <Typography.Text>
              {q.isCorrect ? (
                <>
                  <CheckCircleFilled style={{ color: '#52c41a' }} /> 回答正确
                </>
              ) : (
                <>
                  <CloseCircleFilled style={{ color: '#ff4d4f' }} /> {q.chosen?.length ? '回答错误' : '未作答'}
                </>
              )}
            </Typography.Text>
            {q.explanation && <Alert type="info" title={`解析：${q.explanation}`} />}
          </Flex>
        </Card>
      ))}
    </Flex>
  )
}
