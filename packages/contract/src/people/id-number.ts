import { z } from '../zod.ts'
import { GENDERS, genderCodeOf, type GenderCode } from './codes.ts'

// Citizen identity numbers, GB 11643-1999: 6-digit administrative division code, 8-digit birth date,
// 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
// Pure string work, so the same code validates in the browser form and on the server.

export type IdNumberGender = 'male' | 'female'

/** Why a number was refused, for callers (imports, reports) that group errors. */
export type IdNumberErrorReason = 'required' | 'length' | 'characters' | 'birth_date' | 'check_digit'

export type IdNumberParseResult =
  | { ok: true; value: string; birthDate: string; gender: IdNumberGender; divisionCode: string }
  | { ok: false; reason: IdNumberErrorReason; message: string }

export interface IdNumberOptions {
  /** The field name the messages start with. */
  label?: string
  /** 'YYYY-MM-DD'; defaults to today in China (UTC+8), so a birth date after it is refused. */
  today?: string
}

// Weight of position i is 2^(17-i) mod 11; the check character makes the weighted sum ≡ 1 (mod 11).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'
const EARLIEST_BIRTH_DATE = '1900-01-01'

/** The check character for the first 17 digits of an 18-digit number. */
export function idNumberCheckDigit(first17: string): string {
  let sum = 0
  WEIGHTS.forEach((weight, i) => {
    sum += weight * Number(first17[i])
  })
  return CHECK_CHARS.charAt(sum % 11)
}

/**
 * Trims, turns full-width digits and Ｘ/ｘ into ASCII, upper-cases x, and upgrades a 15-digit
 * number (GB 11643-1989: YYMMDD born 19xx, no check digit) to its 18-digit form.
 * Anything else is returned as it is, for `parseIdNumber` to explain.
 */
export function normalizeIdNumber(input: string): string {
  const s = input
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[xＸｘ]/g, 'X')
  if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`
    return first17 + idNumberCheckDigit(first17)
  }
  return s
}

/** Normalizes and checks a number; the message names the field and says what is wrong. */
export function parseIdNumber(input: string, opts: IdNumberOptions = {}): IdNumberParseResult {
  const label = opts.label ?? '身份证号'
  const fail = (reason: IdNumberErrorReason, detail: string): IdNumberParseResult => ({
    ok: false,
    reason,
    message: `${label}${detail}`,
  })

  const value = normalizeIdNumber(input)
  if (value === '') return { ok: false, reason: 'required', message: `请填写${label}` }

  const illegal = /[^0-9X]/u.exec(value)?.[0]
  if (illegal) return fail('characters', `含有非法字符“${/\s/.test(illegal) ? '空格' : illegal}”`)
  // A 15-digit number made of digits only has already been upgraded; one with an X is a typo.
  if (value.length === 15) return fail('characters', '含有非法字符“X”（15 位旧号码只能是数字）')
  if (value.length !== 18) return fail('length', `长度应为 18 位（或 15 位旧号码），现为 ${value.length} 位`)
  if (value.slice(0, 17).includes('X')) return fail('characters', '含有非法字符“X”（X 只能是最后一位）')

  const digits = value.slice(6, 14)
  const birthDate = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`
  if (!isCalendarDate(birthDate)) return fail('birth_date', `中的出生日期无效（${digits} 不是有效日期）`)
  if (birthDate < EARLIEST_BIRTH_DATE) return fail('birth_date', `中的出生日期无效（${digits} 早于 ${EARLIEST_BIRTH_DATE}）`)
  if (birthDate > (opts.today ?? todayInChina())) return fail('birth_date', `中的出生日期无效（${digits} 晚于今天）`)

  const expected = idNumberCheckDigit(value)
  if (value.charAt(17) !== expected) return fail('check_digit', `校验码不正确（应为 ${expected}）`)

  return {
    ok: true,
    value,
    birthDate,
    gender: Number(value.charAt(16)) % 2 === 1 ? 'male' : 'female',
    divisionCode: value.slice(0, 6),
  }
}

export interface IdNumberConsistencyIssue {
  field: 'birthDate' | 'gender'
  message: string
}

/**
 * The fields that contradict the ID number. A number that does not parse yields nothing here:
 * the number's own field already carries that message.
 * `gender` may be 'male'/'female' or the GB/T 2261.1 code '1'/'2'; `birthDate` is 'YYYY-MM-DD'.
 */
export function idNumberConsistency(
  person: { idNumber: string; birthDate?: string | null; gender?: IdNumberGender | GenderCode | null },
  opts: Pick<IdNumberOptions, 'today'> = {},
): IdNumberConsistencyIssue[] {
  const parsed = parseIdNumber(person.idNumber, opts)
  if (!parsed.ok) return []
  const issues: IdNumberConsistencyIssue[] = []
  if (person.birthDate && person.birthDate !== parsed.birthDate) {
    issues.push({ field: 'birthDate', message: `出生日期与身份证号不一致（身份证号中为 ${parsed.birthDate}）` })
  }
  if (person.gender) {
    const given = person.gender === 'male' || person.gender === 'female' ? genderCodeOf(person.gender) : person.gender
    const expected = genderCodeOf(parsed.gender)
    if (given !== expected) {
      issues.push({ field: 'gender', message: `性别与身份证号不一致（身份证号中为 ${GENDERS[expected]}）` })
    }
  }
  return issues
}

/**
 * A request field holding an ID number: accepts full-width digits, lower-case x and 15-digit
 * numbers, and outputs the normalized 18-digit number. For request bodies; responses carry the
 * stored value as a plain string (a transform has no JSON Schema on the output side).
 */
export const idNumber = (label = '身份证号') =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}必须是文本`) })
    // Bounds the work on hostile input; real numbers, even padded with spaces, are far shorter.
    .max(64, `${label}长度应为 18 位（或 15 位旧号码）`)
    .transform((input, ctx) => {
      const parsed = parseIdNumber(input, { label })
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message, input })
        return z.NEVER
      }
      return parsed.value
    })
    .meta({ title: label })

/** For lists and exports (SPEC principle 5): only the last 4 characters stay visible. */
export function maskIdNumber(v: string): string {
  if (v.length <= 4) return '*'.repeat(v.length)
  return '*'.repeat(v.length - 4) + v.slice(-4)
}

function isCalendarDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  if (m < 1 || m > 12 || d < 1) return false
  const isLeap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const daysInMonth = m === 2 ? (isLeap ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
  return d <= daysInMonth
}

function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
}
