import {
  API,
  CHECKS_OF_STEP,
  CONVERSION_PROPOSAL_CODES,
  CONVERSION_PROPOSALS,
  DEVELOPMENT_STEPS,
  RECOMMENDATION_CODES,
  RECOMMENDATIONS,
  STEP_CHECKS,
  StepRecordInput,
  type CaseView,
  type StepNo,
} from '@xianfeng/contract'
import { useQueryClient } from '@tanstack/react-query'
import { Checkbox, Flex, Form, Input, InputNumber, Radio, Select, Typography } from 'antd'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { api } from '../../api.ts'
import { MemberSelect } from '../members/member-select.tsx'
import { developmentKeys } from './development-queries.ts'

interface StepValues {
  doneOn?: string
  actorName?: string
  documents?: string[]
  checks?: string[]
  note?: string
  lateReason?: string
  documentNo?: string
  recommendation?: string
  contactIds?: (string | undefined)[]
  sponsorIds?: (string | undefined)[]
  politicalReview?: string
  trainingDays?: number
  trainingHours?: number
  expectedLeaveOn?: string
  vote?: Record<string, number | undefined>
  proposal?: string
  extensionMonths?: number
}

const ids = (xs: (string | undefined)[] | undefined) => xs?.filter((x): x is string => !!x)

/**
 * Records one step. What the step needs shows for that step only; a refusal of the rules (too early,
 * out of turn, a vote without the double majority) comes back in Chinese, on its field or above the form.
 */
