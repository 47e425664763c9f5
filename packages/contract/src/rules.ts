import { id, isoDate, text, z } from './zod.ts'
import { route } from './route.ts'
import { ACTIVITY_KIND_CODES } from './activities.ts'

// The rules registry (SPEC principle 2): every number of the seed and of the national regulations
// as a rule with its source, parameters and an evaluation for every org of a subtree and period.

export const RULE_SOURCE_KINDS = { seed: '湖北文件', national: '全国党内法规', local: '地方做法' } as const
export type RuleSourceKind = keyof typeof RULE_SOURCE_KINDS

export const RULE_PERIODS = { month: '每月', quarter: '每季度', year: '每年' } as const
export type RulePeriod = keyof typeof RULE_PERIODS
export const RULE_PERIOD_CODES = Object.keys(RULE_PERIODS) as [RulePeriod, ...RulePeriod[]]

/** An org's standing under a rule for a period. */
export const RULE_STATUSES = {
  met: '已达到',
  at_risk: '待完成',
  missed: '未达到',
  not_applicable: '不适用',
} as const
export type RuleStatus = keyof typeof RULE_STATUSES
export const RULE_STATUS_CODES = Object.keys(RULE_STATUSES) as [RuleStatus, ...RuleStatus[]]

export const RuleParamInfo = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  default: z.number(),
  min: z.number(),
  max: z.number(),
})

export const RuleInfo = z.object({
  id: z.string(),
  title: z.string(),
  /** The sentence the rule implements, quoted. */
  quote: z.string(),
  source: z.string(),
  sourceKind: z.enum(['seed', 'national', 'local']),
  /** Articles of the seed (鄂发〔2006〕13号, §1–§28) the rule puts into practice. */
  seedArticles: z.array(z.int()),
  appliesTo: z.string(),
  /** null: a standing check (branch setting, committee size), not evaluated per period. */
  period: z.enum(RULE_PERIOD_CODES).nullable(),
  params: z.array(RuleParamInfo),
  version: z.int(),
  effectiveFrom: z.string(),
  /** Whether results are evaluated per period and stored (false: a standing check shown where it applies). */
  evaluated: z.boolean(),
})
export type RuleInfo = z.infer<typeof RuleInfo>

/** Where a parameter's value in force comes from. */
export const ParamSource = z.object({
  values: z.record(z.string(), z.number()),
  /** The org whose override sets them; null: the registry's default. */
  fromOrg: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  overrideId: z.uuid().nullable(),
})
export type ParamSource = z.infer<typeof ParamSource>

export const RuleOverrideView = z.object({
  id: z.uuid(),
  ruleId: z.string(),
  org: z.object({ id: z.uuid(), name: z.string() }),
  params: z.record(z.string(), z.number()),
  reason: z.string(),
  effectiveFrom: z.string(),
  endedOn: z.string().nullable(),
  createdAt: z.string(),
})
export type RuleOverrideView = z.infer<typeof RuleOverrideView>

export const RuleOverrideCreate = z.object({
  orgId: id('适用组织'),
  params: z.record(z.string(), z.number({ error: '参数值必须是数字' })).meta({ title: '参数' }),
  reason: text('调整理由', { max: 200 }),
  effectiveFrom: isoDate('生效日期'),
})
export type RuleOverrideCreate = z.infer<typeof RuleOverrideCreate>

/** The period a figure is about, and whether it is still open today. */
export const PeriodInfo = z.object({
  start: z.string(),
  end: z.string(),
  label: z.string(),
  isOpen: z.boolean(),
})
export type PeriodInfo = z.infer<typeof PeriodInfo>

/** Counts of a subtree under one rule: how many orgs it applies to and how many meet it. */
export const RuleTally = z.object({
  applicable: z.int(),
  met: z.int(),
  status: z.enum(RULE_STATUS_CODES),
})
export type RuleTally = z.infer<typeof RuleTally>

export const ComplianceOverview = z.object({
  org: z.object({ id: z.uuid(), name: z.string() }),
  month: z.string(),
  rules: z.array(
    z.object({
      ruleId: z.string(),
      title: z.string(),
      period: PeriodInfo,
      /** When the results were last evaluated; null: not yet (a job is on its way). */
      computedAt: z.string().nullable(),
      total: RuleTally,
    }),
  ),
  /** The org itself (its own results) and each direct sub-org (its whole subtree). */
  rows: z.array(
    z.object({
      org: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
      isSelf: z.boolean(),
      hasChildren: z.boolean(),
      cells: z.array(RuleTally),
    }),
  ),
})
export type ComplianceOverview = z.infer<typeof ComplianceOverview>

export const EvidenceItem = z.object({
  id: z.uuid(),
  heldOn: z.string(),
  topic: z.string(),
  kinds: z.array(z.enum(ACTIVITY_KIND_CODES)),
})

/** One org's own standing under every rule that applies to it, with the evidence or what is missing. */
export const OrgCompliance = z.object({
  org: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  month: z.string(),
  items: z.array(
    z.object({
      ruleId: z.string(),
      title: z.string(),
      period: PeriodInfo,
      status: z.enum(RULE_STATUS_CODES),
      actual: z.number(),
      required: z.number(),
      unit: z.string(),
      /** Plain words: "本月应召开支委会 1 次，尚未记录". */
      explanation: z.string(),
      params: ParamSource,
      evidence: z.array(EvidenceItem),
      computedAt: z.string(),
      /** The activity kind to record to meet it, when recording one helps. */
      recordKind: z.enum(ACTIVITY_KIND_CODES).nullable(),
    }),
  ),
})
export type OrgCompliance = z.infer<typeof OrgCompliance>

