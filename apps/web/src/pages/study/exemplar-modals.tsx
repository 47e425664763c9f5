import { API, ExemplarNominate, type ExemplarView } from '@xianfeng/contract'
import { Form, Input, InputNumber, Select, Typography } from 'antd'
import { api } from '../../api.ts'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem, zodRule } from '../../lib/zod-form.ts'
import { MemberSelect } from '../members/member-select.tsx'
import { studyKeys, thisYear } from './study-queries.ts'

interface NominateValues {
  orgId?: string
  personId?: string
  year: number
  deeds?: string
}

/** 推荐学习标兵: an org of the scope puts forward one of its members; the level above decides. */
export function NominateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<NominateValues>()
  const orgId = Form.useWatch('orgId', form)
  return (
    <FormModal<NominateValues, ExemplarView>
      title="推荐学习标兵"
      open={open}
      onClose={onClose}
      okText="推荐"
      width={640}
      name="exemplar-nominate"
      form={form}
      initialValues={{ year: thisYear() }}
      onValuesChange={(changed: Partial<NominateValues>) => {
        if ('orgId' in changed) form.setFieldValue('personId', undefined)
      }}
      submit={async (values) =>
        (await api(API.studyPlans.nominateExemplar, { body: formBody(ExemplarNominate, values) })).exemplar
      }
      refresh={[studyKeys.exemplars]}
      success={(e) => `已推荐“${e.person.name}”，等待上级组织审核`}
    >
      {open && (
        <>
          <Form.Item
            label="推荐组织"
            extra="由该组织的上级组织审核和公布"
            {...zodItem(ExemplarNominate, 'orgId', { select: true })}
          >
            <OrgSelect />
          </Form.Item>
          <Form.Item
            label="推荐人选"
            extra={orgId ? '该组织（含下级组织）的正式党员或预备党员' : '请先选择推荐组织'}
            {...zodItem(ExemplarNominate, 'personId', { select: true })}
          >
            {orgId ? <MemberSelect key={orgId} orgId={orgId} /> : <Select disabled placeholder="请先选择推荐组织" />}
          </Form.Item>
          <Form.Item label="年度" {...zodItem(ExemplarNominate, 'year')}>
            <InputNumber precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label="主要事迹" {...zodItem(ExemplarNominate, 'deeds')}>
            <Input.TextArea rows={5} maxLength={2000} showCount placeholder="如：坚持每月学习日集中学习，撰写学习体会 12 篇……" />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

const DecideBody = API.studyPlans.decideExemplar.body

export type DecideTarget = { exemplar: ExemplarView; approve: boolean }

/** 审核通过 / 审核不通过 (with the reason) of a nomination by an org below the scope. */
export function DecideModal({ target: openTarget, onClose }: { target: DecideTarget | null; onClose: () => void }) {
  const target = useLastValue(openTarget)
  const approve = target?.approve ?? true
  return (
    <FormModal<{ note?: string }, ExemplarView>
      title={approve ? '审核通过' : '审核不通过'}
      open={openTarget !== null}
      onClose={onClose}
      okText={approve ? '通过' : '不通过'}
      danger={!approve}
      name="exemplar-decide"
      submit={async (values) => {
        const body = formBody(DecideBody, { approve, note: values.note })
        return (await api(API.studyPlans.decideExemplar, { params: { id: target!.exemplar.id }, body })).exemplar
      }}
      refresh={[studyKeys.exemplars]}
      success={(e) => (e.status === 'approved' ? `“${e.person.name}”已审核通过，可以公布` : `已审核“${e.person.name}”：不通过`)}
    >
      {target && (
        <>
          <Typography.Paragraph>
            {target.exemplar.org.name}推荐的 {target.exemplar.year} 年度学习标兵：<strong>{target.exemplar.person.name}</strong>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            {target.exemplar.deeds}
          </Typography.Paragraph>
          <Form.Item
            label="审核意见"
            name="note"
            required={!approve}
            extra={approve ? '选填' : '请写明不通过的理由，推荐组织会看到'}
            rules={[
              ...(approve ? [] : [{ required: true, whitespace: true, message: '审核不通过时请填写理由' }]),
              ...zodRule(DecideBody, 'note'),
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
