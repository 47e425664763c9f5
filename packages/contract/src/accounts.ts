import { flag, id, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'
import { GrantView, loginName } from './auth.ts'

export const RoleView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  isBuiltin: z.boolean(),
})
export type RoleView = z.infer<typeof RoleView>

export const UserView = z.object({
  id: z.uuid(),
  loginName: z.string(),
  displayName: z.string(),
  isDisabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  /** The person the account belongs to, when that person lies in the caller's scope. */
  person: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  grants: z.array(GrantView),
})
export type UserView = z.infer<typeof UserView>

export const UserCreate = z.object({
  loginName,
  displayName: text('姓名', { max: 50 }),
  roleId: id('角色'),
  orgId: id('授权组织'),
  /** A member's own account: the person it belongs to (one account per person). */
  personId: id('关联党员').optional(),
})
export type UserCreate = z.infer<typeof UserCreate>

export const UserUpdate = z.object({
  displayName: text('姓名', { max: 50 }).optional(),
  isDisabled: flag('停用').optional(),
})
export type UserUpdate = z.infer<typeof UserUpdate>

export const PersonLink = z.object({ personId: id('关联党员') })
export type PersonLink = z.infer<typeof PersonLink>

export const GrantCreate = z.object({ roleId: id('角色'), orgId: id('授权组织') })
export type GrantCreate = z.infer<typeof GrantCreate>

const UserIdParams = z.object({ id: id('账号') })

export const accountsApi = {
  roles: route({
    method: 'GET',
    path: '/api/roles',
    permission: 'accounts.read',
    tag: '账号与授权',
    summary: '角色及其权限',
    response: z.object({ items: z.array(RoleView) }),
  }),
  listUsers: route({
    method: 'GET',
    path: '/api/users',
    permission: 'accounts.read',
    tag: '账号与授权',
    summary: '授权范围内的账号（按登录名或姓名查找）',
    querystring: z.object({
      q: text('关键字', { max: 50 }).optional(),
      page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
      pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
    }),
    response: z.object({ items: z.array(UserView), total: z.int() }),
  }),
  createUser: route({
    method: 'POST',
    path: '/api/users',
    permission: 'accounts.write',
    tag: '账号与授权',
    summary: '新建账号并授予第一个角色；返回只显示一次的初始密码',
    body: UserCreate,
    status: 201,
    response: z.object({ user: UserView, initialPassword: z.string() }),
  }),
  updateUser: route({
    method: 'PATCH',
    path: '/api/users/:id',
    permission: 'accounts.write',
    tag: '账号与授权',
    summary: '修改姓名或停用、启用账号',
    params: UserIdParams,
    body: UserUpdate,
    response: z.object({ user: UserView }),
  }),
  resetPassword: route({
    method: 'POST',
    path: '/api/users/:id/password-reset',
    permission: 'accounts.write',
    tag: '账号与授权',
    summary: '重置密码：生成临时密码，下次登录必须修改',
    params: UserIdParams,
    response: z.object({ temporaryPassword: z.string() }),
  }),
  linkPerson: route({
    method: 'PUT',
    path: '/api/users/:id/person',
    permission: 'accounts.write',
    tag: '账号与授权',
    summary: '把账号关联到本人的党员档案（一人一个账号），用于党员自助',
    params: UserIdParams,
    body: PersonLink,
    response: z.object({ user: UserView }),
  }),
  unlinkPerson: route({
    method: 'DELETE',
    path: '/api/users/:id/person',
    permission: 'accounts.write',
    tag: '账号与授权',
    summary: '解除账号与党员档案的关联',
    params: UserIdParams,
    response: z.object({ user: UserView }),
  }),
  addGrant: route({
    method: 'POST',
    path: '/api/users/:id/grants',
    permission: 'accounts.write',
    tag: '账号与授权',
    summary: '授予角色（覆盖该组织及全部下级）',
    params: UserIdParams,
    body: GrantCreate,
    status: 201,
    response: z.object({ user: UserView }),
  }),
  removeGrant: route({
    method: 'DELETE',
    path: '/api/grants/:id',
    permission: 'accounts.write',
    tag: '账号与授权',
    summary: '撤销一项授权',
    params: z.object({ id: id('授权') }),
    response: z.object({ user: UserView }),
  }),
} as const
