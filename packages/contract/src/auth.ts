import { id, text, z } from './zod.ts'
import { route } from './route.ts'

export const GrantView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  roleCode: z.string(),
  roleName: z.string(),
  permissions: z.array(z.string()),
})
export type GrantView = z.infer<typeof GrantView>

export const PasswordPolicy = z.object({
  minLength: z.int(),
  requireThreeClasses: z.boolean(),
  maxAgeDays: z.int().nullable(),
})
export type PasswordPolicy = z.infer<typeof PasswordPolicy>

export const Me = z.object({
  id: z.uuid(),
  loginName: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  /** The person record this account belongs to (member self-service), if any. */
  personId: z.uuid().nullable(),
  currentGrant: GrantView.nullable(),
  grants: z.array(GrantView),
  passwordPolicy: PasswordPolicy,
  csrfToken: z.string(),
})
export type Me = z.infer<typeof Me>

export const LOGIN_NAME_PATTERN = /^[A-Za-z0-9._-]+$/

// ASCII only: the database compares login names case-insensitively (citext), and for ASCII that
// agrees with every other place a name is lower-cased, lockout counters included.
export const loginName = text('登录名', { max: 64, min: 3 }).regex(
  LOGIN_NAME_PATTERN,
  '登录名只能包含英文字母、数字、点、下划线和短横线',
)

export const LoginBody = z.object({
  loginName,
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(256, '密码不能超过 256 个字符').meta({ title: '密码' }),
})
export type LoginBody = z.infer<typeof LoginBody>

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1, '请填写当前密码').max(256, '当前密码不能超过 256 个字符').meta({ title: '当前密码' }),
  newPassword: z.string().min(1, '请填写新密码').max(256, '新密码不能超过 256 个字符').meta({ title: '新密码' }),
})
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>

export const authApi = {
  login: route({
    method: 'POST',
    path: '/api/auth/login',
    permission: 'public',
    tag: '登录',
    summary: '登录：成功后设置会话 Cookie，返回当前用户和 CSRF 令牌',
    body: LoginBody,
    response: z.object({ me: Me }),
  }),
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    permission: 'authenticated',
    tag: '登录',
    summary: '退出登录并注销会话',
    status: 204,
  }),
  me: route({
    method: 'GET',
    path: '/api/auth/me',
    permission: 'authenticated',
    tag: '登录',
    summary: '当前用户、授权和当前范围',
    response: z.object({ me: Me }),
  }),
  changePassword: route({
    method: 'POST',
    path: '/api/auth/password',
    permission: 'authenticated',
    tag: '登录',
    summary: '修改本人密码',
    body: ChangePasswordBody,
    response: z.object({ me: Me }),
  }),
  switchScope: route({
    method: 'POST',
    path: '/api/auth/scope',
    permission: 'authenticated',
    tag: '登录',
    summary: '切换当前授权范围（在本人的授权之间）',
    body: z.object({ grantId: id('授权') }),
    response: z.object({ me: Me }),
  }),
} as const
