import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { API, LoginBody } from '@xianfeng/contract'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Form, Input, Typography } from 'antd'
import { Link, Navigate, useLocation } from 'react-router'
import { api } from '../../api.ts'
import { FormErrorAlert } from '../../components/form-error-alert.tsx'
import { formBody, useFormErrors, zodItem } from '../../lib/zod-form.ts'
import { meQuery, storeMe } from '../../lib/session.ts'
import { Brand } from '../../layout/brand.tsx'

interface LoginValues {
  loginName: string
  password: string
}

/** Where the auth guard sent the user from, if anywhere. */
function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string') {
    return state.from.startsWith('/') && !state.from.startsWith('/login') ? state.from : '/'
  }
  return '/'
}

export function LoginPage() {
  const [form] = Form.useForm<LoginValues>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const location = useLocation()
  const existing = useQuery(meQuery)

  const login = useMutation({
    mutationFn: (values: LoginValues) => api(API.auth.login, { body: formBody(LoginBody, values) }),
    onSuccess: ({ me }) => {
      // Nothing cached for a previous user may survive a new login.
      queryClient.removeQueries()
      // The me query now has a user, so the redirect below takes over.
      storeMe(queryClient, me)
    },
    onError: report,
  })

  if (existing.data) {
    return <Navigate to={existing.data.mustChangePassword ? '/password' : returnPath(location.state)} replace />
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #c8161d 0%, #8f0f14 45%, #f5f5f5 45%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
        <div style={{ display: 'flex', justifyContent: 'center', marginBottom: 8 }}>
          <Brand />
        </div>
        <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 8, marginBottom: 24 }}>
          账号登录
        </Typography.Title>
        <FormErrorAlert error={error} />
        <Form<LoginValues>
          form={form}
          name="login"
          layout="vertical"
          requiredMark={false}
          onValuesChange={clear}
          onFinish={(values) => login.mutate(values)}
        >
          <Form.Item label="登录名" {...zodItem(LoginBody, 'loginName')}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
          </Form.Item>
          <Form.Item label="密码" {...zodItem(LoginBody, 'password')}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
              登录
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 20, marginBottom: 0 }}>
          <Link to="/public/exemplars">查看学习标兵公示（无须登录）</Link>
          <br />
          <Link to="/public/development-notices">查看发展党员公示（无须登录）</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  )
}
