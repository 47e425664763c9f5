import {
  CADRE_RANKS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  GENDERS,
  MEMBER_STAGES,
  MEMBER_STATUSES,
  type CadreRank,
  type EducationLevelCode,
  type EthnicityCode,
  type GenderCode,
  type MemberStage,
} from '@xianfeng/contract'

// Reading the cells of a member sheet as people type them in Excel: full-width characters, dates as
// Excel dates, serial numbers or text in several spellings, codes or names for coded fields.

/** An exceljs cell value. */
export type CellValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { richText: { text: string }[] }
  | { text: string; hyperlink?: string }
  | { formula?: string; result?: unknown }
  | { error: string }
  | { sharedFormula?: string; result?: unknown }

/** A cell's content as trimmed text: full-width letters, digits and spaces made half-width (NFKC). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.normalize('NFKC').replace(/\s+/g, ' ').trim()
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v)
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (v instanceof Date) return isoOfUtcDate(v)
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return cellText(v.richText.map((r: { text: string }) => r.text).join(''))
    if ('result' in v) return cellText(v.result)
    if ('text' in v) return cellText(v.text)
    if ('error' in v) return ''
  }
  return ''
}

const isoOfUtcDate = (d: Date) => d.toISOString().slice(0, 10)

const pad = (n: number) => String(n).padStart(2, '0')

function validYmd(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${y}-${pad(m)}-${pad(d)}`
}

/**
 * Excel's 1900 date system counts a 1900-02-29 that never was (serial 60): serials from 61 are days
 * after 1899-12-30, those below 60 days after 1899-12-31.
 */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)
const EXCEL_PHANTOM_LEAP_DAY = 60

/**
 * A date cell as 'YYYY-MM-DD', or null when it holds no recognisable date. Takes Excel dates,
 * serial numbers (1900 system), and text such as 2020-1-2, 2020/01/02, 2020.1.2, 2020年1月2日, 20200102.
 * Returns the text unchanged when it is not a date, so the schema names the field in its message.
 */
export function cellDate(v: unknown): string {
  if (v instanceof Date) return isoOfUtcDate(v)
  if (typeof v === 'number') {
    const day = Math.floor(v)
    if (!Number.isFinite(v) || day < 1 || day > 2958465 || day === EXCEL_PHANTOM_LEAP_DAY) return String(v)
    return isoOfUtcDate(new Date(EXCEL_EPOCH + (day < EXCEL_PHANTOM_LEAP_DAY ? day + 1 : day) * 86_400_000))
  }
  if (typeof v === 'object' && v !== null && 'result' in v) return cellDate(v.result)
  const s = cellText(v)
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s)
  m ??= /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (m) return validYmd(Number(m[1]), Number(m[2]), Number(m[3])) ?? s
  // A serial number typed as text.
  if (/^\d{4,5}$/.test(s)) return cellDate(Number(s))
  return s
}

/** A lookup from a code or any of its names to the code; unknown text passes through unchanged. */
function lookup<C extends string>(entries: [C, string[]][]): (text: string) => C | string {
  const map = new Map<string, C>()
  for (const [code, names] of entries) {
    map.set(code, code)
    for (const name of names) map.set(name, code)
  }
  return (text) => map.get(text) ?? text
}

export const genderOf = lookup<GenderCode>(
  Object.entries(GENDERS).map(([code, name]) => [code as GenderCode, [name, `${name}性`]]),
)

/** 汉族, 汉, or 01. */
export const ethnicityOf = lookup<EthnicityCode>(
  Object.entries(ETHNICITIES).map(([code, name]) => [
    code as EthnicityCode,
    [name, ...(name.endsWith('族') ? [name.slice(0, -1)] : [])],
  ]),
)

/** The standard's names, and the short names people write: 本科, 大专, 研究生, 博士, 硕士, 高中, 初中… */
export const educationOf = lookup<EducationLevelCode>(
  (Object.entries(EDUCATION_LEVELS) as [EducationLevelCode, string][]).map(([code, name]) => [
    code,
    [
      name,
      ...({
        '10': ['研究生'],
        '11': ['博士', '博士研究生'],
        '14': ['硕士', '硕士研究生'],
        '20': ['大学本科', '本科'],
        '30': ['大学专科', '大专', '专科'],
        '40': ['中等职业', '中专'],
        '41': ['中等专科'],
        '44': ['职业高中', '职高'],
        '47': ['技工学校', '技校'],
        '60': ['高中', '普通高中'],
        '70': ['初中'],
        '80': ['小学'],
        '90': [],
      }[code] ?? []),
    ],
  ]),
)

export const statusOf = lookup<MemberStage>(
  MEMBER_STAGES.map((s) => [s, [MEMBER_STATUSES[s], ...(s === 'candidate' ? ['入党发展对象'] : [])]]),
)

export const cadreRankOf = lookup<CadreRank>(
  Object.entries(CADRE_RANKS).map(([code, name]) => [code as CadreRank, [name, name.replace('级', '')]]),
)

const YES = new Set(['是', 'Y', 'y', 'YES', 'yes', '√', '✓', '1', 'TRUE', 'true'])
const NO = new Set(['否', 'N', 'n', 'NO', 'no', '×', '0', 'FALSE', 'false', ''])

/** 是/否 and their usual spellings; anything else is returned as text for the schema to refuse. */
export function flagOf(text: string): boolean | string {
  if (YES.has(text)) return true
  if (NO.has(text)) return false
  return text
}
