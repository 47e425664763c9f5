import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { BodyOf, ParamsOf, QueryOf, ResponseOf, RouteDef } from '@xianfeng/contract'
import type { Actor, RequestContext } from '../auth/actor.ts'

export interface HandlerContext<R extends RouteDef> {
  /** The caller; null only on `public` routes. */
  actor: R['permission'] extends 'public' ? Actor | null : Actor
  ctx: RequestContext
  params: ParamsOf<R>
  query: QueryOf<R>
  body: BodyOf<R>
  req: FastifyRequest
  reply: FastifyReply
}

type Result<R extends RouteDef> = R['download'] extends true ? unknown : R['status'] extends 204 ? void : ResponseOf<R>

export interface RouteBinding {
  def: RouteDef
  handler: (c: HandlerContext<RouteDef>) => Promise<unknown>
}

/** Pairs a contract route with its handler; the app registers the pair (see registerRoutes). */
export const bind = <R extends RouteDef>(def: R, handler: (c: HandlerContext<R>) => Promise<Result<R>>): RouteBinding => ({
  def,
  handler: handler as unknown as RouteBinding['handler'],
})

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
  }
  interface FastifyContextConfig {
    route?: RouteDef
  }
}

export function registerRoutes(app: FastifyInstance, bindings: RouteBinding[]) {
  for (const binding of bindings.filter((b) => !b.def.upload)) registerOne(app, binding)
  // Uploads take the file's bytes as they come, whatever the content type the browser guessed from
  // the file name; the handler looks at the bytes themselves. Small files arrive as a Buffer held to
  // the route's size limit; `stream` uploads (large files) as the request stream, which the handler
  // reads and limits itself. Their own scopes keep every other route refusing bodies that are not JSON.
  for (const stream of [false, true]) {
    const uploads = bindings.filter((b) => b.def.upload && (b.def.upload.stream ?? false) === stream)
    if (uploads.length === 0) continue
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers()
      if (stream) scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload))
      else scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
      for (const binding of uploads) registerOne(scope, binding)
    })
  }
}

function registerOne(app: FastifyInstance, { def, handler }: RouteBinding) {
  const status = def.status ?? 200
  app.route({
    method: def.method,
    url: def.path,
    config: { route: def },
    ...(def.upload && !def.upload.stream && { bodyLimit: def.upload.maxBytes }),
    schema: {
      tags: [def.tag],
      summary: def.summary,
      description: `权限：\`${def.permission}\``,
      ...(def.params && { params: def.params }),
      ...(def.querystring && { querystring: def.querystring }),
      ...(def.body && { body: def.body }),
      ...(def.response && { response: { [status]: def.response } }),
    },
    handler: async (req, reply) => {
      const result = await handler({
        actor: req.actor as Actor,
        ctx: { requestId: req.id, ip: req.ip ?? null },
        params: req.params as never,
        query: req.query as never,
        body: req.body as never,
        req,
        reply,
      })
      if (def.download) return reply
      reply.code(status)
      return status === 204 ? reply.send() : result
    },
  })
}
