import type { FastifyReply, FastifyRequest } from 'fastify'
import { authApi } from '@xianfeng/contract'
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http/guard.ts'
import { bind } from '../../platform/http/route.ts'
import type { AuthService } from './auth.service.ts'

const cookieOptions = (req: FastifyRequest, httpOnly: boolean) => ({
  path: '/',
  httpOnly,
  sameSite: 'strict' as const,
  secure: req.protocol === 'https',
})

const setCookies = (req: FastifyRequest, reply: FastifyReply, token: string | null, csrf: string) => {
  if (token) reply.setCookie(SESSION_COOKIE, token, cookieOptions(req, true))
  reply.setCookie(CSRF_COOKIE, csrf, cookieOptions(req, false))
}

export const authRoutes = (auth: AuthService) => [
  bind(authApi.login, async ({ ctx, body, req, reply }) => {
    const { token, me } = await auth.login({ ...ctx, userAgent: req.headers['user-agent'] ?? null }, body)
    setCookies(req, reply, token, me.csrfToken)
    return { me }
  }),
  bind(authApi.logout, async ({ actor, reply }) => {
    await auth.logout(actor)
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' })
  }),
  bind(authApi.me, async ({ actor }) => ({ me: auth.toMe(actor) })),
  bind(authApi.changePassword, async ({ actor, body, req }) => ({
    me: await auth.changePassword(actor, body, req.cookies[SESSION_COOKIE] ?? ''),
  })),
  bind(authApi.switchScope, async ({ actor, body, req }) => ({
    me: await auth.switchScope(actor, body.grantId, req.cookies[SESSION_COOKIE] ?? ''),
  })),
]
