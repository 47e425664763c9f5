import { beforeAll, describe, expect, it } from 'vitest'
import { ALL_ROUTES } from '@xianfeng/contract'
import { createTestApp, type TestApp } from './helpers.ts'

describe('rate limit on routes without login', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '5' })
  })

  it('every public route is limited per IP and answers 429 in Chinese past the limit', async () => {
    const publicRoutes = ALL_ROUTES.filter((r) => r.permission === 'public')
    expect(publicRoutes.length).toBeGreaterThan(0)
    // One address per route: the limit counts an address's requests to all of them together.
    for (const [r, route] of publicRoutes.entries()) {
      const ip = (last: number) => `10.1.${r + 1}.${last}`
      let n = 0
      const send = (ip: string) =>
        t.app.inject({
          method: route.method,
          url: route.path,
          remoteAddress: ip,
          ...(route.method !== 'GET' && { payload: { loginName: `someone${n++}`, password: 'y' } }),
        })
      for (let i = 0; i < 5; i++) expect((await send(ip(1))).statusCode).not.toBe(429)
      const limited = await send(ip(1))
      expect(limited.statusCode).toBe(429)
      expect(limited.json().error).toMatchObject({ code: 'rate_limited', message: '请求过于频繁，请稍后再试' })
      // Another address is not affected.
      expect((await send(ip(2))).statusCode).not.toBe(429)
    }
  })

  it('routes behind login are not limited by it', async () => {
    for (let i = 0; i < 8; i++)
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: '10.1.200.3' })).statusCode).toBe(401)
  })
})

describe('rate limit on the API docs and unknown API paths', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' })
  })

  it('limits /api/docs and unknown /api paths per IP, in Chinese', async () => {
    for (const url of ['/api/docs/json', '/api/no-such-thing']) {
      const ip = url.length > 15 ? '10.2.0.1' : '10.2.0.2'
      for (let i = 0; i < 3; i++) expect((await t.app.inject({ url, remoteAddress: ip })).statusCode).not.toBe(429)
      const limited = await t.app.inject({ url, remoteAddress: ip })
      expect(limited.statusCode).toBe(429)
      expect(limited.json().error.code).toBe('rate_limited')
    }
  })
})
