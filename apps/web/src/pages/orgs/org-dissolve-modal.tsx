import { API, OrgDissolve, type OrgDetail } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Form, Input, Typography } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { orgKeys } from '../../lib/org-queries.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, useFormErrors, zodItem } from '../../lib/zod-form.ts'

interface DissolveValues {
  dissolvedOn?: string
  reason?: string
}

interface Props {
  org: OrgDetail | null
  onClose: () => void
}

/** Dissolves an org. The server refuses while it still has active child orgs; the modal shows why. */
export function OrgDissolveModal({ org: openOrg, onClose }: Props) {
  const org = useLastValue(openOrg)
  const [form] = Form.useForm<DissolveValues>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()

  const dissolve = useMutation({
    mutationFn: ({ id, values }: { id: string; values: DissolveValues }) =>
      api(API.orgs.dissolve, { params: { id }, body: formBody(OrgDissolve, values) }),
    onSuccess: ({ org: dissolved }) => {
      queryClient.setQueryData(orgKeys.detail(dissolved.id), dissolved)
      void queryClient.invalidateQueries({ queryKey: orgKeys.all })
      void message.success(`已撤销“${dissolved.name}”`)
      onClose()
    },
    onError: report,
  })

  const today = todayString()

  return (
    <FormModal
      title="撤销组织"
      open={openOrg !== null}
      onClose={onClose}
      form={form}
      okText="确定"
      mutation={dissolve}
      clear={clear}
      error={error}
      danger
    >
      {org && (
        <>
          <Typography.Paragraph>
            撤销 <Typography.Text strong>{org.name}</Typography.Text>
            。撤销后该组织不能再修改，也不能在其下新建组织；有正常状态的下级组织时不能撤销。
          </Typography.Paragraph>
          <Form<DissolveValues>
            form={form}
            name="org-dissolve"
            layout="vertical"
            preserve={false}
            clearOnDestroy
            initialValues={{ dissolvedOn: today }}
            disabled={dissolve.isPending}
            onValuesChange={clear}
            onFinish={(values) => dissolve.mutate({ id: org.id, values })}
          >
            <Form.Item
              label="撤销日期"
              {...zodItem(OrgDissolve, 'dissolvedOn')}
              extra={org.establishedOn ? `不早于成立日期 ${org.establishedOn}` : undefined}
            >
              <DateStringPicker min={org.establishedOn ?? undefined} max={today} allowClear={false} />
            </Form.Item>
            <Form.Item label="撤销原因" {...zodItem(OrgDissolve, 'reason')}>
              <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 3, maxRows: 6 }} placeholder="如：所在企业注销" />
            </Form.Item>
          </Form>
        </>
      )}
    </FormModal>
  )
}
