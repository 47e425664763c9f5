/**
 * Permissions are named `module.action`. A role is a set of permissions; a grant gives a role over
 * one org's whole subtree. Two pseudo-permissions mark routes that need no role: `public` (no login)
 * and `authenticated` (any logged-in user, acting on their own account only).
 */
export const PERMISSIONS = {
  'home.view': '查看首页概况',
  'orgs.read': '查看组织',
  'orgs.write': '新建和修改组织',
  'committees.read': '查看班子成员与换届',
  'committees.write': '维护班子成员与换届',
  'units.read': '查看新领域单位',
  'units.write': '登记和修改新领域单位',
  'members.read': '查看党员和入党申请人',
  'members.write': '登记和维护党员信息',
  'development.read': '查看发展党员档案、公示和年度计划',
  'development.write': '记录发展党员的步骤、公示和年度计划',
  'transfers.read': '查看组织关系转接登记簿、待办和介绍信',
  'transfers.write': '开具、接收、退回和撤销组织关系转接，登记回执',
  'people.reveal_pii': '查看完整的身份证号和手机号',
  'stats.read': '查看统计',
  'stats.snapshot': '生成年末统计快照',
  'activities.read': '查看组织生活与学习记录',
  'activities.write': '登记组织生活与学习记录',
  'compliance.read': '查看规则与达标情况',
  'contests.read': '参加知识竞赛（面向本人所在组织的），查看本人成绩',
  'contests.manage': '管理题库和知识竞赛，查看竞赛成绩',
  'rules.configure': '调整规则参数',
  'accounts.read': '查看账号与授权',
  'accounts.write': '管理账号与授权',
  'audit.read': '查看审计日志',
  'audit.verify': '校验审计日志',
  'audit.export': '导出审计日志',
} as const
export type Permission = keyof typeof PERMISSIONS
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[]

export type RoutePermission = Permission | 'public' | 'authenticated'

export const BUILTIN_ROLE_CODES = ['sys_admin', 'org_dept_admin', 'org_admin', 'discipline', 'member', 'auditor'] as const
export type BuiltinRoleCode = (typeof BUILTIN_ROLE_CODES)[number]

export const BUILTIN_ROLES: Record<BuiltinRoleCode, { name: string; description: string; permissions: Permission[] }> = {
  sys_admin: {
    name: '系统管理员',
    description: '管理授权范围内的一切，包括账号、授权和审计',
    permissions: ALL_PERMISSIONS,
  },
  org_dept_admin: {
    name: '组织部门管理员',
    description: '省、市、县组织部门工作人员：管理组织、账号和授权，查看审计',
    permissions: [
      'home.view',
      'orgs.read',
      'orgs.write',
      'committees.read',
      'committees.write',
      'units.read',
      'units.write',
      'members.read',
      'members.write',
      'development.read',
      'development.write',
      'transfers.read',
      'transfers.write',
      'people.reveal_pii',
      'stats.read',
      'stats.snapshot',
      'activities.read',
      'activities.write',
      'compliance.read',
      'contests.read',
      'contests.manage',
      'rules.configure',
      'accounts.read',
      'accounts.write',
      'audit.read',
    ],
  },
  org_admin: {
    name: '党组织管理员',
    description: '党委、党支部书记和党务工作者：维护本组织及下级组织',
    permissions: [
      'home.view',
      'orgs.read',
      'orgs.write',
      'committees.read',
      'committees.write',
      'units.read',
      'units.write',
      'members.read',
      'members.write',
      'development.read',
      'development.write',
      'transfers.read',
      'transfers.write',
      'stats.read',
      'activities.read',
      'activities.write',
      'compliance.read',
      'contests.read',
      'contests.manage',
      'accounts.read',
    ],
  },
  discipline: {
    name: '纪检干部',
    description: '纪检监察工作人员：查看组织（廉政数据随廉政模块开放）',
    permissions: [
      'home.view',
      'orgs.read',
      'committees.read',
      'units.read',
      'members.read',
      'development.read',
      'transfers.read',
      'stats.read',
      'activities.read',
      'compliance.read',
      'contests.read',
    ],
  },
  member: {
    name: '普通党员',
    description: '查看和维护本人信息，参加面向本人所在组织的知识竞赛',
    permissions: ['contests.read'],
  },
  auditor: {
    name: '审计员',
    description: '只读审计日志：查询、校验、导出',
    permissions: ['audit.read', 'audit.verify', 'audit.export'],
  },
}
