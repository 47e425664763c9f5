import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { API, QUESTION_TYPE_CODES, QUESTION_TYPES, type QuestionView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { App, Button, Card, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api, isApiError } from '../../api.ts'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount } from '../../lib/format.ts'
import { answerText, letter, questionsQuery, tagsQuery, type QuestionsView } from './contest-queries.ts'
import { QuestionFormModal, type QuestionFormTarget } from './question-form-modal.tsx'
import { QuestionImportModal } from './question-import-modal.tsx'

/** 题库: the questions of the scope's orgs, with their answers; add, edit, import and export. */
export function QuestionsPage() {
  const { message } = App.useApp()
  const [view, setView] = useState<QuestionsView>({ q: '', type: undefined, tag: undefined, page: 1, pageSize: 20 })
  const questions = useQuery(questionsQuery(view))
  const tags = useQuery(tagsQuery)
  const [target, setTarget] = useState<QuestionFormTarget | null>(null)
  const [importing, setImporting] = useState(false)
  const [exporting, setExporting] = useState(false)

  const exportFile = async () => {
    setExporting(true)
    try {
      await api(API.contests.exportQuestions, { query: { q: view.q || undefined, type: view.type, tag: view.tag } })
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
          <Select
            allowClear
            placeholder="全部题型"
            aria-label="题型"
            style={{ width: 120 }}
            value={view.type}
            options={QUESTION_TYPE_CODES.map((c) => ({ value: c, label: QUESTION_TYPES[c] }))}
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
        </Flex>
        {questions.isError ? (
          <QueryError error={questions.error} onRetry={() => void questions.refetch()} />
        ) : (
          <Table<QuestionView>
            size="small"
            rowKey="id"
            loading={questions.isFetching}
            dataSource={questions.data?.items}
            scroll={{ x: 760 }}
            locale={{
              emptyText: view.q || view.type || view.tag ? '没有符合条件的试题' : '题库还没有试题，可新增或从 Excel 导入',
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
              { title: '题干', dataIndex: 'stem', ellipsis: true },
              { title: '题型', dataIndex: 'type', width: 80, render: (t: QuestionView['type']) => QUESTION_TYPES[t] },
              { title: '答案', key: 'answer', width: 70, render: (_, q) => answerText(q.type, q.options, q.answer) },
              {
                title: '标签',
                dataIndex: 'tags',
                width: 160,
                render: (ts: string[]) => ts.map((t) => <Tag key={t}>{t}</Tag>),
              },
              { title: '所属组织', key: 'org', width: 160, ellipsis: true, render: (_, q) => q.org.name },
              {
                title: '操作',
                key: 'actions',
                width: 70,
                render: (_, q) => (
                  <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', question: q })}>
                    编辑
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Flex>
      <QuestionFormModal target={target} onClose={() => setTarget(null)} />
      <QuestionImportModal open={importing} onClose={() => setImporting(false)} />
    </Card>
  )
}
