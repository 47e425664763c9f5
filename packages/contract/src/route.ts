import type { z } from 'zod'
import type { RoutePermission } from './permissions.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One HTTP endpoint: the server registers it from this object and the web calls it through it. */
export interface RouteDef {
  method: HttpMethod
  path: string
  permission: RoutePermission
  summary: string
  tag: string
  params?: z.ZodObject
  querystring?: z.ZodObject
  body?: z.ZodType
  /** The success body; omitted for 204 and for file downloads. */
  response?: z.ZodType
  status?: 200 | 201 | 204
  /** A file download (Excel, a photo); the body is not JSON. */
  download?: boolean
  /**
   * A file upload: the request body is the file's bytes as they are (any content type), at most
   * `maxBytes`; the handler checks what they are. `label` names the file in refusals. With `stream`
   * the handler gets the body as a stream (large files, spooled to disk) instead of a Buffer.
   */
  upload?: { label: string; maxBytes: number; stream?: boolean }
}

export const route = <const R extends RouteDef>(r: R) => r

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined
type InferIn<T> = T extends z.ZodType ? z.input<T> : undefined
export type ParamsOf<R extends RouteDef> = Infer<R['params']>
export type QueryOf<R extends RouteDef> = Infer<R['querystring']>
export type BodyOf<R extends RouteDef> = Infer<R['body']>
export type QueryInputOf<R extends RouteDef> = InferIn<R['querystring']>
export type BodyInputOf<R extends RouteDef> = InferIn<R['body']>
export type ResponseOf<R extends RouteDef> = Infer<R['response']>
