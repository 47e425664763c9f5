import { API, MemberTransfer, type MemberDetail } from '@xianfeng/contract'
import { Form, Input } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { memberKeys } from './member-queries.ts'

interface Values {
  toOrgId?: string
  effectiveOn?: string
  reason?: string
  documentNo?: string
}

/** 转接: to another org of the current scope (the org select only offers those). */
export function MemberTransferModal({ member, open, onClose }: { member: MemberDetail; open: boolean; onClose: () => void }) {
  return (
    <FormModal<Values, MemberDetail>
      title="转接"
      open={open}
      onClose={onClose}
      okText="确定"
      name="member-transfer"
      submit={async (values) =>
        (await api(API.members.transfer, { params: { personId: member.personId }, body: formBody(MemberTransfer, values) }))
          .member
      }
      refresh={[memberKeys.all]}
      success={(updated) => `${updated.name}已转接到“${updated.org.name}”`}
    >
      <>
        <Form.Item label="当前组织">{member.org.name}</Form.Item>
        <Form.Item label="转入党组织" {...zodItem(MemberTransfer, 'toOrgId', { select: true })}>
          <OrgSelect />
        </Form.Item>
        <Form.Item label="转接日期" {...zodItem(MemberTransfer, 'effectiveOn')}>
          <DateStringPicker max={todayString()} />
        </Form.Item>
        <Form.Item label="转接原因" {...zodItem(MemberTransfer, 'reason')}>
          <Input.TextArea maxLength={200} rows={2} placeholder="选填" />
        </Form.Item>
        <Form.Item label="介绍信编号" {...zodItem(MemberTransfer, 'documentNo')}>
          <Input maxLength={100} placeholder="选填" />
        </Form.Item>
      </>
    </FormModal>
  )
}
