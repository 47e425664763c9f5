import { choice, flag, id, isoDate, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'
import { EDUCATION_LEVEL_CODES, ETHNICITY_CODES, GENDER_CODES, educationLevel, ethnicity, gender } from './people/codes.ts'
import { idNumber, idNumberConsistency } from './people/id-number.ts'
import { mobilePhone } from './people/phone.ts'
import { PHOTO_MAX_BYTES } from './people/photo.ts'

// The person and member registry (SPEC §3 "People and members"): one person record for life and
// their relation to the party, from application to leaving.

/** A person's standing towards the party, in the order of the life cycle; 'left' ends it. */
export const MEMBER_STATUSES = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
  left: '已离开',
} as const
export type MemberStatus = keyof typeof MEMBER_STATUSES
export const MEMBER_STATUS_CODES = Object.keys(MEMBER_STATUSES) as [MemberStatus, ...MemberStatus[]]

/** The stages a person moves through one at a time. */
export const MEMBER_STAGES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const
export type MemberStage = (typeof MEMBER_STAGES)[number]

export const LEFT_REASONS = {
  transferred_out: '转出本系统',
  deceased: '去世',
  withdrawn: '退党或撤回入党申请',
  removed: '除名',
  expelled: '开除党籍',
  probation_cancelled: '取消预备党员资格',
} as const
export type LeftReason = keyof typeof LEFT_REASONS
export const LEFT_REASON_CODES = Object.keys(LEFT_REASONS) as [LeftReason, ...LeftReason[]]

/** Leaving by a party decision: only members can be removed or expelled, only probationers cancelled. */
const LEFT_REASONS_FROM: Record<MemberStage, readonly LeftReason[]> = {
  applicant: ['transferred_out', 'deceased', 'withdrawn'],
  activist: ['transferred_out', 'deceased', 'withdrawn'],
  candidate: ['transferred_out', 'deceased', 'withdrawn'],
  probationary: ['transferred_out', 'deceased', 'withdrawn', 'removed', 'expelled', 'probation_cancelled'],
  full: ['transferred_out', 'deceased', 'withdrawn', 'removed', 'expelled'],
}
/** Reasons that rest on a party decision, whose document number must be recorded. */
export const LEFT_REASONS_NEEDING_DOCUMENT: readonly LeftReason[] = ['removed', 'expelled', 'probation_cancelled']

/** 领导干部职级. */
export const CADRE_RANKS = { province: '省级', city: '市级', county: '县级', township: '乡级' } as const
export type CadreRank = keyof typeof CADRE_RANKS
export const CADRE_RANK_CODES = Object.keys(CADRE_RANKS) as [CadreRank, ...CadreRank[]]

/** The date field each stage is entered on, in stage order. */
export const STAGE_DATE_FIELDS = {
  applicant: 'appliedOn',
  activist: 'activistOn',
  candidate: 'candidateOn',
  probationary: 'admittedOn',
  full: 'fullOn',
} as const satisfies Record<MemberStage, string>
export type StageDateField = (typeof STAGE_DATE_FIELDS)[MemberStage]

export const MEMBER_DATE_LABELS: Record<StageDateField | 'leftOn', string> = {
  appliedOn: '申请入党日期',
  activistOn: '确定为入党积极分子日期',
  candidateOn: '确定为发展对象日期',
  admittedOn: '入党日期',
  fullOn: '转为正式党员日期',
  leftOn: '离开日期',
}

/** Where a person may go from `from`: the next stage, or leaving. */
export function nextStatuses(from: MemberStatus): MemberStatus[] {
  if (from === 'left') return []
  const next = MEMBER_STAGES[MEMBER_STAGES.indexOf(from) + 1]
  return next ? [next, 'left'] : ['left']
}

/** The reasons a person at `from` may leave for. */
export const leftReasonsFrom = (from: MemberStatus): readonly LeftReason[] => (from === 'left' ? [] : LEFT_REASONS_FROM[from])

export interface MemberFieldIssue {
  field: string
  message: string
}

export type StageDates = Partial<Record<StageDateField, string | null | undefined>>

/**
 * What is wrong with the stage dates of a person at `status`: the current stage's date (and, for a
 * full member, the date of admission) must be there, no later stage may have one, none may lie in
 * the future, and they must follow the order of the stages.
 */
