import { beforeAll, describe, expect, it } from 'vitest'
import type {
  BuiltinRoleCode,
  ContactRequestView,
  MemberDetail,
  OwnContactRequest,
  OwnStudyLedger,
  UserView,
} from '@xianfeng/contract'
import { todayInChina } from '../../platform/calendar.ts'
import { auditRows, createTestApp, login, makeOrgTree, makeUser, type OrgNode, type TestApp } from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'
import { makeMember, makePhone, type MakeMemberOptions } from '../people/people.factories.ts'

type Tree = Awaited<ReturnType<typeof makeOrgTree>>
type Session = Awaited<ReturnType<typeof login>>

// The smallest files that are what they claim: a PNG signature and a JPEG start-of-image marker.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test-image')])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-test-image'), Buffer.from([0xff, 0xd9])])
const GIF = Buffer.from('GIF89a-not-a-photo')

describe('member self-service, contact-change approval and photos', () => {
  let t: TestApp
  let tree: Tree
  /** An officer with members.write at `own` (org_admin), logged in. */
  let officer: Session

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    officer = await userAt('org_admin', tree.own)
  })

  async function userAt(role: BuiltinRoleCode, org: OrgNode) {
    const user = await makeUser(t.db, { role, org })
    return login(t.app, user.loginName, user.password)
  }

  /** A member at `org` with their own account (role `member` at their branch), logged in. */
  async function linkedMember(org: OrgNode, opts: MakeMemberOptions & { role?: BuiltinRoleCode } = {}) {
    const person = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, opts)
    const user = await makeUser(t.db, { role: opts.role ?? 'member', org })
    await t.db.updateTable('users').set({ person_id: person.id }).where('id', '=', user.id).execute()
    return { person, user, session: await login(t.app, user.loginName, user.password) }
  }

  const recordOf = async (s: Session) => {
    const res = await call(t.app, s, 'GET', '/api/self/record')
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as { record: MemberDetail }).record
  }
  const ask = (s: Session, body: object) => call(t.app, s, 'POST', '/api/self/contact-requests', body)
  const requestOf = (res: { json: () => unknown }) => (res.json() as { request: OwnContactRequest }).request
  const officerView = (res: { json: () => unknown }) => (res.json() as { request: ContactRequestView }).request
  const pendingList = async (s: Session) =>
    ((await call(t.app, s, 'GET', '/api/contact-requests')).json() as { items: ContactRequestView[] }).items

  describe('linking an account to a person', () => {
    it('an account administrator creates a member’s own account for a person in scope; the login knows its person', async () => {
      const admin = await userAt('org_dept_admin', tree.own)
      const person = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.descendant)
      const roleId = (await t.db.selectFrom('roles').where('code', '=', 'member').select('id').executeTakeFirstOrThrow()).id
      const body = { loginName: `self_${person.id.slice(0, 8)}`, displayName: person.name, roleId, orgId: tree.descendant.id }
      const res = await call(t.app, admin, 'POST', '/api/users', { ...body, personId: person.id })
      expect(res.statusCode, res.body).toBe(201)
      const { user, initialPassword } = res.json() as { user: UserView; initialPassword: string }
      expect(user.person).toEqual({ id: person.id, name: person.name })
      const [row] = (await auditRows(t.db, 'accounts.user_created')).filter((r) => r.entity_id === user.id)
      expect(row!.after).toMatchObject({ person: { id: person.id, name: person.name } })

      const me = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { loginName: body.loginName, password: initialPassword },
      })
      expect(me.json().me).toMatchObject({ personId: person.id, mustChangePassword: true })

      // One account per person.
      const again = await call(t.app, admin, 'POST', '/api/users', {
        ...body,
        loginName: `${body.loginName}_2`,
        personId: person.id,
      })
      expect(again.statusCode).toBe(409)
      expect(again.json().error.message).toBe(`${person.name}已有账号“${body.loginName}”，一人只能有一个账号`)
    })

    it('links and unlinks an existing account (audited); refuses a person outside the scope, a bad id and a role without accounts.write', async () => {
      const admin = await userAt('org_dept_admin', tree.own)
      const person = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.own)
      const account = await makeUser(t.db, { role: 'member', org: tree.own })
      const url = `/api/users/${account.id}/person`

      const linked = await call(t.app, admin, 'PUT', url, { personId: person.id })
      expect(linked.statusCode, linked.body).toBe(200)
      expect((linked.json() as { user: UserView }).user.person).toEqual({ id: person.id, name: person.name })
      expect((await auditRows(t.db, 'accounts.person_linked')).filter((r) => r.entity_id === account.id)).toHaveLength(1)

      const outside = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.sibling)
      expect((await call(t.app, admin, 'PUT', url, { personId: outside.id })).statusCode).toBe(404)
      const bad = await call(t.app, admin, 'PUT', url, { personId: 'x' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.message).toBe('关联党员的编号格式不正确')
      expect((await call(t.app, officer, 'PUT', url, { personId: person.id })).statusCode).toBe(403)

      const unlinked = await call(t.app, admin, 'DELETE', url)
      expect(unlinked.statusCode).toBe(200)
      expect((unlinked.json() as { user: UserView }).user.person).toBeNull()
      expect((await auditRows(t.db, 'accounts.person_unlinked')).filter((r) => r.entity_id === account.id)).toHaveLength(1)
      expect((await call(t.app, admin, 'DELETE', url)).statusCode).toBe(422)
    })
  })

  describe('my record', () => {
    it('shows the member their own record: phone in full, ID number masked, with history', async () => {
      const { person, session } = await linkedMember(tree.descendant, { phone: '13712345678' })
      const record = await recordOf(session)
      expect(record).toMatchObject({
        personId: person.id,
        name: person.name,
        phone: '13712345678',
        idNumber: `**************${person.idNumber.slice(-4)}`,
        status: 'full',
        org: { id: tree.descendant.id, name: tree.descendant.name },
        photo: null,
      })
      expect(record.statusHistory).toHaveLength(1)
      expect(record.orgHistory).toHaveLength(1)
      // the same person through the registry is masked as ever
      const registry = await call(t.app, officer, 'GET', `/api/members/${person.id}`)
      expect((registry.json() as { member: MemberDetail }).member.phone).toBe('137****5678')
    })

    it('reveals the member’s own ID number to them, audited', async () => {
      const { person, session } = await linkedMember(tree.own)
      const res = await call(t.app, session, 'POST', '/api/self/reveal')
      expect(res.json()).toEqual({ idNumber: person.idNumber })
      const rows = (await auditRows(t.db, 'people.pii_revealed')).filter((r) => r.entity_id === person.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ org_id: tree.own.id, after: { fields: ['idNumber'], own: true } })
      expect(JSON.stringify(rows[0])).not.toContain(person.idNumber)
    })

    it('an account without a person gets a 404 that says so; a member cannot read anyone else’s record', async () => {
      const plain = await userAt('member', tree.own)
      const res = await call(t.app, plain, 'GET', '/api/self/record')
      expect(res.statusCode).toBe(404)
      expect(res.json().error.message).toContain('您的账号没有关联党员档案')
      expect((await call(t.app, plain, 'GET', '/api/self/contact-requests')).statusCode).toBe(404)

      const { session } = await linkedMember(tree.own)
      const other = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.own)
      expect((await call(t.app, session, 'GET', `/api/members/${other.id}`)).statusCode).toBe(403)
      expect((await call(t.app, session, 'POST', `/api/members/${other.id}/reveal`)).statusCode).toBe(403)
      expect((await call(t.app, session, 'GET', `/api/members/${other.id}/photo`)).statusCode).toBe(403)
    })
  })

  describe('contact-change requests', () => {
    it('a member asks; the officer in scope sees it masked and approves; the record changes in the same step, audited', async () => {
      const { person, session } = await linkedMember(tree.descendant, { phone: '13700000001' })
      const res = await ask(session, { phone: '+86 139-0000-0002', note: '换了新号码' })
      expect(res.statusCode, res.body).toBe(201)
      const request = requestOf(res)
      expect(request).toMatchObject({ phone: '13900000002', status: 'pending', note: '换了新号码', decidedAt: null })
      const [asked] = (await auditRows(t.db, 'self_service.contact_change_requested')).filter((r) => r.entity_id === request.id)
      expect(asked).toMatchObject({ org_id: tree.descendant.id, after: { personId: person.id, phone: '139****0002' } })

      const todo = (await pendingList(officer)).find((r) => r.id === request.id)
      expect(todo).toMatchObject({
        person: { id: person.id, name: person.name },
        org: { id: tree.descendant.id },
        currentPhone: '137****0001',
        phone: '139****0002',
        status: 'pending',
        isOwn: false,
      })
      // Nobody outside the branch's subtree sees it.
      const sibling = await userAt('org_admin', tree.sibling)
      expect((await pendingList(sibling)).map((r) => r.id)).not.toContain(request.id)

      const approved = await call(t.app, officer, 'POST', `/api/contact-requests/${request.id}/approve`)
      expect(approved.statusCode, approved.body).toBe(200)
      expect(officerView(approved)).toMatchObject({ status: 'approved', phone: '139****0002', currentPhone: '139****0002' })
      expect((await recordOf(session)).phone).toBe('13900000002')
      const [own] = ((await call(t.app, session, 'GET', '/api/self/contact-requests')).json() as { items: OwnContactRequest[] })
        .items
      expect(own).toMatchObject({ id: request.id, status: 'approved', phone: '13900000002' })
      expect(own!.decidedBy).toMatch(/^测试用户/)

      const updated = (await auditRows(t.db, 'members.member_updated')).filter((r) => r.entity_id === person.id)
      expect(updated).toHaveLength(1)
      expect(updated[0]).toMatchObject({
        before: { phone: '137****0001' },
        after: { phone: '139****0002', via: { contactChangeRequestId: request.id } },
      })
      const [decided] = (await auditRows(t.db, 'self_service.contact_change_approved')).filter((r) => r.entity_id === request.id)
      expect(decided).toMatchObject({ org_id: tree.descendant.id, after: { status: 'approved', phone: '139****0002' } })

      // decided once only
      const twice = await call(t.app, officer, 'POST', `/api/contact-requests/${request.id}/approve`)
      expect(twice.statusCode).toBe(422)
      expect(twice.json().error.message).toBe('该申请已通过，不能再处理')
    })

    it('refuses bad input naming the field, the same phone, a second open request, and a member who has left', async () => {
      const { session } = await linkedMember(tree.own, { phone: '13800000011' })
      const bad = await ask(session, { phone: '1380000' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error).toMatchObject({
        message: '新手机号应为 11 位数字，现为 7 位',
        details: [{ field: 'phone', label: '新手机号' }],
      })
      expect((await ask(session, {})).json().error.message).toBe('请填写新手机号')
      const long = await ask(session, { phone: makePhone(), note: '很'.repeat(201) })
      expect(long.json().error.message).toBe('说明不能超过 200 个字符')
      const same = await ask(session, { phone: '138 0000 0011' })
      expect(same.statusCode).toBe(400)
      expect(same.json().error.details).toEqual([{ field: 'phone', label: '新手机号', message: '新手机号与档案中的手机号相同' }])

      expect((await ask(session, { phone: makePhone() })).statusCode).toBe(201)
      const second = await ask(session, { phone: makePhone() })
      expect(second.statusCode).toBe(409)
      expect(second.json().error.message).toContain('您已有一份待审批的申请')

      const left = await linkedMember(tree.own)
      await t.db
        .updateTable('members')
        .set({ status: 'left', left_on: '2024-01-01', left_reason: 'deceased' })
        .where('person_id', '=', left.person.id)
        .execute()
      expect((await ask(left.session, { phone: makePhone() })).statusCode).toBe(422)
    })

    it('the member withdraws an open request and may ask again; nobody else can withdraw it', async () => {
      const { session } = await linkedMember(tree.own)
      const request = requestOf(await ask(session, { phone: makePhone() }))
      const stranger = await linkedMember(tree.own)
      expect((await call(t.app, stranger.session, 'POST', `/api/self/contact-requests/${request.id}/withdraw`)).statusCode).toBe(
        404,
      )
      const res = await call(t.app, session, 'POST', `/api/self/contact-requests/${request.id}/withdraw`)
      expect(res.statusCode).toBe(200)
      expect(requestOf(res).status).toBe('withdrawn')
      expect(
        (await auditRows(t.db, 'self_service.contact_change_withdrawn')).filter((r) => r.entity_id === request.id),
      ).toHaveLength(1)
      expect((await call(t.app, officer, 'POST', `/api/contact-requests/${request.id}/approve`)).statusCode).toBe(422)
      expect((await ask(session, { phone: makePhone() })).statusCode).toBe(201)
    })

    it('rejecting needs a reason; the member sees the decision and the record keeps its phone', async () => {
      const { person, session } = await linkedMember(tree.descendant, { phone: '13700000021' })
      const request = requestOf(await ask(session, { phone: '13900000022' }))
      const url = `/api/contact-requests/${request.id}/reject`
      const noReason = await call(t.app, officer, 'POST', url, {})
      expect(noReason.statusCode).toBe(400)
      expect(noReason.json().error).toMatchObject({
        message: '请填写驳回理由',
        details: [{ field: 'reason', label: '驳回理由' }],
      })
      const res = await call(t.app, officer, 'POST', url, { reason: '号码与本人核实不符' })
      expect(res.statusCode).toBe(200)
      expect(officerView(res)).toMatchObject({ status: 'rejected', rejectReason: '号码与本人核实不符' })
      const [own] = ((await call(t.app, session, 'GET', '/api/self/contact-requests')).json() as { items: OwnContactRequest[] })
        .items
      expect(own).toMatchObject({ status: 'rejected', rejectReason: '号码与本人核实不符' })
      expect((await recordOf(session)).phone).toBe('13700000021')
      const [row] = (await auditRows(t.db, 'self_service.contact_change_rejected')).filter((r) => r.entity_id === request.id)
      expect(row).toMatchObject({ after: { status: 'rejected', personId: person.id, reason: '号码与本人核实不符' } })
      const rejectedList = (
        (await call(t.app, officer, 'GET', '/api/contact-requests?status=rejected')).json() as {
          items: ContactRequestView[]
        }
      ).items
      expect(rejectedList.map((r) => r.id)).toContain(request.id)
      expect((await call(t.app, officer, 'GET', '/api/contact-requests?status=done')).json().error.message).toBe(
        '审批状态的取值不在允许范围内',
      )
    })

    it('out of scope is 404, without members.write 403, and nobody decides their own request', async () => {
      const { session } = await linkedMember(tree.descendant)
      const request = requestOf(await ask(session, { phone: makePhone() }))
      const approve = `/api/contact-requests/${request.id}/approve`
      const sibling = await userAt('org_admin', tree.sibling)
      expect((await call(t.app, sibling, 'POST', approve)).statusCode).toBe(404)
      expect(
        (await call(t.app, sibling, 'POST', `/api/contact-requests/${request.id}/reject`, { reason: '无' })).statusCode,
      ).toBe(404)
      const discipline = await userAt('discipline', tree.own)
      expect((await call(t.app, discipline, 'POST', approve)).statusCode).toBe(403)
      expect((await call(t.app, discipline, 'GET', '/api/contact-requests')).statusCode).toBe(403)
      // the member themselves holds no members.write
      expect((await call(t.app, session, 'POST', approve)).statusCode).toBe(403)
      expect((await call(t.app, session, 'GET', '/api/contact-requests')).statusCode).toBe(403)

      // An officer who is also a member of the branch: their own request is on their list, not theirs to decide.
      const secretary = await linkedMember(tree.own, { role: 'org_admin' })
      const own = requestOf(await ask(secretary.session, { phone: makePhone() }))
      expect((await pendingList(secretary.session)).find((r) => r.id === own.id)?.isOwn).toBe(true)
      const refused = await call(t.app, secretary.session, 'POST', `/api/contact-requests/${own.id}/approve`)
      expect(refused.statusCode).toBe(403)
      expect(refused.json().error.message).toContain('不能审批本人的申请')
      expect(
        (await call(t.app, secretary.session, 'POST', `/api/contact-requests/${own.id}/reject`, { reason: '自己驳回' }))
          .statusCode,
      ).toBe(403)
      expect((await call(t.app, officer, 'POST', `/api/contact-requests/${own.id}/approve`)).statusCode).toBe(200)
    })
  })

  describe('photos', () => {
    const upload = (s: Session, personId: string, content: Buffer, type = 'image/png') =>
      t.app.inject({
        method: 'PUT',
        url: `/api/members/${personId}/photo`,
        headers: { ...s.headers, 'content-type': type },
        payload: content,
      })

    it('an officer uploads; the photo is served in scope only, never to shared caches; the member sees their own', async () => {
      const { person, session } = await linkedMember(tree.descendant)
      // The browser said JPEG; the bytes say PNG, and the bytes decide.
      const res = await upload(officer, person.id, PNG, 'image/jpeg')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().photo).toMatchObject({ mimeType: 'image/png', byteSize: PNG.length })
      const [row] = (await auditRows(t.db, 'members.photo_uploaded')).filter((r) => r.entity_id === person.id)
      expect(row).toMatchObject({
        org_id: tree.descendant.id,
        before: null,
        after: { mimeType: 'image/png', byteSize: PNG.length },
      })

      const photo = await call(t.app, officer, 'GET', `/api/members/${person.id}/photo`)
      expect(photo.statusCode).toBe(200)
      expect(photo.headers['content-type']).toBe('image/png')
      expect(photo.headers['cache-control']).toBe('private, no-cache')
      expect(photo.headers['x-content-type-options']).toBe('nosniff')
      expect(photo.rawPayload.equals(PNG)).toBe(true)
      const again = await t.app.inject({
        method: 'GET',
        url: `/api/members/${person.id}/photo`,
        headers: { ...officer.headers, 'if-none-match': String(photo.headers.etag) },
      })
      expect(again.statusCode).toBe(304)

      const mine = await call(t.app, session, 'GET', '/api/self/photo')
      expect(mine.statusCode).toBe(200)
      expect(mine.rawPayload.equals(PNG)).toBe(true)
      expect((await recordOf(session)).photo).toMatchObject({ mimeType: 'image/png' })
      // the member page reads the photo's facts in the same statement as the record: the same facts
      const page = await call(t.app, officer, 'GET', `/api/members/${person.id}`)
      expect(page.json().member.photo).toEqual(res.json().photo)

      // replaced by a JPEG: the audit row keeps what was there
      expect((await upload(officer, person.id, JPEG)).json().photo.mimeType).toBe('image/jpeg')
      const rows = (await auditRows(t.db, 'members.photo_uploaded')).filter((r) => r.entity_id === person.id)
      expect(rows[1]).toMatchObject({ before: { mimeType: 'image/png' }, after: { mimeType: 'image/jpeg' } })

      const sibling = await userAt('org_admin', tree.sibling)
      expect((await call(t.app, sibling, 'GET', `/api/members/${person.id}/photo`)).statusCode).toBe(404)
      expect((await upload(sibling, person.id, PNG)).statusCode).toBe(404)
      const discipline = await userAt('discipline', tree.own)
      expect((await call(t.app, discipline, 'GET', `/api/members/${person.id}/photo`)).statusCode).toBe(200)
      expect((await upload(discipline, person.id, PNG)).statusCode).toBe(403)
      // a member does not upload their own photo: the branch does
      expect((await upload(session, person.id, PNG)).statusCode).toBe(403)

      const removed = await call(t.app, officer, 'DELETE', `/api/members/${person.id}/photo`)
      expect(removed.statusCode).toBe(204)
      expect((await auditRows(t.db, 'members.photo_removed')).filter((r) => r.entity_id === person.id)).toHaveLength(1)
      expect((await call(t.app, officer, 'GET', `/api/members/${person.id}/photo`)).statusCode).toBe(404)
      expect((await call(t.app, session, 'GET', '/api/self/photo')).statusCode).toBe(404)
      expect((await call(t.app, officer, 'DELETE', `/api/members/${person.id}/photo`)).statusCode).toBe(404)
    })

    it('refuses anything but JPEG or PNG by its bytes, an empty file and one over 2 MB, in Chinese', async () => {
      const person = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.own)
      const gif = await upload(officer, person.id, GIF, 'image/png')
      expect(gif.statusCode).toBe(400)
      expect(gif.json().error).toMatchObject({
        message: '照片：照片只能是 JPEG 或 PNG 格式（按文件内容判断，不看扩展名）',
        details: [{ field: 'file', label: '照片' }],
      })
      const empty = await t.app.inject({ method: 'PUT', url: `/api/members/${person.id}/photo`, headers: officer.headers })
      expect(empty.statusCode).toBe(400)
      expect(empty.json().error.message).toBe('照片：照片文件是空的')
      const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)])
      const tooBig = await upload(officer, person.id, big)
      expect(tooBig.statusCode).toBe(400)
      expect(tooBig.json().error.message).toBe('照片不能超过 2 MB')
      // a JSON body is not a photo either
      const json = await call(t.app, officer, 'PUT', `/api/members/${person.id}/photo`, { photo: 'x' })
      expect(json.statusCode).toBe(400)
      expect(await t.db.selectFrom('person_photos').where('person_id', '=', person.id).select('person_id').execute()).toEqual([])
    })
  })

  describe('own study ledger', () => {
    const year = Number(todayInChina().slice(0, 4))

    /** An activity at `org` on `day` with the person's attendance. */
    async function attended(
      org: OrgNode,
      personId: string,
      a: { day: string; hours: number | null; presence: 'present' | 'online' | 'absent'; topic: string; voided?: boolean },
    ) {
      const row = await t.db
        .insertInto('activities')
        .values({
          org_id: org.id,
          kinds: ['study_day', 'theme_day'],
          held_on: a.day,
          hours: a.hours === null ? null : String(a.hours),
          topic: a.topic,
          ...(a.voided && { voided_at: new Date(), void_reason: '误登' }),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await t.db
        .insertInto('activity_attendance')
        .values({
          activity_id: row.id,
          person_id: personId,
          presence: a.presence,
          absence_reason: a.presence === 'absent' ? '出差' : null,
        })
        .execute()
      return row.id
    }

    const ledgerOf = async (s: Session, query = '') => {
      const res = await call(t.app, s, 'GET', `/api/self/study-ledger${query}`)
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { ledger: OwnStudyLedger }).ledger
    }

    it('lists what the member attended this year with the hours, against the hours rule in force for their org', async () => {
      const { person, session } = await linkedMember(tree.descendant, { status: 'full' })
      const other = await linkedMember(tree.descendant, { status: 'full' })
      const kept = await attended(tree.descendant, person.id, {
        day: `${year}-01-15`,
        hours: 4,
        presence: 'present',
        topic: '学习党章',
      })
      await attended(tree.own, person.id, { day: `${year}-01-20`, hours: 2.5, presence: 'online', topic: '线上专题党课' })
      await attended(tree.descendant, person.id, {
        day: `${year}-01-10`,
        hours: null,
        presence: 'present',
        topic: '支部党员大会',
      })
      // not counted: absent, voided, last year, someone else's
      await attended(tree.descendant, person.id, { day: `${year}-01-12`, hours: 3, presence: 'absent', topic: '缺席的学习' })
      await attended(tree.descendant, person.id, {
        day: `${year}-01-13`,
        hours: 3,
        presence: 'present',
        topic: '作废的学习',
        voided: true,
      })
      await attended(tree.descendant, person.id, { day: `${year - 1}-12-30`, hours: 8, presence: 'present', topic: '去年的学习' })
      await attended(tree.descendant, other.person.id, {
        day: `${year}-01-15`,
        hours: 5,
        presence: 'present',
        topic: '别人的学习',
      })

      const ledger = await ledgerOf(session)
      expect(ledger.year).toBe(year)
      expect(ledger.items.map((i) => i.topic)).toEqual(['线上专题党课', '学习党章', '支部党员大会'])
      expect(ledger.items[1]).toEqual({
        activityId: kept,
        heldOn: `${year}-01-15`,
        org: { id: tree.descendant.id, name: tree.descendant.name },
        kinds: ['study_day', 'theme_day'],
        topic: '学习党章',
        hours: 4,
        presence: 'present',
      })
      expect(ledger.totalHours).toBe(6.5)
      expect(ledger.requirement).toMatchObject({
        ruleId: 'study.hours_yearly',
        hours: 32,
        fromOrg: null,
        org: { id: tree.descendant.id, name: tree.descendant.name },
      })

      // The county asks for more: the member's requirement follows the override in force above their org.
      await t.db
        .insertInto('rule_overrides')
        .values({
          rule_id: 'study.hours_yearly',
          org_id: tree.own.id,
          params: { hours: 40 },
          reason: '本区要求每人每年 40 学时',
          effective_from: '2020-01-01',
        })
        .execute()
      expect((await ledgerOf(session)).requirement).toMatchObject({
        hours: 40,
        fromOrg: { id: tree.own.id, name: tree.own.name },
      })

      // another year, and a bad one named
      expect((await ledgerOf(session, `?year=${year - 1}`)).items.map((i) => i.topic)).toEqual(['去年的学习'])
      const bad = await call(t.app, session, 'GET', '/api/self/study-ledger?year=1999')
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain('年度不能早于 2000 年')
    })

    it('an applicant has a ledger but no hours requirement; an account without a person gets 404', async () => {
      const { session } = await linkedMember(tree.descendant, { status: 'applicant' })
      expect((await ledgerOf(session)).requirement).toBeNull()
      const res = await call(t.app, await userAt('org_admin', tree.own), 'GET', '/api/self/study-ledger')
      expect(res.statusCode).toBe(404)
      expect(res.json().error.message).toContain('没有关联党员档案')
    })
  })
})
