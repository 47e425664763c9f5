import { isoDateTime, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'

export const AuditEntry = z.object({
  seq: z.string(),
  occurredAt: z.string(),
  actorLogin: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  orgName: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditFilter = z.object({
  action: text('操作', { max: 100 }).optional(),
  actor: text('操作人', { max: 64 }).optional(),
  entityId: text('对象编号', { max: 64 }).optional(),
  from: isoDateTime('起始时间').optional(),
  to: isoDateTime('截止时间').optional(),
})
export type AuditFilter = z.infer<typeof AuditFilter>

export const AuditVerifyResult = z.object({
  rows: z.int(),
  ok: z.boolean(),
  firstBrokenSeq: z.string().nullable(),
  reason: z.string().nullable(),
  elapsedMs: z.int(),
})
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>

/** Audit action names shown in Chinese on the audit page; unknown actions show as written. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'auth.login_succeeded': '登录成功',
  'auth.login_failed': '登录失败',
  'auth.logged_out': '退出登录',
  'auth.password_changed': '修改密码',
  'auth.password_change_failed': '修改密码失败',
  'auth.scope_switched': '切换授权范围',
  'auth.request_denied': '越权请求被拒绝',
  'accounts.user_created': '新建账号',
  'accounts.user_updated': '修改账号',
  'accounts.password_reset': '重置密码',
  'accounts.grant_added': '授予角色',
  'accounts.grant_removed': '撤销授权',
  'accounts.roles_synced': '更新内置角色权限',
  'orgs.org_created': '新建组织',
  'orgs.org_updated': '修改组织',
  'orgs.org_moved': '移动组织',
  'orgs.org_dissolved': '撤销组织',
  'orgs.org_merged': '合并支部',
  'units.unit_created': '登记新领域单位',
  'units.unit_updated': '修改新领域单位',
  'members.member_created': '登记人员',
  'members.member_updated': '修改人员信息',
  'members.status_changed': '变更人员状态',
  'members.transferred': '转接组织关系',
  'members.import_started': '上传党员导入文件',
  'members.imported': '导入党员',
  'members.exported': '导出党员名单',
  'stats.snapshot_requested': '生成年末统计快照',
  'people.pii_revealed': '查看完整身份证号和手机号',
  'audit.verified': '校验审计日志',
  'audit.exported': '导出审计日志',
  'system.seeded': '初始化演示数据',
  'system.demo_generated': '生成演示数据集',
}

/** What an audit row is about, in Chinese. */
export const AUDIT_ENTITY_TYPES: Record<string, string> = {
  user: '账号',
  org: '组织',
  grant: '授权',
  route: '接口',
  role: '角色',
  unit: '新领域单位',
  person: '人员',
  member_import: '党员导入',
}

export const auditApi = {
  list: route({
    method: 'GET',
    path: '/api/audit',
    permission: 'audit.read',
    tag: '审计日志',
    summary: '按条件查询授权范围内的审计记录（新的在前）',
    querystring: AuditFilter.extend({
      page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
      pageSize: queryInt('每页条数', { min: 1, max: 200, default: 50 }),
    }),
    response: z.object({ items: z.array(AuditEntry), total: z.int() }),
  }),
  verify: route({
    method: 'POST',
    path: '/api/audit/verify',
    permission: 'audit.verify',
    tag: '审计日志',
    summary: '逐行校验哈希链，指出第一条被篡改的记录',
    response: z.object({ result: AuditVerifyResult }),
  }),
  export: route({
    method: 'GET',
    path: '/api/audit/export',
    permission: 'audit.export',
    tag: '审计日志',
    summary: '按条件导出 Excel（最多 100000 行）',
    querystring: AuditFilter,
    download: true,
  }),
} as const
