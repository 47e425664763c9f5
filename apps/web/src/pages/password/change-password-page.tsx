import { API, ChangePasswordBody } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd'
import { useNavigate } from 'react-router'
import { api } from '../../api.ts'
import { FormErrorAlert } from '../../components/form-error-alert.tsx'
import { formBody, useFormErrors, zodItem, zodRule } from '../../lib/zod-form.ts'
import { storeMe, useSession } from '../../lib/session.ts'
import { describePolicy, policyProblem } from './password-policy.ts'

interface PasswordValues {
  currentPassword: string
  newPassword: string
  confirmPassword: string
}

export function ChangePasswordPage() {
  const { me } = useSession()
  const isForced = me.mustChangePassword
  const [form] = Form.useForm<PasswordValues>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const policy = me.passwordPolicy

  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordValues) =>
      api(API.auth.changePassword, { body: formBody(ChangePasswordBody, { currentPassword, newPassword }) }),
    onSuccess: ({ me: next }) => {
      form.resetFields()
      storeMe(queryClient, next)
      void message.success('密码已修改')
      if (isForced) void navigate('/', { replace: true })
    },
    onError: report,
  })

  return (
    <Card title="修改密码" style={{ maxWidth: 520, margin: '0 auto' }}>
      {isForced && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="请先修改密码"
          description="您正在使用初始密码或临时密码（或密码已过期），修改后才能继续使用系统。"
        />
      )}
      <div style={{ marginBottom: 16 }}>
        <Typography.Text strong>密码要求</Typography.Text>
        <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
          {describePolicy(policy).map((line) => (
            <li key={line}>
              <Typography.Text type="secondary">{line}</Typography.Text>
            </li>
          ))}
        </ul>
      </div>
      <FormErrorAlert error={error} />
      <Form<PasswordValues>
        form={form}
        name="change-password"
        layout="vertical"
        disabled={change.isPending}
        onValuesChange={clear}
        onFinish={(values) => change.mutate(values)}
      >
        {/* Lets password managers pair the new password with this account. */}
        <input type="text" name="username" autoComplete="username" value={me.loginName} readOnly hidden />
        <Form.Item label="当前密码" {...zodItem(ChangePasswordBody, 'currentPassword')}>
          <Input.Password autoComplete="current-password" maxLength={256} />
        </Form.Item>
        <Form.Item
          label="新密码"
          {...zodItem(ChangePasswordBody, 'newPassword')}
          rules={[
            ...zodRule(ChangePasswordBody, 'newPassword'),
            {
              validator: (_rule, value: unknown) => {
                const problem = typeof value === 'string' && value !== '' ? policyProblem(policy, value) : null
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve()
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item
          label="确认密码"
          name="confirmPassword"
          dependencies={['newPassword']}
          required
          rules={[
            ({ getFieldValue }) => ({
              validator: (_rule, value: unknown) => {
                if (!value) return Promise.reject(new Error('请再次输入新密码'))
                if (value !== getFieldValue('newPassword')) return Promise.reject(new Error('两次输入的新密码不一致'))
                return Promise.resolve()
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            确认修改
          </Button>
        </Form.Item>
      </Form>
    </Card>
  )
}
