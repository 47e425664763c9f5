import { z } from 'zod'

// Every message the platform shows is Chinese; the locale covers zod's built-in messages and the
// helpers below name the field in the messages they write.
z.config(z.locales.zhCN())

export { z }

type Label = { label: string }

/** A trimmed text field; the label is shown in every message about it. */
export const text = (label: string, opts: { max: number; min?: number }) => {
  const min = opts.min ?? 1
  return (
    z
      .string({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}必须是文本`) })
      .trim()
      .min(min, min === 1 ? `请填写${label}` : `${label}至少 ${min} 个字符`)
      .max(opts.max, `${label}不能超过 ${opts.max} 个字符`)
      // PostgreSQL text cannot hold NUL, and no user means one.
      .refine((v) => !v.includes('\u0000'), `${label}含有非法字符`)
      .meta({ title: label })
  )
}

export const id = (label: string) =>
  z.uuid({ error: (iss) => (iss.input === undefined ? `请选择${label}` : `${label}的编号格式不正确`) }).meta({ title: label })

export const choice = <const T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z
    .enum(values, { error: (iss) => (iss.input === undefined ? `请选择${label}` : `${label}的取值不在允许范围内`) })
    .meta({ title: label })

export const flag = (label: string) => z.boolean({ error: `${label}必须是“是”或“否”` }).meta({ title: label })

/** Query-string integers arrive as text. */
export const queryInt = (label: string, opts: { min: number; max: number; default: number }) =>
  z.coerce
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(opts.min, `${label}不能小于 ${opts.min}`)
    .max(opts.max, `${label}不能大于 ${opts.max}`)
    .default(opts.default)
    .meta({ title: label })

export const isoDate = (label: string) =>
  z.iso
    .date({
      error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}应为“年-月-日”格式的有效日期，如 2026-07-01`),
    })
    .meta({ title: label })

export const isoDateTime = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label}的时间格式不正确` }).meta({ title: label })

/** The Chinese label of the field at `path` in `schema`, for messages that name the field. */
export function labelOf(schema: z.ZodType | undefined, path: readonly PropertyKey[]): string | undefined {
  let current: z.ZodType | undefined = schema
  for (const key of path) {
    current = unwrap(current)
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(key)]
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType
    else return undefined
  }
  return titleOf(current)
}

function titleOf(schema: z.ZodType | undefined): string | undefined {
  let s: z.ZodType | undefined = schema
  while (s) {
    const meta = z.globalRegistry.get(s) as Partial<Label & { title: string }> | undefined
    if (meta?.title) return meta.title
    const next = unwrapOnce(s)
    if (next === s) return undefined
    s = next
  }
  return undefined
}

function unwrapOnce(s: z.ZodType): z.ZodType {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) return s.unwrap() as z.ZodType
  if (s instanceof z.ZodPipe) return s.in as z.ZodType
  return s
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s
  while (cur) {
    const next = unwrapOnce(cur)
    if (next === cur) return cur
    cur = next
  }
  return cur
}
