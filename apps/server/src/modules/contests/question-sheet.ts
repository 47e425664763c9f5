import type { Worksheet } from 'exceljs'
import ExcelJS from '../../platform/excel.ts'
import {
  MAX_OPTIONS,
  QUESTION_IMPORT_MAX_ROWS,
  QUESTION_SHEET_COLUMNS,
  QUESTION_TYPES,
  QuestionInput,
  TRUE_FALSE_OPTIONS,
  optionLetter,
  type QuestionImportError,
  type QuestionType,
} from '@xianfeng/contract'
import { cellText } from '../member-excel/index.ts'

// The question bank in and out of Excel: one row a question, options in columns 选项A–选项F, the
// answer as letters (B, ACD) or 正确 / 错误. Reading reports every bad row with the column it is in.

type Field = (typeof QUESTION_SHEET_COLUMNS)[number]['field']
const OPTION_FIELDS = ['A', 'B', 'C', 'D', 'E', 'F'] as const
const headerOf = (field: Field) => QUESTION_SHEET_COLUMNS.find((c) => c.field === field)!.header

const TYPE_NAMES = new Map<string, QuestionType>([
  ['单选题', 'single'],
  ['单选', 'single'],
  ['单项选择题', 'single'],
  ['多选题', 'multiple'],
  ['多选', 'multiple'],
  ['多项选择题', 'multiple'],
  ['判断题', 'true_false'],
  ['判断', 'true_false'],
])
const TRUE_NAMES = new Set(['正确', '对', '是', '√', '✓', 'T', 'TRUE', 'Y', 'A'])
const FALSE_NAMES = new Set(['错误', '错', '否', '×', '✗', 'F', 'FALSE', 'N', 'B'])

/**
 * A cell's text as typed: trimmed, but not normalized — a stem's full-width （ ） and ， stay as they
 * are. (cellText's NFKC suits codes and letters, not prose.)
 */
function plainText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.trim()
  if (typeof v === 'number' || typeof v === 'boolean') return cellText(v)
  if (v instanceof Date) return cellText(v)
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return plainText(v.richText.map((r: { text: string }) => r.text).join(''))
    if ('result' in v) return plainText(v.result)
    if ('text' in v) return plainText(v.text)
  }
  return ''
}

/** Columns read as codes: full-width letters and spaces made half-width. */
const CODE_FIELDS = new Set<Field>(['type', 'answer'])

/** A question read from a row, ready for QuestionInput (without the org). */
export type SheetQuestion = Omit<QuestionInput, 'orgId'>

export const SHEET_NAME = '试题'

/** The template: the columns with their hints as notes, a sample row of each type, and a sheet of instructions. */
export async function questionTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(SHEET_NAME)
  writeHeader(ws)
  writeRows(ws, [
    {
      type: 'single',
      stem: '中国共产党的最高理想和最终目标是（ ）',
      options: ['实现共产主义', '全面建成小康社会', '实现社会主义现代化', '实现中华民族伟大复兴'],
      answer: [0],
      explanation: '见《中国共产党章程》总纲',
      tags: ['党章'],
    },
    {
      type: 'multiple',
      stem: '党员的组织生活制度包括（ ）',
      options: ['“三会一课”', '组织生活会', '民主评议党员', '主题党日'],
      answer: [0, 1, 2, 3],
      explanation: null,
      tags: ['组织生活'],
    },
    {
      type: 'true_false',
      stem: '预备党员的预备期为一年。',
      options: [...TRUE_FALSE_OPTIONS],
      answer: [0],
      explanation: null,
      tags: ['党章'],
    },
  ])
  const help = wb.addWorksheet('填写说明')
  help.columns = [
    { header: '列', width: 12 },
    { header: '是否必填', width: 10 },
    { header: '填写要求', width: 60 },
  ]
  for (const c of QUESTION_SHEET_COLUMNS) help.addRow([c.header, c.required ? '必填' : '', c.hint])
  help.addRow([])
  help.addRow(['', '', '第 2–4 行是示例，导入前请删除或改写。单选、多选题至少填写选项A和选项B，选项从A起连续填写。'])
  help.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The questions as a workbook in the template's columns. */
