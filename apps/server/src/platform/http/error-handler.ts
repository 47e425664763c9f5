import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { labelOf, type ErrorBody, type FieldError } from '@xianfeng/contract'
import type { z } from 'zod'
import type { AuditService } from '../audit/audit.service.ts'
import type { Db } from '../db.ts'
import { AppError, statusOf } from '../errors.ts'

const PART_NAMES: Record<string, string> = { body: '请求内容', querystring: '查询条件', params: '路径参数', headers: '请求头' }

/** Maps every error to the closed set of STYLE.md §5; unknown errors become 500 with the request id. */
export function installErrorHandler(app: FastifyInstance, deps: { db: Db; audit: AuditService }) {
  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    const send = (status: number, body: ErrorBody) => reply.code(status).send(body)

    if (error instanceof AppError) {
      // A refusal of a logged-in user — no permission, or a resource outside the scope (which
      // answers like a missing one) — is itself a fact worth keeping.
      const actor = req.actor
      if (actor && (error.code === 'forbidden' || error.code === 'not_found'))
        await deps.audit.record(deps.db, actor, {
          action: 'auth.request_denied',
          entityType: 'route',
          entityId: `${req.method} ${req.routeOptions.url ?? req.url}`.slice(0, 200),
          orgId: actor.grant?.orgId ?? null,
          after: { code: error.code, message: error.message },
        })
      if (error.headers) reply.headers(error.headers)
      return send(statusOf(error.code), {
        error: { code: error.code, message: error.message, ...(error.details && { details: error.details }) },
      })
    }

    if (hasZodFastifySchemaValidationErrors(error)) {
      const part = (error.validationContext ?? 'body') as 'body' | 'querystring' | 'params'
      const schema = req.routeOptions.config.route?.[part] as z.ZodType | undefined
      const details: FieldError[] = error.validation.map((v) => {
        const path = v.instancePath.split('/').filter(Boolean)
        const field = path.join('.') || part
        const label = labelOf(schema, path) ?? (path.length ? field : PART_NAMES[part])
        return { field, label, message: v.message ?? '取值不正确' }
      })
      const first = details[0]
      const message = first
        ? first.message.includes(first.label ?? '\0')
          ? first.message
          : `${first.label}：${first.message}`
        : '输入有误'
      return send(400, { error: { code: 'validation_failed', message, details } })
    }

    if (error.statusCode === 429) {
      return send(429, { error: { code: 'rate_limited', message: '请求过于频繁，请稍后再试' } })
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))
    ) {
      return send(400, { error: { code: 'validation_failed', message: '请求内容不是有效的 JSON' } })
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const upload = req.routeOptions.config.route?.upload
      if (upload) {
        const message = `${upload.label}不能超过 ${upload.maxBytes / 1024 / 1024} MB`
        return send(400, {
          error: { code: 'validation_failed', message, details: [{ field: 'file', label: upload.label, message }] },
        })
      }
      return send(400, { error: { code: 'validation_failed', message: '请求内容过大' } })
    }

    if (isResponseSerializationError(error))
      req.log.error({ err: error, issues: error.cause.issues }, 'response does not match the contract')
    else req.log.error({ err: error }, 'unhandled error')
    return send(500, {
      error: { code: 'internal', message: `服务器内部错误，请联系管理员并提供请求编号 ${req.id}`, requestId: req.id },
    })
  })
}
