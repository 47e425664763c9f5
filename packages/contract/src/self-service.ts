import { choice, id, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'
import { MemberDetail, PhotoQuery } from './members.ts'
import { ACTIVITY_KIND_CODES } from './activities.ts'
import { mobilePhone } from './people/phone.ts'

// Member self-service (SPEC §1 "members: own profile"): a member logs in and sees their own record;
// changes to their own contact details go to their branch for approval. The routes under /api/self
// act on the person the account is linked to, and on no one else: the link is the authority, so
// they need no role (`authenticated`). Deciding a request needs members.write over the member's org.

/** A contact-change request from asking to decision. Only 'pending' is open; one per person at a time. */
export const CONTACT_REQUEST_STATUSES = {
  pending: '待审批',
  approved: '已通过',
  rejected: '已驳回',
  withdrawn: '已撤回',
} as const
export type ContactRequestStatus = keyof typeof CONTACT_REQUEST_STATUSES
export const CONTACT_REQUEST_STATUS_CODES = Object.keys(CONTACT_REQUEST_STATUSES) as [
  ContactRequestStatus,
  ...ContactRequestStatus[],
]

/**
 * The contact details a person record holds are the mobile phone alone (members.ts): that is what a
 * member may ask to change. The note tells the branch why.
 */
export const ContactChangeCreate = z.object({
  phone: mobilePhone('新手机号'),
  note: text('说明', { max: 200 }).optional(),
})
export type ContactChangeCreate = z.infer<typeof ContactChangeCreate>

export const ContactChangeReject = z.object({ reason: text('驳回理由', { max: 200 }) })
export type ContactChangeReject = z.infer<typeof ContactChangeReject>

export const ContactChangeSearch = z.object({
  status: choice('审批状态', CONTACT_REQUEST_STATUS_CODES).default('pending'),
  limit: queryInt('条数', { min: 1, max: 200, default: 100 }),
})
export type ContactChangeSearch = z.infer<typeof ContactChangeSearch>

const decision = {
  status: z.enum(CONTACT_REQUEST_STATUS_CODES),
  note: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  rejectReason: z.string().nullable(),
}

/** A member's own request, as they see it: the phone they asked for in full. */
export const OwnContactRequest = z.object({ id: z.uuid(), phone: z.string(), ...decision })
export type OwnContactRequest = z.infer<typeof OwnContactRequest>

/** A request on an officer's list: phones masked as everywhere in lists (SPEC principle 5). */
export const ContactRequestView = z.object({
  id: z.uuid(),
  person: z.object({ id: z.uuid(), name: z.string() }),
  org: z.object({ id: z.uuid(), name: z.string() }),
  currentPhone: z.string().nullable(),
  phone: z.string(),
  requestedBy: z.string(),
  /** The caller's own request: they may not decide it. */
  isOwn: z.boolean(),
  ...decision,
})
export type ContactRequestView = z.infer<typeof ContactRequestView>

/**
 * A member's own study ledger for a year: the activities they attended (present or online, not
 * voided) with the hours each credits, and the yearly hours the rule in force for their org asks for.
 */
export const OwnStudyLedger = z.object({
  year: z.int(),
  items: z.array(
    z.object({
      activityId: z.uuid(),
      heldOn: z.string(),
      org: z.object({ id: z.uuid(), name: z.string() }),
      kinds: z.array(z.enum(ACTIVITY_KIND_CODES)),
      topic: z.string(),
      /** Null: the activity is not study time. */
      hours: z.number().nullable(),
      presence: z.enum(['present', 'online']),
    }),
  ),
  totalHours: z.number(),
  /** The study.hours_yearly rule as in force for the member's org; null when it does not apply to them (not a full or probationary member). */
  requirement: z
    .object({
      ruleId: z.string(),
      title: z.string(),
      hours: z.number(),
      /** The org whose override sets the number; null: the registry's default. */
      fromOrg: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      org: z.object({ id: z.uuid(), name: z.string() }),
    })
    .nullable(),
})
export type OwnStudyLedger = z.infer<typeof OwnStudyLedger>

const RequestParams = z.object({ id: id('申请') })

export const selfServiceApi = {
  record: route({
    method: 'GET',
    path: '/api/self/record',
    permission: 'authenticated',
    tag: '党员自助',
    summary: '本人的党员档案：手机号完整显示，身份证号脱敏；状态与组织关系记录',
    response: z.object({ record: MemberDetail }),
  }),
  reveal: route({
    method: 'POST',
    path: '/api/self/reveal',
    permission: 'authenticated',
    tag: '党员自助',
    summary: '查看本人完整的身份证号（记入审计日志）',
    response: z.object({ idNumber: z.string().nullable() }),
  }),
  photo: route({
    method: 'GET',
    path: '/api/self/photo',
    permission: 'authenticated',
    tag: '党员自助',
    summary: '本人照片（照片由党组织上传）',
    querystring: PhotoQuery,
    download: true,
  }),
  studyLedger: route({
    method: 'GET',
    path: '/api/self/study-ledger',
    permission: 'authenticated',
    tag: '党员自助',
    summary: '本人的学习台账：某年度（默认今年）参加的活动、学时合计，以及所在组织适用的年度学时要求',
    querystring: z.object({
      year: z.coerce
        .number({ error: '年度必须是数字' })
        .int('年度必须是整数')
        .min(2000, '年度不能早于 2000 年')
        .max(2100, '年度不能晚于 2100 年')
        .optional()
        .meta({ title: '年度' }),
    }),
    response: z.object({ ledger: OwnStudyLedger }),
  }),
  requests: route({
    method: 'GET',
    path: '/api/self/contact-requests',
    permission: 'authenticated',
    tag: '党员自助',
    summary: '本人的联系方式变更申请，新的在前',
    response: z.object({ items: z.array(OwnContactRequest) }),
  }),
  request: route({
    method: 'POST',
    path: '/api/self/contact-requests',
    permission: 'authenticated',
    tag: '党员自助',
    summary: '申请修改本人的手机号，由所在党组织审批；同一时间只能有一份待审批的申请',
    body: ContactChangeCreate,
    status: 201,
    response: z.object({ request: OwnContactRequest }),
  }),
  withdraw: route({
    method: 'POST',
    path: '/api/self/contact-requests/:id/withdraw',
    permission: 'authenticated',
    tag: '党员自助',
    summary: '撤回本人待审批的申请',
    params: RequestParams,
    response: z.object({ request: OwnContactRequest }),
  }),
} as const

export const contactRequestsApi = {
  list: route({
    method: 'GET',
    path: '/api/contact-requests',
    permission: 'members.write',
    tag: '联系方式变更审批',
    summary: '授权范围内党员的联系方式变更申请（默认只列待审批的，先到先列）',
    querystring: ContactChangeSearch,
    response: z.object({ items: z.array(ContactRequestView) }),
  }),
  approve: route({
    method: 'POST',
    path: '/api/contact-requests/:id/approve',
    permission: 'members.write',
    tag: '联系方式变更审批',
    summary: '通过申请：新手机号写入党员档案（与审批同一事务，记入审计日志）',
    params: RequestParams,
    response: z.object({ request: ContactRequestView }),
  }),
  reject: route({
    method: 'POST',
    path: '/api/contact-requests/:id/reject',
    permission: 'members.write',
    tag: '联系方式变更审批',
    summary: '驳回申请，须写明理由',
    params: RequestParams,
    body: ContactChangeReject,
    response: z.object({ request: ContactRequestView }),
  }),
} as const
