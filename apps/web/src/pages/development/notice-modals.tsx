import { API, CaseEnd, NoticePublish, ObjectionInput, ObjectionResolve, type CaseView, type NoticeView } from '@xianfeng/contract'
import { useQueryClient } from '@tanstack/react-query'
import { Form, Input, Typography } from 'antd'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { developmentKeys } from './development-queries.ts'

/** A save of a case's notice or objection: the case comes back and replaces the cached one. */
function useCaseSaved(caseId: string) {
  const queryClient = useQueryClient()
  return (c: CaseView) => queryClient.setQueryData(developmentKeys.case(caseId), c)
}

/** 公示: on the public portal from the start day for the configured number of working days. */
export function NoticeModal({
  caseView,
  kind: openKind,
  onClose,
}: {
  caseView: CaseView
  kind: 'admission' | 'conversion' | null
  onClose: () => void
}) {
  const kind = useLastValue(openKind) ?? 'admission'
  const open = openKind !== null
  const [form] = Form.useForm<{ startsOn?: string; contact?: string }>()
  const saved = useCaseSaved(caseView.id)
  const submit = async (v: { startsOn?: string; contact?: string }) =>
    (await api(API.development.publishNotice, { params: { id: caseView.id }, body: formBody(NoticePublish, { ...v, kind }) }))
      .case
  const done = '公示已发布，公示期内在公开页面展示'
  return (
    <FormModal
      title={kind === 'admission' ? '发布发展对象公示' : '发布预备党员转正公示'}
      open={open}
      onClose={onClose}
      form={form}
      name="development-notice"
      okText="发布"
      initialValues={{ startsOn: todayString() }}
      submit={submit}
      refresh={[developmentKeys.all]}
      success={() => done}
      onSaved={saved}
    >
      {open && (
        <>
          <Form.Item label="公示开始日期" {...zodItem(NoticePublish, 'startsOn')}>
            <DateStringPicker min={todayString()} />
          </Form.Item>
          <Form.Item label="受理意见的联系方式" {...zodItem(NoticePublish, 'contact')}>
            <Input maxLength={200} placeholder="如：县委组织部组织科 027-12345678" />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            公示期按工作日计算（含国务院节假日安排和调休）；公示期满、反映意见处理完毕后才能提交支部大会讨论。
          </Typography.Text>
        </>
      )}
    </FormModal>
  )
}

export function ObjectionModal({
  caseId,
  notice: openNotice,
  onClose,
}: {
  caseId: string
  notice: NoticeView | null
  onClose: () => void
}) {
  const notice = useLastValue(openNotice)
  const [form] = Form.useForm<{ receivedOn?: string; content?: string; source?: string }>()
  const saved = useCaseSaved(caseId)
  const submit = async (v: { receivedOn?: string; content?: string; source?: string }) =>
    (await api(API.development.addObjection, { params: { id: notice!.id }, body: formBody(ObjectionInput, v) })).case
  const done = '已登记反映意见'
  return (
    <FormModal
      title="登记反映意见"
      open={openNotice !== null}
      onClose={onClose}
      form={form}
      name="development-objection"
      okText="登记"
      initialValues={{ receivedOn: todayString() }}
      submit={submit}
      refresh={[developmentKeys.all]}
      success={() => done}
      onSaved={saved}
    >
      {openNotice && (
        <>
          <Form.Item label="收到日期" {...zodItem(ObjectionInput, 'receivedOn')}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item label="反映的问题" {...zodItem(ObjectionInput, 'content')}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Form.Item label="反映人及联系方式" {...zodItem(ObjectionInput, 'source')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

export function ResolveModal({
  caseId,
  objectionId: openId,
  onClose,
}: {
  caseId: string
  objectionId: string | null
  onClose: () => void
}) {
  const objectionId = useLastValue(openId)
  const [form] = Form.useForm<{ resolvedOn?: string; resolution?: string }>()
  const saved = useCaseSaved(caseId)
  const submit = async (v: { resolvedOn?: string; resolution?: string }) =>
    (await api(API.development.resolveObjection, { params: { id: objectionId! }, body: formBody(ObjectionResolve, v) })).case
  const done = '已登记处理情况'
  return (
    <FormModal
      title="登记调查核实和处理情况"
      open={openId !== null}
      onClose={onClose}
      form={form}
      name="development-resolve"
      okText="登记"
      initialValues={{ resolvedOn: todayString() }}
      submit={submit}
      refresh={[developmentKeys.all]}
      success={() => done}
      onSaved={saved}
    >
      {openId && (
        <>
          <Form.Item label="处理日期" {...zodItem(ObjectionResolve, 'resolvedOn')}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item label="调查核实和处理情况" {...zodItem(ObjectionResolve, 'resolution')}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

/** 终止发展: the case ends with its reason (withdrawn, no longer a candidate); the register stays as it is. */
export function EndCaseModal({ caseView, open, onClose }: { caseView: CaseView; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ endedOn?: string; reason?: string }>()
  const saved = useCaseSaved(caseView.id)
  const submit = async (v: { endedOn?: string; reason?: string }) =>
    (await api(API.development.end, { params: { id: caseView.id }, body: formBody(CaseEnd, v) })).case
  return (
    <FormModal
      title="终止发展"
      open={open}
      onClose={onClose}
      form={form}
      name="development-end"
      okText="终止"
      danger
      initialValues={{ endedOn: todayString() }}
      submit={submit}
      refresh={[developmentKeys.all]}
      success={() => `已终止${caseView.person.name}的发展档案`}
      onSaved={saved}
    >
      {open && (
        <>
          <Form.Item label="终止日期" {...zodItem(CaseEnd, 'endedOn')}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item label="终止原因" {...zodItem(CaseEnd, 'reason')}>
            <Input.TextArea rows={3} maxLength={200} placeholder="如：本人撤回入党申请；经考察不再列为发展对象" />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            终止后不能再记录步骤；名册中的人员状态不变。
          </Typography.Text>
        </>
      )}
    </FormModal>
  )
}
