import { Alert } from 'antd'
import type { FormErrorState } from '../lib/zod-form.ts'

/** The server's top-level message for a refused form, plus details no field of the form shows. */
export function FormErrorAlert({ error }: { error: FormErrorState | null }) {
  if (!error) return null
  const description =
    error.extra.length > 0 || error.requestId ? (
      <>
        {error.extra.map((m) => (
          <div key={m}>{m}</div>
        ))}
        {error.requestId && <div>请求编号：{error.requestId}</div>}
      </>
    ) : undefined
  return <Alert type="error" role="alert" showIcon title={error.message} description={description} style={{ marginBottom: 16 }} />
}
