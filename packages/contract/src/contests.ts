import { choice, id, isoDateTime, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'

// Knowledge contests (知识竞赛, seed §6): a question bank owned by orgs (single choice, multiple
// choice, true-false; Excel import and export), timed quizzes for an org's subtree, attempts scored
// automatically on the server's clock, and results by person and by org. Scores and rankings are
// shown only: no rule or assessment uses them.

export const QUESTION_TYPES = { single: '单选题', multiple: '多选题', true_false: '判断题' } as const
export type QuestionType = keyof typeof QUESTION_TYPES
export const QUESTION_TYPE_CODES = Object.keys(QUESTION_TYPES) as [QuestionType, ...QuestionType[]]

/** A true-false question's two options, in this order. */
export const TRUE_FALSE_OPTIONS = ['正确', '错误'] as const
export const MAX_OPTIONS = 6
/** Option letters: A is index 0. */
export const optionLetter = (i: number) => String.fromCharCode(65 + i)

const optionIndex = z
  .int({ error: '正确答案应为选项序号' })
  .min(0)
  .max(MAX_OPTIONS - 1)

export const QuestionInput = z
  .object({
    orgId: id('所属组织'),
    type: choice('题型', QUESTION_TYPE_CODES),
    stem: text('题干', { max: 1000 }),
    options: z
      .array(text('选项', { max: 200 }))
      .min(2, '至少填写 2 个选项')
      .max(MAX_OPTIONS, `最多 ${MAX_OPTIONS} 个选项`)
      .meta({ title: '选项' }),
    answer: z.array(optionIndex).min(1, '请选择正确答案').max(MAX_OPTIONS).meta({ title: '正确答案' }),
    explanation: text('解析', { max: 1000 }).nullable().default(null),
    tags: z
      .array(text('标签', { max: 30 }))
      .max(10, '最多 10 个标签')
      .default([])
      .meta({ title: '标签' }),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (q.answer.some((i) => i >= q.options.length)) issue('answer', '正确答案不在所列选项之中')
    if (new Set(q.answer).size !== q.answer.length) issue('answer', '正确答案有重复的选项')
    if (new Set(q.options).size !== q.options.length) issue('options', '选项不能重复')
    // none chosen is already "请选择正确答案"
    if (q.type === 'single' && q.answer.length > 1) issue('answer', '单选题只能有 1 个正确答案')
    if (q.type === 'multiple' && q.answer.length === 1) issue('answer', '多选题至少有 2 个正确答案')
    if (q.type === 'true_false') {
      if (q.options.length !== 2 || q.options[0] !== TRUE_FALSE_OPTIONS[0] || q.options[1] !== TRUE_FALSE_OPTIONS[1])
        issue('options', '判断题的选项是“正确”“错误”')
      if (q.answer.length > 1) issue('answer', '判断题只能有 1 个正确答案')
    }
  })
export type QuestionInput = z.infer<typeof QuestionInput>

export const QuestionView = z.object({
  id: z.uuid(),
  org: z.object({ id: z.uuid(), name: z.string() }),
  type: z.enum(QUESTION_TYPE_CODES),
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.array(z.int()),
  explanation: z.string().nullable(),
  tags: z.array(z.string()),
  updatedAt: z.string(),
  /** When the question was taken out of use (停用), and why; null while in use. */
  retiredAt: z.string().nullable(),
  retireReason: z.string().nullable(),
})
export type QuestionView = z.infer<typeof QuestionView>

/** A question in use may go into new quizzes; a retired one stays in the quizzes it is already part of. */
export const QUESTION_STATUSES = { in_use: '在用', retired: '已停用' } as const
export type QuestionStatus = keyof typeof QUESTION_STATUSES
export const QUESTION_STATUS_CODES = Object.keys(QUESTION_STATUSES) as [QuestionStatus, ...QuestionStatus[]]

export const QuestionRetire = z.object({ reason: text('停用原因', { max: 200 }) })
export type QuestionRetire = z.infer<typeof QuestionRetire>

/** The columns of the question import template, in order. */
export const QUESTION_SHEET_COLUMNS = [
  { field: 'type', header: '题型', required: true, hint: '单选题 / 多选题 / 判断题' },
  { field: 'stem', header: '题干', required: true, hint: '' },
  { field: 'A', header: '选项A', required: false, hint: '判断题不填选项' },
  { field: 'B', header: '选项B', required: false, hint: '' },
  { field: 'C', header: '选项C', required: false, hint: '' },
  { field: 'D', header: '选项D', required: false, hint: '' },
  { field: 'E', header: '选项E', required: false, hint: '' },
  { field: 'F', header: '选项F', required: false, hint: '' },
  { field: 'answer', header: '正确答案', required: true, hint: '单选如 B；多选如 ACD；判断题填 正确 或 错误' },
  { field: 'explanation', header: '解析', required: false, hint: '' },
  { field: 'tags', header: '标签', required: false, hint: '多个标签用逗号或顿号分隔，如 党章、党史' },
] as const

export const QUESTION_IMPORT_MAX_BYTES = 5 * 1024 * 1024
export const QUESTION_IMPORT_MAX_ROWS = 2000

export const QuestionImportError = z.object({ row: z.int(), column: z.string(), message: z.string() })
export type QuestionImportError = z.infer<typeof QuestionImportError>

export const QUIZ_STATUSES = { draft: '草稿', published: '已发布', closed: '已结束' } as const
export type QuizStatus = keyof typeof QUIZ_STATUSES
export const QUIZ_STATUS_CODES = Object.keys(QUIZ_STATUSES) as [QuizStatus, ...QuizStatus[]]

export const QUIZ_SELECTIONS = { fixed: '指定试题', random: '按标签随机抽题' } as const
export type QuizSelection = keyof typeof QUIZ_SELECTIONS
export const QUIZ_SELECTION_CODES = Object.keys(QUIZ_SELECTIONS) as [QuizSelection, ...QuizSelection[]]

const smallInt = (label: string, min: number, max: number, unit: string) =>
  z
    .int({ error: `${label}必须是整数` })
    .min(min, `${label}至少 ${min} ${unit}`)
    .max(max, `${label}不能超过 ${max} ${unit}`)
    .meta({ title: label })

export const QuizInput = z
  .object({
    orgId: id('面向组织'),
    title: text('竞赛名称', { max: 200 }),
    description: text('竞赛说明', { max: 2000 }).nullable().default(null),
    selection: choice('出题方式', QUIZ_SELECTION_CODES),
    questionIds: z.array(id('试题')).max(200, '最多 200 道试题').default([]).meta({ title: '试题' }),
    tag: text('抽题标签', { max: 30 }).nullable().default(null),
    questionCount: smallInt('抽题数量', 1, 200, '道').nullable().default(null),
    timeLimitMinutes: smallInt('答题时限', 1, 600, '分钟'),
    opensAt: isoDateTime('开始时间'),
    closesAt: isoDateTime('结束时间'),
    attemptsAllowed: smallInt('可答次数', 1, 20, '次').default(1),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (Date.parse(q.closesAt) <= Date.parse(q.opensAt)) issue('closesAt', '结束时间应晚于开始时间')
    if (q.selection === 'fixed') {
      if (q.questionIds.length === 0) issue('questionIds', '请选择试题')
      if (new Set(q.questionIds).size !== q.questionIds.length) issue('questionIds', '同一道试题选了两次')
    } else {
      if (!q.tag) issue('tag', '请填写抽题标签')
      if (!q.questionCount) issue('questionCount', '请填写抽题数量')
    }
  })
export type QuizInput = z.infer<typeof QuizInput>

export const QuizView = z.object({
  id: z.uuid(),
  org: z.object({ id: z.uuid(), name: z.string() }),
  title: z.string(),
  description: z.string().nullable(),
  selection: z.enum(QUIZ_SELECTION_CODES),
  questionIds: z.array(z.uuid()),
  tag: z.string().nullable(),
  questionCount: z.int(),
  timeLimitMinutes: z.int(),
  opensAt: z.string(),
  closesAt: z.string(),
  attemptsAllowed: z.int(),
  status: z.enum(QUIZ_STATUS_CODES),
  publishedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Submitted attempts so far, by members of the caller's scope. */
  submittedCount: z.int(),
  /**
   * The quiz belongs to an org of the caller's scope: it may be edited, published and closed. A quiz of
   * an org above the scope is shown for its results only.
   */
  canManage: z.boolean(),
  /** Where the caller's view of the results starts: the quiz's org, or for a quiz from above the caller's own org. */
  resultsOrg: z.object({ id: z.uuid(), name: z.string() }),
})
export type QuizView = z.infer<typeof QuizView>

/** A quiz as a member sees it in the list of those open to them. */
export const OpenQuiz = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  org: z.object({ id: z.uuid(), name: z.string() }),
  questionCount: z.int(),
  timeLimitMinutes: z.int(),
  opensAt: z.string(),
  closesAt: z.string(),
  attemptsAllowed: z.int(),
  attemptsUsed: z.int(),
  bestScore: z.int().nullable(),
  /** An attempt started and still within its time. */
  inProgressAttemptId: z.uuid().nullable(),
  isOpen: z.boolean(),
})
export type OpenQuiz = z.infer<typeof OpenQuiz>

