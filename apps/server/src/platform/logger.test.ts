import { Writable } from 'node:stream'
import type { InjectOptions } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { cookieOf, createTestApp, makeOrgTree, makeUser, type TestApp } from '../../test/helpers.ts'
import { createLogger, scrubText } from './logger.ts'

// Planted values: none may ever reach the log.
const ID_NUMBER = '42010219900307123X'
const ID_NUMBER_OLD = '420102900307123' // the 15-digit first-generation format
const PHONE = '13912345678'
const PASSWORD = 'Plant-Secret-pw-7319'

function capture() {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'))
      done()
    },
  })
  return { log: createLogger('info', sink), text: () => lines.join('') }
}

describe('scrubText', () => {
  it.each([
    [`身份证号${ID_NUMBER}重复`, '身份证号[身份证号已隐藏]重复'],
    ['id=42010219900307123x&x=1', 'id=[身份证号已隐藏]&x=1'],
    [`旧证件 ${ID_NUMBER_OLD}`, '旧证件 [身份证号已隐藏]'],
    [`/api/members?phone=${PHONE}`, '/api/members?phone=[手机号已隐藏]'],
    [`张三 ${PHONE}，李四 15800001111`, '张三 [手机号已隐藏]，李四 [手机号已隐藏]'],
    [`电话${PHONE}身份证${ID_NUMBER}`, '电话[手机号已隐藏]身份证[身份证号已隐藏]'],
  ])('masks %s', (input, expected) => {
    expect(scrubText(input)).toBe(expected)
  })

  it.each([
    ['a millisecond timestamp', '1795792667700'],
    ['a request id', 'ebab7fd0-d17c-4764-9b66-81db5f590b6c'],
    ['a landline', '027-87654321'],
    ['a number that only looks like a phone (12 digits)', '139123456789'],
    ['a 19-digit card number', '6222021234567890123'],
    ['an 11-digit number not starting 13–19', '12912345678'],
    ['plain Chinese text', '甲市委组织部 2024 年度报告'],
  ])('leaves %s alone', (_label, input) => {
    expect(scrubText(input)).toBe(input)
  })
})

describe('createLogger', () => {
  it('blanks personal fields of logged objects, at the top and one level down', () => {
    const { log, text } = capture()
    log.info({ password: PASSWORD, idNumber: ID_NUMBER, phone: PHONE, token: 'tok-abcdefghijkl' }, 'top level')
    log.info(
      {
        member: { idNumber: ID_NUMBER, phone: PHONE },
        body: { password: PASSWORD, newPassword: PASSWORD, currentPassword: PASSWORD },
      },
      'nested',
    )
    const out = text()
    for (const secret of [PASSWORD, ID_NUMBER, PHONE, 'tok-abcdefghijkl']) expect(out).not.toContain(secret)
    expect(out).toContain('[已隐藏]')
    expect(out).toContain('nested')
  })

  it('scrubs ID numbers and phones in free-text messages', () => {
    const { log, text } = capture()
    log.warn(`导入第 3 行：身份证号 ${ID_NUMBER} 与手机 ${PHONE} 已存在`)
    log.info({ n: 1 }, `查询 ${PHONE}`)
    const out = text()
    expect(out).not.toContain(ID_NUMBER)
    expect(out).not.toContain(PHONE)
    expect(out).toContain('[身份证号已隐藏]')
    expect(out).toContain('[手机号已隐藏]')
  })

  it('scrubs ID numbers and phones in the message of a logged error', () => {
    // An unhandled error is logged as { err } (error-handler.ts); a database error quotes the values it refused.
    const { log, text } = capture()
    const err = Object.assign(new Error(`duplicate key value violates unique constraint: (id_number)=(${ID_NUMBER})`), {
      detail: `Key (phone)=(${PHONE}) already exists.`,
    })
    log.error({ err }, 'unhandled error')
    const out = text()
    expect(out).toContain('unhandled error')
    expect(out).not.toContain(ID_NUMBER)
    expect(out).not.toContain(PHONE)
  })
})

const SECRETS: [string, string][] = [
  ['ID number', ID_NUMBER],
  ['ID number (lower-case x)', ID_NUMBER.toLowerCase()],
  ['old ID number', ID_NUMBER_OLD],
  ['phone', PHONE],
  ['password', PASSWORD],
]

/** The labels of the secrets found in the lines, with the offending lines in the failure message. */
function expectNoLeaks(lines: string[], extra: [string, string][] = []) {
  const secrets = [...SECRETS, ...extra]
  const text = lines.join('')
  const leaks = secrets.filter(([, v]) => text.includes(v)).map(([label]) => label)
  const offending = lines.filter((l) => secrets.some(([, v]) => l.includes(v)))
  expect(leaks, `leaked into the log:\n${offending.join('')}`).toEqual([])
}