export const ComplianceTrend = z.object({
  ruleId: z.string(),
  /** `computed` false: the period was never evaluated; its evaluation has been asked for. */
  points: z.array(z.object({ period: PeriodInfo, applicable: z.int(), met: z.int(), computed: z.boolean() })),
})

const monthQuery = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为“年-月”格式，如 2026-11')
  .meta({ title: '月份' })

/** The seed's 28 articles, by the short heading each opens with. */
export const SEED_ARTICLES: Record<number, string> = {
  1: '充分认识加强党的先进性建设的重大意义',
  2: '深入贯彻加强党的先进性建设的指导思想',
  3: '认真遵循加强党的先进性建设的重要原则',
  4: '正确把握加强党的先进性建设的目标要求',
  5: '切实抓好党的先进性建设重大战略思想的学习教育',
  6: '不断丰富学习教育形式',
  7: '建立健全学习教育制度',
  8: '建立健全联系服务群众制度',
  9: '加强联系服务群众的网络建设',
  10: '丰富联系服务群众的活动方式',
  11: '坚持和发扬党的优良传统作风',
  12: '加强廉政文化和制度建设',
  13: '严惩各种腐败行为',
  14: '选准配强各级领导班子',
  15: '提高党委总揽全局的能力',
  16: '完善党委工作运行机制',
  17: '创新基层组织设置，扩大基层党建工作覆盖面',
  18: '加强以党组织为核心的基层组织配套建设',
  19: '建立健全基层党内民主参与机制',
  20: '增强基层党组织的服务功能',
  21: '保证发展党员工作质量',
  22: '提高党员的创业能力和就业本领',
  23: '加强流动党员管理',
  24: '做好不合格党员的教育转化和组织处置工作',
  25: '认真落实党要管党职责',
  26: '改善党建工作环境和条件',
  27: '加强党建工作舆论宣传和理论研究',
  28: '建立党建工作科学评价体系',
}

export const rulesApi = {
  list: route({
    method: 'GET',
    path: '/api/rules',
    permission: 'compliance.read',
    tag: '规则',
    summary: '规则注册表：每条规则的原文、出处、适用对象、周期和参数（含当前授权范围内的有效值）',
    querystring: z.object({ orgId: id('组织').optional() }),
    response: z.object({ rules: z.array(RuleInfo.extend({ inForce: ParamSource })) }),
  }),
  overrides: route({
    method: 'GET',
    path: '/api/rules/:ruleId/overrides',
    permission: 'compliance.read',
    tag: '规则',
    summary: '一条规则在授权范围内各组织的参数调整（含已结束的）',
    params: z.object({ ruleId: text('规则', { max: 60 }) }),
    response: z.object({ items: z.array(RuleOverrideView) }),
  }),
  createOverride: route({
    method: 'POST',
    path: '/api/rules/:ruleId/overrides',
    permission: 'rules.configure',
    tag: '规则',
    summary: '为一个组织及其下级调整规则参数（取代该组织现行的调整）',
    params: z.object({ ruleId: text('规则', { max: 60 }) }),
    body: RuleOverrideCreate,
    status: 201,
    response: z.object({ override: RuleOverrideView }),
  }),
  endOverride: route({
    method: 'POST',
    path: '/api/rules/overrides/:id/end',
    permission: 'rules.configure',
    tag: '规则',
    summary: '结束一项参数调整（自某日起恢复上级或注册表的值）',
    params: z.object({ id: id('参数调整') }),
    body: z.object({ endedOn: isoDate('结束日期') }),
    response: z.object({ override: RuleOverrideView }),
  }),
} as const

export const complianceApi = {
  overview: route({
    method: 'GET',
    path: '/api/compliance/overview',
    permission: 'compliance.read',
    tag: '达标情况',
    summary: '规则 × 下级组织：每个下级组织的子树中适用的组织数和达到的组织数',
    querystring: z.object({ orgId: id('组织').optional(), month: monthQuery.optional() }),
    response: z.object({ overview: ComplianceOverview }),
  }),
  org: route({
    method: 'GET',
    path: '/api/compliance/orgs/:id',
    permission: 'compliance.read',
    tag: '达标情况',
    summary: '一个组织本身在各条规则下的情况：实际、要求、依据的记录或缺少什么',
    params: z.object({ id: id('组织') }),
    querystring: z.object({ month: monthQuery.optional() }),
    response: z.object({ compliance: OrgCompliance }),
  }),
  trend: route({
    method: 'GET',
    path: '/api/compliance/trend',
    permission: 'compliance.read',
    tag: '达标情况',
    summary: '一条规则在一个子树中逐期的达标组织数（最近 12 期）',
    querystring: z.object({ orgId: id('组织').optional(), ruleId: text('规则', { max: 60 }), month: monthQuery.optional() }),
    response: z.object({ trend: ComplianceTrend }),
  }),
  export: route({
    method: 'GET',
    path: '/api/compliance/export',
    permission: 'compliance.read',
    tag: '达标情况',
    summary: '导出达标情况（规则 × 下级组织）为 Excel',
    querystring: z.object({ orgId: id('组织').optional(), month: monthQuery.optional() }),
    download: true,
  }),
} as const
