import { API, ExemplarNominate, type ExemplarView } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Form, Input, InputNumber, Select, Typography } from 'antd'
import { api } from '../../api.ts'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, useFormErrors, zodItem, zodRule } from '../../lib/zod-form.ts'
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
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const save = useMutation({
    mutationFn: async (values: NominateValues) =>
      (await api(API.studyPlans.nominateExemplar, { body: formBody(ExemplarNominate, values) })).exemplar,
    onSuccess: (e) => {
      void queryClient.invalidateQueries({ queryKey: studyKeys.exemplars })
      void message.success(`已推荐“${e.person.name}”，等待上级组织审核`)
      onClose()
    },
    onError: report,
  })
  return (
    <FormModal
      title="推荐学习标兵"
      open={open}
      onClose={onClose}
      form={form}
      okText="推荐"
      mutation={save}
      clear={clear}
      error={error}
      width={640}
    >
      {open && (
        <Form<NominateValues>
          form={form}
          name="exemplar-nominate"
          layout="vertical"
          preserve={false}
          clearOnDestroy
          initialValues={{ year: thisYear() }}
          disabled={save.isPending}
          onValuesChange={(changed: Partial<NominateValues>) => {
            clear()
            if ('orgId' in changed) form.setFieldValue('personId', undefined)
          }}
          onFinish={(values) => save.mutate(values)}
        >
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
        </Form>
      )}
    </FormModal>
  )
}

const DecideBody = API.studyPlans.decideExemplar.body

export type DecideTarget = { exemplar: ExemplarView; approve: boolean }

/** 审核通过 / 审核不通过 (with the reason) of a nomination by an org below the scope. */
export function DecideModal({ target: openTarget, onClose }: { target: DecideTarget | null; onClose: () => void }) {
  const target = useLastValue(openTarget)
  const [form] = Form.useForm<{ note?: string }>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const save = useMutation({
    mutationFn: async (values: { note?: string }) => {
      if (!target) return null
      const body = formBody(DecideBody, { approve: target.approve, note: values.note })
      return (await api(API.studyPlans.decideExemplar, { params: { id: target.exemplar.id }, body })).exemplar
    },
    onSuccess: (e) => {
      if (!e) return
      void queryClient.invalidateQueries({ queryKey: studyKeys.exemplars })
      void message.success(
        e.status === 'approved' ? `“${e.person.name}”已审核通过，可以公布` : `已审核“${e.person.name}”：不通过`,
      )
      onClose()
    },
    onError: report,
  })
  const approve = target?.approve ?? true
  return (
    <FormModal
      title={approve ? '审核通过' : '审核不通过'}
      open={openTarget !== null}
      onClose={onClose}
      form={form}
      okText={approve ? '通过' : '不通过'}
      danger={!approve}
      mutation={save}
      clear={clear}
      error={error}
    >
      {target && (
        <>
          <Typography.Paragraph>
            {target.exemplar.org.name}推荐的 {target.exemplar.year} 年度学习标兵：<strong>{target.exemplar.person.name}</strong>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            {target.exemplar.deeds}
          </Typography.Paragraph>
          <Form<{ note?: string }>
            form={form}
            name="exemplar-decide"
            layout="vertical"
            preserve={false}
            clearOnDestroy
            disabled={save.isPending}
            onValuesChange={clear}
            onFinish={(values) => save.mutate(values)}
          >
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
          </Form>
        </>
      )}
    </FormModal>
  )
}
