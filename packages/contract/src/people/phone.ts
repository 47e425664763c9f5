import { z } from '../zod.ts'

// Mainland China mobile numbers: 11 digits, 1 then 3–9. Landlines and numbers outside the
// mainland are out of scope for this field.

export type MobilePhoneParseResult = { ok: true; value: string } | { ok: false; message: string }

/**
 * Turns full-width digits into ASCII, drops spaces and dashes (ASCII or full-width) and a leading
 * +86 / 0086. Anything else is returned as it is, for `parseMobilePhone` to explain.
 */
export function normalizeMobilePhone(input: string): string {
  return input
    .replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-－‐‑–—]/g, '')
    .replace(/^(\+86|0086)/, '')
}

/** Normalizes and checks a mobile number; the message names the field and says what is wrong. */
export function parseMobilePhone(input: string, opts: { label?: string } = {}): MobilePhoneParseResult {
  const label = opts.label ?? '手机号'
  const value = normalizeMobilePhone(input)
  if (value === '') return { ok: false, message: `请填写${label}` }
  const illegal = /\D/u.exec(value)
  if (illegal) return { ok: false, message: `${label}含有非法字符“${illegal[0]}”` }
  if (value.length !== 11) return { ok: false, message: `${label}应为 11 位数字，现为 ${value.length} 位` }
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, message: `${label}号段不正确（应以 13～19 开头）` }
  return { ok: true, value }
}

/** A request field holding a mobile number; outputs the bare 11 digits. */
export const mobilePhone = (label = '手机号') =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}必须是文本`) })
    // Bounds the work on hostile input; a number with its prefix and separators is far shorter.
    .max(40, `${label}应为 11 位数字`)
    .transform((input, ctx) => {
      const parsed = parseMobilePhone(input, { label })
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message, input })
        return z.NEVER
      }
      return parsed.value
    })
    .meta({ title: label })

/** For lists and exports (SPEC principle 5): `138****1234`; other lengths keep only the last 4. */
export function maskPhone(v: string): string {
  if (/^\d{11}$/.test(v)) return `${v.slice(0, 3)}****${v.slice(-4)}`
  if (v.length <= 4) return '*'.repeat(v.length)
  return '*'.repeat(v.length - 4) + v.slice(-4)
}
