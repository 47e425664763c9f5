import { choice, id, isoDate, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'

// Leading cadres' study (seed §7): the study reflections and theory articles they write, and the
// yearly 述学 report with its 评学 and 考学 results for the annual review. The lectures they give
// are activities with them as the speaker.

export const WRITING_KINDS = { reflection: '学习体会', article: '理论文章' } as const
export type WritingKind = keyof typeof WRITING_KINDS
export const WRITING_KIND_CODES = Object.keys(WRITING_KINDS) as [WritingKind, ...WritingKind[]]

export const REVIEW_RESULTS = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' } as const
export type ReviewResult = keyof typeof REVIEW_RESULTS
export const REVIEW_RESULT_CODES = Object.keys(REVIEW_RESULTS) as [ReviewResult, ...ReviewResult[]]

export const WritingCreate = z.object({
  personId: id('作者'),
  kind: choice('类别', WRITING_KIND_CODES),
  title: text('题目', { max: 200 }),
  writtenOn: isoDate('完成日期'),
  publishedIn: text('发表在', { max: 100 }).nullable().default(null),
})
export type WritingCreate = z.infer<typeof WritingCreate>

export const WritingView = z.object({
  id: z.uuid(),
  person: z.object({ id: z.uuid(), name: z.string() }),
  org: z.object({ id: z.uuid(), name: z.string() }),
  kind: z.enum(WRITING_KIND_CODES),
  title: z.string(),
  writtenOn: z.string(),
  publishedIn: z.string().nullable(),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
})
export type WritingView = z.infer<typeof WritingView>

export const StudyReportUpsert = z.object({
  personId: id('述学人'),
  year: z.coerce
    .number({ error: '年度必须是数字' })
    .int('年度必须是整数')
    .min(2000, '年度不能早于 2000 年')
    .max(2100, '年度不能晚于 2100 年')
    .meta({ title: '年度' }),
  summary: text('述学内容', { max: 5000 }),
  reportedOn: isoDate('述学日期'),
  reviewResult: choice('评学结果', REVIEW_RESULT_CODES).nullable().default(null),
  examScore: z
    .number({ error: '考学成绩必须是数字' })
    .min(0, '考学成绩不能小于 0')
    .max(100, '考学成绩不能大于 100')
    .refine((v) => Number.isInteger(v * 10), '考学成绩最多保留 1 位小数')
    .nullable()
    .default(null)
    .meta({ title: '考学成绩' }),
})
export type StudyReportUpsert = z.infer<typeof StudyReportUpsert>

export const StudyReportView = z.object({
  id: z.uuid(),
  person: z.object({ id: z.uuid(), name: z.string() }),
  org: z.object({ id: z.uuid(), name: z.string() }),
  year: z.int(),
  summary: z.string(),
  reportedOn: z.string(),
  reviewResult: z.enum(REVIEW_RESULT_CODES).nullable(),
  examScore: z.number().nullable(),
})
export type StudyReportView = z.infer<typeof StudyReportView>

const listQuery = {
  orgId: id('组织').optional(),
  personId: id('人员').optional(),
  year: z.coerce.number({ error: '年度必须是数字' }).int('年度必须是整数').min(2000).max(2100).optional().meta({ title: '年度' }),
  page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
  pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
}

export const cadreStudyApi = {
  writings: route({
    method: 'GET',
    path: '/api/cadre-writings',
    permission: 'activities.read',
    tag: '领导干部学习',
    summary: '学习体会和理论文章：授权范围内（或某组织、某人）按完成日期从近到远',
    querystring: z.object(listQuery),
    response: z.object({ items: z.array(WritingView), total: z.int() }),
  }),
  createWriting: route({
    method: 'POST',
    path: '/api/cadre-writings',
    permission: 'activities.write',
    tag: '领导干部学习',
    summary: '登记一篇学习体会或理论文章',
    body: WritingCreate,
    status: 201,
    response: z.object({ writing: WritingView }),
  }),
  voidWriting: route({
    method: 'POST',
    path: '/api/cadre-writings/:id/void',
    permission: 'activities.write',
    tag: '领导干部学习',
    summary: '作废一条误登的记录（保留记录和原因）',
    params: z.object({ id: id('记录') }),
    body: z.object({ reason: text('作废原因', { max: 200 }) }),
    response: z.object({ writing: WritingView }),
  }),
  reports: route({
    method: 'GET',
    path: '/api/study-reports',
    permission: 'activities.read',
    tag: '领导干部学习',
    summary: '述学报告及评学、考学结果：授权范围内（或某组织、某人、某年度）',
    querystring: z.object(listQuery),
    response: z.object({ items: z.array(StudyReportView), total: z.int() }),
  }),
  saveReport: route({
    method: 'PUT',
    path: '/api/study-reports',
    permission: 'activities.write',
    tag: '领导干部学习',
    summary: '登记或修改某人某年度的述学报告及评学、考学结果（每人每年一份）',
    body: StudyReportUpsert,
    response: z.object({ report: StudyReportView }),
  }),
} as const
