import { useQuery } from '@tanstack/react-query'
import { Button, Result } from 'antd'
import { useMemo } from 'react'
import { Navigate, useLocation } from 'react-router'
import { PageLoading } from '../components/page-loading.tsx'
import { makeSession, meQuery, SessionProvider } from '../lib/session.ts'
import { AppLayout } from './app-layout.tsx'
import { ForcedPasswordLayout } from './forced-password-layout.tsx'

/**
 * Every page after login passes here: no session → login page; a password that must be changed →
 * only the change-password page, without the menu; otherwise the normal layout.
 */
export function AuthGuard() {
  const me = useQuery(meQuery)
  const location = useLocation()
  const session = useMemo(() => (me.data ? makeSession(me.data) : null), [me.data])

  if (me.isPending) return <PageLoading fullScreen />
  if (me.isError) {
    return (
      <Result
        status="error"
        title="无法获取登录状态"
        subTitle={me.error.message}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            重试
          </Button>
        }
      />
    )
  }
  if (!session) {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />
  }
  if (session.me.mustChangePassword) {
    if (location.pathname !== '/password') return <Navigate to="/password" replace />
    return (
      <SessionProvider value={session}>
        <ForcedPasswordLayout />
      </SessionProvider>
    )
  }
  return (
    <SessionProvider value={session}>
      <AppLayout />
    </SessionProvider>
  )
}
