import { beforeAll, describe, expect, it } from 'vitest'
import type { TransferDashboard, TransferTodo, TransferView } from '@xianfeng/contract'
import ExcelJS from '../../platform/excel.ts'
import {
  auditRows,
  createTestApp,
  login,
  makeOrg,
  makeOrgTree,
  makeUser,
  type OrgNode,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'
import { makeMember } from '../people/people.factories.ts'

describe('组织关系转接: from one county to another, received, returned, expired, to outside the platform', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let now = '2026-03-02'
  let fromBranch: OrgNode
  let toBranch: OrgNode
  let origin: Session
  let destination: Session
  let sibling: Session
  let reader: Session
  let cityDept: Session
  const member = (org: OrgNode, opts: Parameters<typeof makeMember>[2] = {}) =>
    makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, opts)
  const transferOf = (res: { json: () => unknown }) => (res.json() as { transfer: TransferView }).transfer
  const todos = async (s: Session) =>
    ((await call(t.app, s, 'GET', '/api/transfers/todos')).json() as { items: TransferTodo[] }).items
  const orgOf = async (personId: string) =>
    await t.db.selectFrom('members').where('person_id', '=', personId).select(['org_id', 'status']).executeTakeFirstOrThrow()

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => now })
    tree = await makeOrgTree(t.db)
    fromBranch = await makeOrg(t.db, tree.own, '转出测试党支部', 'grassroots', 'branch')
    toBranch = await makeOrg(t.db, tree.otherCity, '接收测试党支部', 'grassroots', 'branch')
    const at = async (role: 'org_admin' | 'discipline' | 'org_dept_admin', org: OrgNode) => {
      const u = await makeUser(t.db, { role, org })
      return login(t.app, u.loginName, u.password)
    }
    origin = await at('org_admin', tree.own)
    destination = await at('org_admin', tree.otherCity)
    sibling = await at('org_admin', tree.sibling)
    reader = await at('discipline', tree.own)
    cityDept = await at('org_dept_admin', tree.cityA)
  })

  it('refuses an incomplete record naming each missing field; sends a complete one and keeps the member at the origin until received', async () => {
    const incomplete = await member(fromBranch, { phone: null, name: '缺项甲' })
    await t.db.updateTable('people').set({ education: null }).where('id', '=', incomplete.id).execute()
    const refused = await call(t.app, origin, 'POST', '/api/transfers', {
      personId: incomplete.id,
      kind: 'internal',
      toOrgId: toBranch.id,
      reason: 'work_change',
      issuedOn: now,
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.message).toBe('缺项甲的党员信息不完整，补全后才能转出：缺少手机号、学历')
    expect(refused.json().error.details.map((d: { label: string }) => d.label)).toEqual(['手机号', '学历'])

    // bad input names the field; a destination is required for a transfer within the platform
    const noDest = await call(t.app, origin, 'POST', '/api/transfers', {
      personId: incomplete.id,
      kind: 'internal',
      reason: 'other',
      issuedOn: now,
    })
    expect(noDest.statusCode).toBe(400)
    expect(
      noDest
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['reasonNote', 'toOrgId'])

    // the destination is found anywhere in the platform, by name, with the orgs above it
    const found = await call(t.app, origin, 'GET', `/api/transfers/destinations?q=${encodeURIComponent('接收测试')}`)
    expect(found.json().items).toContainEqual(
      expect.objectContaining({ id: toBranch.id, pathNames: [tree.province.name, tree.cityB.name, tree.otherCity.name] }),
    )

    const m = await member(fromBranch, { name: '转接乙' })
    const started = await call(t.app, origin, 'POST', '/api/transfers', {
      personId: m.id,
      kind: 'internal',
      toOrgId: toBranch.id,
      reason: 'work_change',
      issuedOn: now,
    })
    expect(started.statusCode, started.body).toBe(201)
    const tr = transferOf(started)
    expect(tr).toMatchObject({
      status: 'pending',
      kind: 'internal',
      fromOrg: { id: fromBranch.id },
      toOrg: { id: toBranch.id, name: toBranch.name },
      issuedOn: '2026-03-02',
      validUntil: '2026-06-02',
      validityMonths: 3,
      validityFrom: null,
      isExpired: false,
      actions: { receive: false, return: false, cancel: true, recordReceipt: false },
    })
    expect(tr.letterNo).toMatch(/^XF转〔2026〕\d{4}号$/)
    expect(await auditRows(t.db, 'transfers.transfer_started')).toContainEqual(
      expect.objectContaining({ entity_id: tr.id, org_id: fromBranch.id }),
    )
    // a second letter for the same member while one is pending: refused
    const again = await call(t.app, origin, 'POST', '/api/transfers', {
      personId: m.id,
      kind: 'internal',
      toOrgId: toBranch.id,
      reason: 'work_change',
      issuedOn: now,
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.message).toContain(tr.letterNo)

    // the origin keeps the member until the destination receives
    expect(await orgOf(m.id)).toEqual({ org_id: fromBranch.id, status: 'full' })
    const roll = await call(t.app, origin, 'GET', `/api/members?orgId=${fromBranch.id}`)
    expect(roll.json().items.map((i: { personId: string }) => i.personId)).toContain(m.id)

    // both sides see it; others do not; only the destination may answer
    expect((await call(t.app, sibling, 'GET', `/api/transfers/${tr.id}`)).statusCode).toBe(404)
    expect((await call(t.app, reader, 'GET', `/api/transfers/${tr.id}`)).statusCode).toBe(200)
    expect((await call(t.app, reader, 'POST', `/api/transfers/${tr.id}/receive`, { receivedOn: now })).statusCode).toBe(403)
    const byOrigin = await call(t.app, origin, 'POST', `/api/transfers/${tr.id}/receive`, { receivedOn: now })
    expect(byOrigin.statusCode).toBe(403)
    expect(byOrigin.json().error.message).toContain(toBranch.name)
    const incoming = await call(t.app, destination, 'GET', '/api/transfers?direction=incoming')
    expect(incoming.json().items.map((i: TransferView) => i.id)).toContain(tr.id)
    expect(incoming.json().items.find((i: TransferView) => i.id === tr.id).actions).toMatchObject({ receive: true, return: true })
    expect(await todos(destination)).toContainEqual(expect.objectContaining({ kind: 'receive', transferId: tr.id }))
    const dash = (await call(t.app, destination, 'GET', '/api/transfers/dashboard')).json() as TransferDashboard
    expect(dash.incoming.pending).toBeGreaterThanOrEqual(1)

    now = '2026-03-10'
    const early = await call(t.app, destination, 'POST', `/api/transfers/${tr.id}/receive`, { receivedOn: '2026-03-01' })
    expect(early.statusCode).toBe(400)
    expect(early.json().error.details[0]).toMatchObject({ field: 'receivedOn' })
    const received = await call(t.app, destination, 'POST', `/api/transfers/${tr.id}/receive`, { receivedOn: '2026-03-10' })
    expect(received.statusCode, received.body).toBe(200)
    expect(transferOf(received)).toMatchObject({ status: 'received', answeredOn: '2026-03-10' })

    // the member moved through the registry: roll, org history and audit
    expect(await orgOf(m.id)).toEqual({ org_id: toBranch.id, status: 'full' })
    const history = await t.db
      .selectFrom('member_org_history')
      .where('person_id', '=', m.id)
      .select(['org_id', 'valid_from', 'valid_to', 'document_no'])
      .orderBy('valid_from')
      .execute()
    expect(history).toEqual([
      expect.objectContaining({ org_id: fromBranch.id, valid_to: '2026-03-10' }),
      { org_id: toBranch.id, valid_from: '2026-03-10', valid_to: null, document_no: tr.letterNo },
    ])
    expect(await auditRows(t.db, 'members.transferred')).toContainEqual(
      expect.objectContaining({ entity_id: m.id, org_id: fromBranch.id }),
    )
    expect(await auditRows(t.db, 'transfers.transfer_received')).toContainEqual(
      expect.objectContaining({ entity_id: tr.id, org_id: toBranch.id }),
    )
    // the origin still sees its letter; answering twice is refused
    expect((await call(t.app, origin, 'GET', `/api/transfers/${tr.id}`)).statusCode).toBe(200)
    const twice = await call(t.app, destination, 'POST', `/api/transfers/${tr.id}/return`, {
      returnedOn: '2026-03-10',
      returnCode: 'wrong_destination',
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.message).toBe(`介绍信 ${tr.letterNo} 已于 2026-03-10 已接收，不能再办理`)
  })

  it('a return needs a reason code (其他 with a note); the origin sees it on its to-do list and sends again', async () => {
    now = '2026-04-01'
    const m = await member(fromBranch, { name: '退回丙' })
    const tr = transferOf(
      await call(t.app, origin, 'POST', '/api/transfers', {
        personId: m.id,
        kind: 'internal',
        toOrgId: toBranch.id,
        reason: 'residence_change',
        issuedOn: now,
      }),
    )
    const noNote = await call(t.app, destination, 'POST', `/api/transfers/${tr.id}/return`, {
      returnedOn: now,
      returnCode: 'other',
    })
    expect(noNote.statusCode).toBe(400)
    expect(noNote.json().error.details[0]).toMatchObject({ field: 'note', message: '退回原因为“其他”时，请填写退回说明' })
    const returned = await call(t.app, destination, 'POST', `/api/transfers/${tr.id}/return`, {
      returnedOn: now,
      returnCode: 'not_reported',
    })
    expect(returned.statusCode, returned.body).toBe(200)
    expect(transferOf(returned)).toMatchObject({ status: 'returned', returnCode: 'not_reported' })
    expect(await orgOf(m.id)).toEqual({ org_id: fromBranch.id, status: 'full' })
    expect(await todos(origin)).toContainEqual(
      expect.objectContaining({ kind: 'returned', transferId: tr.id, text: expect.stringContaining('本人未到接收组织报到') }),
    )
    expect(await auditRows(t.db, 'transfers.transfer_returned')).toContainEqual(expect.objectContaining({ entity_id: tr.id }))
    const again = await call(t.app, origin, 'POST', '/api/transfers', {
      personId: m.id,
      kind: 'internal',
      toOrgId: toBranch.id,
      reason: 'residence_change',
      issuedOn: now,
    })
    expect(again.statusCode).toBe(201)
    expect((await todos(origin)).map((i) => i.transferId)).not.toContain(tr.id)
    const received = await call(t.app, destination, 'POST', `/api/transfers/${transferOf(again).id}/receive`, { receivedOn: now })
    expect(received.statusCode).toBe(200)
  })

  it('an expired letter is flagged on both sides, cannot be received, and is cancelled by the origin', async () => {
    now = '2026-05-04'
    const m = await member(fromBranch, { name: '过期丁' })
    const tr = transferOf(
      await call(t.app, origin, 'POST', '/api/transfers', {
        personId: m.id,
        kind: 'internal',
        toOrgId: toBranch.id,
        reason: 'work_change',
        issuedOn: now,
      }),
    )
    expect(tr.validUntil).toBe('2026-08-04')
    now = '2026-08-05'
    expect(transferOf(await call(t.app, origin, 'GET', `/api/transfers/${tr.id}`))).toMatchObject({ isExpired: true })
    expect(await todos(origin)).toContainEqual(expect.objectContaining({ kind: 'expired', transferId: tr.id }))
    expect(await todos(destination)).toContainEqual(expect.objectContaining({ kind: 'expired', transferId: tr.id }))
    const expiredOnly = await call(t.app, origin, 'GET', `/api/transfers?direction=outgoing&expired=true`)
    expect(expiredOnly.json().items.map((i: TransferView) => i.id)).toEqual([tr.id])
    const dash = (await call(t.app, origin, 'GET', '/api/transfers/dashboard')).json() as TransferDashboard
    expect(dash.outgoing.expired).toBe(1)
    const late = await call(t.app, destination, 'POST', `/api/transfers/${tr.id}/receive`, { receivedOn: now })
    expect(late.statusCode).toBe(422)
    expect(late.json().error.message).toContain('已于 2026-08-04 过期')
    const cancelled = await call(t.app, origin, 'POST', `/api/transfers/${tr.id}/cancel`, {
      cancelledOn: now,
      note: '介绍信过期，重新开具',
    })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    expect(transferOf(cancelled).status).toBe('cancelled')
    expect(await orgOf(m.id)).toEqual({ org_id: fromBranch.id, status: 'full' })
  })

  it('the validity is the registry parameter in force for the origin: a city override of 6 months applies, with its source', async () => {
    now = '2026-08-10'
    const ov = await call(t.app, cityDept, 'POST', '/api/rules/transfer.letter_validity/overrides', {
      orgId: tree.cityA.id,
      params: { months: 6 },
      reason: '跨省转接较多',
      effectiveFrom: '2026-08-01',
    })
    expect(ov.statusCode, ov.body).toBe(201)
    const tooLong = await call(t.app, cityDept, 'POST', '/api/rules/transfer.letter_validity/overrides', {
      orgId: tree.own.id,
      params: { months: 9 },
      reason: '试试',
      effectiveFrom: '2026-08-01',
    })
    expect(tooLong.statusCode).toBe(400)
    const m = await member(fromBranch, { name: '半年戊' })
    const tr = transferOf(
      await call(t.app, origin, 'POST', '/api/transfers', {
        personId: m.id,
        kind: 'internal',
        toOrgId: toBranch.id,
        reason: 'work_change',
        issuedOn: now,
      }),
    )
    expect(tr).toMatchObject({ validityMonths: 6, validUntil: '2027-02-10', validityFrom: { id: tree.cityA.id } })
    const dash = (await call(t.app, origin, 'GET', `/api/transfers/dashboard?orgId=${fromBranch.id}`)).json() as TransferDashboard
    expect(dash.validity).toMatchObject({ months: 6, from: { id: tree.cityA.id } })
    const rules = (await call(t.app, cityDept, 'GET', '/api/rules')).json()
    expect(JSON.stringify(rules)).toContain('transfer.letter_validity')
  })

  it('to outside the platform: the letter is printed as a PDF; the receipt recorded by hand takes the member off the roll', async () => {
    now = '2026-09-01'
    const m = await member(fromBranch, { name: '转外己' })
    const started = await call(t.app, origin, 'POST', '/api/transfers', {
      personId: m.id,
      kind: 'external',
      toOrgName: '中共广东省深圳市南山区某街道工作委员会',
      reason: 'work_change',
      issuedOn: now,
    })
    expect(started.statusCode, started.body).toBe(201)
    const tr = transferOf(started)
    expect(tr).toMatchObject({ kind: 'external', toOrg: { id: null, name: '中共广东省深圳市南山区某街道工作委员会' } })
    expect(tr.actions).toMatchObject({ recordReceipt: true, receive: false })
    expect(await todos(origin)).toContainEqual(expect.objectContaining({ kind: 'receipt_due', transferId: tr.id }))

    const pdf = await call(t.app, origin, 'GET', `/api/transfers/${tr.id}/letter`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')

    const noNo = await call(t.app, origin, 'POST', `/api/transfers/${tr.id}/receipt`, { receivedOn: now })
    expect(noNo.statusCode).toBe(400)
    expect(noNo.json().error.details[0]).toMatchObject({ field: 'receiptNo' })
    now = '2026-09-20'
    const receipt = await call(t.app, origin, 'POST', `/api/transfers/${tr.id}/receipt`, {
      receivedOn: '2026-09-15',
      receiptNo: '深南组回〔2026〕12号',
    })
    expect(receipt.statusCode, receipt.body).toBe(200)
    expect(transferOf(receipt)).toMatchObject({ status: 'received', receiptNo: '深南组回〔2026〕12号' })
    const after = await t.db
      .selectFrom('members')
      .where('person_id', '=', m.id)
      .select(['status', 'left_reason', 'left_on', 'left_document'])
      .executeTakeFirstOrThrow()
    expect(after).toEqual({ status: 'left', left_reason: 'transferred_out', left_on: '2026-09-15', left_document: tr.letterNo })
    expect(await auditRows(t.db, 'transfers.receipt_recorded')).toContainEqual(expect.objectContaining({ entity_id: tr.id }))
  })

  it('a member away 6 months at a fixed place without a transfer is flagged until a transfer is issued', async () => {
    now = '2026-10-01'
    const m = await member(fromBranch, { name: '外出庚' })
    const prefecture = tree.cityA.id
    await t.db
      .insertInto('member_outflows')
      .values({
        prefecture_org_id: prefecture,
        person_id: m.id,
        org_id: fromBranch.id,
        destination: '广东省深圳市',
        is_fixed_place: true,
        started_on: '2026-04-01',
      })
      .execute()
    expect(await todos(origin)).toContainEqual(
      expect.objectContaining({ kind: 'away_without_transfer', person: { id: m.id, name: '外出庚' } }),
    )
    const away = (await call(t.app, origin, 'GET', `/api/transfers/away?orgId=${fromBranch.id}`)).json()
    expect(away.items).toContainEqual(expect.objectContaining({ person: { id: m.id, name: '外出庚' }, months: 6 }))
    // a day short of six months is not flagged
    now = '2026-09-30'
    expect((await todos(origin)).map((i) => i.person.id)).not.toContain(m.id)
    now = '2026-10-01'
    await call(t.app, origin, 'POST', '/api/transfers', {
      personId: m.id,
      kind: 'external',
      toOrgName: '中共深圳市某区委组织部',
      reason: 'away_fixed_place',
      issuedOn: now,
    })
    expect((await todos(origin)).filter((i) => i.kind === 'away_without_transfer').map((i) => i.person.id)).not.toContain(m.id)
  })

  it('the register exports to Excel with the filters of the list', async () => {
    const res = await call(t.app, origin, 'GET', '/api/transfers/export?direction=outgoing&status=received')
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).getCell(1).value).toBe('介绍信编号')
    const names = ws.getColumn(2).values.slice(2)
    expect(names).toEqual(expect.arrayContaining(['转接乙', '转外己']))
    expect(names).not.toContain('过期丁')
  })
})
