import { Button, Result, Space, Typography } from 'antd'
import { Component, type ErrorInfo, type ReactNode } from 'react'

interface Props {
  children: ReactNode
}

interface State {
  error: Error | null
}

/** Catches a page that crashed while rendering, so the rest of the app stays usable. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('页面渲染出错', error, info.componentStack)
  }

  override render(): ReactNode {
    if (this.state.error) return <ErrorFallback error={this.state.error} />
    return this.props.children
  }
}

export function ErrorFallback({ error }: { error: unknown }) {
  const isChunkError = error instanceof Error && /dynamically imported module|Failed to fetch|Loading chunk/i.test(error.message)
  return (
    <Result
      status="error"
      title={isChunkError ? '页面加载失败' : '页面出错了'}
      subTitle={
        isChunkError
          ? '系统可能刚刚更新，或网络不稳定。请刷新页面后重试。'
          : '很抱歉，页面遇到了意外错误。请刷新页面重试；如果问题反复出现，请联系系统管理员。'
      }
      extra={
        <Space wrap>
          <Button type="primary" onClick={() => window.location.reload()}>
            刷新页面
          </Button>
          <Button onClick={() => window.location.assign('/')}>返回首页</Button>
        </Space>
      }
    >
      {error instanceof Error && error.message && !isChunkError && (
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 0 }}>
          错误信息：{error.message}
        </Typography.Paragraph>
      )}
    </Result>
  )
}
