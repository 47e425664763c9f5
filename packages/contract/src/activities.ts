import { choice, id, isoDate, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'

// Organizational life and study records (seed §5–7; RULES.md §b2): each meeting, lecture or study
// event is entered once, with its attendance, and counts for every rule it satisfies.

/** What an activity is; one record may be several at once (a 主题党日 held as the month's 学习日). */
export const ACTIVITY_KINDS = {
  general_meeting: '支部党员大会',
  committee_meeting: '支委会',
  cell_meeting: '党小组会',
  party_lecture: '党课',
  theme_day: '主题党日',
  org_life_meeting: '组织生活会',
  member_review: '民主评议党员',
  study_day: '学习日',
  central_group: '中心组学习',
  seminar: '专题研讨',
  report_meeting: '报告会',
  training: '培训班',
  reading: '读书活动',
} as const
export type ActivityKind = keyof typeof ACTIVITY_KINDS
export const ACTIVITY_KIND_CODES = Object.keys(ACTIVITY_KINDS) as [ActivityKind, ...ActivityKind[]]

export const PRESENCES = { present: '出席', online: '线上参加', absent: '缺席' } as const
export type Presence = keyof typeof PRESENCES
export const PRESENCE_CODES = Object.keys(PRESENCES) as [Presence, ...Presence[]]

export const ATTENDANCE_MAX = 500

export const AttendanceEntry = z
  .object({
    personId: id('参加人员'),
    presence: choice('出席情况', PRESENCE_CODES),
    absenceReason: text('缺席原因', { max: 100 }).nullable().default(null),
  })
  .superRefine((a, ctx) => {
    if (a.presence === 'absent' && !a.absenceReason)
      ctx.addIssue({ code: 'custom', path: ['absenceReason'], message: '缺席的人员请填写缺席原因' })
    if (a.presence !== 'absent' && a.absenceReason)
      ctx.addIssue({ code: 'custom', path: ['absenceReason'], message: '只有缺席的人员才填写缺席原因' })
  })
export type AttendanceEntry = z.infer<typeof AttendanceEntry>

const activityFields = {
  kinds: z
    .array(choice('活动类型', ACTIVITY_KIND_CODES), { error: '请选择活动类型' })
    .min(1, '请至少选择一种活动类型')
    .max(6, '活动类型最多选 6 种')
    .refine((k) => new Set(k).size === k.length, '活动类型不能重复')
    .meta({ title: '活动类型' }),
  heldOn: isoDate('活动日期'),
  hours: z
    .number({ error: '学时必须是数字' })
    .positive('学时必须大于 0')
    .max(24, '学时不能超过 24')
    .refine((h) => Number.isInteger(h * 10), '学时最多保留 1 位小数')
    .nullable()
    .default(null)
    .meta({ title: '计入学时' }),
  topic: text('主题', { max: 200 }),
  speakerPersonId: id('主讲人').nullable().default(null),
  speakerName: text('主讲人姓名', { max: 50 }).nullable().default(null),
  location: text('地点', { max: 100 }).nullable().default(null),
  minutes: text('会议记录', { max: 20000 }).nullable().default(null),
  attendance: z
    .array(AttendanceEntry)
    .max(ATTENDANCE_MAX, `一次活动最多登记 ${ATTENDANCE_MAX} 人的出席情况`)
    .refine((a) => new Set(a.map((x) => x.personId)).size === a.length, '同一人员不能重复登记出席情况')
    .default([])
    .meta({ title: '出席情况' }),
}

export const ActivityCreate = z.object({ orgId: id('组织'), ...activityFields })
export type ActivityCreate = z.infer<typeof ActivityCreate>
export type ActivityCreateInput = z.input<typeof ActivityCreate>

export const ActivityUpdate = z.object(activityFields)
export type ActivityUpdate = z.infer<typeof ActivityUpdate>

export const ActivitySummary = z.object({
  id: z.uuid(),
  org: z.object({ id: z.uuid(), name: z.string() }),
  kinds: z.array(z.enum(ACTIVITY_KIND_CODES)),
  heldOn: z.string(),
  hours: z.number().nullable(),
  topic: z.string(),
  speaker: z.string().nullable(),
  present: z.int(),
  absent: z.int(),
  voided: z.boolean(),
})
export type ActivitySummary = z.infer<typeof ActivitySummary>

export const AttendanceView = z.object({
  personId: z.uuid(),
  name: z.string(),
  presence: z.enum(PRESENCE_CODES),
  absenceReason: z.string().nullable(),
})

export const ActivityView = ActivitySummary.extend({
  speakerPersonId: z.uuid().nullable(),
  speakerName: z.string().nullable(),
  location: z.string().nullable(),
  minutes: z.string().nullable(),
  attendance: z.array(AttendanceView),
  voidReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ActivityView = z.infer<typeof ActivityView>

/** Who may be recorded as attending an activity of an org: its members (a party cell: its branch's). */
export const RosterEntry = z.object({
  personId: z.uuid(),
  name: z.string(),
  status: z.enum(['full', 'probationary', 'candidate', 'activist', 'applicant']),
})

export const activitiesApi = {
  list: route({
    method: 'GET',
    path: '/api/activities',
    permission: 'activities.read',
    tag: '组织生活',
    summary: '组织生活与学习记录：授权范围内（或某组织及其下级）按日期从近到远',
    querystring: z.object({
      orgId: id('组织').optional(),
      kind: choice('活动类型', ACTIVITY_KIND_CODES).optional(),
      from: isoDate('开始日期').optional(),
      to: isoDate('结束日期').optional(),
      includeVoided: z.enum(['true', 'false']).optional().meta({ title: '含已作废' }),
      page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
      pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
    }),
    response: z.object({ items: z.array(ActivitySummary), total: z.int() }),
  }),
  get: route({
    method: 'GET',
    path: '/api/activities/:id',
    permission: 'activities.read',
    tag: '组织生活',
    summary: '一条记录的全部内容和出席情况',
    params: z.object({ id: id('活动') }),
    response: z.object({ activity: ActivityView }),
  }),
  create: route({
    method: 'POST',
    path: '/api/activities',
    permission: 'activities.write',
    tag: '组织生活',
    summary: '登记一次会议、党课或学习活动（可同时属于几种类型）及出席情况',
    body: ActivityCreate,
    status: 201,
    response: z.object({ activity: ActivityView }),
  }),
  update: route({
    method: 'PUT',
    path: '/api/activities/:id',
    permission: 'activities.write',
    tag: '组织生活',
    summary: '修改一条记录（出席情况整体替换）',
    params: z.object({ id: id('活动') }),
    body: ActivityUpdate,
    response: z.object({ activity: ActivityView }),
  }),
  void: route({
    method: 'POST',
    path: '/api/activities/:id/void',
    permission: 'activities.write',
    tag: '组织生活',
    summary: '作废一条误登的记录（保留记录和原因，不再计入任何规则）',
    params: z.object({ id: id('活动') }),
    body: z.object({ reason: text('作废原因', { max: 200 }) }),
    response: z.object({ activity: ActivityView }),
  }),
  roster: route({
    method: 'GET',
    path: '/api/activities/roster',
    permission: 'activities.read',
    tag: '组织生活',
    summary: '可登记出席的人员：本组织的党员和入党积极分子等（党小组取其所在支部的）',
    querystring: z.object({ orgId: id('组织') }),
    response: z.object({ items: z.array(RosterEntry) }),
  }),
} as const