export function stageDateIssues(status: MemberStage, dates: StageDates, opts: { today?: string } = {}): MemberFieldIssue[] {
  const today = opts.today ?? todayInChina()
  const issues: MemberFieldIssue[] = []
  const reached = MEMBER_STAGES.indexOf(status)
  const required: StageDateField[] = [STAGE_DATE_FIELDS[status]]
  if (status === 'full') required.unshift('admittedOn')
  for (const field of required)
    if (!dates[field]) issues.push({ field, message: `${MEMBER_STATUSES[status]}须填写${MEMBER_DATE_LABELS[field]}` })
  let previous: { field: StageDateField; date: string } | undefined
  MEMBER_STAGES.forEach((stage, i) => {
    const field = STAGE_DATE_FIELDS[stage]
    const date = dates[field]
    if (!date) return
    if (i > reached) issues.push({ field, message: `${MEMBER_STATUSES[status]}还没有${MEMBER_DATE_LABELS[field]}，请不要填写` })
    else if (date > today) issues.push({ field, message: `${MEMBER_DATE_LABELS[field]}不能晚于今天` })
    else if (previous && date < previous.date)
      issues.push({
        field,
        message: `${MEMBER_DATE_LABELS[field]}不能早于${MEMBER_DATE_LABELS[previous.field]}（${previous.date}）`,
      })
    previous = { field, date }
  })
  return issues
}

// Request bodies ----------------------------------------------------------------------------------

const personFields = {
  name: text('姓名', { max: 50 }),
  gender: gender(),
  ethnicity: ethnicity(),
  birthDate: isoDate('出生日期'),
  idNumber: idNumber(),
  phone: mobilePhone(),
  education: educationLevel(),
  occupation: text('职业', { max: 50 }),
  workUnit: text('工作单位', { max: 100 }),
  post: text('职务', { max: 50 }),
  cadreRank: choice('领导干部职级', CADRE_RANK_CODES),
  isInDifficulty: flag('生活困难'),
  isLostContact: flag('失去联系'),
  isMobile: flag('流动党员'),
}

const stageDateFields = {
  appliedOn: isoDate(MEMBER_DATE_LABELS.appliedOn),
  activistOn: isoDate(MEMBER_DATE_LABELS.activistOn),
  candidateOn: isoDate(MEMBER_DATE_LABELS.candidateOn),
  admittedOn: isoDate(MEMBER_DATE_LABELS.admittedOn),
  fullOn: isoDate(MEMBER_DATE_LABELS.fullOn),
}

/** The rules across fields, shared by the web form and the server: each issue names its field. */
function addIssues(ctx: z.RefinementCtx, issues: MemberFieldIssue[]) {
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message })
}

/** Registers a person with their member record in one step. */
export const MemberCreate = z
  .object({
    orgId: id('所在党组织'),
    status: choice('人员类别', MEMBER_STAGES),
    name: personFields.name,
    gender: personFields.gender,
    ethnicity: personFields.ethnicity,
    birthDate: personFields.birthDate,
    idNumber: personFields.idNumber,
    phone: personFields.phone.optional(),
    education: personFields.education,
    occupation: personFields.occupation.optional(),
    workUnit: personFields.workUnit.optional(),
    post: personFields.post.optional(),
    cadreRank: personFields.cadreRank.optional(),
    isInDifficulty: personFields.isInDifficulty.optional(),
    isLostContact: personFields.isLostContact.optional(),
    isMobile: personFields.isMobile.optional(),
    appliedOn: stageDateFields.appliedOn.optional(),
    activistOn: stageDateFields.activistOn.optional(),
    candidateOn: stageDateFields.candidateOn.optional(),
    admittedOn: stageDateFields.admittedOn.optional(),
    fullOn: stageDateFields.fullOn.optional(),
  })
  .superRefine((v, ctx) => {
    // idNumber is already the normalized 18-digit number here.
    addIssues(ctx, idNumberConsistency({ idNumber: v.idNumber, birthDate: v.birthDate, gender: v.gender }))
    addIssues(ctx, stageDateIssues(v.status, v))
  })
export type MemberCreate = z.infer<typeof MemberCreate>
export type MemberCreateInput = z.input<typeof MemberCreate>

/**
 * Corrects a person's record. An absent field stays as it is; null clears an optional one. The
 * status and the org change through their own routes, which keep their history.
 */
export const MemberUpdate = z.object({
  name: personFields.name.optional(),
  gender: personFields.gender.optional(),
  ethnicity: personFields.ethnicity.optional(),
  birthDate: personFields.birthDate.optional(),
  idNumber: personFields.idNumber.optional(),
  phone: personFields.phone.nullable().optional(),
  education: personFields.education.optional(),
  occupation: personFields.occupation.nullable().optional(),
  workUnit: personFields.workUnit.nullable().optional(),
  post: personFields.post.nullable().optional(),
  cadreRank: personFields.cadreRank.nullable().optional(),
  isInDifficulty: personFields.isInDifficulty.optional(),
  isLostContact: personFields.isLostContact.optional(),
  isMobile: personFields.isMobile.optional(),
  appliedOn: stageDateFields.appliedOn.nullable().optional(),
  activistOn: stageDateFields.activistOn.nullable().optional(),
  candidateOn: stageDateFields.candidateOn.nullable().optional(),
  admittedOn: stageDateFields.admittedOn.nullable().optional(),
  fullOn: stageDateFields.fullOn.nullable().optional(),
})
export type MemberUpdate = z.infer<typeof MemberUpdate>

