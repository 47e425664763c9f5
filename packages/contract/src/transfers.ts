import { choice, id, isoDate, queryInt, text, z } from './zod.ts'
import { MEMBER_STATUS_CODES } from './members.ts'
import { route } from './route.ts'

// Membership transfers (组织关系转接, seed §23; RULES.md §b4): the origin issues a letter, the
// destination receives it or returns it with a reason; the origin keeps the member until receipt.

export const TRANSFER_KINDS = { internal: '本平台内', external: '转出本平台' } as const
export type TransferKind = keyof typeof TRANSFER_KINDS
export const TRANSFER_KIND_CODES = Object.keys(TRANSFER_KINDS) as [TransferKind, ...TransferKind[]]

export const TRANSFER_STATUSES = {
  pending: '待接收',
  received: '已接收',
  returned: '已退回',
  cancelled: '已撤销',
} as const
export type TransferStatus = keyof typeof TRANSFER_STATUSES
export const TRANSFER_STATUS_CODES = Object.keys(TRANSFER_STATUSES) as [TransferStatus, ...TransferStatus[]]

/** Why the relation moves (条例第二十五条: 工作单位或经常居住地变动，或外出 6 个月以上且地点相对固定). */
export const TRANSFER_REASONS = {
  work_change: '工作单位变动',
  residence_change: '经常居住地变动',
  away_fixed_place: '外出 6 个月以上且地点相对固定',
  graduation: '毕业离校',
  other: '其他',
} as const
export type TransferReason = keyof typeof TRANSFER_REASONS
export const TRANSFER_REASON_CODES = Object.keys(TRANSFER_REASONS) as [TransferReason, ...TransferReason[]]

/** Why a destination returns a transfer (退回原因). "不得无故拒转拒接": a return always has one. */
export const RETURN_CODES = {
  incomplete_record: '党员信息不完整或有误',
  wrong_destination: '接收组织不对（不归本组织管理）',
  not_reported: '本人未到接收组织报到',
  letter_expired: '介绍信已过期',
  other: '其他',
} as const
export type ReturnCode = keyof typeof RETURN_CODES
export const RETURN_CODE_CODES = Object.keys(RETURN_CODES) as [ReturnCode, ...ReturnCode[]]

/**
 * The fields of the member's record a letter must carry: a transfer with any of them missing is
 * not sent ("信息不完整被退回" is the complaint it prevents). The stage dates required depend on
 * the member's status (入党日期 for a probationary member, and 转正日期 for a full one).
 */
export const TRANSFER_REQUIRED_FIELDS = {
  name: '姓名',
  gender: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  idNumber: '身份证号',
  phone: '手机号',
  education: '学历',
  appliedOn: '申请入党日期',
  admittedOn: '入党日期',
  fullOn: '转为正式党员日期',
} as const
export type TransferRequiredField = keyof typeof TRANSFER_REQUIRED_FIELDS

const reasonNote = text('情况说明', { max: 200 })

export const TransferStart = z
  .object({
    personId: id('党员'),
    kind: choice('转往', TRANSFER_KIND_CODES),
    toOrgId: id('接收党组织').optional(),
    toOrgName: text('接收党组织名称', { max: 100 }).optional(),
    reason: choice('转接原因', TRANSFER_REASON_CODES),
    reasonNote: reasonNote.optional(),
    issuedOn: isoDate('开具日期'),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'internal' && !v.toOrgId)
      ctx.addIssue({ code: 'custom', path: ['toOrgId'], message: '转往本平台内的组织，请选择接收党组织' })
    if (v.kind === 'external' && !v.toOrgName)
      ctx.addIssue({ code: 'custom', path: ['toOrgName'], message: '转出本平台，请填写接收党组织名称' })
    if (v.reason === 'other' && !v.reasonNote)
      ctx.addIssue({ code: 'custom', path: ['reasonNote'], message: '转接原因为“其他”时，请填写情况说明' })
  })
export type TransferStart = z.infer<typeof TransferStart>
export type TransferStartInput = z.input<typeof TransferStart>

export const TransferReceive = z.object({ receivedOn: isoDate('接收日期') })
export type TransferReceive = z.infer<typeof TransferReceive>

export const TransferReturn = z
  .object({
    returnedOn: isoDate('退回日期'),
    returnCode: choice('退回原因', RETURN_CODE_CODES),
    note: text('退回说明', { max: 200 }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.returnCode === 'other' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: '退回原因为“其他”时，请填写退回说明' })
  })
export type TransferReturn = z.infer<typeof TransferReturn>

