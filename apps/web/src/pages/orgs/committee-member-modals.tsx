import {
  API,
  COMMITTEE_POSTS,
  COMMITTEE_POST_CODES,
  CommitteeMemberAdd,
  CommitteeMemberEnd,
  SECRETARY_ONLY_POSTS,
  type CommitteeMemberView,
  type CommitteePost,
  type CommitteeTermView,
  type OrgDetail,
} from '@xianfeng/contract'
import { Form, Input, Select } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { MemberSelect } from '../members/member-select.tsx'
import { committeeChanges } from './committee-queries.ts'

interface AddValues {
  personId?: string
  post?: CommitteePost
  startedOn?: string
}

/** 增加成员: a full member of the org or an org under it, with a post of this term. */
export function CommitteeMemberAddModal({
  org,
  term: openTerm,
  onClose,
}: {
  org: OrgDetail
  term: CommitteeTermView | null
  onClose: () => void
}) {
  const term = useLastValue(openTerm)
  return (
    <FormModal<AddValues, CommitteeMemberView | undefined>
      title={term ? `第 ${term.termNumber} 届班子：增加成员` : '增加成员'}
      open={openTerm !== null}
      onClose={onClose}
      okText="增加"
      name="committee-member-add"
      initialValues={{ startedOn: term?.electedOn }}
      submit={async (values) => {
        const updated = (
          await api(API.committees.addMember, { params: { id: term!.id }, body: formBody(CommitteeMemberAdd, values) })
        ).term
        return updated.members.find((m) => m.personId === values.personId && m.endedOn === null)
      }}
      refresh={committeeChanges}
      success={(added) => (added ? `已登记${added.name}任${COMMITTEE_POSTS[added.post]}` : '已增加成员')}
    >
      {term && (
        <>
          <Form.Item
            label="人员"
            {...zodItem(CommitteeMemberAdd, 'personId', { select: true })}
            extra={`“${org.name}”及其下级组织的正式党员（预备党员没有被选举权）`}
          >
            <MemberSelect orgId={org.id} status="full" />
          </Form.Item>
          <Form.Item label="职务" {...zodItem(CommitteeMemberAdd, 'post', { select: true })}>
            <Select
              options={postOptions(term)}
              placeholder="请选择"
              showSearch={{ filterOption: (input, option) => (option?.label ?? '').includes(input.trim()) }}
            />
          </Form.Item>
          <Form.Item label="任职日期" {...zodItem(CommitteeMemberAdd, 'startedOn')}>
            <DateStringPicker min={term.electedOn} max={todayString()} />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

/** The posts the term may still fill: without a committee only 书记 and 副书记, and one of each at a time. */
function postOptions(term: CommitteeTermView) {
  const held = new Set(term.members.filter((m) => m.endedOn === null).map((m) => m.post))
  const secretaryOnly = term.structure === 'secretary_only'
  return (secretaryOnly ? SECRETARY_ONLY_POSTS : COMMITTEE_POST_CODES).map((value) => ({
    value,
    label: COMMITTEE_POSTS[value],
    disabled: (value === 'secretary' || (value === 'deputy_secretary' && secretaryOnly)) && held.has(value),
  }))
}

interface EndValues {
  endedOn?: string
  reason?: string
}

/** 离任: the member gives up the post on a day. */
export function CommitteeMemberEndModal({
  member: openMember,
  onClose,
}: {
  member: CommitteeMemberView | null
  onClose: () => void
}) {
  const member = useLastValue(openMember)
  return (
    <FormModal<EndValues, CommitteeMemberView>
      title={member ? `离任：${member.name}（${COMMITTEE_POSTS[member.post]}）` : '离任'}
      open={openMember !== null}
      onClose={onClose}
      okText="确定离任"
      danger
      name="committee-member-end"
      submit={async (values) => {
        await api(API.committees.endMember, { params: { id: member!.id }, body: formBody(CommitteeMemberEnd, values) })
        return member!
      }}
      refresh={committeeChanges}
      success={(held) => `${held.name}已离任${COMMITTEE_POSTS[held.post]}`}
    >
      {member && (
        <>
          <Form.Item label="离任日期" {...zodItem(CommitteeMemberEnd, 'endedOn')}>
            <DateStringPicker min={member.startedOn} max={todayString()} />
          </Form.Item>
          <Form.Item label="离任原因" {...zodItem(CommitteeMemberEnd, 'reason')}>
            <Input.TextArea maxLength={200} rows={2} placeholder="选填，如工作调动、辞职、免职" />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
