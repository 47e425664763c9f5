// A member import file as the template describes it and Excel writes it (shared strings), of any
// number of valid people, for the import measurements (member-import.ts, bench.ts).
import ExcelJS from '../platform/excel.ts'
import { idNumberCheckDigit, MEMBER_SHEET_COLUMNS } from '@xianfeng/contract'

// ID numbers of generated people carry county codes the demo members (420102) do not use, one
// county per file, so no two files share a person.
export const COUNTIES = [
  '420103',
  '420104',
  '420105',
  '420106',
  '420107',
  '420111',
  '420112',
  '420113',
  '420114',
  '420115',
  '420116',
  '420117',
  '420202',
  '420203',
  '420204',
  '420205',
  '420222',
  '420281',
  '420302',
  '420303',
  '420304',
  '420322',
  '420323',
  '420324',
  '420381',
  '420502',
  '420503',
  '420504',
  '420505',
  '420506',
]

// A small deterministic generator: names from common surnames and given-name characters.
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文红梅玉兰志宏海燕波晓斌鹏辉飞雪琳'
export function rngOf(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const pick = (rng: () => number, s: string) => s.charAt(Math.floor(rng() * s.length))
const DAYS = 18_262 // 1950-01-01 … 1999-12-31
const iso = (d: Date) => d.toISOString().slice(0, 10)

/** A template-shaped .xlsx of `rows` valid people in `branches`, as Excel writes it (shared strings). */
export async function writeMemberFile(file: string, rows: number, county: string, branches: string[], seed: number) {
  const rng = rngOf(seed)
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true })
  const ws = wb.addWorksheet('党员信息')
  const headers = MEMBER_SHEET_COLUMNS.map((c) => c.header)
  ws.addRow(headers).commit()
  const col = (field: string) => headers.indexOf(MEMBER_SHEET_COLUMNS.find((c) => c.field === field)!.header)
  for (let i = 0; i < rows; i++) {
    const birth = new Date(Date.UTC(1950, 0, 1) + (i % DAYS) * 86_400_000)
    const seq = String(Math.floor(i / DAYS)).padStart(3, '0')
    const male = Number(seq.at(-1)) % 2 === 1
    const first17 = `${county}${iso(birth).replaceAll('-', '')}${seq}`
    // admitted at 18 or later, a year or more before 2025 so the conversion is in the past too
    const span = Math.min(40, 2024 - 18 - birth.getUTCFullYear())
    const admitted = new Date(birth.getTime() + (18 + Math.floor(rng() * span)) * 365.25 * 86_400_000)
    const full = new Date(admitted.getTime() + 366 * 86_400_000)
    const cells: unknown[] = Array.from({ length: headers.length }, () => null)
    cells[col('name')] = pick(rng, SURNAMES) + pick(rng, GIVEN) + (rng() < 0.7 ? pick(rng, GIVEN) : '')
    cells[col('gender')] = male ? '男' : '女'
    cells[col('ethnicity')] = rng() < 0.95 ? '汉族' : '土家族'
    cells[col('birthDate')] = birth
    cells[col('idNumber')] = first17 + idNumberCheckDigit(first17)
    cells[col('phone')] = `13${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`
    cells[col('education')] = ['大学本科', '大学专科', '研究生', '高中'][Math.floor(rng() * 4)]
    cells[col('status')] = '正式党员'
    cells[col('orgName')] = branches[i % branches.length]
    cells[col('admittedOn')] = admitted
    cells[col('fullOn')] = full
    cells[col('workUnit')] = `武汉市第${(i % 97) + 1}工作单位`
    ws.addRow(cells).commit()
  }
  ws.commit()
  await wb.commit()
}
