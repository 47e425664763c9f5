import { API, QUESTION_TYPES, QUIZ_SELECTION_CODES, QUIZ_SELECTIONS, QuizInput, type QuizView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select } from 'antd'
// antd's DatePicker works on dayjs values; the contract wants ISO date-times.
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { api } from '../../api.ts'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { useDebounced } from '../../lib/use-debounced.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { useSession } from '../../lib/session.ts'
import { zodItem } from '../../lib/zod-form.ts'
import { contestKeys, questionsQuery, tagsQuery } from './contest-queries.ts'

export type QuizFormTarget = { mode: 'create' } | { mode: 'edit'; quiz: QuizView }

interface Values {
  orgId?: string
  title?: string
  description?: string
  selection: 'fixed' | 'random'
  questionIds: string[]
  tag?: string
  questionCount?: number
  timeLimitMinutes?: number
  window?: [Dayjs | null, Dayjs | null] | null
  attemptsAllowed?: number
}

const initialValues = (q: QuizView | undefined, orgId: string | undefined): Values =>
  q
    ? {
        orgId: q.org.id,
        title: q.title,
        description: q.description ?? '',
        selection: q.selection,
        questionIds: q.questionIds,
        ...(q.tag !== null && { tag: q.tag }),
        questionCount: q.questionCount,
        timeLimitMinutes: q.timeLimitMinutes,
        window: [dayjs(q.opensAt), dayjs(q.closesAt)],
        attemptsAllowed: q.attemptsAllowed,
      }
    : {
        orgId,
        selection: 'fixed',
        questionIds: [],
        timeLimitMinutes: 20,
        attemptsAllowed: 1,
        window: [dayjs().startOf('minute'), dayjs().add(7, 'day').endOf('day').startOf('minute')],
      }

const toBody = (v: Values) => ({
  orgId: v.orgId,
  title: v.title ?? '',
  description: v.description?.trim() ? v.description.trim() : null,
  selection: v.selection,
  questionIds: v.selection === 'fixed' ? v.questionIds : [],
  tag: v.selection === 'random' ? (v.tag ?? null) : null,
  questionCount: v.selection === 'random' ? (v.questionCount ?? null) : null,
  timeLimitMinutes: v.timeLimitMinutes,
  opensAt: v.window?.[0]?.toISOString(),
  closesAt: v.window?.[1]?.toISOString(),
  attemptsAllowed: v.attemptsAllowed,
})

/** 新建竞赛 and 编辑竞赛 (drafts only). */
export function QuizFormModal({ target: openTarget, onClose }: { target: QuizFormTarget | null; onClose: () => void }) {
  const target = useLastValue(openTarget)
  const editing = target?.mode === 'edit' ? target.quiz : undefined
  const { me } = useSession()
  const [form] = Form.useForm<Values>()
  const selection = Form.useWatch('selection', form) ?? editing?.selection ?? 'fixed'
  const [search, setSearch] = useState('')
  const q = useDebounced(search, 300)
  const open = openTarget !== null
  const questions = useQuery({
    // a retired question goes into no new quiz
    ...questionsQuery({ q, type: undefined, tag: undefined, status: 'in_use', page: 1, pageSize: 100 }),
    enabled: open && selection === 'fixed',
  })
  const tags = useQuery({ ...tagsQuery, enabled: open })

  const submit = async (values: Values) => {
    const parsed = QuizInput.safeParse(toBody(values))
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: [i.path[0] === 'opensAt' || i.path[0] === 'closesAt' ? 'window' : String(i.path[0])] as never,
          errors: [i.message],
        })),
      )
      throw new Error('请按提示修改后再保存')
    }
    if (target?.mode === 'edit')
      return (await api(API.contests.updateQuiz, { params: { id: target.quiz.id }, body: parsed.data })).quiz
    return (await api(API.contests.createQuiz, { body: parsed.data })).quiz
  }

  return (
    <FormModal<Values, QuizView>
      title={editing ? '编辑竞赛' : '新建竞赛'}
      open={open}
      onClose={onClose}
      okText="保存"
      width={720}
      name="quiz-form"
      form={form}
      initialValues={initialValues(editing, me.currentGrant?.orgId)}
      onValuesChange={(changed: Partial<Values>) => {
        // a message set on save goes once its field is changed
        form.setFields(Object.keys(changed).map((key) => ({ name: key as never, errors: [] })))
      }}
      submit={submit}
      refresh={[contestKeys.quizzes]}
      success={(quiz) => `已保存“${quiz.title}”（草稿，发布后党员才能参加）`}
    >
      {target && (
        <>
          <Form.Item label="竞赛名称" {...zodItem(QuizInput, 'title')}>
            <Input maxLength={200} placeholder="如：2026 年党章党规知识竞赛" />
          </Form.Item>
          <Form.Item
            label="面向组织"
            extra="该组织及其下级组织的党员（预备党员、正式党员）可以参加"
            {...zodItem(QuizInput, 'orgId', { select: true })}
          >
            <CurrentOrgSelect
              current={editing?.org ?? (me.currentGrant ? { id: me.currentGrant.orgId, name: me.currentGrant.orgName } : null)}
            />
          </Form.Item>
          <Form.Item label="竞赛说明" name="description">
            <Input.TextArea rows={2} maxLength={2000} placeholder="选填；显示在党员的竞赛列表中" />
          </Form.Item>
          <Form.Item label="出题方式" name="selection" required>
            <Radio.Group
              optionType="button"
              options={QUIZ_SELECTION_CODES.map((c) => ({ value: c, label: QUIZ_SELECTIONS[c] }))}
            />
          </Form.Item>
          {selection === 'fixed' ? (
            <Form.Item label="试题" name="questionIds" required extra="按题干搜索后选择；答题时按所选顺序出题">
              <Select
                mode="multiple"
                showSearch={{ filterOption: false, onSearch: setSearch }}
                loading={questions.isFetching}
                placeholder="搜索并选择试题"
                notFoundContent={questions.isFetching ? '正在查找…' : '没有找到试题'}
                options={(questions.data?.items ?? []).map((x) => ({
                  value: x.id,
                  label: `［${QUESTION_TYPES[x.type]}］${x.stem}`,
                }))}
              />
            </Form.Item>
          ) : (
            <Row gutter={16}>
              <Col xs={24} sm={12}>
                <Form.Item label="抽题标签" name="tag" required extra="每次答题从带此标签、在用的试题中随机抽取">
                  <Select
                    showSearch
                    placeholder="选择标签"
                    options={(tags.data ?? [])
                      .filter((t) => t.count > 0)
                      .map((t) => ({ value: t.tag, label: `${t.tag}（${t.count} 道）` }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item label="抽题数量" name="questionCount" required>
                  <InputNumber min={1} max={200} precision={0} suffix="道" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          )}
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="答题时限" {...zodItem(QuizInput, 'timeLimitMinutes')}>
                <InputNumber min={1} max={600} precision={0} suffix="分钟" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="每人可答次数" {...zodItem(QuizInput, 'attemptsAllowed')}>
                <InputNumber min={1} max={20} precision={0} suffix="次" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="开放时间" name="window" required extra="到结束时间仍未交卷的，答题在结束时间截止">
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              placeholder={['开始时间', '结束时间']}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
