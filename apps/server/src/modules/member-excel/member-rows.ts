import {
  maskIdNumber,
  maskPhone,
  MEMBER_SHEET_COLUMNS,
  MemberCreate,
  type MemberImportError,
  type MemberSheetField,
} from '@xianfeng/contract'
import { cadreRankOf, cellDate, cellText, educationOf, ethnicityOf, flagOf, genderOf, statusOf } from './sheet-cells.ts'

// One row of a member sheet → the same MemberCreate the registration form sends, or the errors that
// name the row, the column and the value.

const HEADER_OF = Object.fromEntries(MEMBER_SHEET_COLUMNS.map((c) => [c.field, c.header])) as Record<MemberSheetField, string>

/** Other headers people give the same columns (the national system's exports among them). */
const HEADER_ALIASES: Record<string, MemberSheetField> = {
  公民身份号码: 'idNumber',
  身份证号码: 'idNumber',
  联系电话: 'phone',
  手机号码: 'phone',
  文化程度: 'education',
  党员类别: 'status',
  人员类型: 'status',
  所在支部: 'orgName',
  所在党支部: 'orgName',
  党组织名称: 'orgName',
  加入党组织日期: 'admittedOn',
  转正日期: 'fullOn',
}

const FIELD_BY_HEADER = new Map<string, MemberSheetField>([
  ...MEMBER_SHEET_COLUMNS.map((c) => [c.header, c.field] as const),
  ...Object.entries(HEADER_ALIASES),
])

/** The cleaned header: '*姓名', '姓名（必填）' → '姓名'. */
const cleanHeader = (h: string) =>
  h
    .replace(/[*＊]/g, '')
    .replace(/[(（]\s*必填\s*[)）]/g, '')
    .trim()

export type ColumnMap = Map<MemberSheetField, number>

/** Which cell index holds each field; or the Chinese message listing the required columns missing. */
export function readHeader(values: unknown[]): { ok: true; columns: ColumnMap } | { ok: false; message: string } {
  const columns: ColumnMap = new Map()
  values.forEach((v, i) => {
    const field = FIELD_BY_HEADER.get(cleanHeader(cellText(v)))
    if (field && !columns.has(field)) columns.set(field, i)
  })
  const missing = MEMBER_SHEET_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.header)
  if (missing.length)
    return {
      ok: false,
      message: `第 1 行（表头）缺少必填列：${missing.join('、')}。请使用导入模板，表头须在第一个工作表的第 1 行`,
    }
  return { ok: true, columns }
}

export interface OrgChoice {
  id: string
  name: string
  parentName: string | null
  active: boolean
  /** Whether people may belong to it directly (not a 党小组). */
  holdsMembers: boolean
}

/** Finds the org a row names, among the orgs of the import's subtree. */
export function createOrgResolver(orgs: OrgChoice[], rootName: string) {
  const byName = new Map<string, OrgChoice[]>()
  for (const o of orgs) {
    const list = byName.get(o.name)
    if (list) list.push(o)
    else byName.set(o.name, [o])
  }
  return (text: string): { ok: true; id: string } | { ok: false; message: string } => {
    const parts = text
      .split(/[/／>＞]/)
      .map((p) => p.trim())
      .filter(Boolean)
    const name = parts.at(-1)
    if (!name) return { ok: false, message: '请填写所在党组织' }
    let found = byName.get(name) ?? []
    const parent = parts.at(-2)
    if (parent) found = found.filter((o) => o.parentName === parent)
    if (found.length === 0) return { ok: false, message: `在“${rootName}”及其下级组织中找不到“${text}”` }
    if (found.length > 1) return { ok: false, message: `“${name}”有 ${found.length} 个同名组织，请写成“上级组织/${name}”以区分` }
    const org = found[0]!
    if (!org.active) return { ok: false, message: `“${org.name}”已撤销，不能登记人员` }
    if (!org.holdsMembers) return { ok: false, message: `“${org.name}”是党小组，请填写其所在的党支部` }
    return { ok: true, id: org.id }
  }
}

