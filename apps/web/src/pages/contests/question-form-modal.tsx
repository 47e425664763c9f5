import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import {
  API,
  MAX_OPTIONS,
  QUESTION_TYPE_CODES,
  QUESTION_TYPES,
  QuestionInput,
  TRUE_FALSE_OPTIONS,
  type QuestionType,
  type QuestionView,
} from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Checkbox, Flex, Form, Input, Radio, Select } from 'antd'
import { useState } from 'react'
import { api } from '../../api.ts'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { zodItem } from '../../lib/zod-form.ts'
import { useSession } from '../../lib/session.ts'
import { contestKeys, letter, tagsQuery } from './contest-queries.ts'

export type QuestionFormTarget = { mode: 'create' } | { mode: 'edit'; question: QuestionView }

interface Values {
  orgId?: string
  type: QuestionType
  stem?: string
  options: string[]
  answer?: number | number[]
  explanation?: string
  tags: string[]
}

const initialValues = (q: QuestionView | undefined, orgId: string | undefined): Values =>
  q
    ? {
        orgId: q.org.id,
        type: q.type,
        stem: q.stem,
        options: q.type === 'true_false' ? ['', ''] : q.options,
        answer: q.type === 'multiple' ? q.answer : q.answer[0],
        explanation: q.explanation ?? '',
        tags: q.tags,
      }
    : { orgId, type: 'single', options: ['', '', '', ''], tags: [] }

function toBody(v: Values) {
  const options = v.type === 'true_false' ? [...TRUE_FALSE_OPTIONS] : v.options.map((o) => (o ?? '').trim())
  const answer = v.answer === undefined ? [] : Array.isArray(v.answer) ? [...v.answer].sort((a, b) => a - b) : [v.answer]
  return {
    orgId: v.orgId,
    type: v.type,
    stem: v.stem ?? '',
    options,
    answer,
    explanation: v.explanation?.trim() ? v.explanation.trim() : null,
    tags: v.tags,
  }
}