export async function questionWorkbook(rows: SheetQuestion[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(SHEET_NAME)
  writeHeader(ws)
  writeRows(ws, rows)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function writeHeader(ws: Worksheet) {
  ws.columns = QUESTION_SHEET_COLUMNS.map((c) => ({
    header: c.header,
    width: c.field === 'stem' ? 48 : c.field === 'explanation' ? 30 : c.field === 'type' || c.field === 'answer' ? 10 : 18,
  }))
  const header = ws.getRow(1)
  header.font = { bold: true }
  QUESTION_SHEET_COLUMNS.forEach((c, i) => {
    if (c.hint) header.getCell(i + 1).note = c.hint
  })
  ws.views = [{ state: 'frozen', ySplit: 1 }]
}

function writeRows(ws: Worksheet, rows: SheetQuestion[]) {
  for (const q of rows) {
    const isTf = q.type === 'true_false'
    ws.addRow([
      QUESTION_TYPES[q.type],
      q.stem,
      ...OPTION_FIELDS.map((_, i) => (isTf ? '' : (q.options[i] ?? ''))),
      isTf ? TRUE_FALSE_OPTIONS[q.answer[0] ?? 0] : q.answer.map(optionLetter).join(''),
      q.explanation ?? '',
      q.tags.join('、'),
    ])
  }
}

/**
 * Reads every row of the first sheet. Either all rows are good (`questions`) or `errors` names each
 * bad one: the row number as Excel shows it, the column's header and what is wrong.
 */
export async function readQuestionSheet(file: Buffer): Promise<{ questions: SheetQuestion[]; errors: QuestionImportError[] }> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer)
  } catch {
    return {
      questions: [],
      errors: [{ row: 0, column: '', message: '文件不是有效的 Excel（.xlsx）文件，请用导入模板填写后上传' }],
    }
  }
  const ws = wb.worksheets[0]
  if (!ws) return { questions: [], errors: [{ row: 0, column: '', message: '文件中没有工作表' }] }

  // Columns are found by their headers, so a sheet with its columns reordered still reads.
  const colOf = new Map<Field, number>()
  ws.getRow(1).eachCell((cell, col) => {
    const text = cellText(cell.value)
    const c = QUESTION_SHEET_COLUMNS.find((x) => x.header === text)
    if (c && !colOf.has(c.field)) colOf.set(c.field, col)
  })
  const missing = QUESTION_SHEET_COLUMNS.filter((c) => (c.required || c.field === 'A' || c.field === 'B') && !colOf.has(c.field))
  if (missing.length > 0)
    return {
      questions: [],
      errors: missing.map((c) => ({ row: 1, column: c.header, message: `表头缺少“${c.header}”列，请使用导入模板` })),
    }

  const questions: SheetQuestion[] = []
  const errors: QuestionImportError[] = []
  let dataRows = 0
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const get = (f: Field) => {
      const col = colOf.get(f)
      if (!col) return ''
      const value = row.getCell(col).value
      return CODE_FIELDS.has(f) ? cellText(value) : plainText(value)
    }
    if (QUESTION_SHEET_COLUMNS.every((c) => get(c.field) === '')) continue
    if (++dataRows > QUESTION_IMPORT_MAX_ROWS) {
      errors.push({ row: r, column: '', message: `一次最多导入 ${QUESTION_IMPORT_MAX_ROWS} 道试题，请分成几个文件` })
      break
    }
    const rowErrors: QuestionImportError[] = []
    const fail = (f: Field | '', message: string) => rowErrors.push({ row: r, column: f ? headerOf(f) : '', message })
    const q = readRow(get, fail)
    if (q && rowErrors.length === 0) {
      // The same schema as the form: whatever it still refuses is named by its column.
      const parsed = QuestionInput.safeParse({ ...q, orgId: '00000000-0000-4000-8000-000000000000' })
      if (parsed.success) questions.push({ ...q, ...parsed.data })
      else
        for (const issue of parsed.error.issues) {
          const [key, index] = issue.path
          const field: Field | '' =
            key === 'stem' || key === 'answer' || key === 'explanation' || key === 'tags' || key === 'type'
              ? key
              : key === 'options'
                ? (OPTION_FIELDS[typeof index === 'number' ? index : 0] ?? 'A')
                : ''
          fail(field, issue.message)
        }
    }
    errors.push(...rowErrors)
  }
  if (dataRows === 0 && errors.length === 0) errors.push({ row: 2, column: '', message: '文件中没有试题（第 2 行起每行一道题）' })
  return { questions: errors.length > 0 ? [] : questions, errors }
}

function readRow(get: (f: Field) => string, fail: (f: Field | '', message: string) => void): SheetQuestion | null {
  const typeText = get('type')
  const type = TYPE_NAMES.get(typeText)
  if (!typeText) fail('type', '请填写题型')
  else if (!type) fail('type', `题型“${typeText}”应为单选题、多选题或判断题`)
  const stem = get('stem')
  if (!stem) fail('stem', '请填写题干')
  if (!type) return null

  let options: string[]
  if (type === 'true_false') options = [...TRUE_FALSE_OPTIONS]
  else {
    const cells = OPTION_FIELDS.map((f) => get(f))
    const last = cells.reduce((n, v, i) => (v ? i : n), -1)
    options = []
    for (let i = 0; i <= last; i++) {
      if (!cells[i]) fail(OPTION_FIELDS[i]!, `选项${OPTION_FIELDS[i]}为空，选项应从 A 起连续填写`)
      else options.push(cells[i]!)
    }
    if (last < 1) fail(last < 0 ? 'A' : 'B', `${QUESTION_TYPES[type]}至少填写选项A和选项B`)
  }

  const answerText = get('answer').toUpperCase()
  let answer: number[] = []
  if (!answerText) fail('answer', '请填写正确答案')
  else if (type === 'true_false') {
    if (TRUE_NAMES.has(answerText)) answer = [0]
    else if (FALSE_NAMES.has(answerText)) answer = [1]
    else fail('answer', `判断题的正确答案应为“正确”或“错误”，不是“${answerText}”`)
  } else {
    const letters = answerText.replace(/[\s,，、;；]/g, '')
    if (!/^[A-Z]+$/.test(letters)) fail('answer', `正确答案应为选项字母，如 B 或 ACD，不是“${answerText}”`)
    else {
      answer = [...letters].map((c) => c.charCodeAt(0) - 65)
      const beyond = [...letters].filter((c) => c.charCodeAt(0) - 65 >= Math.min(options.length, MAX_OPTIONS))
      if (beyond.length > 0) fail('answer', `正确答案中的 ${beyond.join('、')} 不是已填写的选项`)
      else if (new Set(answer).size !== answer.length) fail('answer', '正确答案中有重复的字母')
      else if (type === 'single' && answer.length !== 1) fail('answer', '单选题只能有 1 个正确答案')
      else if (type === 'multiple' && answer.length < 2) fail('answer', '多选题至少有 2 个正确答案')
      answer.sort((a, b) => a - b)
    }
  }
  const explanation = get('explanation') || null
  const tags = [
    ...new Set(
      get('tags')
        .split(/[,，、;；\s]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ]
  return { type, stem, options, answer, explanation, tags }
}