export const ATTEMPT_STATUSES = { in_progress: '答题中', submitted: '已交卷', expired: '超时未交卷' } as const
export type AttemptStatus = keyof typeof ATTEMPT_STATUSES

export const AttemptQuestion = z.object({
  id: z.uuid(),
  type: z.enum(QUESTION_TYPE_CODES),
  stem: z.string(),
  options: z.array(z.string()),
  /** After submission only: what was chosen, the right answer and why. */
  chosen: z.array(z.int()).nullable(),
  answer: z.array(z.int()).nullable(),
  explanation: z.string().nullable(),
  isCorrect: z.boolean().nullable(),
})
export type AttemptQuestion = z.infer<typeof AttemptQuestion>

export const AttemptView = z.object({
  id: z.uuid(),
  quiz: z.object({ id: z.uuid(), title: z.string() }),
  attemptNo: z.int(),
  status: z.enum(['in_progress', 'submitted', 'expired']),
  startedAt: z.string(),
  /** When answers stop being accepted (server time). */
  deadline: z.string(),
  /** The server's clock when this answer was made, so the page counts down from the server's time. */
  serverNow: z.string(),
  submittedAt: z.string().nullable(),
  questions: z.array(AttemptQuestion),
  questionCount: z.int(),
  correctCount: z.int().nullable(),
  score: z.int().nullable(),
})
export type AttemptView = z.infer<typeof AttemptView>

