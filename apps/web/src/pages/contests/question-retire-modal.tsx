import { API, QuestionRetire, type QuestionView } from '@xianfeng/contract'
import { Form, Input, Typography } from 'antd'
import { api } from '../../api.ts'
import { FormModal } from '../../components/form-modal.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { contestKeys } from './contest-queries.ts'

/** 停用: the question stays in the quizzes and results that have it, and goes into no new quiz. */
export function QuestionRetireModal({ question: open, onClose }: { question: QuestionView | null; onClose: () => void }) {
  const question = useLastValue(open)
  return (
    <FormModal<{ reason?: string }, QuestionView>
      title="停用试题"
      open={open !== null}
      onClose={onClose}
      okText="停用"
      danger
      name="question-retire"
      submit={async (values) =>
        (await api(API.contests.retireQuestion, { params: { id: question!.id }, body: formBody(QuestionRetire, values) }))
          .question
      }
      refresh={[contestKeys.questions]}
      success={() => '已停用试题'}
    >
      {question && (
        <>
          <Typography.Paragraph ellipsis={{ rows: 3 }}>“{question.stem}”</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            停用后，新建竞赛时不能再选这道题，按标签随机抽题也不会抽到；已有竞赛和成绩中的这道题保持不变。可随时恢复。
          </Typography.Paragraph>
          <Form.Item label="停用原因" {...zodItem(QuestionRetire, 'reason')}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} placeholder="如：表述已过时" />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