/** The receipt (回执) of a letter to outside the platform, recorded by hand when it comes back. */
export const TransferReceipt = z.object({
  receivedOn: isoDate('回执上的接收日期'),
  receiptNo: text('回执编号或接收组织文号', { max: 100 }),
  note: text('备注', { max: 200 }).optional(),
})
export type TransferReceipt = z.infer<typeof TransferReceipt>

export const TransferCancel = z.object({
  cancelledOn: isoDate('撤销日期'),
  note: text('撤销原因', { max: 200 }),
})
export type TransferCancel = z.infer<typeof TransferCancel>

// Responses ---------------------------------------------------------------------------------------

const OrgRef = z.object({ id: z.uuid(), name: z.string() })

/** What the current user may do with a transfer now (the server decides; the page shows the buttons). */
export const TransferActions = z.object({
  receive: z.boolean(),
  return: z.boolean(),
  cancel: z.boolean(),
  recordReceipt: z.boolean(),
})
export type TransferActions = z.infer<typeof TransferActions>

export const TransferView = z.object({
  id: z.uuid(),
  letterNo: z.string(),
  kind: z.enum(TRANSFER_KIND_CODES),
  person: z.object({ id: z.uuid(), name: z.string(), status: z.enum(MEMBER_STATUS_CODES) }),
  fromOrg: OrgRef,
  /** The destination: a platform org, or the name written on the letter (id null). */
  toOrg: z.object({ id: z.uuid().nullable(), name: z.string() }),
  reason: z.enum(TRANSFER_REASON_CODES),
  reasonNote: z.string().nullable(),
  issuedOn: z.string(),
  validUntil: z.string(),
  validityMonths: z.int(),
  /** Where the validity came from: an org's override of the rule, or the registry's default (null). */
  validityFrom: OrgRef.nullable(),
  status: z.enum(TRANSFER_STATUS_CODES),
  /** Pending past the letter's last valid day. */
  isExpired: z.boolean(),
  answeredOn: z.string().nullable(),
  returnCode: z.enum(RETURN_CODE_CODES).nullable(),
  answerNote: z.string().nullable(),
  receiptNo: z.string().nullable(),
  createdAt: z.string(),
  actions: TransferActions,
})
export type TransferView = z.infer<typeof TransferView>

/** A line of a to-do list: something this scope must do about a transfer. */
export const TransferTodo = z.object({
  kind: z.enum(['receive', 'returned', 'expired', 'receipt_due', 'away_without_transfer']),
  /** The transfer it is about (null for a member away without one). */
  transferId: z.uuid().nullable(),
  person: z.object({ id: z.uuid(), name: z.string() }),
  org: OrgRef,
  /** What to do, in plain words. */
  text: z.string(),
  since: z.string(),
})
export type TransferTodo = z.infer<typeof TransferTodo>

/** A member away at a fixed place past the rule's months, with no transfer since leaving. */
export const AwayMember = z.object({
  person: z.object({ id: z.uuid(), name: z.string() }),
  org: OrgRef,
  destination: z.string(),
  startedOn: z.string(),
  months: z.int(),
})
export type AwayMember = z.infer<typeof AwayMember>

export const TransferDashboard = z.object({
  org: OrgRef,
  outgoing: z.object({ pending: z.int(), expired: z.int(), returned: z.int(), receivedThisYear: z.int() }),
  incoming: z.object({ pending: z.int(), expired: z.int(), receivedThisYear: z.int() }),
  awayWithoutTransfer: z.int(),
  /** The validity in force for the org, with its source. */
  validity: z.object({ months: z.int(), from: OrgRef.nullable(), ruleTitle: z.string(), source: z.string() }),
})
export type TransferDashboard = z.infer<typeof TransferDashboard>

/** A destination the origin may pick: any active org of the platform, with the names above it. */
export const TransferDestination = z.object({ id: z.uuid(), name: z.string(), pathNames: z.array(z.string()) })
export type TransferDestination = z.infer<typeof TransferDestination>

export const TRANSFER_DIRECTIONS = { outgoing: '转出', incoming: '转入' } as const
export type TransferDirection = keyof typeof TRANSFER_DIRECTIONS

export const TransferSearch = z.object({
  direction: choice('方向', ['outgoing', 'incoming']).default('outgoing'),
  orgId: id('组织').optional(),
  status: choice('状态', TRANSFER_STATUS_CODES).optional(),
  kind: choice('转往', TRANSFER_KIND_CODES).optional(),
  expired: z.enum(['true', 'false']).optional().meta({ title: '只看已过期' }),
  q: text('姓名或介绍信编号', { max: 50, min: 0 }).optional(),
  issuedFrom: isoDate('开具日期起').optional(),
  issuedTo: isoDate('开具日期止').optional(),
  page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
  pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
})
export type TransferSearch = z.infer<typeof TransferSearch>