export const AttemptSubmit = z.object({
  answers: z
    .array(
      z.object({
        questionId: id('试题'),
        choice: z.array(optionIndex).max(MAX_OPTIONS).meta({ title: '所选答案' }),
      }),
    )
    .max(200)
    .meta({ title: '答案' }),
})
export type AttemptSubmit = z.infer<typeof AttemptSubmit>

export const PersonResult = z.object({
  rank: z.int(),
  person: z.object({ id: z.uuid(), name: z.string() }),
  org: z.object({ id: z.uuid(), name: z.string() }),
  attempts: z.int(),
  bestScore: z.int(),
  lastSubmittedAt: z.string(),
})
export type PersonResult = z.infer<typeof PersonResult>

export const OrgResult = z.object({
  org: z.object({ id: z.uuid(), name: z.string() }),
  /** Probationary and full members in the org's subtree now. */
  members: z.int(),
  /** Of them, those with a submitted attempt. */
  participants: z.int(),
  /** The average of each participant's best score; null when nobody took part. */
  averageScore: z.number().nullable(),
})
export type OrgResult = z.infer<typeof OrgResult>

const page = {
  page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
  pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
}
const tag = '知识竞赛'
const QuestionParams = z.object({ id: id('试题') })
const QuizParams = z.object({ id: id('竞赛') })
const AttemptParams = z.object({ id: id('答卷') })

