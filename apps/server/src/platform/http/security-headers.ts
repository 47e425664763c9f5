import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * helmet's security headers (CSP, HSTS, X-Content-Type-Options…) on every response, worked out once at
 * start: they depend on the options only. (@fastify/helmet builds helmet's middleware anew for each
 * request, parsing the options every time — about 4% of a member GET.)
 */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const headers: Record<string, string> = {}
  const collector = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value)
    },
    // helmet removes X-Powered-By, which Fastify never sets
    removeHeader: () => undefined,
  }
  helmet(options)({} as IncomingMessage, collector as unknown as ServerResponse, () => undefined)
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers)
    done()
  })
}
