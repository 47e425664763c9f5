import type { ErrorCode, FieldError } from '@xianfeng/contract'

/** An error the client may see. Anything else becomes a 500 with the request id only. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: FieldError[] | undefined
  readonly headers: Record<string, string> | undefined

  constructor(code: ErrorCode, message: string, opts: { details?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(message)
    this.code = code
    this.details = opts.details
    this.headers = opts.headers
  }
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
      return 400
    case 'unauthenticated':
      return 401
    case 'forbidden':
      return 403
    case 'not_found':
      return 404
    case 'conflict':
      return 409
    case 'invalid_state':
      return 422
    case 'rate_limited':
      return 429
    default: {
      const never: never = code
      throw new Error(`unknown error code ${String(never)}`)
    }
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what}不存在或不在您的授权范围内`)
export const forbidden = (message = '您没有执行此操作的权限') => new AppError('forbidden', message)
export const unauthenticated = (message = '请先登录') => new AppError('unauthenticated', message)
export const conflict = (message: string) => new AppError('conflict', message)
export const invalidState = (message: string) => new AppError('invalid_state', message)
export const invalidField = (field: string, label: string, message: string) =>
  new AppError('validation_failed', `${label}：${message}`, { details: [{ field, label, message }] })

/** Whether a database error is a unique violation of the named constraint (a race lost to another writer). */
export const isUniqueViolation = (e: unknown, constraint: string) =>
  typeof e === 'object' &&
  e !== null &&
  (e as { code?: string }).code === '23505' &&
  (e as { constraint?: string }).constraint === constraint

/** A `.catch` handler turning a lost unique race into the given error and rethrowing anything else. */
export const onUniqueViolation =
  (constraint: string, make: () => AppError) =>
  (e: unknown): never => {
    throw isUniqueViolation(e, constraint) ? make() : e
  }
