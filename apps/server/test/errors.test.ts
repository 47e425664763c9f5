import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/platform/config.ts'
import { createDb } from '../src/platform/db.ts'
import { createLogger } from '../src/platform/logger.ts'
import { createTestApp, login, makeOrgTree, makeUser, type Session, type TestApp } from './helpers.ts'

const HAN = /\p{Script=Han}/u

describe('error answers', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let s: Session

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const admin = await makeUser(t.db, { role: 'sys_admin', org: tree.own })
    s = await login(t.app, admin.loginName, admin.password)
  })

  const validOrg = () => ({ parentId: tree.own.id, name: '第九党支部', kind: 'branch', level: 'grassroots' })

  describe('400 validation_failed names the field in Chinese', () => {
    const bodyCases: [string, (base: Record<string, unknown>) => Record<string, unknown>, string, string][] = [
      ['a one-character name', (b) => ({ ...b, name: '支' }), 'name', '组织名称至少 2 个字符'],
      ['a name of spaces only', (b) => ({ ...b, name: '    ' }), 'name', '组织名称至少 2 个字符'],
      ['a name of 101 characters', (b) => ({ ...b, name: '党'.repeat(101) }), 'name', '组织名称不能超过 100 个字符'],
      ['a numeric name', (b) => ({ ...b, name: 12345 }), 'name', '组织名称必须是文本'],
      ['no name', ({ name: _n, ...b }) => b, 'name', '组织名称'],
      ['an unknown kind', (b) => ({ ...b, kind: 'club' }), 'kind', '组织类别的取值不在允许范围内'],
      ['an unknown level', (b) => ({ ...b, level: 'planet' }), 'level', '组织层级的取值不在允许范围内'],
      ['a malformed parent id', (b) => ({ ...b, parentId: 'not-a-uuid' }), 'parentId', '上级组织的编号格式不正确'],
    ]
    it.each(bodyCases)('POST /api/orgs with %s', async (_label, change, field, message) => {
      const name = `校验测试${Math.random().toString(36).slice(2, 8)}`
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: s.headers,
        payload: change({ ...validOrg(), name }),
      })
      expect(res.statusCode, res.body).toBe(400)
      const { error } = res.json()
      expect(error.code).toBe('validation_failed')
      expect(error.message).toContain(message)
      expect(error.details[0].field).toBe(field)
      // Nothing was created.
      expect(await t.db.selectFrom('orgs').where('name', '=', name).select('id').execute()).toEqual([])
    })

    // GB/T 2260 codes: 2 (province), 4 (city), 6 (county), 9 (township) or 12 (village) digits.
    it.each([
      ['42', 201],
      ['4201', 201],
      ['420102', 201],
      ['420102001', 201],
      ['420102001001', 201],
      ['4', 400],
      ['420', 400],
      ['42010', 400],
      ['4201020', 400],
      ['42010200', 400],
      ['4201020010', 400],
      ['42010200100', 400],
      ['4201020010011', 400],
      ['42a1', 400],
    ])('division code %s → %i', async (divisionCode, status) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: s.headers,
        payload: { ...validOrg(), divisionCode },
      })
      expect(res.statusCode, res.body).toBe(status)
      if (status === 400)
        expect(res.json().error).toMatchObject({
          code: 'validation_failed',
          message: '行政区划代码应为 2、4、6、9 或 12 位数字',
          details: [{ field: 'divisionCode', label: '行政区划代码' }],
        })
    })

    it.each([
      ['GET', '/api/orgs/not-a-uuid', 'id', '组织的编号格式不正确'],
      ['PATCH', '/api/orgs/12345', 'id', '组织的编号格式不正确'],
      ['PATCH', '/api/users/abc', 'id', '账号的编号格式不正确'],
      ['GET', '/api/orgs/tree?parentId=xyz', 'parentId', '上级组织的编号格式不正确'],
      ['GET', '/api/orgs?q=', 'q', '请填写关键字'],
      ['GET', '/api/orgs?q=%E6%94%AF&limit=abc', 'limit', '条数必须是数字'],
      ['GET', '/api/orgs?q=%E6%94%AF&limit=500', 'limit', '条数不能大于 100'],
      ['GET', '/api/orgs?q=%E6%94%AF&limit=0', 'limit', '条数不能小于 1'],
    ])('%s %s', async (method, url, field, message) => {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: s.headers,
        ...(method === 'PATCH' && { payload: { shortName: '简称' } }),
      })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error).toMatchObject({ code: 'validation_failed', details: [{ field }] })
      expect(res.json().error.message).toContain(message)
    })

    it('a login without a name or password names what is missing', async () => {
      const noName = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { password: 'x' },
        remoteAddress: '10.9.0.1',
      })
      expect(noName.statusCode).toBe(400)
      expect(noName.json().error.message).toContain('登录名')
      const noPassword = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { loginName: 'someone', password: '' },
        remoteAddress: '10.9.0.1',
      })
      expect(noPassword.statusCode).toBe(400)
      expect(noPassword.json().error.message).toBe('请填写密码')
    })
  })

  describe('400 for a body that is not usable JSON', () => {
    it.each([
      ['broken JSON', 'application/json', '{"name": "第九党支部",', '请求内容不是有效的 JSON'],
      ['an empty JSON body', 'application/json', '', '请求内容不是有效的 JSON'],
      ['a form', 'application/x-www-form-urlencoded', 'name=%E7%AC%AC', '请求内容不是有效的 JSON'],
      ['plain text', 'text/plain', 'name=第九党支部', /^请求内容：/],
    ])('%s', async (_label, contentType, body, message) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: { ...s.headers, 'content-type': contentType },
        payload: body,
      })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.code).toBe('validation_failed')
      expect(res.json().error.message).toMatch(HAN)
      expect(res.json().error.message).toMatch(message)
    })

    it('a body over 1 MB', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: { ...s.headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...validOrg(), shortName: 'x'.repeat(1024 * 1024) }),
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toEqual({ code: 'validation_failed', message: '请求内容过大' })
    })
  })

  describe('404 for an unknown API path', () => {
    it.each([
      ['GET', '/api/nothing-here', '接口 GET /api/nothing-here 不存在'],
      ['POST', '/api/nowhere?phone=1', '接口 POST /api/nowhere 不存在'],
      ['DELETE', '/api/orgs', '接口 DELETE /api/orgs 不存在'],
    ])('%s %s', async (method, url, message) => {
      const res = await t.app.inject({ method: method as 'GET', url, headers: s.headers })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual({ error: { code: 'not_found', message } })
    })

    it('also without a session', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' })
      expect(res.statusCode).toBe(404)
      expect(res.json().error.message).toBe('接口 GET /api/nothing-here 不存在')
    })
  })
})