/** 新增试题 and 编辑试题: the same schema as the server; the answer is picked among the options typed. */
export function QuestionFormModal({ target: openTarget, onClose }: { target: QuestionFormTarget | null; onClose: () => void }) {
  const target = useLastValue(openTarget)
  const editing = target?.mode === 'edit' ? target.question : undefined
  const { me } = useSession()
  const [form] = Form.useForm<Values>()
  const type = Form.useWatch('type', form) ?? editing?.type ?? 'single'
  const options = (Form.useWatch('options', form) as string[] | undefined) ?? []
  const tags = useQuery({ ...tagsQuery, enabled: openTarget !== null })
  // a message about the options as a whole (they repeat) sits under the list, not on one input
  const [optionsError, setOptionsError] = useState<string | null>(null)

  const submit = async (values: Values) => {
    const parsed = QuestionInput.safeParse(toBody(values))
    if (!parsed.success) {
      // a message about the options as a whole has no single input to sit on: it goes above the form
      const whole = parsed.error.issues.filter((i) => i.path.length === 1 && i.path[0] === 'options')
      form.setFields(
        parsed.error.issues
          // the first message of each field
          .filter((i, n, all) => !whole.includes(i) && all.findIndex((j) => j.path.join('.') === i.path.join('.')) === n)
          .map((i) => ({
            name: (i.path[0] === 'options' && typeof i.path[1] === 'number'
              ? ['options', i.path[1]]
              : [String(i.path[0])]) as never,
            errors: [i.message],
          })),
      )
      setOptionsError(whole[0]?.message ?? null)
      throw new Error('请按提示修改后再保存')
    }
    if (target?.mode === 'edit')
      return (await api(API.contests.updateQuestion, { params: { id: target.question.id }, body: parsed.data })).question
    return (await api(API.contests.createQuestion, { body: parsed.data })).question
  }

  const answerChoices = (type === 'true_false' ? [...TRUE_FALSE_OPTIONS] : options).map((o, i) => ({
    value: i,
    label: type === 'true_false' ? o : `${letter(i)}${o ? `. ${o}` : ''}`,
  }))

  return (
    <FormModal<Values, QuestionView>
      title={editing ? '编辑试题' : '新增试题'}
      open={openTarget !== null}
      onClose={() => {
        setOptionsError(null)
        onClose()
      }}
      okText="保存"
      width={680}
      name="question-form"
      form={form}
      initialValues={initialValues(editing, me.currentGrant?.orgId)}
      onValuesChange={(changed: Partial<Values>) => {
        // a message set on save goes once the field is changed
        for (const key of Object.keys(changed) as (keyof Values)[]) {
          if (key === 'options') {
            setOptionsError(null)
            form.setFields(
              (form.getFieldValue('options') as string[]).map((_, i) => ({ name: ['options', i] as never, errors: [] })),
            )
          } else form.setFields([{ name: key as never, errors: [] }])
        }
        if ('type' in changed) form.setFieldValue('answer', undefined)
      }}
      submit={submit}
      refresh={[contestKeys.questions]}
      success={() => (editing ? '已保存试题' : '已新增试题')}
    >
      {target && (
        <>
          <Form.Item
            label="所属组织"
            extra="题库归哪个组织所有；竞赛可用本组织、上级和下级组织的试题"
            {...zodItem(QuestionInput, 'orgId', { select: true })}
          >
            <CurrentOrgSelect
              current={editing?.org ?? (me.currentGrant ? { id: me.currentGrant.orgId, name: me.currentGrant.orgName } : null)}
            />
          </Form.Item>
          <Form.Item label="题型" name="type" required>
            <Radio.Group optionType="button" options={QUESTION_TYPE_CODES.map((c) => ({ value: c, label: QUESTION_TYPES[c] }))} />
          </Form.Item>
          <Form.Item label="题干" {...zodItem(QuestionInput, 'stem')}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：中国共产党的最高理想和最终目标是（ ）" />
          </Form.Item>
          {type !== 'true_false' && (
            <Form.List name="options">
              {(fields, { add, remove }, { errors }) => (
                <Form.Item label="选项" required>
                  <Flex vertical gap={8}>
                    {fields.map((field, i) => (
                      <Flex key={field.key} gap={8} align="start">
                        <span style={{ width: 20, lineHeight: '32px' }}>{letter(i)}</span>
                        <Form.Item name={field.name} style={{ flex: 1, marginBottom: 0 }}>
                          <Input maxLength={200} aria-label={`选项${letter(i)}`} placeholder={`选项${letter(i)}`} />
                        </Form.Item>
                        {fields.length > 2 && (
                          <Button
                            type="text"
                            aria-label={`删除选项${letter(i)}`}
                            icon={<MinusCircleOutlined />}
                            onClick={() => {
                              remove(field.name)
                              form.setFieldValue('answer', undefined)
                            }}
                          />
                        )}
                      </Flex>
                    ))}
                    {fields.length < MAX_OPTIONS && (
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                        添加选项
                      </Button>
                    )}
                    <Form.ErrorList errors={optionsError ? [...errors, optionsError] : errors} />
                  </Flex>
                </Form.Item>
              )}
            </Form.List>
          )}
          <Form.Item label="正确答案" name="answer" required extra={type === 'multiple' ? '多选题须全部选对才得分' : undefined}>
            {type === 'multiple' ? <Checkbox.Group options={answerChoices} /> : <Radio.Group options={answerChoices} />}
          </Form.Item>
          <Form.Item label="解析" name="explanation">
            <Input.TextArea rows={2} maxLength={1000} placeholder="选填；交卷后向答题人显示" />
          </Form.Item>
          <Form.Item label="标签" name="tags" extra="选填；随机抽题按标签抽取，如 党章、党史">
            <Select
              mode="tags"
              maxCount={10}
              tokenSeparators={[',', '，', '、']}
              options={(tags.data ?? []).map((t) => ({ value: t.tag, label: `${t.tag}（${t.count}）` }))}
              placeholder="输入后回车"
            />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
