import { choice, id, isoDate, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'

// Member development (发展党员, seed §21; RULES.md §b1): the 5 stages and 25 steps of the 2014
// 《中国共产党发展党员工作细则》, public notice (公示制) and the branch vote (票决制), yearly quotas.

export const DEVELOPMENT_STAGES = {
  1: '申请入党',
  2: '入党积极分子的确定和培养教育',
  3: '发展对象的确定和考察',
  4: '预备党员的接收',
  5: '预备党员的教育考察和转正',
} as const
export type DevelopmentStage = 1 | 2 | 3 | 4 | 5

/** Who does a step: the branch, the superior committee (上级党委), or the committee above that. */
export type StepActor = 'branch' | 'superior' | 'superior2'

export const STEP_ACTORS: Record<StepActor, string> = {
  branch: '党支部',
  superior: '上级党委',
  superior2: '再上一级党委组织部门',
}

export interface StepInfo {
  name: string
  stage: DevelopmentStage
  by: StepActor
  /** Recorded again and again (每半年考察, 继续教育考察). */
  periodic?: true
}

/** The 25 steps in order, as the 中组部组织一局《发展党员工作流程图》 names them (RULES.md §b1). */
export const DEVELOPMENT_STEPS = {
  1: { name: '递交入党申请书', stage: 1, by: 'branch' },
  2: { name: '党组织派人谈话', stage: 1, by: 'branch' },
  3: { name: '推荐和确定入党积极分子', stage: 2, by: 'branch' },
  4: { name: '报上级党委备案', stage: 2, by: 'superior' },
  5: { name: '指定培养联系人', stage: 2, by: 'branch' },
  6: { name: '培养教育考察', stage: 2, by: 'branch', periodic: true },
  7: { name: '确定发展对象', stage: 3, by: 'branch' },
  8: { name: '报上级党委备案', stage: 3, by: 'superior' },
  9: { name: '确定入党介绍人', stage: 3, by: 'branch' },
  10: { name: '政治审查', stage: 3, by: 'branch' },
  11: { name: '短期集中培训', stage: 3, by: 'branch' },
  12: { name: '支委会审查', stage: 4, by: 'branch' },
  13: { name: '上级党委预审', stage: 4, by: 'superior' },
  14: { name: '填写入党志愿书', stage: 4, by: 'branch' },
  15: { name: '支部大会讨论', stage: 4, by: 'branch' },
  16: { name: '上级党委派人谈话', stage: 4, by: 'superior' },
  17: { name: '上级党委审批', stage: 4, by: 'superior' },
  18: { name: '报再上一级党委组织部门备案', stage: 4, by: 'superior2' },
  19: { name: '编入支部和党小组', stage: 5, by: 'branch' },
  20: { name: '入党宣誓', stage: 5, by: 'branch' },
  21: { name: '继续教育考察', stage: 5, by: 'branch', periodic: true },
  22: { name: '提出转正申请', stage: 5, by: 'branch' },
  23: { name: '支部大会讨论', stage: 5, by: 'branch' },
  24: { name: '上级党委审批', stage: 5, by: 'superior' },
  25: { name: '材料归档', stage: 5, by: 'branch' },
} as const satisfies Record<number, StepInfo>
export type StepNo = keyof typeof DEVELOPMENT_STEPS
export const STEP_NUMBERS = Object.keys(DEVELOPMENT_STEPS).map(Number) as StepNo[]
export const stepLabel = (n: StepNo) => `第 ${n} 步“${DEVELOPMENT_STEPS[n].name}”`

/** Quota categories of the yearly plan (seed §21). */
export const DEVELOPMENT_CATEGORIES = {
  frontline: '生产、工作一线',
  high_knowledge: '高知识群体',
  youth: '青年',
  new_social_stratum: '新的社会阶层',
} as const
export type DevelopmentCategory = keyof typeof DEVELOPMENT_CATEGORIES
export const DEVELOPMENT_CATEGORY_CODES = Object.keys(DEVELOPMENT_CATEGORIES) as [DevelopmentCategory, ...DevelopmentCategory[]]

export const PLAN_CATEGORIES = { total: '发展总数', ...DEVELOPMENT_CATEGORIES } as const
export type PlanCategory = keyof typeof PLAN_CATEGORIES
export const PLAN_CATEGORY_CODES = Object.keys(PLAN_CATEGORIES) as [PlanCategory, ...PlanCategory[]]

/** How an activist was put forward (step 3), 三推 among them (seed §20). */
export const RECOMMENDATIONS = {
  party_members: '党员推荐',
  mass_org: '群团组织推优',
  three_recommendations: '“三推”推荐（非公有制企业优秀员工）',
} as const
export type Recommendation = keyof typeof RECOMMENDATIONS
export const RECOMMENDATION_CODES = Object.keys(RECOMMENDATIONS) as [Recommendation, ...Recommendation[]]

/** Confirmations a step asks of the officer recording it. */
export const STEP_CHECKS = {
  opinions_heard: '已听取党小组、培养联系人、党员和群众意见',
  sponsors_not_disciplined: '入党介绍人均未受留党察看处分（或已恢复党员权利）',
} as const
export type StepCheck = keyof typeof STEP_CHECKS
export const STEP_CHECK_CODES = Object.keys(STEP_CHECKS) as [StepCheck, ...StepCheck[]]
export const CHECKS_OF_STEP: Partial<Record<StepNo, readonly StepCheck[]>> = {
  7: ['opinions_heard'],
  9: ['sponsors_not_disciplined'],
}

export const POLITICAL_REVIEW_RESULTS = { passed: '合格', failed: '不合格' } as const
export const CONVERSION_PROPOSALS = {
  convert: '按期转为正式党员',
  extend: '延长预备期',
  cancel: '取消预备党员资格',
} as const
export type ConversionProposal = keyof typeof CONVERSION_PROPOSALS
export const CONVERSION_PROPOSAL_CODES = Object.keys(CONVERSION_PROPOSALS) as [ConversionProposal, ...ConversionProposal[]]

export const STEP_OUTCOMES = {
  passed: '通过',
  failed: '未通过',
  convert: '按期转正',
  extend: '延长预备期',
  cancel: '取消预备党员资格',
} as const
export type StepOutcome = keyof typeof STEP_OUTCOMES

export const NOTICE_KINDS = { admission: '发展对象公示', conversion: '预备党员转正公示' } as const
export type NoticeKind = keyof typeof NOTICE_KINDS

export const CASE_STATUSES = { open: '进行中', completed: '已转正归档', ended: '已终止' } as const
export type CaseStatus = keyof typeof CASE_STATUSES
export const CASE_STATUS_CODES = Object.keys(CASE_STATUSES) as [CaseStatus, ...CaseStatus[]]

// Request bodies ----------------------------------------------------------------------------------

const count = (label: string, max = 10000) =>
  z
    .int({ error: `${label}必须是整数` })
    .min(0, `${label}不能小于 0`)
    .max(max, `${label}不能超过 ${max}`)
    .meta({ title: label })

/** The tally of a branch meeting's vote on one candidate (票决, one candidate at a time). */
export const BranchVoteInput = z.object({
  present: count('到会有表决权的党员人数'),
  yes: count('赞成票'),
  no: count('反对票'),
  abstain: count('弃权票'),
  writtenYes: count('书面意见赞成').default(0),
  writtenNo: count('书面意见反对').default(0),
  writtenAbstain: count('书面意见弃权').default(0),
})
export type BranchVoteInput = z.infer<typeof BranchVoteInput>

export const CaseOpen = z.object({
  personId: id('入党申请人'),
  categories: z.array(choice('发展类别', DEVELOPMENT_CATEGORY_CODES)).max(4).default([]).meta({ title: '发展类别' }),
  documents: z
    .array(text('材料名称', { max: 100 }))
    .max(20, '材料最多 20 项')
    .default([])
    .meta({ title: '材料' }),
  note: text('备注', { max: 500 }).optional(),
})
export type CaseOpen = z.infer<typeof CaseOpen>

/**
 * One step's record. The fields a step needs beyond the common ones (date, who, documents) are
 * checked by the server for that step, each refusal naming its field.
 */
export const StepRecordInput = z.object({
  step: z
    .int({ error: '步骤必须是 1 至 25 的整数' })
    .min(1, '步骤必须是 1 至 25 的整数')
    .max(25, '步骤必须是 1 至 25 的整数')
    .meta({ title: '步骤' }),
  doneOn: isoDate('办理日期'),
  actorName: text('经办人', { max: 50 }).optional(),
  documents: z
    .array(text('材料名称', { max: 100 }))
    .max(20, '材料最多 20 项')
    .default([])
    .meta({ title: '材料' }),
  checks: z.array(choice('确认事项', STEP_CHECK_CODES)).max(10).default([]).meta({ title: '确认事项' }),
  note: text('备注', { max: 500 }).optional(),
  lateReason: text('逾期原因', { max: 200 }).optional(),
  documentNo: text('文件文号', { max: 100 }).optional(),
  recommendation: choice('推荐方式', RECOMMENDATION_CODES).optional(),
  contactIds: z.array(id('培养联系人')).max(10).optional().meta({ title: '培养联系人' }),
  sponsorIds: z.array(id('入党介绍人')).max(10).optional().meta({ title: '入党介绍人' }),
  politicalReview: choice('政治审查结论', ['passed', 'failed']).optional(),
  trainingDays: z.number({ error: '培训天数必须是数字' }).min(0).max(365).optional().meta({ title: '培训天数' }),
  trainingHours: z.number({ error: '培训学时必须是数字' }).min(0).max(2000).optional().meta({ title: '培训学时' }),
  expectedLeaveOn: isoDate('预计离开单位日期').optional(),
  vote: BranchVoteInput.optional(),
  proposal: choice('转正意见', CONVERSION_PROPOSAL_CODES).optional(),
  extensionMonths: z
    .int({ error: '延长月数必须是整数' })
    .min(1, '延长月数至少 1 个月')
    .max(24, '延长月数不能超过 24 个月')
    .optional()
    .meta({ title: '延长月数' }),
})
export type StepRecordInput = z.infer<typeof StepRecordInput>
export type StepRecordInputIn = z.input<typeof StepRecordInput>

export const NoticePublish = z.object({
  kind: choice('公示类别', ['admission', 'conversion']),
  startsOn: isoDate('公示开始日期'),
  contact: text('受理意见的联系方式', { max: 200 }),
})
export type NoticePublish = z.infer<typeof NoticePublish>

export const ObjectionInput = z.object({
  receivedOn: isoDate('收到日期'),
  content: text('反映的问题', { max: 2000 }),
  source: text('反映人及联系方式', { max: 200 }).optional(),
})
export type ObjectionInput = z.infer<typeof ObjectionInput>

export const ObjectionResolve = z.object({
  resolvedOn: isoDate('处理日期'),
  resolution: text('调查核实和处理情况', { max: 2000 }),
})
export type ObjectionResolve = z.infer<typeof ObjectionResolve>

export const CaseEnd = z.object({
  endedOn: isoDate('终止日期'),
  reason: text('终止原因', { max: 200 }),
})
export type CaseEnd = z.infer<typeof CaseEnd>

const year = (label = '年度') =>
  z.coerce
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(2000, `${label}不能早于 2000 年`)
    .max(2100, `${label}不能晚于 2100 年`)
    .meta({ title: label })

export const PlanInput = z.object({
  orgId: id('组织'),
  year: year(),
  quotas: z
    .array(z.object({ category: choice('类别', PLAN_CATEGORY_CODES), planned: count('计划发展人数', 1_000_000) }))
    .min(1, '请至少填写一项指标')
    .max(5)
    .meta({ title: '指标' }),
  note: text('说明', { max: 200 }).optional(),
})
export type PlanInput = z.infer<typeof PlanInput>

// Responses ---------------------------------------------------------------------------------------

const OrgRef = z.object({ id: z.uuid(), name: z.string() })

/** The vote's result as the rule computes it, with its arithmetic in words. */
export const VoteResult = z.object({
  dueVoting: z.int(),
  present: z.int(),
  yes: z.int(),
  no: z.int(),
  abstain: z.int(),
  writtenYes: z.int(),
  writtenNo: z.int(),
  writtenAbstain: z.int(),
  yesTotal: z.int(),
  hasQuorum: z.boolean(),
  isPassed: z.boolean(),
  arithmetic: z.array(z.string()),
})
export type VoteResult = z.infer<typeof VoteResult>

export const StepRecordView = z.object({
  id: z.uuid(),
  step: z.int(),
  name: z.string(),
  round: z.int(),
  seq: z.int(),
  doneOn: z.string(),
  org: OrgRef,
  actorName: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  documents: z.array(z.string()),
  checks: z.array(z.string()),
  /** What the step holds beyond the common fields, in words: "培养联系人：张三、李四". */
  facts: z.array(z.string()),
  vote: VoteResult.nullable(),
  outcome: z.enum(['passed', 'failed', 'convert', 'extend', 'cancel']).nullable(),
  lateReason: z.string().nullable(),
  warnings: z.array(z.string()),
  note: z.string().nullable(),
})
export type StepRecordView = z.infer<typeof StepRecordView>

export const ObjectionView = z.object({
  id: z.uuid(),
  receivedOn: z.string(),
  content: z.string(),
  source: z.string().nullable(),
  resolvedOn: z.string().nullable(),
  resolution: z.string().nullable(),
})
export type ObjectionView = z.infer<typeof ObjectionView>

export const NoticeView = z.object({
  id: z.uuid(),
  kind: z.enum(['admission', 'conversion']),
  round: z.int(),
  startsOn: z.string(),
  endsOn: z.string(),
  workingDays: z.int(),
  contact: z.string(),
  /** Before, during or after its period, on the server's today. */
  state: z.enum(['scheduled', 'in_force', 'ended']),
  objections: z.array(ObjectionView),
})
export type NoticeView = z.infer<typeof NoticeView>

/** What comes next and the first day it becomes possible (today if now; null if no date makes it possible). */
export const NextStep = z.object({
  step: z.int(),
  name: z.string(),
  by: z.enum(['branch', 'superior', 'superior2']),
  org: OrgRef.nullable(),
  possibleFrom: z.string().nullable(),
  /** Why it cannot be recorded today, if it cannot. */
  blockedBy: z.string().nullable(),
  deadline: z.string().nullable(),
})
export type NextStep = z.infer<typeof NextStep>

export const CaseListItem = z.object({
  id: z.uuid(),
  person: z.object({ id: z.uuid(), name: z.string() }),
  org: OrgRef,
  status: z.enum(CASE_STATUS_CODES),
  stage: z.int(),
  nextStep: z.int().nullable(),
  dueBy: z.string().nullable(),
  isOverdue: z.boolean(),
  categories: z.array(z.enum(DEVELOPMENT_CATEGORY_CODES)),
  appliedOn: z.string(),
  updatedAt: z.string(),
})
export type CaseListItem = z.infer<typeof CaseListItem>

export const CaseView = CaseListItem.extend({
  person: z.object({
    id: z.uuid(),
    name: z.string(),
    gender: z.string(),
    birthDate: z.string(),
    status: z.string(),
  }),
  superior: OrgRef.nullable(),
  superior2: OrgRef.nullable(),
  admittedOn: z.string().nullable(),
  probationEndsOn: z.string().nullable(),
  fullOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  steps: z.array(StepRecordView),
  next: NextStep.nullable(),
  /** Periodic reviews and deadlines that have passed. */
  overdue: z.array(z.string()),
  notices: z.array(NoticeView),
})
export type CaseView = z.infer<typeof CaseView>

export const StageCounts = z.object({
  stage: z.int(),
  name: z.string(),
  count: z.int(),
})

export const TodoItem = z.object({
  caseId: z.uuid(),
  person: z.object({ id: z.uuid(), name: z.string() }),
  org: OrgRef,
  step: z.int(),
  name: z.string(),
  dueBy: z.string().nullable(),
  isOverdue: z.boolean(),
})
export type TodoItem = z.infer<typeof TodoItem>

export const QuotaProgress = z.object({
  category: z.enum(PLAN_CATEGORY_CODES),
  planned: z.int().nullable(),
  admitted: z.int(),
})
export type QuotaProgress = z.infer<typeof QuotaProgress>

export const Dashboard = z.object({
  org: OrgRef,
  year: z.int(),
  stages: z.array(StageCounts),
  open: z.int(),
  overdue: z.int(),
  completed: z.int(),
  quotas: z.array(QuotaProgress),
})
export type Dashboard = z.infer<typeof Dashboard>

/** A notice on the public portal: what 公示 makes public, nothing more about the person. */
export const PublicNotice = z.object({
  id: z.uuid(),
  kind: z.enum(['admission', 'conversion']),
  title: z.string(),
  orgName: z.string(),
  name: z.string(),
  gender: z.string(),
  birthMonth: z.string(),
  education: z.string().nullable(),
  workUnit: z.string().nullable(),
  /** The dates the notice states: 申请入党、确定为积极分子、确定为发展对象 (or 入党) */
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  startsOn: z.string(),
  endsOn: z.string(),
  contact: z.string(),
})
export type PublicNotice = z.infer<typeof PublicNotice>

const CaseParams = z.object({ id: id('发展党员档案') })
const tag = '发展党员'
const page = {
  page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
  pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
}

export const developmentApi = {
  cases: route({
    method: 'GET',
    path: '/api/development/cases',
    permission: 'development.read',
    tag,
    summary: '发展党员档案：某组织及其下级（默认当前授权范围）的档案，可按阶段、状态筛选，附各阶段人数',
    querystring: z.object({
      orgId: id('组织').optional(),
      stage: z.coerce
        .number({ error: '阶段必须是数字' })
        .int('阶段必须是 1 至 5 的整数')
        .min(1, '阶段必须是 1 至 5 的整数')
        .max(5, '阶段必须是 1 至 5 的整数')
        .optional()
        .meta({ title: '阶段' }),
      status: choice('状态', CASE_STATUS_CODES).optional(),
      overdue: z.enum(['true', 'false']).optional().meta({ title: '只看逾期' }),
      ...page,
    }),
    response: z.object({ items: z.array(CaseListItem), total: z.int(), stages: z.array(StageCounts) }),
  }),
  open: route({
    method: 'POST',
    path: '/api/development/cases',
    permission: 'development.write',
    tag,
    summary: '为名册中的入党申请人建立发展档案（第 1 步：递交入党申请书，日期取名册中的申请入党日期）',
    body: CaseOpen,
    status: 201,
    response: z.object({ case: CaseView }),
  }),
  get: route({
    method: 'GET',
    path: '/api/development/cases/:id',
    permission: 'development.read',
    tag,
    summary: '一份发展档案：各步骤记录、下一步及其可办理的日期、逾期事项、公示',
    params: CaseParams,
    response: z.object({ case: CaseView }),
  }),
  recordStep: route({
    method: 'POST',
    path: '/api/development/cases/:id/steps',
    permission: 'development.write',
    tag,
    summary: '记录一个步骤：按顺序和时限检查，不符合时说明依据的规则和最早可以办理的日期',
    params: CaseParams,
    body: StepRecordInput,
    status: 201,
    response: z.object({ case: CaseView }),
  }),
  end: route({
    method: 'POST',
    path: '/api/development/cases/:id/end',
    permission: 'development.write',
    tag,
    summary: '终止发展（如本人撤回申请、经考察不再列为发展对象），须说明原因',
    params: CaseParams,
    body: CaseEnd,
    response: z.object({ case: CaseView }),
  }),
  dossier: route({
    method: 'GET',
    path: '/api/development/cases/:id/dossier',
    permission: 'development.read',
    tag,
    summary: '发展党员全程纪实表（Excel）',
    params: CaseParams,
    download: true,
  }),
  publishNotice: route({
    method: 'POST',
    path: '/api/development/cases/:id/notices',
    permission: 'development.write',
    tag,
    summary: '发布公示（发展对象公示或转正公示）：在公开门户上公示若干个工作日，附受理意见的联系方式',
    params: CaseParams,
    body: NoticePublish,
    status: 201,
    response: z.object({ case: CaseView }),
  }),
  addObjection: route({
    method: 'POST',
    path: '/api/development/notices/:id/objections',
    permission: 'development.write',
    tag,
    summary: '登记公示期间收到的反映意见',
    params: z.object({ id: id('公示') }),
    body: ObjectionInput,
    status: 201,
    response: z.object({ case: CaseView }),
  }),
  resolveObjection: route({
    method: 'POST',
    path: '/api/development/objections/:id/resolve',
    permission: 'development.write',
    tag,
    summary: '登记反映意见的调查核实和处理情况',
    params: z.object({ id: id('反映意见') }),
    body: ObjectionResolve,
    response: z.object({ case: CaseView }),
  }),
  todos: route({
    method: 'GET',
    path: '/api/development/todos',
    permission: 'development.read',
    tag,
    summary: '待办：当前授权范围的党委须办理的步骤（备案、预审、派人谈话、审批、再上一级备案）',
    response: z.object({ items: z.array(TodoItem) }),
  }),
  dashboard: route({
    method: 'GET',
    path: '/api/development/dashboard',
    permission: 'development.read',
    tag,
    summary: '发展党员概况：某组织子树中各阶段人数、逾期、年度计划完成情况',
    querystring: z.object({ orgId: id('组织').optional(), year: year().optional() }),
    response: Dashboard,
  }),
  savePlan: route({
    method: 'PUT',
    path: '/api/development/plans',
    permission: 'development.write',
    tag,
    summary: '登记或修改一个组织的年度发展计划（发展总数及各类别指标）',
    body: PlanInput,
    response: Dashboard,
  }),
  publicNotices: route({
    method: 'GET',
    path: '/api/public/development-notices',
    permission: 'public',
    tag,
    summary: '公开：正在公示期内的发展对象和预备党员转正公示；无须登录，按 IP 限制频率',
    querystring: z.object({
      page: queryInt('页码', { min: 1, max: 1000, default: 1 }),
      pageSize: queryInt('每页条数', { min: 1, max: 50, default: 20 }),
    }),
    response: z.object({ items: z.array(PublicNotice), total: z.int() }),
  }),
} as const
