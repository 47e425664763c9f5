import { ErrorBody, type ErrorCode, type FieldError, type ResponseOf, type RouteDef } from '@xianfeng/contract'
import type { z } from 'zod'

/** An error answered by the API (or a network failure, status 0), carrying the server's Chinese message. */
export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode | 'internal' | 'network'
  readonly details: FieldError[]
  readonly requestId: string | undefined

  constructor(init: {
    status: number
    code: ApiError['code']
    message: string
    details?: FieldError[] | undefined
    requestId?: string | undefined
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.details = init.details ?? []
    this.requestId = init.requestId
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError

// ---- CSRF token: held in memory; after a reload, the non-HttpOnly cookie still has it. ----

const CSRF_COOKIE = 'xf_csrf'
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

function currentCsrfToken(): string | null {
  if (csrfToken) return csrfToken
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='))
  }
  return null
}

// ---- 401: the app decides what "go to the login page" means (clear the session, redirect). ----

let unauthenticatedHandler: (() => void) | undefined

export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler
}

// ---- Typed options: params are required when the route has them, body when it has one. ----

type Input<T> = T extends z.ZodType ? z.input<T> : never

type ParamsPart<R extends RouteDef> = R['params'] extends z.ZodType ? { params: Input<R['params']> } : { params?: never }
type QueryPart<R extends RouteDef> = R['querystring'] extends z.ZodType
  ? object extends Input<R['querystring']>
    ? { query?: Input<R['querystring']> }
    : { query: Input<R['querystring']> }
  : { query?: never }
type BodyPart<R extends RouteDef> = R['body'] extends z.ZodType ? { body: Input<R['body']> } : { body?: never }
type FilePart<R extends RouteDef> = R['upload'] extends object ? { file: Blob } : { file?: never }

export type ApiOptions<R extends RouteDef> = ParamsPart<R> & QueryPart<R> & BodyPart<R> & FilePart<R>

type ApiArgs<R extends RouteDef> = object extends ApiOptions<R> ? [options?: ApiOptions<R>] : [options: ApiOptions<R>]

interface LooseOptions {
  params?: Record<string, unknown>
  query?: Record<string, unknown>
  body?: unknown
  file?: Blob
}

/**
 * Calls one route of the contract. Returns the typed success body (undefined for 204 and for
 * downloads, which are saved as files) and throws an ApiError otherwise.
 */
export async function api<R extends RouteDef>(route: R, ...args: ApiArgs<R>): Promise<ResponseOf<R>> {
  const options = (args[0] ?? {}) as LooseOptions
  const url = buildUrl(route.path, options)
  const headers: Record<string, string> = { Accept: route.download ? '*/*' : 'application/json' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  // An upload (route.upload) sends the file's bytes as they are; the server decides by the bytes.
  if (options.file !== undefined) headers['Content-Type'] = options.file.type || 'application/octet-stream'
  if (route.method !== 'GET') {
    const token = currentCsrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }

  let response: Response
  try {
    response = await fetch(url, {
      method: route.method,
      headers,
      credentials: 'same-origin',
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    })
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: '无法连接服务器，请检查网络后重试' })
  }

  if (!response.ok) {
    const error = await toApiError(response)
    if (error.status === 401 && route.permission !== 'public') unauthenticatedHandler?.()
    throw error
  }

  if (route.download) {
    await saveDownload(response)
    return undefined as ResponseOf<R>
  }
  if (response.status === 204) return undefined as ResponseOf<R>

  const data: unknown = await response.json()
  rememberCsrfToken(data)
  return data as ResponseOf<R>
}

/** The URL of a GET route (for an <img> or a link), with its path and query values filled in. */
export function routeUrl<R extends RouteDef>(route: R, options: { params?: object; query?: object } = {}): string {
  return buildUrl(route.path, options as LooseOptions)
}

/** Path and query values are scalars in every contract schema. */
function scalar(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new Error(`参数 ${name} 不是文本或数字`)
}

function buildUrl(path: string, options: LooseOptions): string {
  const filled = path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = scalar(options.params?.[name], name)
    if (value === undefined) throw new Error(`缺少路径参数 ${name}（${path}）`)
    return encodeURIComponent(value)
  })
  const search = new URLSearchParams()
  for (const [key, raw] of Object.entries(options.query ?? {})) {
    const value = scalar(raw, key)
    if (value !== undefined) search.append(key, value)
  }
  const qs = search.toString()
  return qs ? `${filled}?${qs}` : filled
}

/** Login, me, change password and switch scope all answer `{ me: { csrfToken } }`. */
function rememberCsrfToken(data: unknown): void {
  if (typeof data !== 'object' || data === null || !('me' in data)) return
  const me = data.me
  if (typeof me === 'object' && me !== null && 'csrfToken' in me && typeof me.csrfToken === 'string') {
    csrfToken = me.csrfToken
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = fallbackMessage(response.status)
  let body: unknown
  try {
    body = await response.json()
  } catch {
    return new ApiError({ status: response.status, code: 'internal', message: fallback })
  }
  const parsed = ErrorBody.safeParse(body)
  if (!parsed.success) return new ApiError({ status: response.status, code: 'internal', message: fallback })
  const { code, message, details, requestId } = parsed.data.error
  return new ApiError({ status: response.status, code, message: message || fallback, details, requestId })
}

function fallbackMessage(status: number): string {
  if (status === 401) return '登录已失效，请重新登录'
  if (status === 403) return '没有权限执行此操作'
  if (status === 404) return '请求的内容不存在'
  if (status === 429) return '操作过于频繁，请稍后再试'
  if (status >= 500) return `服务器出错了（${status}），请稍后再试`
  return `请求失败（${status}）`
}

// ---- Downloads ----

async function saveDownload(response: Response): Promise<void> {
  const blob = await response.blob()
  const name = filenameFrom(response.headers.get('Content-Disposition')) ?? '下载文件'
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = name
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(href), 30_000)
}

/** `filename*=UTF-8''%E5%AE%A1…` wins over `filename="…"` (RFC 6266). */
export function filenameFrom(header: string | null): string | undefined {
  if (!header) return undefined
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ''))
    } catch {
      // fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header)
  const value = plain?.[2] ?? plain?.[1]
  return value ? value.trim() : undefined
}
