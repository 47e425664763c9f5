import { choice, id, isoDate, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'

// Oversight of mobile-member work (seed §23): the inter-department coordination meetings, the
// year-end report each county and city sends up (逐级上报), and the province's yearly spot check
// (抽查) with findings per sampled item and their rectification.

const year = (label = '年度') =>
  z.coerce
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(2000, `${label}不能早于 2000 年`)
    .max(2100, `${label}不能晚于 2100 年`)
    .meta({ title: label })

const count = (label: string, min: number, max: number) =>
  z
    .number({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}必须是数字`) })
    .int(`${label}必须是整数`)
    .min(min, `${label}不能小于 ${min}`)
    .max(max, `${label}不能大于 ${max}`)
    .meta({ title: label })

const OrgRef = z.object({ id: z.uuid(), name: z.string() })

// Coordination meetings ---------------------------------------------------------------------------

/** The departments the seed names (§23: 公安、民政、人事、劳动和社会保障、农业、人口和计划生育、税务、工商等部门): suggestions only. */
export const SEED_DEPARTMENTS = [
  '党委组织部',
  '公安',
  '民政',
  '人事',
  '劳动和社会保障',
  '农业',
  '人口和计划生育',
  '税务',
  '工商',
] as const

export const MeetingInput = z.object({
  orgId: id('召集单位'),
  heldOn: isoDate('召开日期'),
  title: text('会议名称', { max: 100 }),
  departments: z
    .array(text('参加部门', { max: 50 }), { error: '请填写参加部门' })
    .min(1, '请填写参加部门（至少 1 个）')
    .max(30, '参加部门不能超过 30 个')
    .refine((v) => new Set(v).size === v.length, '参加部门有重复')
    .meta({ title: '参加部门' }),
  decisions: text('议定事项', { max: 2000 }),
  venue: text('地点', { max: 100 }).optional(),
})
export type MeetingInput = z.infer<typeof MeetingInput>

export const MeetingView = z.object({
  id: z.uuid(),
  org: OrgRef,
  heldOn: z.string(),
  title: z.string(),
  departments: z.array(z.string()),
  decisions: z.string(),
  venue: z.string().nullable(),
  updatedAt: z.string(),
  canEdit: z.boolean(),
})
export type MeetingView = z.infer<typeof MeetingView>

export const MeetingSearch = z.object({
  orgId: id('组织').optional(),
  year: year().optional(),
  page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
  pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
})
export type MeetingSearch = z.infer<typeof MeetingSearch>

// Year-end reports --------------------------------------------------------------------------------

/**
 * What a year-end report counts, by category. The counting is one repository function
 * (mobileOversightRepo.countCategories); a new category (the mobile module's inflows and certificates)
 * is a label here and a count there. Figures are stored as a record so reports submitted before a
 * category existed keep what they said.
 */
export const MOBILE_WORK_CATEGORIES = {
  outflow_started: '本年登记外出的党员',
  outflow_away_year_end: '年末在外的党员',
  outflow_fixed_place_year_end: '其中地点相对固定',
  outflow_returned: '本年返回的党员',
  away_without_transfer: '年末外出满 6 个月且地点相对固定、未转接组织关系',
  transfer_out_received: '本年转出组织关系（已接收或回执已回）',
  transfer_in_received: '本年转入组织关系',
  transfer_out_returned: '本年转出被退回',
  transfer_pending_year_end: '年末待接收的转出',
  transfer_expired_year_end: '其中介绍信已过期',
} as const
export type MobileWorkCategory = keyof typeof MOBILE_WORK_CATEGORIES
export const MOBILE_WORK_CATEGORY_CODES = Object.keys(MOBILE_WORK_CATEGORIES) as [MobileWorkCategory, ...MobileWorkCategory[]]

export const REPORT_LEVELS = { county: '县级', city: '市级' } as const
export type ReportLevel = keyof typeof REPORT_LEVELS

/** A report's state as the level above sees it; `overdue` is any not submitted past its due day. */
export const REPORT_STATUSES = {
  not_started: '未开始',
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  overdue: '逾期未报',
} as const
export type ReportStatus = keyof typeof REPORT_STATUSES
export const REPORT_STATUS_CODES = Object.keys(REPORT_STATUSES) as [ReportStatus, ...ReportStatus[]]

const Counts = z.record(z.string(), z.int())
export const ReportFigures = z.object({
  counts: Counts,
  /** A city's: each county's submitted figures. */
  counties: z.array(z.object({ orgId: z.uuid(), name: z.string(), counts: Counts })).optional(),
})
export type ReportFigures = z.infer<typeof ReportFigures>

export const ReportView = z.object({
  /** Null: not started (no draft saved yet). */
  id: z.uuid().nullable(),
  org: OrgRef,
  level: z.enum(['county', 'city']),
  year: z.int(),
  status: z.enum(REPORT_STATUS_CODES),
  /** Underlying state when overdue (not_started, draft or returned). */
  storedStatus: z.enum(['not_started', 'draft', 'submitted', 'returned']),
  dueOn: z.string(),
  /** Where the due day comes from: an org's override of the rule, or the registry's default (null). */
  dueFrom: OrgRef.nullable(),
  submittedTo: OrgRef,
  narrative: z.string(),
  /** Frozen as of submission; otherwise counted now (null in lists). */
  figures: ReportFigures.nullable(),
  isFrozen: z.boolean(),
  submittedOn: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  /** A city's: counties not yet submitted (a city submits when all have). */
  missingCounties: z.array(OrgRef),
  actions: z.object({ edit: z.boolean(), submit: z.boolean(), return: z.boolean() }),
})
export type ReportView = z.infer<typeof ReportView>

export const ReportOverview = z.object({
  org: OrgRef,
  year: z.int(),
  /** The org's own report (a county's or a city's); null for the province and other levels. */
  own: ReportView.nullable(),
  /** The reports of the level below that come to this org: a city's counties, the province's cities. */
  below: z.array(ReportView),
  /** The sum of the submitted reports below. */
  rollup: Counts,
  rule: z.object({ title: z.string(), source: z.string() }),
})
export type ReportOverview = z.infer<typeof ReportOverview>

export const ReportSave = z.object({
  orgId: id('报告单位'),
  year: year(),
  narrative: text('工作情况', { max: 5000, min: 0 }),
})
export type ReportSave = z.infer<typeof ReportSave>

export const ReportReturn = z.object({ reason: text('退回原因', { max: 500 }) })
export type ReportReturn = z.infer<typeof ReportReturn>

// Spot checks -------------------------------------------------------------------------------------

export const SPOT_CHECK_GENERATOR = 'sha256-fisher-yates-v1'
/** How the sample is drawn, in words anyone can reimplement (mobile-oversight.sample.ts). */
export const SPOT_CHECK_GENERATOR_TEXT =
  '抽样框按编号（UUID 文本）升序排列；第 i 次（从 0 起）抽取取 SHA-256(“种子:阶段:i”) 的前 6 个字节作为 48 位无符号整数 r，' +
  '在剩余的 n−i 项中取第 i + ⌊r × (n−i) / 2^48⌋ 项与第 i 项交换（部分 Fisher–Yates 洗牌），前 k 项按抽取顺序即为样本。' +
  '阶段为 county（县级单位）或 member:县级组织编号（在各抽中县内抽党员）。抽样框的 SHA-256 是各编号按序以换行连接后的摘要（党员抽样框的各行为“县级组织编号/党员编号”）'

export const SpotCheckDraw = z.object({
  orgId: id('组织抽查的单位'),
  year: year(),
  title: text('抽查名称', { max: 100 }),
  seed: text('随机种子', { max: 64 })
    .refine((v) => !/\s/.test(v), '随机种子不能含空格')
    .optional(),
  countySampleSize: count('抽查县（市、区）数', 1, 200),
  memberSampleSize: count('每县抽查流动党员数', 0, 200),
  frameAsOf: isoDate('抽样框日期'),
})
export type SpotCheckDraw = z.infer<typeof SpotCheckDraw>

export const Frame = z.object({ size: z.int(), sha256: z.string() })

export const SpotCheckView = z.object({
  id: z.uuid(),
  org: OrgRef,
  year: z.int(),
  title: z.string(),
  seed: z.string(),
  generator: z.string(),
  frameAsOf: z.string(),
  countySampleSize: z.int(),
  memberSampleSize: z.int(),
  countyFrame: Frame,
  memberFrame: Frame,
  drawnAt: z.string(),
  itemCount: z.int(),
  openFindings: z.int(),
})
export type SpotCheckView = z.infer<typeof SpotCheckView>

export const FINDING_STATUSES = { open: '待整改', rectifying: '整改中', closed: '已销号' } as const
export type FindingStatus = keyof typeof FINDING_STATUSES
export const FINDING_STATUS_CODES = Object.keys(FINDING_STATUSES) as [FindingStatus, ...FindingStatus[]]

export const FindingView = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  spotCheck: z.object({ id: z.uuid(), title: z.string() }),
  county: OrgRef,
  person: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  foundOn: z.string(),
  description: z.string(),
  rectifyBy: z.string().nullable(),
  status: z.enum(FINDING_STATUS_CODES),
  rectifyingOn: z.string().nullable(),
  measures: z.string().nullable(),
  closedOn: z.string().nullable(),
  evidence: z.string().nullable(),
  isOverdue: z.boolean(),
  actions: z.object({ start: z.boolean(), close: z.boolean() }),
})
export type FindingView = z.infer<typeof FindingView>

export const SpotCheckItemView = z.object({
  id: z.uuid(),
  kind: z.enum(['county', 'member']),
  drawOrder: z.int(),
  county: OrgRef,
  person: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  checker: z.string().nullable(),
  checkerAssignedOn: z.string().nullable(),
  findings: z.array(FindingView),
})
export type SpotCheckItemView = z.infer<typeof SpotCheckItemView>

export const SpotCheckDetail = SpotCheckView.extend({
  items: z.array(SpotCheckItemView),
  canManage: z.boolean(),
})
export type SpotCheckDetail = z.infer<typeof SpotCheckDetail>

/** The same seed drawn again over the frames as they are now. */
export const SpotCheckRedraw = z.object({
  countyFrame: Frame,
  memberFrame: Frame,
  isFrameSame: z.boolean(),
  isSampleSame: z.boolean(),
  counties: z.array(OrgRef),
  members: z.array(z.object({ id: z.uuid(), name: z.string(), county: OrgRef })),
})
export type SpotCheckRedraw = z.infer<typeof SpotCheckRedraw>

export const CheckerAssign = z.object({
  checker: text('检查人', { max: 100 }),
  assignedOn: isoDate('指派日期'),
})
export type CheckerAssign = z.infer<typeof CheckerAssign>

export const FindingInput = z.object({
  foundOn: isoDate('发现日期'),
  description: text('发现的问题', { max: 1000 }),
  rectifyBy: isoDate('整改期限').optional(),
})
export type FindingInput = z.infer<typeof FindingInput>

export const FindingStart = z.object({
  startedOn: isoDate('开始整改日期'),
  measures: text('整改措施', { max: 1000 }),
})
export type FindingStart = z.infer<typeof FindingStart>

export const FindingClose = z.object({
  closedOn: isoDate('销号日期'),
  evidence: text('整改结果及佐证', { max: 1000 }),
})
export type FindingClose = z.infer<typeof FindingClose>

export const FindingSearch = z.object({
  orgId: id('组织').optional(),
  status: choice('整改状态', FINDING_STATUS_CODES).optional(),
})

const IdParams = (label: string) => z.object({ id: id(label) })
const tag = '流动党员工作督查'

export const mobileOversightApi = {
  listMeetings: route({
    method: 'GET',
    path: '/api/oversight/meetings',
    permission: 'oversight.read',
    tag,
    summary: '部门协调会议登记簿：本范围（或某组织子树）召集的会议、参加部门和议定事项',
    querystring: MeetingSearch,
    response: z.object({ items: z.array(MeetingView), total: z.int() }),
  }),
  exportMeetings: route({
    method: 'GET',
    path: '/api/oversight/meetings/export',
    permission: 'oversight.read',
    tag,
    summary: '部门协调会议登记簿导出 Excel（与列表同样的筛选条件）',
    querystring: MeetingSearch.omit({ page: true, pageSize: true }),
    download: true,
  }),
  createMeeting: route({
    method: 'POST',
    path: '/api/oversight/meetings',
    permission: 'oversight.write',
    tag,
    summary: '登记一次部门协调会议',
    body: MeetingInput,
    status: 201,
    response: z.object({ meeting: MeetingView }),
  }),
  updateMeeting: route({
    method: 'PUT',
    path: '/api/oversight/meetings/:id',
    permission: 'oversight.write',
    tag,
    summary: '修改一次部门协调会议的记录',
    params: IdParams('协调会议'),
    body: MeetingInput,
    response: z.object({ meeting: MeetingView }),
  }),
  reports: route({
    method: 'GET',
    path: '/api/oversight/reports',
    permission: 'oversight.read',
    tag,
    summary:
      '年度流动党员工作报告：本级的报告，报到本级的下一级各单位的状态（未开始、草稿、已提交、已退回、逾期未报）和已提交报告的合计',
    querystring: z.object({ orgId: id('组织').optional(), year: year() }),
    response: ReportOverview,
  }),
  report: route({
    method: 'GET',
    path: '/api/oversight/reports/:id',
    permission: 'oversight.read',
    tag,
    summary: '一份年度报告：已提交的为提交时定格的数字，未提交的为现在的数字',
    params: IdParams('年度报告'),
    response: z.object({ report: ReportView }),
  }),
  saveReport: route({
    method: 'PUT',
    path: '/api/oversight/reports',
    permission: 'oversight.write',
    tag,
    summary: '保存本单位年度报告的文字（草稿或被退回的）',
    body: ReportSave,
    response: z.object({ report: ReportView }),
  }),
  submitReport: route({
    method: 'POST',
    path: '/api/oversight/reports/:id/submit',
    permission: 'oversight.write',
    tag,
    summary: '提交年度报告：数字按提交时定格；市级须所辖县级报告都已提交',
    params: IdParams('年度报告'),
    response: z.object({ report: ReportView }),
  }),
  returnReport: route({
    method: 'POST',
    path: '/api/oversight/reports/:id/return',
    permission: 'oversight.write',
    tag,
    summary: '上一级退回已提交的年度报告，须写明原因',
    params: IdParams('年度报告'),
    body: ReportReturn,
    response: z.object({ report: ReportView }),
  }),
  spotChecks: route({
    method: 'GET',
    path: '/api/oversight/spot-checks',
    permission: 'oversight.read',
    tag,
    summary: '本范围组织的流动党员工作抽查',
    querystring: z.object({ orgId: id('组织').optional() }),
    response: z.object({ items: z.array(SpotCheckView) }),
  }),
  drawSpotCheck: route({
    method: 'POST',
    path: '/api/oversight/spot-checks',
    permission: 'oversight.spot_check',
    tag,
    summary: '抽取样本：以记录的随机种子和公开的算法，先抽县（市、区），再在抽中的县内抽流动党员；保存抽样框的大小和摘要',
    body: SpotCheckDraw,
    status: 201,
    response: z.object({ spotCheck: SpotCheckDetail }),
  }),
  spotCheck: route({
    method: 'GET',
    path: '/api/oversight/spot-checks/:id',
    permission: 'oversight.read',
    tag,
    summary: '一次抽查：样本、检查人、检查发现及整改',
    params: IdParams('抽查'),
    response: z.object({ spotCheck: SpotCheckDetail }),
  }),
  redrawSpotCheck: route({
    method: 'GET',
    path: '/api/oversight/spot-checks/:id/redraw',
    permission: 'oversight.read',
    tag,
    summary: '以记录的种子在同一日期的抽样框上重新抽取，核对样本是否与记录一致',
    params: IdParams('抽查'),
    response: SpotCheckRedraw,
  }),
  assignChecker: route({
    method: 'PUT',
    path: '/api/oversight/spot-check-items/:id/checker',
    permission: 'oversight.spot_check',
    tag,
    summary: '为一个抽中的县或党员指派检查人',
    params: IdParams('抽查样本'),
    body: CheckerAssign,
    response: z.object({ spotCheck: SpotCheckDetail }),
  }),
  recordFinding: route({
    method: 'POST',
    path: '/api/oversight/spot-check-items/:id/findings',
    permission: 'oversight.spot_check',
    tag,
    summary: '登记对一个抽中样本的检查发现（待整改）',
    params: IdParams('抽查样本'),
    body: FindingInput,
    status: 201,
    response: z.object({ finding: FindingView }),
  }),
  findings: route({
    method: 'GET',
    path: '/api/oversight/findings',
    permission: 'oversight.read',
    tag,
    summary: '整改台账：本范围内县（市、区）的检查发现及整改情况',
    querystring: FindingSearch,
    response: z.object({ items: z.array(FindingView) }),
  }),
  startRectification: route({
    method: 'POST',
    path: '/api/oversight/findings/:id/start',
    permission: 'oversight.write',
    tag,
    summary: '开始整改：写明整改措施（待整改 → 整改中）',
    params: IdParams('检查发现'),
    body: FindingStart,
    response: z.object({ finding: FindingView }),
  }),
  closeFinding: route({
    method: 'POST',
    path: '/api/oversight/findings/:id/close',
    permission: 'oversight.spot_check',
    tag,
    summary: '整改销号：组织抽查的单位核实后写明整改结果及佐证（整改中 → 已销号）',
    params: IdParams('检查发现'),
    body: FindingClose,
    response: z.object({ finding: FindingView }),
  }),
} as const