describe('the app never logs personal data, passwords or session secrets', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  const nosy = {
    'user-agent': `Mozilla/5.0 (手机 ${PHONE}; 身份证 ${ID_NUMBER})`,
    referer: `http://localhost/members?phone=${PHONE}&idNumber=${ID_NUMBER}`,
    'x-forwarded-for': PHONE,
    'x-note': `${ID_NUMBER} ${PHONE} ${PASSWORD}`,
    authorization: `Bearer ${PASSWORD}`,
  }

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
  })

  it('keeps planted ID numbers, phones, passwords, cookies and tokens out of every log line', async () => {
    const start = t.logs.length
    const user = await makeUser(t.db, { role: 'sys_admin', org: tree.own, password: PASSWORD })
    let requests = 0
    const send = async (opts: InjectOptions) => {
      requests++
      return t.app.inject(opts)
    }

    // Logins: failed ones with personal data as the name, then a real one.
    await send({ method: 'POST', url: '/api/auth/login', headers: nosy, payload: { loginName: PHONE, password: ID_NUMBER } })
    await send({ method: 'POST', url: '/api/auth/login', headers: nosy, payload: { loginName: ID_NUMBER, password: PASSWORD } })
    const ok = await send({
      method: 'POST',
      url: '/api/auth/login',
      headers: nosy,
      payload: { loginName: user.loginName, password: PASSWORD },
    })
    expect(ok.statusCode).toBe(200)
    const token = cookieOf(ok, 'xf_session')!
    const csrf = cookieOf(ok, 'xf_csrf')!
    expect(token.length).toBeGreaterThan(20)
    const session = { ...nosy, cookie: `xf_session=${token}; xf_csrf=${csrf}`, 'x-csrf-token': csrf }

    // Query strings.
    expect((await send({ method: 'GET', url: `/api/orgs?q=${ID_NUMBER}`, headers: session })).statusCode).toBe(200)
    await send({ method: 'GET', url: `/api/orgs?q=${PHONE}&limit=5`, headers: session })
    await send({ method: 'GET', url: `/api/users?q=${ID_NUMBER_OLD}`, headers: session })
    // Path segments: a malformed id (400) and an unknown route (404).
    expect((await send({ method: 'GET', url: `/api/orgs/${ID_NUMBER}`, headers: session })).statusCode).toBe(400)
    expect(
      (await send({ method: 'GET', url: `/api/members/${PHONE}/detail?idNumber=${ID_NUMBER}`, headers: session })).statusCode,
    ).toBe(404)
    // Bodies that fail validation, and one that is not JSON at all.
    const invalid = await send({
      method: 'POST',
      url: '/api/orgs',
      headers: session,
      payload: {
        parentId: tree.own.id,
        name: 'x',
        kind: 'branch',
        level: 'grassroots',
        idNumber: ID_NUMBER,
        phone: PHONE,
        password: PASSWORD,
      },
    })
    expect(invalid.statusCode).toBe(400)
    const broken = await send({
      method: 'POST',
      url: '/api/orgs',
      headers: { ...session, 'content-type': 'application/json' },
      payload: `{"name":"${ID_NUMBER}","phone":"${PHONE}",`,
    })
    expect(broken.statusCode).toBe(400)
    expect(
      (
        await send({
          method: 'POST',
          url: '/api/auth/password',
          headers: session,
          payload: { currentPassword: PASSWORD, newPassword: PHONE.repeat(30) },
        })
      ).statusCode,
    ).toBe(400)
    expect(
      (
        await send({
          method: 'POST',
          url: '/api/auth/password',
          headers: session,
          payload: { currentPassword: `${PASSWORD}-wrong`, newPassword: ID_NUMBER },
        })
      ).statusCode,
    ).toBe(400)
    expect(
      (
        await send({
          method: 'POST',
          url: '/api/auth/password',
          headers: session,
          payload: { currentPassword: PASSWORD, newPassword: PASSWORD },
        })
      ).statusCode,
    ).toBe(400)
    // A request refused for its CSRF token, then a clean logout.
    expect(
      (
        await send({
          method: 'POST',
          url: '/api/auth/scope',
          headers: { ...session, 'x-csrf-token': PASSWORD },
          payload: { grantId: user.grantId },
        })
      ).statusCode,
    ).toBe(403)
    expect((await send({ method: 'POST', url: '/api/auth/logout', headers: session })).statusCode).toBe(204)

    const lines = t.logs.slice(start)
    // The log saw every request, and masked the URLs (so the check below is about content, not silence) …
    expect(lines.filter((l) => l.includes('"incoming request"'))).toHaveLength(requests)
    expect(lines.join('')).toContain('[身份证号已隐藏]')
    expect(lines.join('')).toContain('[手机号已隐藏]')
    // … and kept every secret out.
    expectNoLeaks(lines, [
      ['session token', token],
      ['CSRF token', csrf],
    ])
  })

  it('masks an ID number or phone typed after Chinese text in a search box (percent-encoded in the URL)', async () => {
    const user = await makeUser(t.db, { role: 'sys_admin', org: tree.own })
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { loginName: user.loginName, password: user.password },
    })
    const headers = { cookie: `xf_session=${cookieOf(ok, 'xf_session')}` }
    const start = t.logs.length
    for (const q of [`张三${PHONE}`, `身份证${ID_NUMBER}`, `电话：${PHONE}`]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/orgs?q=${encodeURIComponent(q)}`, headers })
      expect(res.statusCode).toBe(200)
    }
    const lines = t.logs.slice(start)
    expect(lines.filter((l) => l.includes('"incoming request"'))).toHaveLength(3)
    expectNoLeaks(lines)
  })
})
