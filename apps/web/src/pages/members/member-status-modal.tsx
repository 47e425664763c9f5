import {
  API,
  LEFT_REASONS,
  MEMBER_STATUSES,
  MemberStatusChange,
  leftReasonsFrom,
  nextStatuses,
  type MemberDetail,
  type MemberStatus,
} from '@xianfeng/contract'
import { Form, Input, Select } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { memberKeys } from './member-queries.ts'

interface Values {
  status?: MemberStatus
  effectiveOn?: string
  reason?: string
  documentNo?: string
  leftReason?: string
}

/** 变更状态: only the next stage or leaving, as the contract's transition table allows. */
export function MemberStatusModal({ member, open, onClose }: { member: MemberDetail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>()
  const status = Form.useWatch('status', form)
  const statusOptions = nextStatuses(member.status).map((value) => ({ value, label: MEMBER_STATUSES[value] }))
  const reasonOptions = leftReasonsFrom(member.status).map((value) => ({ value, label: LEFT_REASONS[value] }))

  /** The whole schema's cross-field rules (离开原因, 文号), on the field they name. */
  const crossRule = (field: 'leftReason' | 'documentNo') => ({
    validator: () => {
      const values = form.getFieldsValue(true) as Values
      if (!values.status || !values.effectiveOn) return Promise.resolve()
      const cleaned = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '' ? undefined : v]))
      const result = MemberStatusChange.safeParse(cleaned)
      const issue = result.success ? undefined : result.error.issues.find((i) => i.path[0] === field)
      return issue ? Promise.reject(new Error(issue.message)) : Promise.resolve()
    },
  })

  return (
    <FormModal<Values, MemberDetail>
      title="变更状态"
      open={open}
      onClose={onClose}
      okText="确定"
      name="member-status"
      form={form}
      submit={async (values) =>
        (
          await api(API.members.changeStatus, {
            params: { personId: member.personId },
            body: formBody(MemberStatusChange, values),
          })
        ).member
      }
      refresh={[memberKeys.all]}
      success={(updated) => `${updated.name}已变更为“${MEMBER_STATUSES[updated.status]}”`}
    >
      <>
        <Form.Item label="当前状态">{MEMBER_STATUSES[member.status]}</Form.Item>
        <Form.Item label="新的状态" {...zodItem(MemberStatusChange, 'status', { select: true })}>
          <Select options={statusOptions} placeholder="请选择" />
        </Form.Item>
        <Form.Item label="生效日期" {...zodItem(MemberStatusChange, 'effectiveOn')}>
          <DateStringPicker max={todayString()} />
        </Form.Item>
        {status === 'left' && (
          <Form.Item label="离开原因" name="leftReason" required rules={[crossRule('leftReason')]} dependencies={['status']}>
            <Select options={reasonOptions} placeholder="请选择" />
          </Form.Item>
        )}
        <Form.Item label="原因" {...zodItem(MemberStatusChange, 'reason')}>
          <Input.TextArea maxLength={200} rows={2} placeholder="选填" />
        </Form.Item>
        <Form.Item
          label="文号"
          name="documentNo"
          rules={[...zodItem(MemberStatusChange, 'documentNo').rules, crossRule('documentNo')]}
          dependencies={['leftReason']}
        >
          <Input maxLength={100} placeholder="决定或批复的文件文号" />
        </Form.Item>
      </>
    </FormModal>
  )
}