export const QuestionFilter = z.object({
  orgId: id('组织').optional(),
  q: text('关键词', { max: 50 }).optional(),
  type: choice('题型', QUESTION_TYPE_CODES).optional(),
  tag: text('标签', { max: 30 }).optional(),
  status: choice('状态', QUESTION_STATUS_CODES).optional(),
})

export const contestsApi = {
  questions: route({
    method: 'GET',
    path: '/api/contests/questions',
    permission: 'contests.manage',
    tag,
    summary: '题库：授权范围内各组织的试题（可按组织、题型、标签、关键词、在用或已停用筛选）',
    querystring: QuestionFilter.extend(page),
    response: z.object({ items: z.array(QuestionView), total: z.int() }),
  }),
  questionTags: route({
    method: 'GET',
    path: '/api/contests/question-tags',
    permission: 'contests.manage',
    tag,
    summary: '题库中用到的标签及各自在用的题数（只有已停用试题的标签题数为 0）',
    response: z.object({ items: z.array(z.object({ tag: z.string(), count: z.int() })) }),
  }),
  createQuestion: route({
    method: 'POST',
    path: '/api/contests/questions',
    permission: 'contests.manage',
    tag,
    summary: '新增一道试题',
    body: QuestionInput,
    status: 201,
    response: z.object({ question: QuestionView }),
  }),
  updateQuestion: route({
    method: 'PUT',
    path: '/api/contests/questions/:id',
    permission: 'contests.manage',
    tag,
    summary: '修改一道试题（已开始的答卷不受影响）',
    params: QuestionParams,
    body: QuestionInput,
    response: z.object({ question: QuestionView }),
  }),
  retireQuestion: route({
    method: 'POST',
    path: '/api/contests/questions/:id/retire',
    permission: 'contests.manage',
    tag,
    summary: '停用一道试题（写明原因）：不再用于新的竞赛，已有竞赛和成绩中的保持不变',
    params: QuestionParams,
    body: QuestionRetire,
    response: z.object({ question: QuestionView }),
  }),
  restoreQuestion: route({
    method: 'POST',
    path: '/api/contests/questions/:id/restore',
    permission: 'contests.manage',
    tag,
    summary: '恢复一道已停用的试题',
    params: QuestionParams,
    response: z.object({ question: QuestionView }),
  }),
  questionTemplate: route({
    method: 'GET',
    path: '/api/contests/questions/template',
    permission: 'contests.manage',
    tag,
    summary: '下载试题导入模板',
    download: true,
  }),
  importQuestions: route({
    method: 'POST',
    path: '/api/contests/questions/import',
    permission: 'contests.manage',
    tag,
    summary: '上传 Excel 导入试题：逐行校验，有任何错误则一道也不导入，并列出每个错误的行和列',
    querystring: z.object({ orgId: id('所属组织') }),
    upload: { label: 'Excel 文件', maxBytes: QUESTION_IMPORT_MAX_BYTES },
    response: z.object({ imported: z.int(), errors: z.array(QuestionImportError) }),
  }),
  exportQuestions: route({
    method: 'GET',
    path: '/api/contests/questions/export',
    permission: 'contests.manage',
    tag,
    summary: '按筛选条件导出试题（与导入模板同样的列）',
    querystring: QuestionFilter,
    download: true,
  }),
  quizzes: route({
    method: 'GET',
    path: '/api/contests/quizzes',
    permission: 'contests.manage',
    tag,
    summary: '授权范围内组织的竞赛，以及上级组织面向本范围发布的竞赛（只可查看成绩）',
    querystring: z.object({ orgId: id('组织').optional(), status: choice('状态', QUIZ_STATUS_CODES).optional(), ...page }),
    response: z.object({ items: z.array(QuizView), total: z.int() }),
  }),
  quiz: route({
    method: 'GET',
    path: '/api/contests/quizzes/:id',
    permission: 'contests.manage',
    tag,
    summary: '一项竞赛（授权范围内组织的，或上级组织已发布的）',
    params: QuizParams,
    response: z.object({ quiz: QuizView }),
  }),
  createQuiz: route({
    method: 'POST',
    path: '/api/contests/quizzes',
    permission: 'contests.manage',
    tag,
    summary: '新建竞赛（草稿）',
    body: QuizInput,
    status: 201,
    response: z.object({ quiz: QuizView }),
  }),
  updateQuiz: route({
    method: 'PUT',
    path: '/api/contests/quizzes/:id',
    permission: 'contests.manage',
    tag,
    summary: '修改竞赛（仅草稿）',
    params: QuizParams,
    body: QuizInput,
    response: z.object({ quiz: QuizView }),
  }),
  publishQuiz: route({
    method: 'POST',
    path: '/api/contests/quizzes/:id/publish',
    permission: 'contests.manage',
    tag,
    summary: '发布竞赛：面向组织及其下级组织的党员在开放时间内可参加',
    params: QuizParams,
    response: z.object({ quiz: QuizView }),
  }),
  closeQuiz: route({
    method: 'POST',
    path: '/api/contests/quizzes/:id/close',
    permission: 'contests.manage',
    tag,
    summary: '结束竞赛：不再接受新的答题',
    params: QuizParams,
    response: z.object({ quiz: QuizView }),
  }),
  personResults: route({
    method: 'GET',
    path: '/api/contests/quizzes/:id/results/people',
    permission: 'contests.manage',
    tag,
    summary: '成绩（按人）：授权范围内每人的答题次数和最好成绩，按成绩排列',
    params: QuizParams,
    querystring: z.object({ orgId: id('组织').optional(), ...page }),
    response: z.object({ items: z.array(PersonResult), total: z.int() }),
  }),
  orgResults: route({
    method: 'GET',
    path: '/api/contests/quizzes/:id/results/orgs',
    permission: 'contests.manage',
    tag,
    summary: '成绩（按组织）：所选组织（默认竞赛组织；上级组织的竞赛默认本范围的组织）及其各下级组织的党员数、参加人数和平均成绩',
    params: QuizParams,
    querystring: z.object({ orgId: id('组织').optional() }),
    response: z.object({ total: OrgResult, items: z.array(OrgResult) }),
  }),
  openQuizzes: route({
    method: 'GET',
    path: '/api/contests/open',
    permission: 'contests.read',
    tag,
    summary: '本人可参加的竞赛（面向本人所在组织或其上级组织发布的）及本人的答题情况',
    response: z.object({ items: z.array(OpenQuiz) }),
  }),
  startAttempt: route({
    method: 'POST',
    path: '/api/contests/quizzes/:id/attempts',
    permission: 'contests.read',
    tag,
    summary: '开始答题（已有未交卷且未超时的答卷时继续那一份）：给出试题（不含答案）和截止时间',
    params: QuizParams,
    status: 201,
    response: z.object({ attempt: AttemptView }),
  }),
  attempt: route({
    method: 'GET',
    path: '/api/contests/attempts/:id',
    permission: 'contests.read',
    tag,
    summary: '本人的一份答卷；交卷后含正确答案和解析',
    params: AttemptParams,
    response: z.object({ attempt: AttemptView }),
  }),
  submitAttempt: route({
    method: 'POST',
    path: '/api/contests/attempts/:id/submit',
    permission: 'contests.read',
    tag,
    summary: '交卷并自动评分；超过截止时间（以服务器时间为准）的答案不被接受',
    params: AttemptParams,
    body: AttemptSubmit,
    response: z.object({ attempt: AttemptView }),
  }),
} as const
