import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import type { BuiltinRoleCode, MemberCreateInput, MemberDetail } from '@xianfeng/contract'
import { createPiiCipher, piiKeysFromConfig } from '../../platform/crypto/pii.ts'
import { auditRows, createTestApp, login, makeOrgTree, makeUser, type OrgNode, type TestApp } from '../../../test/helpers.ts'
import { asOwner, call } from '../../../test/owner-db.ts'
import { createPersonPii } from './person-pii.ts'
import { makeIdNumber, makeMember, makePhone } from './people.factories.ts'

type Tree = Awaited<ReturnType<typeof makeOrgTree>>

describe('registering and keeping person records', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp()
  })

  /** A fresh tree and a user with `role` at its `own` org, logged in. */
  async function userAtOwn(role: BuiltinRoleCode = 'org_admin', tree?: Tree) {
    const orgs = tree ?? (await makeOrgTree(t.db))
    const user = await makeUser(t.db, { role, org: orgs.own })
    return { tree: orgs, session: await login(t.app, user.loginName, user.password) }
  }

  /** A full member born 1990-03-07, male, with a fresh ID number and phone. */
  function newMember(org: OrgNode, overrides: Partial<MemberCreateInput> = {}): MemberCreateInput {
    return {
      orgId: org.id,
      status: 'full',
      name: '陈建国',
      gender: '1',
      ethnicity: '01',
      birthDate: '1990-03-07',
      idNumber: makeIdNumber({ birthDate: '1990-03-07', gender: '1' }),
      phone: makePhone(),
      education: '14',
      occupation: '工程技术人员',
      workUnit: '武汉钢铁有限公司',
      post: '车间主任',
      appliedOn: '2012-03-01',
      activistOn: '2012-09-01',
      candidateOn: '2013-09-01',
      admittedOn: '2014-07-01',
      fullOn: '2015-07-01',
      ...overrides,
    }
  }

  const create = async (session: Awaited<ReturnType<typeof login>>, body: object) =>
    call(t.app, session, 'POST', '/api/members', body)
  const memberOf = (res: { json: () => unknown }) => (res.json() as { member: MemberDetail }).member

  describe('create and read back', () => {
    it('creates the person and the member in one step; the detail masks the ID number and phone', async () => {
      const { tree, session } = await userAtOwn()
      const body = newMember(tree.descendant, { phone: '+86 138-1234-5678' })
      const res = await create(session, body)
      expect(res.statusCode, res.body).toBe(201)
      const member = memberOf(res)
      expect(member).toMatchObject({
        name: '陈建国',
        gender: '1',
        ethnicity: '01',
        birthDate: '1990-03-07',
        idNumber: `**************${body.idNumber.slice(-4)}`,
        phone: '138****5678',
        education: '14',
        status: 'full',
        org: { id: tree.descendant.id, name: tree.descendant.name },
        admittedOn: '2014-07-01',
        fullOn: '2015-07-01',
        cadreRank: null,
        isInDifficulty: false,
        leftOn: null,
      })
      expect(member.statusHistory).toEqual([
        expect.objectContaining({ fromStatus: null, toStatus: 'full', effectiveOn: '2015-07-01', reason: '登记' }),
      ])
      // The org relation starts with the earliest date on record.
      expect(member.orgHistory).toEqual([
        {
          org: { id: tree.descendant.id, name: tree.descendant.name },
          validFrom: '2012-03-01',
          validTo: null,
          reason: '登记',
          documentNo: null,
        },
      ])

      const read = await call(t.app, session, 'GET', `/api/members/${member.personId}`)
      expect(read.statusCode).toBe(200)
      expect(memberOf(read)).toEqual(member)
      expect(read.body).not.toContain(body.idNumber)
      expect(read.body).not.toContain('13812345678')
    })

    it('stores no plaintext: the row holds ciphertext that opens to the number only under its own row’s context', async () => {
      const { tree, session } = await userAtOwn()
      const body = newMember(tree.own)
      const { personId } = memberOf(await create(session, body))
      const phone = body.phone!
      const row = await asOwner(t.url, async (c) => {
        const r = await c.query<{ text: string; id_number_enc: Buffer; phone_enc: Buffer; in_id: number; in_phone: number }>(
          `SELECT t::text AS text, id_number_enc, phone_enc,
                  position(convert_to($2, 'UTF8') IN id_number_enc) AS in_id,
                  position(convert_to($3, 'UTF8') IN phone_enc) AS in_phone
           FROM people t WHERE id = $1`,
          [personId, body.idNumber, phone],
        )
        return r.rows[0]!
      })
      expect(row.text).not.toContain(body.idNumber)
      expect(row.text).not.toContain(phone)
      // bytea renders as hex in a row's text: the number's bytes must not be there either
      expect(row.text).not.toContain(Buffer.from(body.idNumber).toString('hex'))
      expect(row.in_id).toBe(0)
      expect(row.in_phone).toBe(0)
      expect(row.id_number_enc.toString('latin1')).not.toContain(body.idNumber)

      const pii = createPersonPii(createPiiCipher(piiKeysFromConfig(t.config.encryptionKey)))
      expect(pii.openIdNumber(personId, row.id_number_enc)).toBe(body.idNumber)
      expect(pii.openPhone(personId, row.phone_enc)).toBe(phone)
      // A blob moved onto another person does not open.
      expect(() => pii.openIdNumber('00000000-0000-4000-8000-000000000000', row.id_number_enc)).toThrow(/校验失败/)
    })

    it('a dump of every table, the audit log included, contains no ID number or phone in any form', async () => {
      const { tree, session } = await userAtOwn('org_dept_admin')
      const body = newMember(tree.own)
      const { personId } = memberOf(await create(session, body))
      // Writes that carry PII through the audit log: an update and a reveal.
      const newPhone = makePhone()
      expect((await call(t.app, session, 'PATCH', `/api/members/${personId}`, { phone: newPhone })).statusCode).toBe(200)
      expect((await call(t.app, session, 'POST', `/api/members/${personId}/reveal`)).statusCode).toBe(200)
      // The member's own account asks for two phone changes (contact_change_requests): one approved
      // (so it reaches the record and the audit log), one left pending.
      const own = await makeUser(t.db, { role: 'member', org: tree.own })
      await t.db.updateTable('users').set({ person_id: personId }).where('id', '=', own.id).execute()
      const self = await login(t.app, own.loginName, own.password)
      expect((await call(t.app, self, 'GET', '/api/self/record')).json().record.phone).toBe(newPhone)
      expect((await call(t.app, self, 'POST', '/api/self/reveal')).statusCode).toBe(200)
      const [approvedPhone, pendingPhone] = [makePhone(), makePhone()]
      const asked = await call(t.app, self, 'POST', '/api/self/contact-requests', { phone: approvedPhone })
      const approve = `/api/contact-requests/${asked.json().request.id}/approve`
      expect((await call(t.app, session, 'POST', approve)).statusCode).toBe(200)
      expect((await call(t.app, self, 'POST', '/api/self/contact-requests', { phone: pendingPhone })).statusCode).toBe(201)

      const secrets = [body.idNumber, body.phone!, newPhone, approvedPhone, pendingPhone]
      const dump = await asOwner(t.url, async (c) => {
        const tables = await c.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
        )
        const parts: string[] = []
        for (const { table_name } of tables.rows) {
          const r = await c.query<{ s: string | null }>(
            `SELECT string_agg(t::text, ',') AS s FROM ${c.escapeIdentifier(table_name)} t`,
          )
          parts.push(r.rows[0]?.s ?? '')
        }
        return { all: parts.join('\n'), tables: tables.rows.map((r) => r.table_name) }
      })
      expect(dump.tables).toEqual(
        expect.arrayContaining(['people', 'members', 'audit_log', 'member_status_history', 'contact_change_requests']),
      )
      for (const secret of secrets) {
        expect(dump.all).not.toContain(secret)
        expect(dump.all).not.toContain(Buffer.from(secret).toString('hex'))
      }
      const audit = await asOwner(
        t.url,
        async (c) => (await c.query<{ s: string }>(`SELECT string_agg(t::text, ',') AS s FROM audit_log t`)).rows[0]!.s,
      )
      for (const secret of secrets) expect(audit).not.toContain(secret)
      expect(audit).toContain(`**************${body.idNumber.slice(-4)}`)
    })

    it('writes the audit row in the same transaction, with the ID number and phone masked', async () => {
      const { tree, session } = await userAtOwn()
      const body = newMember(tree.own, { phone: '13912340000' })
      const { personId } = memberOf(await create(session, body))
      const [row] = (await auditRows(t.db, 'members.member_created')).filter((r) => r.entity_id === personId)
      expect(row).toMatchObject({ entity_type: 'person', org_id: tree.own.id })
      expect(row!.after).toMatchObject({
        name: '陈建国',
        idNumber: `**************${body.idNumber.slice(-4)}`,
        phone: '139****0000',
        status: 'full',
        orgId: tree.own.id,
      })
    })

    it('outside the scope, or a missing person, is 404 alike; discipline officers may read but not write', async () => {
      const { tree, session } = await userAtOwn()
      const outside = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.sibling)
      const missing = await call(t.app, session, 'GET', '/api/members/00000000-0000-4000-8000-000000000000')
      expect(missing.statusCode).toBe(404)
      const res = await call(t.app, session, 'GET', `/api/members/${outside.id}`)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual(missing.json())
      expect((await create(session, newMember(tree.sibling))).statusCode).toBe(404)

      const discipline = await userAtOwn('discipline', tree)
      const inside = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.own)
      expect((await call(t.app, discipline.session, 'GET', `/api/members/${inside.id}`)).statusCode).toBe(200)
      expect((await create(discipline.session, newMember(tree.own))).statusCode).toBe(403)
    })
  })

  describe('ID number and cross-field checks', () => {
    it('a wrong check digit is a 400 naming 身份证号 and the check digit it should have', async () => {
      const { tree, session } = await userAtOwn()
      const res = await create(session, newMember(tree.own, { idNumber: '420106199003071239' }))
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toMatchObject({
        code: 'validation_failed',
        message: '身份证号校验码不正确（应为 8）',
        details: [{ field: 'idNumber', label: '身份证号', message: '身份证号校验码不正确（应为 8）' }],
      })
    })

    it('a birth date or gender that contradicts the ID number is a 400 on that field', async () => {
      const { tree, session } = await userAtOwn()
      const idNumber = makeIdNumber({ birthDate: '1990-03-07', gender: '1' })
      const birth = await create(session, newMember(tree.own, { idNumber, birthDate: '1990-07-03' }))
      expect(birth.statusCode).toBe(400)
      expect(birth.json().error).toMatchObject({
        message: '出生日期与身份证号不一致（身份证号中为 1990-03-07）',
        details: [{ field: 'birthDate', label: '出生日期' }],
      })
      const gender = await create(session, newMember(tree.own, { idNumber, gender: '2' }))
      expect(gender.statusCode).toBe(400)
      expect(gender.json().error.details).toEqual([
        { field: 'gender', label: '性别', message: '性别与身份证号不一致（身份证号中为 男）' },
      ])
    })

    it('accepts a 15-digit legacy number and keeps it as 18 digits; a lower-case x is upper-cased', async () => {
      const { tree, session } = await userAtOwn('org_dept_admin')
      const legacy = await create(
        session,
        newMember(tree.own, { idNumber: '420102750615123', birthDate: '1975-06-15', gender: '1', name: '刘旧号' }),
      )
      expect(legacy.statusCode, legacy.body).toBe(201)
      expect(memberOf(legacy).idNumber).toBe('**************1235')
      const revealed = await call(t.app, session, 'POST', `/api/members/${memberOf(legacy).personId}/reveal`)
      expect(revealed.json()).toMatchObject({ idNumber: '420102197506151235' })

      const lower = await create(
        session,
        newMember(tree.own, { idNumber: '11010519491231002x', birthDate: '1949-12-31', gender: '2', name: '王小写' }),
      )
      expect(lower.statusCode, lower.body).toBe(201)
      expect(memberOf(lower).idNumber).toBe('**************002X')
      const clear = await call(t.app, session, 'POST', `/api/members/${memberOf(lower).personId}/reveal`)
      expect(clear.json()).toMatchObject({ idNumber: '11010519491231002X' })
      // The same number written differently is the same number.
      const again = await create(
        session,
        newMember(tree.own, { idNumber: '１１０１０５１９４９１２３１００２Ｘ', birthDate: '1949-12-31', gender: '2' }),
      )
      expect(again.statusCode).toBe(409)
    })

    it('a number already registered in scope is a 409 naming the org and the person', async () => {
      const { tree, session } = await userAtOwn()
      const first = newMember(tree.descendant, { name: '赵重复' })
      expect((await create(session, first)).statusCode).toBe(201)
      const res = await create(session, newMember(tree.own, { idNumber: first.idNumber, name: '别人' }))
      expect(res.statusCode).toBe(409)
      expect(res.json().error).toMatchObject({
        code: 'conflict',
        message: `身份证号已登记在“${tree.descendant.name}”的赵重复名下`,
        details: [{ field: 'idNumber', label: '身份证号' }],
      })
    })

    it('a number registered outside the scope is a 409 that names neither the person nor the org', async () => {
      const { tree, session } = await userAtOwn()
      const elsewhere = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.otherCity, {
        name: '钱外人',
        birthDate: '1990-03-07',
        gender: '1',
      })
      const res = await create(session, newMember(tree.own, { idNumber: elsewhere.idNumber }))
      expect(res.statusCode).toBe(409)
      expect(res.json().error.message).toBe('身份证号已登记在其他组织')
      expect(res.body).not.toContain('钱外人')
      expect(res.body).not.toContain(tree.otherCity.name)
    })

    it('stage dates: the current stage needs its date, later stages may have none, and they follow in order', async () => {
      const { tree, session } = await userAtOwn()
      const noFull = await create(session, newMember(tree.own, { fullOn: undefined }))
      expect(noFull.statusCode).toBe(400)
      expect(noFull.json().error.details).toEqual([
        { field: 'fullOn', label: '转为正式党员日期', message: '正式党员须填写转为正式党员日期' },
      ])
      const early = await create(
        session,
        newMember(tree.own, { status: 'applicant', appliedOn: '2024-01-01', activistOn: '2024-06-01', candidateOn: undefined }),
      )
      expect(early.statusCode).toBe(400)
      expect(early.json().error.details[0]).toMatchObject({ field: 'activistOn' })
      const disorder = await create(session, newMember(tree.own, { admittedOn: '2016-01-01' }))
      expect(disorder.json().error.details).toEqual([
        expect.objectContaining({ field: 'fullOn', message: '转为正式党员日期不能早于入党日期（2016-01-01）' }),
      ])
    })

    it('other bad input is a 400 naming the field', async () => {
      const { tree, session } = await userAtOwn()
      const cases: [object, string][] = [
        [{ name: '' }, 'name'],
        [{ phone: '12812345678' }, 'phone'],
        [{ ethnicity: '99' }, 'ethnicity'],
        [{ education: '12' }, 'education'],
        [{ cadreRank: 'ministry' }, 'cadreRank'],
        [{ birthDate: '1990-02-30' }, 'birthDate'],
      ]
      for (const [override, field] of cases) {
        const res = await create(session, { ...newMember(tree.own), ...override })
        expect(res.statusCode, field).toBe(400)
        expect(res.json().error.details[0].field).toBe(field)
      }
    })
  })

  describe('updates', () => {
    it('changes the fields given, keeps the rest, and audits before and after with masked values', async () => {
      const { tree, session } = await userAtOwn()
      const body = newMember(tree.own, { phone: '13812345678' })
      const { personId } = memberOf(await create(session, body))
      const res = await call(t.app, session, 'PATCH', `/api/members/${personId}`, {
        phone: '13987654321',
        post: null,
        cadreRank: 'county',
        isInDifficulty: true,
        name: '曾建国',
      })
      expect(res.statusCode, res.body).toBe(200)
      expect(memberOf(res)).toMatchObject({
        name: '曾建国',
        phone: '139****4321',
        post: null,
        cadreRank: 'county',
        isInDifficulty: true,
        workUnit: '武汉钢铁有限公司',
      })
      const [row] = (await auditRows(t.db, 'members.member_updated')).filter((r) => r.entity_id === personId)
      expect(row!.before).toMatchObject({ phone: '138****5678', post: '车间主任', name: '陈建国' })
      expect(row!.after).toMatchObject({ phone: '139****4321', post: null, name: '曾建国' })
      expect(JSON.stringify([row!.before, row!.after])).not.toContain(body.idNumber)
      // the surname reading: 曾 is zeng
      const found = await call(t.app, session, 'GET', '/api/members?q=zengjianguo')
      expect(found.json().items.map((i: { personId: string }) => i.personId)).toEqual([personId])
    })

    it('checks the ID number, birth date and gender together as they will be', async () => {
      const { tree, session } = await userAtOwn()
      const { personId } = memberOf(await create(session, newMember(tree.own)))
      const birth = await call(t.app, session, 'PATCH', `/api/members/${personId}`, { birthDate: '1991-03-07' })
      expect(birth.statusCode).toBe(400)
      expect(birth.json().error.details).toEqual([
        { field: 'birthDate', label: '出生日期', message: '出生日期与身份证号不一致（身份证号中为 1990-03-07）' },
      ])
      // A new number with its matching birth date passes.
      const idNumber = makeIdNumber({ birthDate: '1991-03-07', gender: '1' })
      const both = await call(t.app, session, 'PATCH', `/api/members/${personId}`, { idNumber, birthDate: '1991-03-07' })
      expect(both.statusCode, both.body).toBe(200)
      expect(memberOf(both).idNumber).toBe(`**************${idNumber.slice(-4)}`)
    })

    it('refuses an ID number another person has, an empty change, and a person outside the scope', async () => {
      const { tree, session } = await userAtOwn()
      const a = newMember(tree.own, { name: '甲某' })
      await create(session, a)
      const { personId } = memberOf(await create(session, newMember(tree.own, { name: '乙某' })))
      const dup = await call(t.app, session, 'PATCH', `/api/members/${personId}`, { idNumber: a.idNumber })
      expect(dup.statusCode).toBe(409)
      expect(dup.json().error.message).toBe(`身份证号已登记在“${tree.own.name}”的甲某名下`)
      expect((await call(t.app, session, 'PATCH', `/api/members/${personId}`, {})).statusCode).toBe(400)
      const outside = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.sibling)
      expect((await call(t.app, session, 'PATCH', `/api/members/${outside.id}`, { post: '书记' })).statusCode).toBe(404)
    })

    it('corrects stage dates within the rules', async () => {
      const { tree, session } = await userAtOwn()
      const { personId } = memberOf(await create(session, newMember(tree.own)))
      const ok = await call(t.app, session, 'PATCH', `/api/members/${personId}`, { admittedOn: '2014-06-30' })
      expect(ok.statusCode, ok.body).toBe(200)
      expect(memberOf(ok).admittedOn).toBe('2014-06-30')
      const late = await call(t.app, session, 'PATCH', `/api/members/${personId}`, { admittedOn: '2016-01-01' })
      expect(late.statusCode).toBe(400)
      expect(late.json().error.details[0]).toMatchObject({ field: 'fullOn' })
      const cleared = await call(t.app, session, 'PATCH', `/api/members/${personId}`, { fullOn: null })
      expect(cleared.statusCode).toBe(400)
      expect(cleared.json().error.details[0]).toMatchObject({ field: 'fullOn', message: '正式党员须填写转为正式党员日期' })
    })
  })

  describe('revealing the ID number and phone', () => {
    it('is refused without people.reveal_pii (403, audited) and allowed with it, writing an audit row', async () => {
      const { tree, session } = await userAtOwn('org_admin')
      const m = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.own)
      const denied = await call(t.app, session, 'POST', `/api/members/${m.id}/reveal`)
      expect(denied.statusCode).toBe(403)
      expect(denied.json().error.message).toContain('查看完整的身份证号和手机号')
      const refusals = await auditRows(t.db, 'auth.request_denied')
      expect(refusals.some((r) => r.entity_id === 'POST /api/members/:personId/reveal')).toBe(true)
      expect((await auditRows(t.db, 'people.pii_revealed')).filter((r) => r.entity_id === m.id)).toEqual([])

      const dept = await userAtOwn('org_dept_admin', tree)
      const res = await call(t.app, dept.session, 'POST', `/api/members/${m.id}/reveal`)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ idNumber: m.idNumber, phone: m.phone })
      const rows = (await auditRows(t.db, 'people.pii_revealed')).filter((r) => r.entity_id === m.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ entity_type: 'person', org_id: tree.own.id, after: { fields: ['idNumber', 'phone'] } })
    })

    it('names only the fields there are, and is 404 outside the scope', async () => {
      const { tree, session } = await userAtOwn('sys_admin')
      const m = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.own, { phone: null })
      const res = await call(t.app, session, 'POST', `/api/members/${m.id}/reveal`)
      expect(res.json()).toEqual({ idNumber: m.idNumber, phone: null })
      const [row] = (await auditRows(t.db, 'people.pii_revealed')).filter((r) => r.entity_id === m.id)
      expect(row!.after).toEqual({ fields: ['idNumber'] })
      const outside = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.cityB)
      expect((await call(t.app, session, 'POST', `/api/members/${outside.id}/reveal`)).statusCode).toBe(404)
    })
  })

  it('the application role cannot delete a person, a member or their history', async () => {
    const { tree } = await userAtOwn()
    const m = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.own)
    for (const table of ['member_status_history', 'member_org_history', 'members', 'people']) {
      const column = table === 'people' ? 'id' : 'person_id'
      await expect(sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${m.id}`.execute(t.db)).rejects.toThrow(
        /permission denied/,
      )
    }
    await expect(sql`UPDATE member_status_history SET reason = 'x' WHERE person_id = ${m.id}`.execute(t.db)).rejects.toThrow(
      /permission denied/,
    )
  })
})
