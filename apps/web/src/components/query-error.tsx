import { Alert, Button } from 'antd'
import { isApiError } from '../api.ts'

/** The server's message for a failed query, with the request id for support and a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : '加载失败'
  const requestId = isApiError(error) ? error.requestId : undefined
  return (
    <Alert
      type="error"
      showIcon
      title={message}
      description={requestId ? `请求编号：${requestId}` : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  )
}
