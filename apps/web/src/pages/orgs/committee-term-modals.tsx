import {
  API,
  COMMITTEE_STRUCTURES,
  CommitteeTermEnd,
  CommitteeTermStart,
  isBranchOrgKind,
  type CommitteeDefaults,
  type CommitteeStructure,
  type CommitteeTermView,
  type OrgDetail,
} from '@xianfeng/contract'
import { Alert, Form, Input, InputNumber, Radio } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { committeeChanges } from './committee-queries.ts'

interface StartValues {
  termNumber?: number
  electedOn?: string
  structure?: CommitteeStructure
  termYears?: number
  termYearsReason?: string
  note?: string
}

/** 登记新一届班子 (换届): the current term, if any, ends on the new election day. */
export function CommitteeTermStartModal({
  org,
  defaults,
  current,
  open,
  onClose,
}: {
  org: OrgDetail
  defaults: CommitteeDefaults
  current: CommitteeTermView | null
  open: boolean
  onClose: () => void
}) {
  const [form] = Form.useForm<StartValues>()
  const termYears = Form.useWatch('termYears', form)
  const isOtherLength = termYears !== undefined && termYears !== null && termYears !== defaults.termYears

  return (
    <FormModal<StartValues, CommitteeTermView>
      title={current ? '换届：登记新一届班子' : '登记本届班子'}
      open={open}
      onClose={onClose}
      okText="登记"
      name="committee-term-start"
      form={form}
      initialValues={{ termNumber: defaults.nextTermNumber, structure: defaults.structure, termYears: defaults.termYears }}
      submit={async (values) => {
        const body = formBody(CommitteeTermStart, values)
        // A reason left over from another length is not sent with the default one.
        if (body.termYears === defaults.termYears) delete body.termYearsReason
        return (await api(API.committees.start, { params: { id: org.id }, body })).term
      }}
      refresh={committeeChanges}
      success={(term) => `已登记第 ${term.termNumber} 届班子`}
    >
      <>
        {current && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={`登记后，第 ${current.termNumber} 届班子在新一届的选举日期结束，其成员同日离任。`}
          />
        )}
        <Form.Item label="届次" {...zodItem(CommitteeTermStart, 'termNumber')} extra="第几届；默认接续已登记的届次">
          <InputNumber min={1} max={999} precision={0} prefix="第" suffix="届" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="选举日期" {...zodItem(CommitteeTermStart, 'electedOn')}>
          <DateStringPicker max={todayString()} min={current ? current.electedOn : undefined} />
        </Form.Item>
        {isBranchOrgKind(org.kind) && (
          <Form.Item
            label="班子设置"
            {...zodItem(CommitteeTermStart, 'structure', { select: true })}
            extra={defaults.structureBasis}
          >
            <Radio.Group
              options={(Object.keys(COMMITTEE_STRUCTURES) as CommitteeStructure[]).map((value) => ({
                value,
                label: value === 'committee' ? '设支部委员会' : COMMITTEE_STRUCTURES[value],
              }))}
            />
          </Form.Item>
        )}
        <Form.Item label="任期年数" {...zodItem(CommitteeTermStart, 'termYears')} extra={defaults.termYearsBasis}>
          <InputNumber min={1} max={6} precision={0} suffix="年" style={{ width: 160 }} />
        </Form.Item>
        {isOtherLength && (
          <Form.Item
            label="任期调整理由"
            name="termYearsReason"
            required
            rules={[
              { required: true, whitespace: true, message: `任期与规定的 ${defaults.termYears} 年不同，须说明理由` },
              ...zodItem(CommitteeTermStart, 'termYearsReason').rules,
            ]}
          >
            <Input.TextArea maxLength={200} rows={2} placeholder="如：经上级党委批准延期换届（文号）" />
          </Form.Item>
        )}
        <Form.Item label="备注" {...zodItem(CommitteeTermStart, 'note')}>
          <Input maxLength={200} placeholder="选填，如选举大会名称" />
        </Form.Item>
      </>
    </FormModal>
  )
}

interface EndValues {
  endedOn?: string
  reason?: string
}

/** 结束本届: without a new term (the org is dissolved or merged); its members leave the same day. */
export function CommitteeTermEndModal({ term: openTerm, onClose }: { term: CommitteeTermView | null; onClose: () => void }) {
  const term = useLastValue(openTerm)
  return (
    <FormModal<EndValues, CommitteeTermView>
      title={term ? `结束第 ${term.termNumber} 届班子` : '结束本届班子'}
      open={openTerm !== null}
      onClose={onClose}
      okText="结束本届"
      danger
      name="committee-term-end"
      submit={async (values) =>
        (await api(API.committees.end, { params: { id: term!.id }, body: formBody(CommitteeTermEnd, values) })).term
      }
      refresh={committeeChanges}
      success={(ended) => `第 ${ended.termNumber} 届班子已结束`}
    >
      {term && (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="换届请用“换届”登记新一届；这里只用于不再选出新一届的情形，如组织撤销或合并。本届成员同日离任。"
          />
          <Form.Item label="结束日期" {...zodItem(CommitteeTermEnd, 'endedOn')}>
            <DateStringPicker min={term.electedOn} max={todayString()} />
          </Form.Item>
          <Form.Item label="结束原因" {...zodItem(CommitteeTermEnd, 'reason')}>
            <Input.TextArea maxLength={200} rows={2} />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
