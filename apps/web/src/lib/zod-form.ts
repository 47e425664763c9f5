import { labelOf } from '@xianfeng/contract'
import type { FormInstance, FormRule } from 'antd'
import { useCallback, useState } from 'react'
import type { z } from 'zod'
import { isApiError } from '../api.ts'

type Shape<S extends z.ZodObject> = S['shape']
type FieldName<S extends z.ZodObject> = keyof Shape<S> & string

/** Inputs give '' (or null) when cleared; for the schema that is "no value". */
function blankToUndefined(value: unknown): unknown {
  if (value === null) return undefined
  if (typeof value === 'string' && value.trim() === '') return undefined
  return value
}

function firstMessage(result: z.ZodSafeParseResult<unknown>): string | undefined {
  return result.success ? undefined : (result.error.issues[0]?.message ?? '格式不正确')
}

/**
 * Form.Item props that validate one field with the contract's schema — the same one the server
 * uses — and show zod's Chinese message. Spread it: `<Form.Item label="登录名" {...zodItem(LoginBody, 'loginName')}>`.
 * `select: true` words the missing-value message as "请选择…".
 */
export function zodItem<S extends z.ZodObject>(
  schema: S,
  field: FieldName<S>,
  options: { select?: boolean } = {},
): { name: string; rules: FormRule[]; required: boolean } {
  return { name: field, rules: zodRule(schema, field, options), required: !isOptional(schema, field) }
}

export function zodRule<S extends z.ZodObject>(schema: S, field: FieldName<S>, options: { select?: boolean } = {}): FormRule[] {
  const fieldSchema = schema.shape[field] as z.ZodType
  const optional = isOptional(schema, field)
  const label = labelOf(schema, [field]) ?? field
  return [
    {
      validator: (_rule, raw: unknown) => {
        const value = blankToUndefined(raw)
        if (value === undefined) {
          if (optional) return Promise.resolve()
          return Promise.reject(new Error(options.select ? `请选择${label}` : `请填写${label}`))
        }
        const message = firstMessage(fieldSchema.safeParse(value))
        return message ? Promise.reject(new Error(message)) : Promise.resolve()
      },
    },
  ]
}

function isOptional<S extends z.ZodObject>(schema: S, field: FieldName<S>): boolean {
  return (schema.shape[field] as z.ZodType).safeParse(undefined).success
}

/**
 * Parses the form's values with the schema (blank inputs become "absent") to get the request body.
 * Call it inside a mutationFn: a value the field rules let through but the whole schema refuses
 * then shows in the form's Alert with zod's message.
 */
export function formBody<S extends z.ZodObject>(schema: S, values: object): z.output<S> {
  const cleaned = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, blankToUndefined(v)]))
  const result = schema.safeParse(cleaned)
  if (!result.success) throw new Error(firstMessage(result) ?? '填写的内容有误')
  return result.data
}

/** `body.loginName`, `/loginName`, `grants.0.orgId` → a Form name path. */
function toNamePath(field: string): (string | number)[] {
  return field
    .replace(/^\/+/, '')
    .split(/[./]/)
    .filter((part, index) => !(index === 0 && (part === 'body' || part === 'query' || part === 'querystring')))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

export interface FormErrorState {
  message: string
  /** Server messages that could not be put on a field of this form. */
  extra: string[]
  requestId?: string | undefined
}

/**
 * Puts the server's 400 details on the fields this form shows and keeps the top-level message
 * for an Alert; a detail about a field the form does not show is listed in the Alert instead.
 */
export function useFormErrors(form: FormInstance) {
  const [error, setError] = useState<FormErrorState | null>(null)

  const report = useCallback(
    (err: unknown) => {
      if (!isApiError(err)) {
        setError({ message: err instanceof Error ? err.message : '操作失败，请重试', extra: [] })
        return
      }
      const shown = new Set(form.getFieldsError().map((f) => String(f.name[0])))
      const extra: string[] = []
      const fields: { name: (string | number)[]; errors: string[] }[] = []
      for (const detail of err.details) {
        const name = toNamePath(detail.field)
        if (name.length > 0 && shown.has(String(name[0]))) fields.push({ name, errors: [detail.message] })
        else extra.push(detail.message)
      }
      if (fields.length > 0) form.setFields(fields)
      setError({ message: err.message, extra, requestId: err.code === 'internal' ? err.requestId : undefined })
    },
    [form],
  )

  const clear = useCallback(() => setError(null), [])
  return { error, report, clear }
}
