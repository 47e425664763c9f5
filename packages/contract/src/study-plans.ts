import { choice, id, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'

// Study plans (org and personal), training plans by field and level, and study exemplars (学习标兵:
// nominated → approved or rejected by the level above → published). Seed §6–7.

const year = (label = '年度') =>
  z.coerce
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(2000, `${label}不能早于 2000 年`)
    .max(2100, `${label}不能晚于 2100 年`)
    .meta({ title: label })

export const StudyPlanUpsert = z.object({
  orgId: id('组织'),
  personId: id('党员').nullable().default(null),
  year: year(),
  title: text('标题', { max: 200 }),
  content: text('计划内容', { max: 10000 }),
})
export type StudyPlanUpsert = z.infer<typeof StudyPlanUpsert>

export const StudyPlanView = z.object({
  id: z.uuid(),
  org: z.object({ id: z.uuid(), name: z.string() }),
  person: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  year: z.int(),
  title: z.string(),
  content: z.string(),
  updatedAt: z.string(),
})
export type StudyPlanView = z.infer<typeof StudyPlanView>

/** Fields of training (seed §6, §22). */
export const TRAINING_FIELDS = {
  theory: '政治理论',
  policy: '时事政策',
  market_economy: '市场经济知识',
  law: '法律知识',
  science_culture: '科学文化知识',
  job_skills: '业务技能',
  party_affairs: '党务工作',
  integrity: '党风廉政',
} as const
export type TrainingField = keyof typeof TRAINING_FIELDS
export const TRAINING_FIELD_CODES = Object.keys(TRAINING_FIELDS) as [TrainingField, ...TrainingField[]]

export const TRAINING_LEVELS = { province: '省级', city: '市级', county: '县级', grassroots: '基层' } as const
export type TrainingLevel = keyof typeof TRAINING_LEVELS
export const TRAINING_LEVEL_CODES = Object.keys(TRAINING_LEVELS) as [TrainingLevel, ...TrainingLevel[]]

export const TrainingPlanInput = z.object({
  orgId: id('组织'),
  year: year(),
  field: choice('培训领域', TRAINING_FIELD_CODES),
  level: choice('培训层级', TRAINING_LEVEL_CODES),
  title: text('培训名称', { max: 200 }),
  audience: text('培训对象', { max: 200 }),
  plannedSessions: z
    .int({ error: '计划期数必须是整数' })
    .min(1, '计划期数至少 1 期')
    .max(1000, '计划期数不能超过 1000')
    .meta({ title: '计划期数' }),
  plannedHours: z
    .number({ error: '计划学时必须是数字' })
    .positive('计划学时必须大于 0')
    .max(10000, '计划学时不能超过 10000')
    .refine((h) => Number.isInteger(h * 10), '计划学时最多保留 1 位小数')
    .meta({ title: '计划学时' }),
  plannedTrainees: z.int({ error: '计划人数必须是整数' }).min(1, '计划人数至少 1 人').max(10_000_000).meta({ title: '计划人数' }),
})
export type TrainingPlanInput = z.infer<typeof TrainingPlanInput>

export const TrainingPlanView = TrainingPlanInput.omit({ orgId: true }).extend({
  id: z.uuid(),
  org: z.object({ id: z.uuid(), name: z.string() }),
})
export type TrainingPlanView = z.infer<typeof TrainingPlanView>

export const EXEMPLAR_STATUSES = { nominated: '已推荐', approved: '已审核通过', rejected: '未通过', published: '已公布' } as const
export type ExemplarStatus = keyof typeof EXEMPLAR_STATUSES
export const EXEMPLAR_STATUS_CODES = Object.keys(EXEMPLAR_STATUSES) as [ExemplarStatus, ...ExemplarStatus[]]

export const ExemplarNominate = z.object({
  orgId: id('推荐组织'),
  personId: id('推荐人选'),
  year: year(),
  deeds: text('主要事迹', { max: 2000 }),
})
export type ExemplarNominate = z.infer<typeof ExemplarNominate>

export const ExemplarView = z.object({
  id: z.uuid(),
  org: z.object({ id: z.uuid(), name: z.string() }),
  person: z.object({ id: z.uuid(), name: z.string() }),
  year: z.int(),
  deeds: z.string(),
  status: z.enum(EXEMPLAR_STATUS_CODES),
  nominatedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** What the caller may do with it now. */
  actions: z.array(z.enum(['approve', 'reject', 'publish'])),
  /** Why the caller may not decide or publish it, while it still awaits a decision or publishing. */
  actionsNote: z.string().nullable(),
})
export type ExemplarView = z.infer<typeof ExemplarView>

/**
 * A published 学习标兵 on the public portal: what publishing makes public — the name, the nominating
 * org, the year and the deeds — and nothing else about the person.
 */
export const PublicExemplar = z.object({
  id: z.uuid(),
  name: z.string(),
  orgName: z.string(),
  year: z.int(),
  deeds: z.string(),
  publishedOn: z.string(),
})
export type PublicExemplar = z.infer<typeof PublicExemplar>

const page = {
  page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
  pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
}
const tag = '学习计划与学习标兵'

export const studyPlansApi = {
  studyPlans: route({
    method: 'GET',
    path: '/api/study-plans',
    permission: 'activities.read',
    tag,
    summary: '学习计划：组织的和党员个人的（授权范围内，可按组织、年度筛选）',
    querystring: z.object({ orgId: id('组织').optional(), year: year().optional(), ...page }),
    response: z.object({ items: z.array(StudyPlanView), total: z.int() }),
  }),
  saveStudyPlan: route({
    method: 'PUT',
    path: '/api/study-plans',
    permission: 'activities.write',
    tag,
    summary: '登记或修改一份学习计划（组织每年一份，党员个人每年一份）',
    body: StudyPlanUpsert,
    response: z.object({ plan: StudyPlanView }),
  }),
  trainingPlans: route({
    method: 'GET',
    path: '/api/training-plans',
    permission: 'activities.read',
    tag,
    summary: '培训规划：按领域、层级列出，并给出当年已举办的培训期数和学时',
    querystring: z.object({ orgId: id('组织').optional(), year: year().optional(), ...page }),
    response: z.object({
      items: z.array(TrainingPlanView),
      total: z.int(),
      held: z.object({ sessions: z.int(), hours: z.number() }),
    }),
  }),
  createTrainingPlan: route({
    method: 'POST',
    path: '/api/training-plans',
    permission: 'activities.write',
    tag,
    summary: '新增一项培训规划',
    body: TrainingPlanInput,
    status: 201,
    response: z.object({ plan: TrainingPlanView }),
  }),
  updateTrainingPlan: route({
    method: 'PUT',
    path: '/api/training-plans/:id',
    permission: 'activities.write',
    tag,
    summary: '修改一项培训规划',
    params: z.object({ id: id('培训规划') }),
    body: TrainingPlanInput,
    response: z.object({ plan: TrainingPlanView }),
  }),
  exemplars: route({
    method: 'GET',
    path: '/api/exemplars',
    permission: 'activities.read',
    tag,
    summary: '学习标兵：推荐、审核、公布情况',
    querystring: z.object({
      orgId: id('组织').optional(),
      year: year().optional(),
      status: choice('状态', EXEMPLAR_STATUS_CODES).optional(),
      ...page,
    }),
    response: z.object({ items: z.array(ExemplarView), total: z.int() }),
  }),
  nominateExemplar: route({
    method: 'POST',
    path: '/api/exemplars',
    permission: 'activities.write',
    tag,
    summary: '推荐一名学习标兵（由上级组织审核）',
    body: ExemplarNominate,
    status: 201,
    response: z.object({ exemplar: ExemplarView }),
  }),
  decideExemplar: route({
    method: 'POST',
    path: '/api/exemplars/:id/decide',
    permission: 'activities.write',
    tag,
    summary: '上级组织审核推荐：通过或不通过（不通过须说明理由）',
    params: z.object({ id: id('学习标兵推荐') }),
    body: z.object({
      approve: z.boolean({ error: '请选择是否通过' }),
      note: text('审核意见', { max: 200 }).nullable().default(null),
    }),
    response: z.object({ exemplar: ExemplarView }),
  }),
  publicExemplars: route({
    method: 'GET',
    path: '/api/public/exemplars',
    permission: 'public',
    tag,
    summary: '公开：已公布的学习标兵（姓名、推荐组织、年度、主要事迹、公布日期），新公布的在前；无须登录，按 IP 限制频率',
    querystring: z.object({
      year: year().optional(),
      page: queryInt('页码', { min: 1, max: 1000, default: 1 }),
      pageSize: queryInt('每页条数', { min: 1, max: 50, default: 20 }),
    }),
    response: z.object({ items: z.array(PublicExemplar), total: z.int() }),
  }),
  publishExemplar: route({
    method: 'POST',
    path: '/api/exemplars/:id/publish',
    permission: 'activities.write',
    tag,
    summary: '公布审核通过的学习标兵',
    params: z.object({ id: id('学习标兵推荐') }),
    response: z.object({ exemplar: ExemplarView }),
  }),
} as const