describe('500 for an unexpected failure', () => {
  // An app whose database cannot be reached: every query fails in a way no handler expects.
  let app: FastifyInstance
  const logs: string[] = []
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-errors-'))
  const { db } = createDb('postgres://nobody:nothing@127.0.0.1:1/none', { max: 1 })

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString('utf8'))
        done()
      },
    })
    app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }), db, log: createLogger('info', sink) })
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await db.destroy()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it.each([
    [
      'a login',
      { method: 'POST' as const, url: '/api/auth/login', payload: { loginName: 'someone', password: 'secret-pw-123' } },
    ],
    ['a request with a session cookie', { method: 'GET' as const, url: '/api/auth/me', headers: { cookie: 'xf_session=abc' } }],
  ])('%s answers only a Chinese message with the request id; the details go to the log', async (_label, req) => {
    const res = await app.inject(req)
    expect(res.statusCode).toBe(500)
    const requestId = res.headers['x-request-id'] as string
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.json()).toEqual({
      error: { code: 'internal', message: `服务器内部错误，请联系管理员并提供请求编号 ${requestId}`, requestId },
    })
    expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack|at /)

    const logged = logs.filter((l) => l.includes(requestId) && l.includes('"level":50'))
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain('unhandled error')
    expect(logged[0]).toContain('ECONNREFUSED')
  })
})
