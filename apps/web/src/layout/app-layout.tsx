import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons'
import { Button, Drawer, Dropdown, Layout, Space, Typography, theme } from 'antd'
import { Suspense, useState } from 'react'
import { Outlet, useLocation, useNavigate } from 'react-router'
import { ErrorBoundary } from '../components/error-boundary.tsx'
import { PageLoading } from '../components/page-loading.tsx'
import { useSession } from '../lib/session.ts'
import { useIsMobile, useIsNarrow } from '../lib/use-is-mobile.ts'
import { Brand } from './brand.tsx'
import { ScopeSelect } from './scope-select.tsx'
import { SideMenu } from './side-menu.tsx'
import { useLogout } from './use-logout.ts'

const SIDER_WIDTH = 208

export function AppLayout() {
  const isMobile = useIsMobile()
  const isNarrow = useIsNarrow()
  const [drawerOpen, setDrawerOpen] = useState(false)
  const { pathname } = useLocation()
  const { token } = theme.useToken()

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isMobile && (
        <Layout.Sider width={SIDER_WIDTH} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          <div style={{ padding: '16px 20px' }}>
            <Brand dark />
          </div>
          <SideMenu />
        </Layout.Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          size={SIDER_WIDTH + 32}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          title={null}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <div style={{ padding: '16px 20px' }}>
            <Brand dark />
          </div>
          <SideMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            padding: isMobile ? '0 12px' : '0 24px',
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          {isMobile && <Button type="text" aria-label="打开菜单" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} />}
          <div style={{ flex: 1, minWidth: 0 }}>
            <ScopeSelect width={isMobile ? '100%' : 320} />
          </div>
          <UserActions compact={isNarrow} />
        </Layout.Header>
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          {/* Reset the boundary when the page changes, so one broken page does not stick. */}
          <ErrorBoundary key={pathname}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  )
}

function UserActions({ compact }: { compact: boolean }) {
  const { me } = useSession()
  const navigate = useNavigate()
  const { logout, isPending } = useLogout()

  if (compact) {
    return (
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'name', label: me.displayName, disabled: true, icon: <UserOutlined /> },
            { type: 'divider' },
            { key: 'password', label: '修改密码', icon: <KeyOutlined /> },
            { key: 'logout', label: '退出登录', icon: <LogoutOutlined />, danger: true },
          ],
          onClick: ({ key }) => {
            if (key === 'password') void navigate('/password')
            if (key === 'logout') logout()
          },
        }}
      >
        <Button type="text" aria-label={`账号：${me.displayName}`} icon={<UserOutlined />} />
      </Dropdown>
    )
  }

  return (
    <Space size={4} style={{ flex: 'none' }}>
      <Typography.Text style={{ marginRight: 8 }}>
        <UserOutlined /> {me.displayName}
      </Typography.Text>
      <Button type="text" icon={<KeyOutlined />} onClick={() => void navigate('/password')}>
        修改密码
      </Button>
      <Button type="text" icon={<LogoutOutlined />} loading={isPending} onClick={logout}>
        退出登录
      </Button>
    </Space>
  )
}
