import type { FastifyInstance } from 'fastify'
import { PERMISSIONS, type Permission } from '@xianfeng/contract'
import type { SessionStore } from '../auth/sessions.ts'
import { forbidden, unauthenticated } from '../errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The session store the guard resolves sessions with. */
    sessions: SessionStore
  }
}

export const SESSION_COOKIE = 'xf_session'
export const CSRF_COOKIE = 'xf_csrf'
export const CSRF_HEADER = 'x-csrf-token'

// Routes a user who must change their password may still call.
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password'])

/**
 * Runs before every handler: resolves the session, then enforces the route's declared permission,
 * CSRF on state-changing requests, and the forced password change. The error handler audits
 * every denial.
 */
export function installGuard(app: FastifyInstance, deps: { sessions: SessionStore }) {
  app.decorateRequest('actor', null)
  app.decorate('sessions', deps.sessions)

  // An API route that did not come from the contract has no declared permission: refuse to start.
  app.addHook('onRoute', (opts) => {
    const url = opts.url ?? ''
    if (url.startsWith('/api/') && !url.startsWith('/api/docs') && !opts.config?.route)
      throw new Error(`路由 ${String(opts.method)} ${url} 没有在接口契约中声明权限`)
  })

  // A request that may have changed a session, a user, a grant, a role or an org answers only once
  // this process has applied what it changed: the caller's next request — to this process — meets the
  // new state, not a copy of the old one. (Other processes apply it as its notification arrives.)
  app.addHook('onSend', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || !req.routeOptions.config.route) return
    await deps.sessions.caughtUp()
  })

  app.addHook('preHandler', async (req) => {
    const route = req.routeOptions.config.route
    if (!route) return // static files, docs
    const token = req.cookies[SESSION_COOKIE]
    const session = token ? await deps.sessions.resolve(token) : null
    if (session) req.actor = { ...session, requestId: req.id, ip: req.ip ?? null, sessionTokenHash: session.tokenHash }
    if (route.permission === 'public') return
    const actor = req.actor
    if (!actor) throw unauthenticated(token ? '登录已过期，请重新登录' : '请先登录')
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers[CSRF_HEADER] !== actor.csrfToken)
      throw forbidden('安全校验失败（CSRF 令牌缺失或不符），请刷新页面后重试')
    if (actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(route.path)) throw forbidden('请先修改密码后再继续使用')
    if (route.permission === 'authenticated') return
    if (!actor.grant?.permissions.includes(route.permission as Permission))
      throw forbidden(
        `您当前的角色${actor.grant ? `（${actor.grant.roleName}）` : ''}没有“${PERMISSIONS[route.permission as Permission]}”的权限`,
      )
  })
}
