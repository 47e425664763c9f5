import { defineChecks, type RuleParamDef, type RulesRegistry } from '../../platform/rules/registry.ts'

// The numbers of member development (RULES.md §b1; seed §21), each with the sentence it implements
// and its source. The step checks (development.steps.ts) and the vote (development.vote.ts) read
// them only through `DevelopmentParams`, built from the registry's values in force.

const DETAILED_RULES = '《中国共产党发展党员工作细则》（2014 年）'
const CHARTER = '《中国共产党章程》'
const SEED = '鄂发〔2006〕13号第 21 条'

const months = (label: string, dflt: number, min: number, max: number): RuleParamDef => ({
  label,
  unit: '个月',
  default: dflt,
  min,
  max,
})
const years = (label: string, dflt: number, min: number, max: number): RuleParamDef => ({
  label,
  unit: '年',
  default: dflt,
  min,
  max,
})
const people = (label: string, dflt: number, min: number, max: number): RuleParamDef => ({
  label,
  unit: '人',
  default: dflt,
  min,
  max,
})
const percent = (label: string): RuleParamDef => ({ label, unit: '%', default: 50, min: 50, max: 90 })

export const DEVELOPMENT_CHECKS = defineChecks([
  {
    id: 'development.applicant_age',
    title: '年满 18 周岁方可申请入党',
    quote: '年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子……可以申请加入中国共产党',
    source: `${CHARTER}第一条；${DETAILED_RULES}“入党申请”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '入党申请人（递交申请书之日）',
    params: { years: years('申请入党的最低年龄', 18, 18, 18) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.talk_within',
    title: '收到入党申请书后 1 个月内派人谈话',
    quote: '党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话，了解基本情况',
    source: `${DETAILED_RULES}“入党申请”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '入党申请人',
    params: { months: months('谈话期限', 1, 1, 3) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.cultivation_contacts',
    title: '1 至 2 名正式党员作培养联系人',
    quote: '党组织应当指定一至两名正式党员作入党积极分子的培养联系人',
    source: `${DETAILED_RULES}“入党积极分子的确定和培养教育”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '入党积极分子',
    params: { min: people('培养联系人人数下限', 1, 1, 2), max: people('培养联系人人数上限', 2, 1, 3) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.activist_review',
    title: '每半年考察 1 次入党积极分子',
    quote: '党支部每半年对入党积极分子进行一次考察',
    source: `${DETAILED_RULES}“入党积极分子的确定和培养教育”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '入党积极分子',
    params: { months: months('考察间隔', 6, 1, 6) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.cultivation_continues',
    title: '单位变动后培养时间连续计算',
    quote: '入党积极分子工作、学习单位变动，原单位党组织应当及时将培养教育等有关材料转交现单位党组织，培养时间可以连续计算',
    source: `${DETAILED_RULES}“入党积极分子的确定和培养教育”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '组织关系转接的入党积极分子、发展对象（发展档案随人转移，各步骤日期不变）',
    params: {},
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.cultivation_period',
    title: '培养考察 1 年以上方可列为发展对象',
    quote:
      '对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子，在听取党小组、培养联系人、党员和群众意见的基础上，支部委员会讨论同意并报上级党委备案后，可列为发展对象',
    source: `${DETAILED_RULES}“发展对象的确定和考察”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '入党积极分子（自确定为积极分子之日算起）',
    params: { years: years('最短培养考察期', 1, 1, 3) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.sponsors',
    title: '2 名正式党员作入党介绍人',
    quote: '发展党员，必须有两名正式党员作入党介绍人。受留党察看处分、尚未恢复党员权利的党员，不能作入党介绍人',
    source: `${CHARTER}第五条；${DETAILED_RULES}“发展对象的确定和考察”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '发展对象',
    params: { count: people('入党介绍人人数', 2, 2, 2) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.political_review',
    title: '未经政治审查或政审不合格的不能发展',
    quote: '未经政治审查或者政治审查不合格的，不能发展入党',
    source: `${DETAILED_RULES}“发展对象的确定和考察”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '发展对象',
    params: {},
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.training',
    title: '短期集中培训不少于 3 天或 24 学时',
    quote: '基层党委或县级党委组织部门应当对发展对象进行短期集中培训。培训时间一般不少于三天（或不少于二十四个学时）',
    source: `${DETAILED_RULES}“发展对象的确定和考察”；有的地方要求 5–7 天或 40 学时，可调整`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '发展对象',
    params: {
      days: { label: '培训天数下限', unit: '天', default: 3, min: 1, max: 10 },
      hours: { label: '培训学时下限', unit: '学时', default: 24, min: 8, max: 80 },
    },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.leaving_warning',
    title: '3 个月内将离开单位的一般不办理接收',
    quote: '发展对象未来 3 个月内将离开工作、学习单位的，一般不办理接收预备党员的手续',
    source: `${DETAILED_RULES}第十九条（uianet.net 所引）`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '发展对象（支委会审查、支部大会讨论时提示）',
    params: { months: months('提示期限', 3, 1, 6) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.public_notice',
    title: '发展对象和转正公示不少于 5 个工作日',
    quote: '实行发展党员公示制、票决制；公示期一般不少于 5 个工作日',
    source: `${SEED}（公示制）；公示天数为地方做法（广西手册 5 个工作日，有的高校 7 天），可调整`,
    sourceKind: 'local',
    seedArticles: [21],
    appliesTo: '发展对象（支部大会讨论接收前）和预备党员（讨论转正前）',
    params: { workingDays: { label: '公示期', unit: '个工作日', default: 5, min: 3, max: 15 } },
    // a province or city may ask for a longer notice (some ask 7 days)
    configurable: true,
    version: 1,
    effectiveFrom: '2006-07-20',
  },
  {
    id: 'development.branch_vote',
    title: '支部大会票决“双过半”',
    quote:
      '有表决权的到会人数超过应到会有表决权人数的半数，才能开会；赞成人数超过应到会有表决权的正式党员的半数，才能通过。讨论两个以上的人入党时，必须逐个讨论和表决。因故不能到会的有表决权的党员，在支部大会召开前正式向党支部提出书面意见的，应当统计在票数内',
    source: `${DETAILED_RULES}“预备党员的接收”；${SEED}（票决制）`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '接收预备党员和预备党员转正的支部大会（分母都是应到会人数，不是实到人数）',
    params: { quorumPercent: percent('开会须超过的应到人数比例'), passPercent: percent('通过须超过的应到正式党员比例') },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.failed_vote_block',
    title: '票决未通过的半年内不得再次提交',
    quote: '赞成票未过半数的，半年内不得再次提交支部大会讨论',
    source: '地方做法（max.book118 所载实施细则），可调整',
    sourceKind: 'local',
    seedArticles: [21],
    appliesTo: '支部大会票决未通过的发展对象',
    params: { months: months('再次提交的间隔', 6, 1, 12) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.approval_within',
    title: '上级党委 3 个月内审批，特殊情况不超过 6 个月',
    quote:
      '上级党委对党支部上报的接收预备党员的决议，应当在三个月内审批，并报上级党委组织部门备案。因特殊情况可适当延长审批时间，但不得超过六个月',
    source: `${DETAILED_RULES}“预备党员的接收”“预备党员的教育、考察和转正”；6 个月上限见 777doc 页面`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '接收预备党员和预备党员转正的审批（自支部大会讨论之日算起）',
    params: { months: months('审批期限', 3, 1, 6), maxMonths: months('延长后的最长期限（须说明原因）', 6, 3, 12) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.probation',
    title: '预备期 1 年，从支部大会通过之日算起',
    quote: '预备党员的预备期为一年。预备期从支部大会通过他为预备党员之日算起',
    source: `${CHARTER}第七条`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: `预备党员`,
    params: { years: years('预备期', 1, 1, 1) },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.probation_extension',
    title: '延长预备期只能 1 次，半年至 1 年',
    quote:
      '预备党员预备期满，党的支部应当及时讨论他能否转为正式党员。需要继续考察和教育的，可以延长预备期，但不能超过一年；延长预备期只能一次，最短不少于半年',
    source: `${CHARTER}第七条；${DETAILED_RULES}“预备党员的教育、考察和转正”`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '预备党员',
    params: {
      minMonths: months('延长最短', 6, 6, 6),
      maxMonths: months('延长最长', 12, 12, 12),
      times: { label: '可以延长的次数', unit: '次', default: 1, min: 1, max: 1 },
    },
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.party_age',
    title: '党龄从转正之日算起',
    quote: '党员的党龄，从预备期满转为正式党员之日算起',
    source: `${CHARTER}第七条`,
    sourceKind: 'national',
    seedArticles: [21],
    appliesTo: '转为正式党员的预备党员（转正日期为预备期满之日）',
    params: {},
    version: 1,
    effectiveFrom: '2014-05-28',
  },
  {
    id: 'development.yearly_plan',
    title: '年度发展计划和分类指标',
    quote:
      '坚持改善结构，保持均衡发展，注意在生产、工作一线和高知识群体、青年中发展党员，积极稳妥地做好在新的社会阶层中发展党员工作',
    source: `${SEED}；计划的报送和下达时间为地方做法（每年 11 月底报计划，次年 2 月下达指标）`,
    sourceKind: 'seed',
    seedArticles: [20, 21],
    appliesTo: '党委、党总支、党支部（发展总数及一线、高知识群体、青年、新的社会阶层各类）',
    params: {},
    version: 1,
    effectiveFrom: '2006-07-20',
  },
])

export type DevelopmentCheckId = (typeof DEVELOPMENT_CHECKS)[number]['id']

/** Every number the step and vote rules use, by name. */
export interface DevelopmentParams {
  applicantAgeYears: number
  talkMonths: number
  contactsMin: number
  contactsMax: number
  reviewMonths: number
  cultivationYears: number
  sponsors: number
  trainingDays: number
  trainingHours: number
  leavingMonths: number
  noticeWorkingDays: number
  quorumPercent: number
  passPercent: number
  failedVoteBlockMonths: number
  approvalMonths: number
  approvalMaxMonths: number
  probationYears: number
  extensionMinMonths: number
  extensionMaxMonths: number
  extensionTimes: number
}

/** Parameter values of each check (the registry's defaults, or the values in force for an org). */
export type CheckValues = (id: DevelopmentCheckId) => Record<string, number>

export function developmentParams(values: CheckValues): DevelopmentParams {
  const v = (id: DevelopmentCheckId, key: string) => {
    const value = values(id)[key]
    if (value === undefined) throw new Error(`rule ${id} has no parameter ${key}`)
    return value
  }
  return {
    applicantAgeYears: v('development.applicant_age', 'years'),
    talkMonths: v('development.talk_within', 'months'),
    contactsMin: v('development.cultivation_contacts', 'min'),
    contactsMax: v('development.cultivation_contacts', 'max'),
    reviewMonths: v('development.activist_review', 'months'),
    cultivationYears: v('development.cultivation_period', 'years'),
    sponsors: v('development.sponsors', 'count'),
    trainingDays: v('development.training', 'days'),
    trainingHours: v('development.training', 'hours'),
    leavingMonths: v('development.leaving_warning', 'months'),
    noticeWorkingDays: v('development.public_notice', 'workingDays'),
    quorumPercent: v('development.branch_vote', 'quorumPercent'),
    passPercent: v('development.branch_vote', 'passPercent'),
    failedVoteBlockMonths: v('development.failed_vote_block', 'months'),
    approvalMonths: v('development.approval_within', 'months'),
    approvalMaxMonths: v('development.approval_within', 'maxMonths'),
    probationYears: v('development.probation', 'years'),
    extensionMinMonths: v('development.probation_extension', 'minMonths'),
    extensionMaxMonths: v('development.probation_extension', 'maxMonths'),
    extensionTimes: v('development.probation_extension', 'times'),
  }
}

/** The registry's defaults. */
export const defaultDevelopmentParams = (registry: Pick<RulesRegistry, 'defaults'>) =>
  developmentParams((id) => registry.defaults(id))

/** How a refusal cites a rule: "（《中国共产党发展党员工作细则》…：“…”）". */
export function cite(id: DevelopmentCheckId): string {
  const c = DEVELOPMENT_CHECKS.find((x) => x.id === id)!
  return `（${c.title}，依据${c.source.split('；')[0]}）`
}
