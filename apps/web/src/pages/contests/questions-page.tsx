import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { API, QUESTION_STATUSES, QUESTION_TYPES, type QuestionView } from '@xianfeng/contract'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { App, Button, Card, Flex, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { api, isApiError } from '../../api.ts'
import { CodeFilter } from '../../components/code-filter.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount, formatDateTime } from '../../lib/format.ts'
import { useIsMobile, useTableScroll, WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { answerText, contestKeys, letter, questionsQuery, tagsQuery, type QuestionsView } from './contest-queries.ts'
import { QuestionFormModal, type QuestionFormTarget } from './question-form-modal.tsx'
import { QuestionImportModal } from './question-import-modal.tsx'
import { QuestionRetireModal } from './question-retire-modal.tsx'

/** 题库: the questions of the scope's orgs, with their answers; add, edit, retire and restore, import and export. */
export function QuestionsPage() {
  const { message } = App.useApp()
  const client = useQueryClient()
  const [view, setView] = useState<QuestionsView>({ q: '', type: undefined, tag: undefined, page: 1, pageSize: 20 })
  const questions = useQuery(questionsQuery(view))
  const tags = useQuery(tagsQuery)
  const [target, setTarget] = useState<QuestionFormTarget | null>(null)
  const [retiring, setRetiring] = useState<QuestionView | null>(null)
  const [importing, setImporting] = useState(false)
  const [exporting, setExporting] = useState(false)
  const scroll = useTableScroll(860)
  const isMobile = useIsMobile()

  const restore = useMutation({
    mutationFn: async (q: QuestionView) => (await api(API.contests.restoreQuestion, { params: { id: q.id } })).question,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: contestKeys.questions })
      void message.success('已恢复试题，可用于新的竞赛')
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : '恢复失败，请重试'),
  })

  const exportFile = async () => {
    setExporting(true)
    try {
      await api(API.contests.exportQuestions, {
        query: { q: view.q || undefined, type: view.type, tag: view.tag, status: view.status },
      })
    } catch (e) {
      void message.error(isApiError(e) ? e.message : '导出失败，请重试')
    } finally {
      setExporting(false)
    }
  }

  return (
    <Card
      size="small"
      title="题库"
      styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
      extra={
        <Space wrap>
          <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
            导入
          </Button>
          <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={() => void exportFile()}>
            导出
          </Button>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setTarget({ mode: 'create' })}>
            新增试题
          </Button>
        </Space>
      }
    >
      <Flex vertical gap={16}>
        <Flex wrap gap={8}>
          <Input.Search
            allowClear
            placeholder="按题干搜索"
            aria-label="按题干搜索"
            style={{ width: 240 }}
            onSearch={(q) => setView({ ...view, q: q.trim(), page: 1 })}
          />
          <CodeFilter
            label="题型"
            names={QUESTION_TYPES}
            value={view.type}
            onChange={(type) => setView({ ...view, type, page: 1 })}
          />
          <Select
            allowClear
            placeholder="全部标签"
            aria-label="标签"
            style={{ width: 160 }}
            value={view.tag}
            options={(tags.data ?? []).map((t) => ({ value: t.tag, label: `${t.tag}（${t.count}）` }))}
            onChange={(tag) => setView({ ...view, tag, page: 1 })}
          />
          <CodeFilter
            label="状态"
            names={QUESTION_STATUSES}
            value={view.status}
            onChange={(status) => setView({ ...view, status, page: 1 })}
          />
        </Flex>
        {questions.isError ? (
          <QueryError error={questions.error} onRetry={() => void questions.refetch()} />
        ) : (
          <Table<QuestionView>
            size="small"
            rowKey="id"
            loading={questions.isFetching}
            dataSource={questions.data?.items}
            scroll={scroll}
            locale={{
              emptyText:
                view.q || view.type || view.tag || view.status ? '没有符合条件的试题' : '题库还没有试题，可新增或从 Excel 导入',
            }}
            expandable={{
              expandedRowRender: (q) => (
                <Flex vertical gap={4}>
                  {q.type !== 'true_false' &&
                    q.options.map((o, i) => (
                      <Typography.Text key={i} strong={q.answer.includes(i)}>
                        {letter(i)}. {o}
                      </Typography.Text>
                    ))}
                  {q.explanation && <Typography.Text type="secondary">解析：{q.explanation}</Typography.Text>}
                  {/* on a phone the row shows only the stem and the status */}
                  {isMobile && (
                    <Typography.Text type="secondary">
                      {QUESTION_TYPES[q.type]} · 答案 {answerText(q.type, q.options, q.answer)} · {q.org.name}
                      {q.tags.length > 0 && ` · 标签：${q.tags.join('、')}`}
                    </Typography.Text>
                  )}
                  {q.retiredAt && (
                    <Typography.Text type="secondary">
                      {formatDateTime(q.retiredAt).slice(0, 16)} 停用，原因：{q.retireReason}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            }}
            pagination={{
              current: view.page,
              pageSize: view.pageSize,
              total: questions.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => `共 ${formatCount(total)} 道题`,
              onChange: (page, pageSize) => setView({ ...view, page: pageSize === view.pageSize ? page : 1, pageSize }),
            }}
            columns={[
              {
                title: '题干',
                dataIndex: 'stem',
                // on a phone the stem wraps: cut to a few characters it says nothing
                ellipsis: !isMobile,
                render: (stem: string, q) => (q.retiredAt ? <Typography.Text type="secondary">{stem}</Typography.Text> : stem),
              },
              {
                title: '题型',
                dataIndex: 'type',
                width: 80,
                responsive: WIDE_ONLY,
                render: (t: QuestionView['type']) => QUESTION_TYPES[t],
              },
              {
                title: '答案',
                key: 'answer',
                width: 70,
                responsive: WIDE_ONLY,
                render: (_, q) => answerText(q.type, q.options, q.answer),
              },
              {
                title: '标签',
                dataIndex: 'tags',
                width: 160,
                responsive: WIDE_ONLY,
                render: (ts: string[]) => ts.map((t) => <Tag key={t}>{t}</Tag>),
              },
              {
                title: '所属组织',
                key: 'org',
                width: 160,
                ellipsis: true,
                responsive: WIDE_ONLY,
                render: (_, q) => q.org.name,
              },
              {
                title: '状态',
                key: 'status',
                width: 76,
                render: (_, q) =>
                  q.retiredAt ? (
                    <Tooltip title={`停用原因：${q.retireReason}`}>
                      <Tag>{QUESTION_STATUSES.retired}</Tag>
                    </Tooltip>
                  ) : (
                    <Tag color="green">{QUESTION_STATUSES.in_use}</Tag>
                  ),
              },
              {
                title: '操作',
                key: 'actions',
                width: 100,
                render: (_, q) => (
                  <Space size={0} wrap>
                    <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', question: q })}>
                      编辑
                    </Button>
                    {q.retiredAt ? (
                      <Popconfirm
                        title="恢复这道试题？"
                        description="恢复后可以再用于新的竞赛。"
                        okText="恢复"
                        cancelText="取消"
                        onConfirm={() => restore.mutateAsync(q).catch(() => undefined)}
                      >
                        <Button type="link" size="small">
                          恢复
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button type="link" size="small" danger onClick={() => setRetiring(q)}>
                        停用
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Flex>
      <QuestionFormModal target={target} onClose={() => setTarget(null)} />
      <QuestionRetireModal question={retiring} onClose={() => setRetiring(null)} />
      <QuestionImportModal open={importing} onClose={() => setImporting(false)} />
    </Card>
  )
}
