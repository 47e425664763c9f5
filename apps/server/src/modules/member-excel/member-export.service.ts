import { PassThrough } from 'node:stream'
import type { DataValidation, Worksheet } from 'exceljs'
import ExcelJS from '../../platform/excel.ts'
import {
  CADRE_RANKS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  GENDERS,
  LEFT_REASONS,
  MEMBER_SHEET_COLUMNS,
  MEMBER_STAGES,
  MEMBER_STATUSES,
  type MemberExportQuery,
  type MemberSheetField,
} from '@xianfeng/contract'
import type { Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'
import { forbidden } from '../../platform/errors.ts'
import type { MemberExportRow, PeopleService } from '../people/index.ts'

/** One worksheet holds at most 1,048,576 rows; an export rolls over to the next sheet before that. */
const ROWS_PER_SHEET = 1_000_000
/** Template rows that carry the drop-down lists and formats. */
const TEMPLATE_ROWS = 5000

const DATE_FIELDS = new Set<MemberSheetField>(['birthDate', 'appliedOn', 'activistOn', 'candidateOn', 'admittedOn', 'fullOn'])
const TEXT_FIELDS = new Set<MemberSheetField>(['idNumber', 'phone'])

const yesNo = (v: boolean) => (v ? '是' : '否')

/** A row's cells in the template's column order, labelled as a user types them. */
function cellsOf(r: MemberExportRow): Record<MemberSheetField, string> {
  return {
    name: r.name,
    gender: GENDERS[r.gender],
    ethnicity: ETHNICITIES[r.ethnicity],
    birthDate: r.birthDate,
    idNumber: r.idNumber ?? '',
    phone: r.phone ?? '',
    education: r.education ? EDUCATION_LEVELS[r.education] : '',
    status: MEMBER_STATUSES[r.status],
    orgName: r.orgName,
    appliedOn: r.appliedOn ?? '',
    activistOn: r.activistOn ?? '',
    candidateOn: r.candidateOn ?? '',
    admittedOn: r.admittedOn ?? '',
    fullOn: r.fullOn ?? '',
    occupation: r.occupation ?? '',
    workUnit: r.workUnit ?? '',
    post: r.post ?? '',
    cadreRank: r.cadreRank ? CADRE_RANKS[r.cadreRank] : '',
    isInDifficulty: yesNo(r.isInDifficulty),
    isLostContact: yesNo(r.isLostContact),
    isMobile: yesNo(r.isMobile),
  }
}

/** exceljs keeps range validations (`B2:B5001`) in `dataValidations`, which its typings leave out. */
const validations = (ws: Worksheet) =>
  (ws as unknown as { dataValidations: { add(address: string, v: DataValidation): void } }).dataValidations

const colLetter = (i: number) => {
  let n = i + 1
  let s = ''
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

export interface MemberExportDeps {
  db: Db
  audit: AuditService
  people: Pick<PeopleService, 'exportRows'>
}

export function createMemberExportService({ db, audit, people }: MemberExportDeps) {
  return {
    /**
     * The filtered list as a streamed .xlsx with the template's columns (so a revealed export can be
     * corrected and imported again), plus status and leaving. Masked unless `reveal` is asked and
     * the caller may reveal; the export is audited before any row leaves.
     */
    async exportXlsx(actor: Actor, query: MemberExportQuery): Promise<PassThrough> {
      const { reveal = false, ...filter } = query
      if (reveal && !actor.grant?.permissions.includes('people.reveal_pii'))
        throw forbidden('您没有查看完整身份证号和手机号的权限，只能导出脱敏名单')
      const rows = people.exportRows(actor, filter, { reveal })
      // The first page is read before answering: a bad filter or an org out of scope fails as JSON.
      const first = await rows.next()
      await audit.record(db, actor, {
        action: 'members.exported',
        entityType: 'person',
        orgId: filter.orgId ?? actor.grant?.orgId ?? null,
        after: { filter, revealed: reveal },
      })

      const out = new PassThrough()
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
      const headers = [...MEMBER_SHEET_COLUMNS.map((c) => c.header), '离开日期', '离开原因']
      let sheet: Worksheet | undefined
      let sheetRows = 0
      let sheetNo = 0
      const newSheet = () => {
        sheet?.commit()
        sheetNo++
        sheet = wb.addWorksheet(sheetNo === 1 ? '党员名单' : `党员名单（${sheetNo}）`, {
          views: [{ state: 'frozen', ySplit: 1 }],
        })
        sheet.columns = headers.map((h) => ({ header: h, width: Math.max(10, h.length * 2 + 2) }))
        sheet.getRow(1).font = { bold: true }
        sheetRows = 0
      }
      const write = async () => {
        newSheet()
        let next = first
        while (!next.done) {
          if (sheetRows >= ROWS_PER_SHEET) newSheet()
          const r = next.value
          const cells = cellsOf(r)
          sheet!
            .addRow([
              ...MEMBER_SHEET_COLUMNS.map((c) => cells[c.field]),
              r.leftOn ?? '',
              r.leftReason ? LEFT_REASONS[r.leftReason] : '',
            ])
            .commit()
          sheetRows++
          next = await rows.next()
        }
        sheet!.commit()
        await wb.commit()
      }
      write().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))))
      return out
    },

    /** The import template: the data sheet with formats and drop-downs, notes, and the option lists. */
    async template(): Promise<Buffer> {
      const wb = new ExcelJS.Workbook()
      const data = wb.addWorksheet('党员信息', { views: [{ state: 'frozen', ySplit: 1 }] })
      const notes = wb.addWorksheet('填写说明')
      const options = wb.addWorksheet('选项', { state: 'veryHidden' })

      data.columns = MEMBER_SHEET_COLUMNS.map((c) => ({
        header: c.header,
        width: Math.max(12, c.header.length * 2 + 4),
        style: TEXT_FIELDS.has(c.field) ? { numFmt: '@' } : DATE_FIELDS.has(c.field) ? { numFmt: 'yyyy-mm-dd' } : {},
      }))
      MEMBER_SHEET_COLUMNS.forEach((c, i) => {
        const cell = data.getRow(1).getCell(i + 1)
        cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } }
        if (c.hint) cell.note = c.hint
      })

      const lists: Partial<Record<MemberSheetField, string[]>> = {
        gender: Object.values(GENDERS),
        ethnicity: Object.values(ETHNICITIES),
        education: Object.values(EDUCATION_LEVELS),
        status: MEMBER_STAGES.map((s) => MEMBER_STATUSES[s]),
        cadreRank: Object.values(CADRE_RANKS),
        isInDifficulty: ['是', '否'],
        isLostContact: ['是', '否'],
        isMobile: ['是', '否'],
      }
      let listCol = 0
      MEMBER_SHEET_COLUMNS.forEach((c, i) => {
        const list = lists[c.field]
        if (!list) return
        const letter = colLetter(listCol++)
        list.forEach((v, j) => (options.getCell(`${letter}${j + 1}`).value = v))
        const col = colLetter(i)
        validations(data).add(`${col}2:${col}${TEMPLATE_ROWS + 1}`, {
          type: 'list',
          allowBlank: !c.required,
          formulae: [`选项!$${letter}$1:$${letter}$${list.length}`],
          showErrorMessage: true,
          errorTitle: c.header,
          error: `请从下拉列表中选择${c.header}`,
        })
      })

      notes.columns = [
        { header: '列', width: 24 },
        { header: '是否必填', width: 10 },
        { header: '填写要求', width: 70 },
      ]
      notes.getRow(1).font = { bold: true }
      for (const c of MEMBER_SHEET_COLUMNS) notes.addRow([c.header, c.required ? '必填' : '选填', c.hint])
      notes.addRow([])
      for (const line of [
        '1. 在“党员信息”表第 2 行起逐行填写，一人一行；不要修改第 1 行表头。',
        '2. 整份文件全部通过校验才会写入；有错误时一行也不写入，并给出错误报告（行号、列、原因），修正后重新上传即可。',
        '3. 同一文件重复上传不会重复登记；已在本组织登记的人员（身份证号和姓名相同）会跳过。',
        '4. 身份证号、手机号列请保持“文本”格式，否则 Excel 会把 18 位号码的末几位变成 0。',
        '5. 日期可以是 Excel 日期，也可以写成 2020-07-01、2020/7/1、2020年7月1日。',
        '6. 所在党组织填写全称；有重名时写成“上级组织/本组织”。',
        '7. 预备党员须填写入党日期；正式党员须填写入党日期和转为正式党员日期；各阶段日期须按先后顺序。',
      ])
        notes.addRow([line])
      return Buffer.from(await wb.xlsx.writeBuffer())
    },
  }
}

export type MemberExportService = ReturnType<typeof createMemberExportService>
