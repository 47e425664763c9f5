import { API, ContactChangeCreate, type OwnContactRequest } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Card, Form, Input, List, Popconfirm, Space, Typography } from 'antd'
import { api } from '../../api.ts'
import { FormErrorAlert } from '../../components/form-error-alert.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { formBody, useFormErrors, zodItem } from '../../lib/zod-form.ts'
import { RequestStatusTag } from './request-status-tag.tsx'
import { selfKeys } from './self-queries.ts'

interface Values {
  phone?: string
  note?: string
}

/** Asking the branch to change one's phone; while a request is open, its state and a way to withdraw it. */
export function ContactChangeCard({
  currentPhone,
  requests,
  isActive,
}: {
  currentPhone: string | null
  requests: OwnContactRequest[]
  isActive: boolean
}) {
  const [form] = Form.useForm<Values>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const refresh = () => void queryClient.invalidateQueries({ queryKey: selfKeys.all })
  const pending = requests.find((r) => r.status === 'pending')

  const submit = useMutation({
    mutationFn: (values: Values) => api(API.self.request, { body: formBody(ContactChangeCreate, values) }),
    onSuccess: () => {
      form.resetFields()
      refresh()
      void message.success('申请已提交，请等待所在党组织审批')
    },
    onError: report,
  })
  const withdraw = useMutation({
    mutationFn: (id: string) => api(API.self.withdraw, { params: { id } }),
    onSuccess: () => {
      refresh()
      void message.success('申请已撤回')
    },
    onError: (e) => void message.error(e.message),
  })

  return (
    <Card size="small" title="修改手机号">
      {pending ? (
        <Alert
          type="info"
          showIcon
          title="申请待审批"
          description={
            <Space orientation="vertical" size={4}>
              <span>
                新手机号 <Typography.Text strong>{pending.phone}</Typography.Text>，提交于 {formatDateTime(pending.createdAt)}
                ；所在党组织审批通过后，档案中的手机号随即更新。
              </span>
              <Popconfirm
                title="撤回这份申请？"
                okText="撤回"
                cancelText="取消"
                onConfirm={() => withdraw.mutateAsync(pending.id).catch(() => undefined)}
              >
                <Button size="small" loading={withdraw.isPending}>
                  撤回申请
                </Button>
              </Popconfirm>
            </Space>
          }
        />
      ) : !isActive ? (
        <Typography.Text type="secondary">您已离开党组织，档案不再变更。</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            当前手机号：{currentPhone ?? '未登记'}。修改须经所在党组织审批，通过后档案随即更新。
          </Typography.Paragraph>
          <FormErrorAlert error={error} />
          <Form<Values>
            form={form}
            name="contact-change"
            layout="vertical"
            disabled={submit.isPending}
            onValuesChange={() => clear()}
            onFinish={(values) => submit.mutate(values)}
            style={{ maxWidth: 420 }}
          >
            <Form.Item label="新手机号" {...zodItem(ContactChangeCreate, 'phone')}>
              <Input inputMode="tel" autoComplete="tel" maxLength={20} placeholder="11 位手机号" />
            </Form.Item>
            <Form.Item label="说明" {...zodItem(ContactChangeCreate, 'note')}>
              <Input.TextArea rows={2} maxLength={200} showCount placeholder="选填，如：原号码已停用" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              提交申请
            </Button>
          </Form>
        </>
      )}
      {requests.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>申请记录</Typography.Text>}
          style={{ marginTop: 16 }}
          dataSource={requests}
          renderItem={(r) => (
            <List.Item key={r.id}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={8}>
                  <RequestStatusTag status={r.status} />
                  <Typography.Text style={{ fontFamily: 'monospace' }}>{r.phone}</Typography.Text>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  提交于 {formatDateTime(r.createdAt)}
                  {r.decidedAt && `，${r.status === 'withdrawn' ? '撤回' : '审批'}于 ${formatDateTime(r.decidedAt)}`}
                  {r.decidedBy && r.status !== 'withdrawn' && `（${r.decidedBy}）`}
                </Typography.Text>
                {r.note && <Typography.Text type="secondary">说明：{r.note}</Typography.Text>}
                {r.rejectReason && <Typography.Text type="danger">驳回理由：{r.rejectReason}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}