export const MemberStatusChange = z
  .object({
    status: choice('新的状态', MEMBER_STATUS_CODES),
    effectiveOn: isoDate('生效日期'),
    reason: text('变更原因', { max: 200 }).optional(),
    documentNo: text('文件文号', { max: 100 }).optional(),
    leftReason: choice('离开原因', LEFT_REASON_CODES).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'left' && !v.leftReason)
      ctx.addIssue({ code: 'custom', path: ['leftReason'], message: '离开时须选择离开原因' })
    if (v.status !== 'left' && v.leftReason)
      ctx.addIssue({ code: 'custom', path: ['leftReason'], message: '只有变更为“已离开”时才填写离开原因' })
    if (v.leftReason && LEFT_REASONS_NEEDING_DOCUMENT.includes(v.leftReason) && !v.documentNo)
      ctx.addIssue({ code: 'custom', path: ['documentNo'], message: `${LEFT_REASONS[v.leftReason]}须填写决定的文件文号` })
  })
export type MemberStatusChange = z.infer<typeof MemberStatusChange>

export const MemberTransfer = z.object({
  toOrgId: id('转入党组织'),
  effectiveOn: isoDate('转接日期'),
  reason: text('转接原因', { max: 200 }).optional(),
  documentNo: text('介绍信编号', { max: 100 }).optional(),
})
export type MemberTransfer = z.infer<typeof MemberTransfer>

const optionalQueryInt = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(min, `${label}不能小于 ${min}`)
    .max(max, `${label}不能大于 ${max}`)
    .meta({ title: label })
    .optional()

export const MemberSearch = z.object({
  // An empty keyword (a cleared search box) means no keyword.
  q: text('关键字', { max: 50, min: 0 }).optional(),
  orgId: id('党组织').optional(),
  status: choice('人员类别', MEMBER_STATUS_CODES).optional(),
  includeLeft: z
    .enum(['true', 'false'], { error: '是否包括已离开的人员应为 true 或 false' })
    .transform((v) => v === 'true')
    .meta({ title: '包括已离开的人员' })
    .optional(),
  gender: gender().optional(),
  education: educationLevel().optional(),
  ageFrom: optionalQueryInt('最小年龄', 0, 150),
  ageTo: optionalQueryInt('最大年龄', 0, 150),
  joinYear: optionalQueryInt('入党年份', 1921, 2100),
  after: z.string().max(200, '翻页标记无效').meta({ title: '翻页标记' }).optional(),
  limit: queryInt('条数', { min: 1, max: 100, default: 20 }),
})
export type MemberSearch = z.infer<typeof MemberSearch>

// Responses ---------------------------------------------------------------------------------------

const date = z.string()
const OrgRef = z.object({ id: z.uuid(), name: z.string() })

/** A row of a member list. ID number and phone are masked (`**************123X`, `138****1234`). */
export const MemberListItem = z.object({
  personId: z.uuid(),
  name: z.string(),
  gender: z.enum(GENDER_CODES),
  birthDate: date,
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  education: z.enum(EDUCATION_LEVEL_CODES).nullable(),
  status: z.enum(MEMBER_STATUS_CODES),
  org: OrgRef,
  admittedOn: date.nullable(),
})
export type MemberListItem = z.infer<typeof MemberListItem>

export const MemberStatusHistoryEntry = z.object({
  fromStatus: z.enum(MEMBER_STATUS_CODES).nullable(),
  toStatus: z.enum(MEMBER_STATUS_CODES),
  effectiveOn: date,
  reason: z.string().nullable(),
  documentNo: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
})
export type MemberStatusHistoryEntry = z.infer<typeof MemberStatusHistoryEntry>

export const MemberOrgHistoryEntry = z.object({
  org: OrgRef,
  validFrom: date,
  validTo: date.nullable(),
  /** Why the relation came to this org (转接原因, 支部合并…) and the document it rests on. */
  reason: z.string().nullable(),
  documentNo: z.string().nullable(),
})
export type MemberOrgHistoryEntry = z.infer<typeof MemberOrgHistoryEntry>

/** What is known of a person's photo; the bytes come from their own route. */
export const PhotoInfo = z.object({
  mimeType: z.enum(['image/jpeg', 'image/png']),
  byteSize: z.int(),
  /** Changes with every upload: a cache-busting `v` for the photo's URL. */
  version: z.string(),
  updatedAt: z.string(),
})
export type PhotoInfo = z.infer<typeof PhotoInfo>