const TransferParams = z.object({ id: id('组织关系转接') })
const tag = '组织关系转接'

export const transfersApi = {
  list: route({
    method: 'GET',
    path: '/api/transfers',
    permission: 'transfers.read',
    tag,
    summary: '转接登记簿：某组织及其下级（默认当前授权范围）转出或转入的组织关系转接，可按状态、去向、是否过期、姓名筛选',
    querystring: TransferSearch,
    response: z.object({ items: z.array(TransferView), total: z.int() }),
  }),
  export: route({
    method: 'GET',
    path: '/api/transfers/export',
    permission: 'transfers.read',
    tag,
    summary: '转接登记簿导出 Excel（与列表同样的筛选条件）',
    querystring: TransferSearch.omit({ page: true, pageSize: true }),
    download: true,
  }),
  get: route({
    method: 'GET',
    path: '/api/transfers/:id',
    permission: 'transfers.read',
    tag,
    summary: '一次转接：转出方或接收方的授权范围可见',
    params: TransferParams,
    response: z.object({ transfer: TransferView }),
  }),
  start: route({
    method: 'POST',
    path: '/api/transfers',
    permission: 'transfers.write',
    tag,
    summary: '开具组织关系介绍信：先核对党员信息是否完整（缺项逐项指出），生成介绍信编号，有效期取规则的现行参数',
    body: TransferStart,
    status: 201,
    response: z.object({ transfer: TransferView }),
  }),
  receive: route({
    method: 'POST',
    path: '/api/transfers/:id/receive',
    permission: 'transfers.write',
    tag,
    summary: '接收：党员的组织关系在同一事务中转入接收组织（名册、组织关系历史、统计随之变化）',
    params: TransferParams,
    body: TransferReceive,
    response: z.object({ transfer: TransferView }),
  }),
  return: route({
    method: 'POST',
    path: '/api/transfers/:id/return',
    permission: 'transfers.write',
    tag,
    summary: '退回：须选择退回原因；党员仍在原组织',
    params: TransferParams,
    body: TransferReturn,
    response: z.object({ transfer: TransferView }),
  }),
  cancel: route({
    method: 'POST',
    path: '/api/transfers/:id/cancel',
    permission: 'transfers.write',
    tag,
    summary: '撤销尚未接收的转接（如介绍信过期后重开），须说明原因',
    params: TransferParams,
    body: TransferCancel,
    response: z.object({ transfer: TransferView }),
  }),
  recordReceipt: route({
    method: 'POST',
    path: '/api/transfers/:id/receipt',
    permission: 'transfers.write',
    tag,
    summary: '登记转出本平台的介绍信回执：党员以“转出本系统”离开名册',
    params: TransferParams,
    body: TransferReceipt,
    response: z.object({ transfer: TransferView }),
  }),
  letter: route({
    method: 'GET',
    path: '/api/transfers/:id/letter',
    permission: 'transfers.read',
    tag,
    summary: '组织关系介绍信（PDF，含存根和回执联）',
    params: TransferParams,
    download: true,
  }),
  destinations: route({
    method: 'GET',
    path: '/api/transfers/destinations',
    permission: 'transfers.write',
    tag,
    summary: '可接收组织关系的党组织：全平台未撤销的组织，按名称或拼音查找',
    querystring: z.object({ q: text('组织名称', { max: 50 }) }),
    response: z.object({ items: z.array(TransferDestination) }),
  }),
  todos: route({
    method: 'GET',
    path: '/api/transfers/todos',
    permission: 'transfers.read',
    tag,
    summary: '待办：待本范围接收的、被退回的、介绍信已过期尚未接收的、回执未回的转接，外出满 6 个月未转接的党员',
    response: z.object({ items: z.array(TransferTodo) }),
  }),
  dashboard: route({
    method: 'GET',
    path: '/api/transfers/dashboard',
    permission: 'transfers.read',
    tag,
    summary: '转接概况：某组织子树转出、转入的待接收、已过期、已退回、本年接收数，外出未转接人数，介绍信有效期及其来源',
    querystring: z.object({ orgId: id('组织').optional() }),
    response: TransferDashboard,
  }),
  away: route({
    method: 'GET',
    path: '/api/transfers/away',
    permission: 'transfers.read',
    tag,
    summary: '外出 6 个月以上且地点相对固定、未转接组织关系的党员（规则 transfer.away_fixed_place）',
    querystring: z.object({ orgId: id('组织').optional() }),
    response: z.object({ items: z.array(AwayMember) }),
  }),
} as const