export function StepModal({
  caseView,
  step: openStep,
  onClose,
}: {
  caseView: CaseView
  step: number | null
  onClose: () => void
}) {
  const step = useLastValue(openStep)
  const [form] = Form.useForm<StepValues>()
  const proposal = Form.useWatch('proposal', form)
  const queryClient = useQueryClient()
  const submit = async (v: StepValues) => {
    const vote =
      v.vote && Object.values(v.vote).some((x) => x !== undefined)
        ? Object.fromEntries(Object.entries(v.vote).map(([k, x]) => [k, x ?? 0]))
        : undefined
    const body = formBody(StepRecordInput, {
      ...v,
      step,
      documents: v.documents ?? [],
      checks: v.checks ?? [],
      contactIds: ids(v.contactIds),
      sponsorIds: ids(v.sponsorIds),
      vote,
    })
    return (await api(API.development.recordStep, { params: { id: caseView.id }, body })).case
  }
  if (step === null) return null
  const info = DEVELOPMENT_STEPS[step as StepNo]
  const checks = CHECKS_OF_STEP[step as StepNo] ?? []
  const isVote = step === 15 || step === 23
  return (
    <FormModal
      title={`第 ${step} 步：${info.name}`}
      open={openStep !== null}
      onClose={onClose}
      form={form}
      name="development-step"
      okText="记录"
      width={640}
      initialValues={{ doneOn: todayString() }}
      submit={submit}
      refresh={[developmentKeys.all]}
      success={() => `已记录第 ${step} 步`}
      onSaved={(c) => queryClient.setQueryData(developmentKeys.case(c.id), c)}
    >
      {openStep !== null && (
        <>
          <Form.Item label="办理日期" {...zodItem(StepRecordInput, 'doneOn')}>
            <DateStringPicker />
          </Form.Item>
          {step === 3 && (
            <Form.Item label="推荐方式" {...zodItem(StepRecordInput, 'recommendation', { select: true })} required>
              <Select options={RECOMMENDATION_CODES.map((r) => ({ value: r, label: RECOMMENDATIONS[r] }))} />
            </Form.Item>
          )}
          {step === 5 && (
            <Form.Item label="培养联系人（1 至 2 名正式党员）" required>
              <Flex vertical gap={8}>
                <Form.Item name={['contactIds', 0]} noStyle>
                  <MemberSelect orgId={caseView.org.id} status="full" />
                </Form.Item>
                <Form.Item name={['contactIds', 1]} noStyle>
                  <MemberSelect orgId={caseView.org.id} status="full" placeholder="第二名（可选）" />
                </Form.Item>
              </Flex>
            </Form.Item>
          )}
          {step === 9 && (
            <Form.Item label="入党介绍人（2 名正式党员）" required>
              <Flex vertical gap={8}>
                <Form.Item name={['sponsorIds', 0]} noStyle>
                  <MemberSelect orgId={caseView.org.id} status="full" />
                </Form.Item>
                <Form.Item name={['sponsorIds', 1]} noStyle>
                  <MemberSelect orgId={caseView.org.id} status="full" />
                </Form.Item>
              </Flex>
            </Form.Item>
          )}
          {step === 10 && (
            <Form.Item label="政治审查结论" {...zodItem(StepRecordInput, 'politicalReview', { select: true })} required>
              <Radio.Group
                options={[
                  { value: 'passed', label: '合格' },
                  { value: 'failed', label: '不合格' },
                ]}
              />
            </Form.Item>
          )}
          {step === 11 && (
            <Flex gap={16}>
              <Form.Item label="培训天数" {...zodItem(StepRecordInput, 'trainingDays')}>
                <InputNumber min={0} />
              </Form.Item>
              <Form.Item label="培训学时" {...zodItem(StepRecordInput, 'trainingHours')}>
                <InputNumber min={0} />
              </Form.Item>
            </Flex>
          )}
          {(step === 12 || step === 15) && (
            <Form.Item
              label="预计离开工作、学习单位的日期"
              extra="3 个月内将离开的，一般不办理接收预备党员的手续"
              {...zodItem(StepRecordInput, 'expectedLeaveOn')}
            >
              <DateStringPicker />
            </Form.Item>
          )}
          {isVote && (
            <>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                应到会有表决权的人数由系统按本支部当日的正式党员计算（预备党员没有表决权）；逐个表决，缺席党员的书面意见计入票数。
              </Typography.Paragraph>
              <Flex gap={12} wrap>
                {(
                  [
                    ['present', '到会有表决权的党员'],
                    ['yes', '赞成'],
                    ['no', '反对'],
                    ['abstain', '弃权'],
                    ['writtenYes', '书面意见赞成'],
                    ['writtenNo', '书面意见反对'],
                    ['writtenAbstain', '书面意见弃权'],
                  ] as const
                ).map(([k, label]) => (
                  <Form.Item
                    key={k}
                    label={label}
                    name={['vote', k]}
                    rules={k === 'present' || k === 'yes' ? [{ required: true, message: `请填写${label}` }] : []}
                  >
                    <InputNumber min={0} precision={0} aria-label={label} />
                  </Form.Item>
                ))}
              </Flex>
            </>
          )}
          {step === 23 && (
            <>
              <Form.Item label="转正意见" {...zodItem(StepRecordInput, 'proposal', { select: true })} required>
                <Radio.Group options={CONVERSION_PROPOSAL_CODES.map((c) => ({ value: c, label: CONVERSION_PROPOSALS[c] }))} />
              </Form.Item>
              {proposal === 'extend' && (
                <Form.Item label="延长月数（6 至 12 个月）" {...zodItem(StepRecordInput, 'extensionMonths')}>
                  <InputNumber min={1} max={24} precision={0} />
                </Form.Item>
              )}
            </>
          )}
          {checks.length > 0 && (
            <Form.Item label="确认事项" {...zodItem(StepRecordInput, 'checks')}>
              <Checkbox.Group options={checks.map((c) => ({ value: c, label: STEP_CHECKS[c] }))} />
            </Form.Item>
          )}
          <Form.Item label="经办人" {...zodItem(StepRecordInput, 'actorName')}>
            <Input maxLength={50} placeholder="如：谈话人、审批人" />
          </Form.Item>
          {(step === 17 || step === 24) && (
            <Form.Item label="批复文号" {...zodItem(StepRecordInput, 'documentNo')}>
              <Input maxLength={100} />
            </Form.Item>
          )}
          <Form.Item label="材料" name="documents">
            <Select mode="tags" placeholder="输入材料名称后回车，如：入党申请书" open={false} />
          </Form.Item>
          <Form.Item
            label="逾期原因"
            extra="超过期限办理时填写（如谈话超过 1 个月、审批超过 3 个月）"
            {...zodItem(StepRecordInput, 'lateReason')}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label="备注" {...zodItem(StepRecordInput, 'note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