export const MemberDetail = MemberListItem.extend({
  ethnicity: z.enum(ETHNICITY_CODES),
  occupation: z.string().nullable(),
  workUnit: z.string().nullable(),
  post: z.string().nullable(),
  cadreRank: z.enum(CADRE_RANK_CODES).nullable(),
  isInDifficulty: z.boolean(),
  isLostContact: z.boolean(),
  isMobile: z.boolean(),
  appliedOn: date.nullable(),
  activistOn: date.nullable(),
  candidateOn: date.nullable(),
  fullOn: date.nullable(),
  leftOn: date.nullable(),
  leftReason: z.enum(LEFT_REASON_CODES).nullable(),
  leftDocument: z.string().nullable(),
  statusHistory: z.array(MemberStatusHistoryEntry),
  orgHistory: z.array(MemberOrgHistoryEntry),
  photo: PhotoInfo.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type MemberDetail = z.infer<typeof MemberDetail>

export const RevealedPii = z.object({ idNumber: z.string().nullable(), phone: z.string().nullable() })
export type RevealedPii = z.infer<typeof RevealedPii>

const PersonParams = z.object({ personId: id('人员') })

/** `v` only tells caches apart: the photo's version from PhotoInfo. */
export const PhotoQuery = z.object({ v: text('照片版本', { max: 100, min: 0 }).optional() })

export const membersApi = {
  search: route({
    method: 'GET',
    path: '/api/members',
    permission: 'members.read',
    tag: '党员',
    summary: '在授权范围内查找人员：姓名片段、拼音或首字母、身份证号或手机号，按条件筛选，按拼音排序分页',
    querystring: MemberSearch,
    response: z.object({ items: z.array(MemberListItem), nextCursor: z.string().nullable() }),
  }),
  get: route({
    method: 'GET',
    path: '/api/members/:personId',
    permission: 'members.read',
    tag: '党员',
    summary: '人员详情（身份证号和手机号脱敏）与状态、组织变更记录',
    params: PersonParams,
    response: z.object({ member: MemberDetail }),
  }),
  create: route({
    method: 'POST',
    path: '/api/members',
    permission: 'members.write',
    tag: '党员',
    summary: '登记人员及其党员信息',
    body: MemberCreate,
    status: 201,
    response: z.object({ member: MemberDetail }),
  }),
  update: route({
    method: 'PATCH',
    path: '/api/members/:personId',
    permission: 'members.write',
    tag: '党员',
    summary: '修改人员信息（状态和所在组织另有接口）',
    params: PersonParams,
    body: MemberUpdate,
    response: z.object({ member: MemberDetail }),
  }),
  changeStatus: route({
    method: 'POST',
    path: '/api/members/:personId/status',
    permission: 'members.write',
    tag: '党员',
    summary: '变更状态：逐级发展，或离开（须有离开原因）',
    params: PersonParams,
    body: MemberStatusChange,
    response: z.object({ member: MemberDetail }),
  }),
  transfer: route({
    method: 'POST',
    path: '/api/members/:personId/transfer',
    permission: 'members.write',
    tag: '党员',
    summary: '在授权范围内转到另一个党组织',
    params: PersonParams,
    body: MemberTransfer,
    response: z.object({ member: MemberDetail }),
  }),
  reveal: route({
    method: 'POST',
    path: '/api/members/:personId/reveal',
    permission: 'people.reveal_pii',
    tag: '党员',
    summary: '查看完整的身份证号和手机号（记入审计日志）',
    params: PersonParams,
    response: RevealedPii,
  }),
  photo: route({
    method: 'GET',
    path: '/api/members/:personId/photo',
    permission: 'members.read',
    tag: '党员',
    summary: '人员照片（JPEG 或 PNG；不允许共享缓存保存）',
    params: PersonParams,
    querystring: PhotoQuery,
    download: true,
  }),
  uploadPhoto: route({
    method: 'PUT',
    path: '/api/members/:personId/photo',
    permission: 'members.write',
    tag: '党员',
    summary: '上传或更换人员照片：请求体为 JPEG 或 PNG 文件本身（按文件头判断类型），不超过 2 MB',
    params: PersonParams,
    upload: { label: '照片', maxBytes: PHOTO_MAX_BYTES },
    response: z.object({ photo: PhotoInfo }),
  }),
  removePhoto: route({
    method: 'DELETE',
    path: '/api/members/:personId/photo',
    permission: 'members.write',
    tag: '党员',
    summary: '删除人员照片',
    params: PersonParams,
    status: 204,
  }),
} as const

function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
}