/** What an error report may show of a value: ID and phone numbers masked. */
function shownValue(field: MemberSheetField | undefined, text: string): string | null {
  if (!text) return null
  if (field === 'idNumber') return text.length >= 8 ? maskIdNumber(text) : '****'
  if (field === 'phone') return text.length >= 7 ? maskPhone(text) : '****'
  return text
}

/** A stand-in org id while the row's own org is in error, so the rest of the row is still checked. */
const NO_ORG = '00000000-0000-4000-8000-000000000000'

export type RowResult = { ok: true; value: MemberCreate } | { ok: false; errors: MemberImportError[] }

/** Parses one data row (`values` indexed like the header row; `rowNo` as Excel numbers it). */
export function readMemberRow(
  values: unknown[],
  rowNo: number,
  columns: ColumnMap,
  resolveOrg: ReturnType<typeof createOrgResolver>,
): RowResult {
  const raw = (f: MemberSheetField) => {
    const i = columns.get(f)
    return i === undefined ? undefined : values[i]
  }
  const textOf = (f: MemberSheetField) => cellText(raw(f))
  const errors: MemberImportError[] = []
  const fail = (f: MemberSheetField, message: string) =>
    errors.push({ row: rowNo, column: HEADER_OF[f], value: shownValue(f, textOf(f)), message })
  const opt = <T>(f: MemberSheetField, map: (t: string) => T) => {
    const t = textOf(f)
    return t === '' ? undefined : map(t)
  }
  const optDate = (f: MemberSheetField) => (textOf(f) === '' ? undefined : cellDate(raw(f)))

  const idRaw = raw('idNumber')
  if (typeof idRaw === 'number' && idRaw >= 1e14)
    fail('idNumber', '身份证号被 Excel 存成了数字，末几位已经丢失；请把该列设为“文本”格式后重新填写')

  let orgId = NO_ORG
  const org = resolveOrg(textOf('orgName'))
  if (org.ok) orgId = org.id
  else fail('orgName', org.message)

  const input = {
    orgId,
    status: opt('status', statusOf),
    name: opt('name', (t) => t),
    gender: opt('gender', genderOf),
    ethnicity: opt('ethnicity', ethnicityOf),
    birthDate: optDate('birthDate'),
    idNumber: opt('idNumber', (t) => t),
    phone: opt('phone', (t) => t),
    education: opt('education', educationOf),
    occupation: opt('occupation', (t) => t),
    workUnit: opt('workUnit', (t) => t),
    post: opt('post', (t) => t),
    cadreRank: opt('cadreRank', cadreRankOf),
    isInDifficulty: opt('isInDifficulty', flagOf),
    isLostContact: opt('isLostContact', flagOf),
    isMobile: opt('isMobile', flagOf),
    appliedOn: optDate('appliedOn'),
    activistOn: optDate('activistOn'),
    candidateOn: optDate('candidateOn'),
    admittedOn: optDate('admittedOn'),
    fullOn: optDate('fullOn'),
  }
  const parsed = MemberCreate.safeParse(input)
  if (!parsed.success) {
    const seen = new Set<string>()
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '')
      const field = (key === 'orgId' ? 'orgName' : key) as MemberSheetField
      if (field === 'orgName' && !org.ok) continue
      if (field === 'idNumber' && errors.some((e) => e.column === HEADER_OF.idNumber)) continue
      const dedupe = `${field}:${issue.message}`
      if (seen.has(dedupe)) continue
      seen.add(dedupe)
      if (field in HEADER_OF) fail(field, issue.message)
      else errors.push({ row: rowNo, column: '', value: null, message: issue.message })
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors }
  return { ok: true, value: parsed.data }
}

/** Whether a row holds nothing (Excel keeps formatted empty rows). */
export const isBlankRow = (values: unknown[]) => values.every((v) => cellText(v) === '')
