import { LoadingOutlined } from '@ant-design/icons'
import { QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import { RouterProvider } from 'react-router'
import { onUnauthenticated } from './api.ts'
import { LOCALE } from './lib/locale.ts'
import { queryClient } from './lib/query-client.ts'
import { endSession } from './lib/session.ts'
import { router } from './router.tsx'

// Any 401 outside the login form means the session is gone: forget it, and the auth guard shows
// the login page. Deferred so it never runs inside the query that reported it.
onUnauthenticated(() => {
  setTimeout(() => endSession(queryClient), 0)
})

/**
 * antd 6.6.8's default button spinner collapses with a CSS motion that never finishes when a
 * request ends within a few milliseconds: the spinner (aria-label "loading") then stays in the
 * button for good and its accessible name becomes "loading 登录". A configured loading icon is
 * swapped in and out without that motion.
 */
const BUTTON_CONFIG = { autoInsertSpace: false, loadingIcon: <LoadingOutlined /> }

const THEME = {
  token: {
    colorPrimary: '#c8161d',
    colorLink: '#c8161d',
    borderRadius: 6,
  },
}

export function App() {
  return (
    <ConfigProvider locale={LOCALE} theme={THEME} button={BUTTON_CONFIG}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  )
}
