import { LogoutOutlined } from '@ant-design/icons'
import { Button, Layout, theme } from 'antd'
import { Suspense } from 'react'
import { ErrorBoundary } from '../components/error-boundary.tsx'
import { PageLoading } from '../components/page-loading.tsx'
import { ChangePasswordPage } from '../lazy-pages.ts'
import { Brand } from './brand.tsx'
import { useLogout } from './use-logout.ts'

/** While the password must be changed there is no menu: only this page and 退出登录. */
export function ForcedPasswordLayout() {
  const { token } = theme.useToken()
  const { logout, isPending } = useLogout()
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          padding: '0 16px',
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <Brand />
        <Button type="text" icon={<LogoutOutlined />} loading={isPending} onClick={logout}>
          退出登录
        </Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <ErrorBoundary>
          <Suspense fallback={<PageLoading />}>
            <ChangePasswordPage />
          </Suspense>
        </ErrorBoundary>
      </Layout.Content>
    </Layout>
  )
}
