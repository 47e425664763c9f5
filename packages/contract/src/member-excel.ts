import { id, text, z } from './zod.ts'
import { route } from './route.ts'
import { MemberSearch } from './members.ts'

// Members in and out of Excel: the import template, imports of whole files with a row-level error
// report, and exports of any filtered list (SPEC §3; masked unless revealing is asked and allowed).

/** The columns of the import template, in order. `field` is the MemberCreate field a column fills. */
export const MEMBER_SHEET_COLUMNS = [
  { field: 'name', header: '姓名', required: true, hint: '' },
  { field: 'gender', header: '性别', required: true, hint: '男 / 女' },
  { field: 'ethnicity', header: '民族', required: true, hint: '如 汉族、土家族' },
  { field: 'birthDate', header: '出生日期', required: true, hint: '如 1985-03-07，Excel 日期也可' },
  { field: 'idNumber', header: '身份证号', required: true, hint: '18 位（15 位旧号自动转换），请设为文本格式' },
  { field: 'phone', header: '手机号', required: false, hint: '11 位手机号' },
  { field: 'education', header: '学历', required: true, hint: '如 大学本科、研究生' },
  { field: 'status', header: '人员类别', required: true, hint: '入党申请人 / 入党积极分子 / 发展对象 / 预备党员 / 正式党员' },
  { field: 'orgName', header: '所在党组织', required: true, hint: '组织全称；重名时写“上级组织/本组织”' },
  { field: 'appliedOn', header: '申请入党日期', required: false, hint: '' },
  { field: 'activistOn', header: '确定为入党积极分子日期', required: false, hint: '' },
  { field: 'candidateOn', header: '确定为发展对象日期', required: false, hint: '' },
  { field: 'admittedOn', header: '入党日期', required: false, hint: '预备党员、正式党员必填' },
  { field: 'fullOn', header: '转为正式党员日期', required: false, hint: '正式党员必填' },
  { field: 'occupation', header: '职业', required: false, hint: '' },
  { field: 'workUnit', header: '工作单位', required: false, hint: '' },
  { field: 'post', header: '职务', required: false, hint: '' },
  { field: 'cadreRank', header: '领导干部职级', required: false, hint: '省级 / 市级 / 县级 / 乡级' },
  { field: 'isInDifficulty', header: '生活困难', required: false, hint: '是 / 否' },
  { field: 'isLostContact', header: '失去联系', required: false, hint: '是 / 否' },
  { field: 'isMobile', header: '流动党员', required: false, hint: '是 / 否' },
] as const
export type MemberSheetField = (typeof MEMBER_SHEET_COLUMNS)[number]['field']

export const MEMBER_IMPORT_STATUSES = {
  queued: '排队中',
  reading: '读取、校验和写入中',
  done: '已导入',
  rejected: '有错误，未导入',
  failed: '出错，未导入',
  interrupted: '服务中断，未导入',
  duplicate: '同一文件已导入过，未重复写入',
} as const
export type MemberImportStatus = keyof typeof MEMBER_IMPORT_STATUSES
export const MEMBER_IMPORT_STATUS_CODES = Object.keys(MEMBER_IMPORT_STATUSES) as [MemberImportStatus, ...MemberImportStatus[]]
/** The states an import ends in; the others are still running. */
export const FINISHED_IMPORT_STATUSES: readonly MemberImportStatus[] = ['done', 'rejected', 'failed', 'interrupted', 'duplicate']

/** The largest file accepted: about 1.5 M rows of the template. */
export const MEMBER_IMPORT_MAX_BYTES = 200 * 1024 * 1024

export const MemberImportError = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string().nullable(),
  message: z.string(),
})
export type MemberImportError = z.infer<typeof MemberImportError>

export const MemberImport = z.object({
  id: z.uuid(),
  org: z.object({ id: z.uuid(), name: z.string() }),
  fileName: z.string(),
  fileSize: z.number(),
  status: z.enum(MEMBER_IMPORT_STATUS_CODES),
  /** 0–100, by the bytes of the file read (rows are written as they are read). */
  percent: z.number(),
  rowsRead: z.number().int(),
  rowsWritten: z.number().int(),
  createdCount: z.number().int(),
  skippedCount: z.number().int(),
  errorCount: z.number().int(),
  /** The first errors, in row order; the whole report is a download. */
  errors: z.array(MemberImportError),
  duplicateOf: z.uuid().nullable(),
  message: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
})
export type MemberImport = z.infer<typeof MemberImport>

export const MemberImportStart = z.object({
  orgId: id('导入到的党组织'),
  fileName: text('文件名', { max: 200 }),
})

export const MemberExportQuery = MemberSearch.omit({ after: true, limit: true }).extend({
  reveal: z
    .enum(['true', 'false'], { error: '是否显示完整证件号应为 true 或 false' })
    .transform((v) => v === 'true')
    .meta({ title: '显示完整身份证号和手机号' })
    .optional(),
})
export type MemberExportQuery = z.infer<typeof MemberExportQuery>

const ImportParams = z.object({ importId: id('导入任务') })

export const memberExcelApi = {
  template: route({
    method: 'GET',
    path: '/api/members/import-template',
    permission: 'members.write',
    tag: '党员',
    summary: '下载党员导入模板（含填写说明和下拉选项）',
    download: true,
  }),
  startImport: route({
    method: 'POST',
    path: '/api/members/imports',
    permission: 'members.write',
    tag: '党员',
    summary: '上传 Excel 导入党员：整份文件全部成功才写入，逐行校验并给出错误报告',
    querystring: MemberImportStart,
    upload: { label: 'Excel 文件', maxBytes: MEMBER_IMPORT_MAX_BYTES, stream: true },
    response: z.object({ import: MemberImport }),
    status: 201,
  }),
  listImports: route({
    method: 'GET',
    path: '/api/members/imports',
    permission: 'members.write',
    tag: '党员',
    summary: '当前范围内最近的导入任务',
    response: z.object({ items: z.array(MemberImport) }),
  }),
  getImport: route({
    method: 'GET',
    path: '/api/members/imports/:importId',
    permission: 'members.write',
    tag: '党员',
    summary: '导入任务的进度和结果',
    params: ImportParams,
    response: z.object({ import: MemberImport }),
  }),
  importErrors: route({
    method: 'GET',
    path: '/api/members/imports/:importId/errors',
    permission: 'members.write',
    tag: '党员',
    summary: '下载导入错误报告（行号、列、值、原因）',
    params: ImportParams,
    download: true,
  }),
  export: route({
    method: 'GET',
    path: '/api/members/export',
    permission: 'members.read',
    tag: '党员',
    summary: '按查询条件导出 Excel，身份证号和手机号默认脱敏',
    querystring: MemberExportQuery,
    download: true,
  }),
} as const
