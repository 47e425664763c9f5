import { beforeAll, describe, expect, it } from 'vitest'
import type { MemberDetail } from '@xianfeng/contract'
import {
  auditRows,
  createTestApp,
  login,
  makeOrg,
  makeOrgTree,
  makeUser,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'
import { createServices } from '../../app.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { makeMember, type MakeMemberOptions } from './people.factories.ts'
import { peopleRepo } from './people.repo.ts'

describe('status changes and transfers', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let session: Session

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    session = await login(t.app, user.loginName, user.password)
  })

  const add = (opts: MakeMemberOptions = {}, org = tree.own) =>
    makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, opts)
  const changeStatus = (personId: string, body: object) => call(t.app, session, 'POST', `/api/members/${personId}/status`, body)
  const transfer = (personId: string, body: object) => call(t.app, session, 'POST', `/api/members/${personId}/transfer`, body)
  const memberOf = (res: { json: () => unknown }) => (res.json() as { member: MemberDetail }).member

  describe('status', () => {
    it('moves through every stage one step at a time, each step in the history', async () => {
      const m = await add({ status: 'applicant', dates: { applied_on: '2020-03-01' } })
      const steps = [
        ['activist', '2020-09-01', 'activistOn'],
        ['candidate', '2021-09-01', 'candidateOn'],
        ['probationary', '2022-07-01', 'admittedOn'],
        ['full', '2023-07-01', 'fullOn'],
      ] as const
      for (const [status, effectiveOn, field] of steps) {
        const res = await changeStatus(m.id, { status, effectiveOn, reason: '支部大会通过', documentNo: `文${effectiveOn}` })
        expect(res.statusCode, res.body).toBe(200)
        expect(memberOf(res)).toMatchObject({ status, [field]: effectiveOn })
      }
      const detail = memberOf(await call(t.app, session, 'GET', `/api/members/${m.id}`))
      expect(detail).toMatchObject({
        appliedOn: '2020-03-01',
        activistOn: '2020-09-01',
        candidateOn: '2021-09-01',
        admittedOn: '2022-07-01',
        fullOn: '2023-07-01',
      })
      expect(detail.statusHistory.map((h) => [h.fromStatus, h.toStatus, h.effectiveOn])).toEqual([
        [null, 'applicant', '2020-03-01'],
        ['applicant', 'activist', '2020-09-01'],
        ['activist', 'candidate', '2021-09-01'],
        ['candidate', 'probationary', '2022-07-01'],
        ['probationary', 'full', '2023-07-01'],
      ])
      expect(detail.statusHistory[4]).toMatchObject({
        reason: '支部大会通过',
        documentNo: '文2023-07-01',
        recordedBy: expect.any(String),
      })
      const audit = (await auditRows(t.db, 'members.status_changed')).filter((r) => r.entity_id === m.id)
      expect(audit).toHaveLength(4)
      expect(audit[3]).toMatchObject({
        org_id: tree.own.id,
        before: { status: 'probationary' },
        after: { status: 'full', effectiveOn: '2023-07-01' },
      })
    })

    it('refuses skipping a stage, going back, or staying put: 422 in Chinese', async () => {
      const applicant = await add({ status: 'applicant', dates: { applied_on: '2020-03-01' } })
      const skip = await changeStatus(applicant.id, { status: 'probationary', effectiveOn: '2021-01-01' })
      expect(skip.statusCode).toBe(422)
      expect(skip.json().error).toEqual({
        code: 'invalid_state',
        message: '不能从“入党申请人”变更为“预备党员”，只能变更为“入党积极分子”或“已离开”',
      })
      const full = await add({ status: 'full' })
      for (const status of ['probationary', 'applicant', 'full']) {
        const res = await changeStatus(full.id, { status, effectiveOn: '2024-01-01' })
        expect(res.statusCode, status).toBe(422)
        expect(res.json().error.message).toContain('只能变更为“已离开”')
      }
      const history = await peopleRepo.statusHistory(t.db, full.id)
      expect(history).toHaveLength(1)
    })

    it('leaving keeps the row, closes the org relation and records reason, date and document', async () => {
      const m = await add({ status: 'full' })
      const res = await changeStatus(m.id, {
        status: 'left',
        leftReason: 'deceased',
        effectiveOn: '2025-02-01',
        reason: '病故',
        documentNo: '死亡证明 2025-018',
      })
      expect(res.statusCode, res.body).toBe(200)
      const left = memberOf(res)
      expect(left).toMatchObject({
        status: 'left',
        leftOn: '2025-02-01',
        leftReason: 'deceased',
        leftDocument: '死亡证明 2025-018',
        fullOn: '2014-03-01',
        name: m.name,
      })
      expect(left.orgHistory).toEqual([
        expect.objectContaining({
          org: { id: tree.own.id, name: tree.own.name },
          validFrom: '2010-03-01',
          validTo: '2025-02-01',
        }),
      ])
      expect(left.statusHistory.at(-1)).toMatchObject({
        fromStatus: 'full',
        toStatus: 'left',
        effectiveOn: '2025-02-01',
        reason: '病故',
      })
      // still there to read
      expect((await call(t.app, session, 'GET', `/api/members/${m.id}`)).statusCode).toBe(200)
      // and nothing more happens to it
      const again = await changeStatus(m.id, { status: 'full', effectiveOn: '2025-03-01' })
      expect(again.statusCode).toBe(422)
      expect(again.json().error.message).toBe(`${m.name}已离开（去世），不能再变更状态`)
      expect((await transfer(m.id, { toOrgId: tree.descendant.id, effectiveOn: '2025-03-01' })).statusCode).toBe(422)
    })

    it('a probationer’s cancellation and expulsion need the decision’s document number; applicants cannot be expelled', async () => {
      const probationer = await add({ status: 'probationary' })
      const noDoc = await changeStatus(probationer.id, {
        status: 'left',
        leftReason: 'probation_cancelled',
        effectiveOn: '2025-01-01',
      })
      expect(noDoc.statusCode).toBe(400)
      expect(noDoc.json().error.details).toEqual([
        { field: 'documentNo', label: '文件文号', message: '取消预备党员资格须填写决定的文件文号' },
      ])
      const ok = await changeStatus(probationer.id, {
        status: 'left',
        leftReason: 'probation_cancelled',
        effectiveOn: '2025-01-01',
        documentNo: '鄂组字〔2025〕1号',
      })
      expect(ok.statusCode, ok.body).toBe(200)
      expect(memberOf(ok)).toMatchObject({
        status: 'left',
        leftReason: 'probation_cancelled',
        admittedOn: '2013-03-01',
        fullOn: null,
      })

      const applicant = await add({ status: 'applicant', dates: { applied_on: '2024-03-01' } })
      const expel = await changeStatus(applicant.id, {
        status: 'left',
        leftReason: 'expelled',
        effectiveOn: '2025-01-01',
        documentNo: '1号',
      })
      expect(expel.statusCode).toBe(422)
      expect(expel.json().error.message).toBe('入党申请人不能以“开除党籍”为由离开')
      const full = await add({ status: 'full' })
      const cancel = await changeStatus(full.id, {
        status: 'left',
        leftReason: 'probation_cancelled',
        effectiveOn: '2025-01-01',
        documentNo: '1号',
      })
      expect(cancel.statusCode).toBe(422)
      const withdrawn = await changeStatus(applicant.id, { status: 'left', leftReason: 'withdrawn', effectiveOn: '2025-01-01' })
      expect(withdrawn.statusCode).toBe(200)
    })

    it('bad input is a 400 naming the field', async () => {
      const m = await add({ status: 'candidate' })
      const cases: [object, string, string][] = [
        [{ status: 'left', effectiveOn: '2025-01-01' }, 'leftReason', '离开时须选择离开原因'],
        [
          { status: 'probationary', leftReason: 'deceased', effectiveOn: '2025-01-01' },
          'leftReason',
          '只有变更为“已离开”时才填写离开原因',
        ],
        [{ status: 'probationary', effectiveOn: '2099-01-01' }, 'effectiveOn', '生效日期不能晚于今天'],
        // the candidate stage began 2012-03-01
        [
          { status: 'probationary', effectiveOn: '2012-02-29' },
          'effectiveOn',
          '生效日期不能早于当前状态的开始日期（2012-03-01）',
        ],
        [
          { status: 'probationary', effectiveOn: '2025-13-01' },
          'effectiveOn',
          '生效日期应为“年-月-日”格式的有效日期，如 2026-07-01',
        ],
        [{ status: 'retired', effectiveOn: '2025-01-01' }, 'status', '新的状态的取值不在允许范围内'],
      ]
      for (const [body, field, message] of cases) {
        const res = await changeStatus(m.id, body)
        expect(res.statusCode, JSON.stringify(body)).toBe(400)
        expect(res.json().error.details[0]).toMatchObject({ field, message })
      }
      expect(await peopleRepo.statusHistory(t.db, m.id)).toHaveLength(1)
    })

    it('outside the scope is 404; without members.write 403', async () => {
      const outside = await add({ status: 'applicant', dates: { applied_on: '2024-03-01' } }, tree.sibling)
      expect((await changeStatus(outside.id, { status: 'activist', effectiveOn: '2025-01-01' })).statusCode).toBe(404)
      const reader = await makeUser(t.db, { role: 'discipline', org: tree.own })
      const s = await login(t.app, reader.loginName, reader.password)
      const inside = await add({ status: 'applicant', dates: { applied_on: '2024-03-01' } })
      const res = await call(t.app, s, 'POST', `/api/members/${inside.id}/status`, {
        status: 'activist',
        effectiveOn: '2025-01-01',
      })
      expect(res.statusCode).toBe(403)
    })
  })

  describe('transfers and the roll as of a date', () => {
    it('closes the old org period and opens a new one; the as-of query answers before and after', async () => {
      const from = await makeOrg(t.db, tree.own, '转出支部', 'grassroots', 'branch')
      const to = await makeOrg(t.db, tree.descendant, '转入支部', 'grassroots', 'branch')
      const stays = await add({ name: '钱留下' }, from)
      const moves = await add({ name: '孙转走' }, from)
      const res = await transfer(moves.id, {
        toOrgId: to.id,
        effectiveOn: '2025-06-01',
        reason: '工作调动',
        documentNo: '介字001',
      })
      expect(res.statusCode, res.body).toBe(200)
      const moved = memberOf(res)
      expect(moved.org).toEqual({ id: to.id, name: '转入支部' })
      expect(moved.orgHistory).toEqual([
        {
          org: { id: from.id, name: '转出支部' },
          validFrom: '2010-03-01',
          validTo: '2025-06-01',
          reason: null,
          documentNo: null,
        },
        // the history keeps why and on what document the relation moved
        {
          org: { id: to.id, name: '转入支部' },
          validFrom: '2025-06-01',
          validTo: null,
          reason: '工作调动',
          documentNo: '介字001',
        },
      ])

      const asOf = async (orgId: string, date: string) =>
        (await peopleRepo.membersOfOrgAsOf(t.db, orgId, date)).map((r) => r.name)
      expect(await asOf(from.id, '2024-12-31')).toEqual(['钱留下', '孙转走'])
      expect(await asOf(to.id, '2024-12-31')).toEqual([])
      expect(await asOf(from.id, '2025-05-31')).toEqual(['钱留下', '孙转走'])
      expect(await asOf(from.id, '2025-06-01')).toEqual(['钱留下'])
      expect(await asOf(to.id, '2025-06-01')).toEqual(['孙转走'])
      expect(await asOf(to.id, '2025-12-31')).toEqual(['孙转走'])
      // Before anyone had applied there was nobody; the status is the one held that day.
      expect(await asOf(from.id, '2009-12-31')).toEqual([])
      const early = await peopleRepo.membersOfOrgAsOf(t.db, from.id, '2012-06-30')
      expect(early.map((r) => r.status)).toEqual(['candidate', 'candidate'])

      // Leaving ends the relation: not on the roll from that day.
      await changeStatus(stays.id, { status: 'left', leftReason: 'transferred_out', effectiveOn: '2025-09-01' })
      expect(await asOf(from.id, '2025-08-31')).toEqual(['钱留下'])
      expect(await asOf(from.id, '2025-12-31')).toEqual([])

      const [audit] = (await auditRows(t.db, 'members.transferred')).filter((r) => r.entity_id === moves.id)
      expect(audit).toMatchObject({
        org_id: from.id,
        before: { orgId: from.id, orgName: '转出支部' },
        after: { orgId: to.id, orgName: '转入支部', effectiveOn: '2025-06-01', documentNo: '介字001' },
      })
    })

    it('the service answers the as-of question within the caller’s scope only', async () => {
      const { people } = createServices({ config: t.config, db: t.db })
      const org = await makeOrg(t.db, tree.descendant, '统计支部', 'grassroots', 'branch')
      await add({ name: '统计甲', status: 'probationary' }, org)
      const actorAt = (path: string) =>
        ({ userId: null, grant: { orgPath: path }, requestId: 'test', ip: null }) as unknown as Actor
      expect(await people.membersOfOrgAsOf(actorAt(tree.own.path), org.id, '2013-12-31')).toEqual([
        expect.objectContaining({ name: '统计甲', status: 'probationary' }),
      ])
      await expect(people.membersOfOrgAsOf(actorAt(tree.sibling.path), org.id, '2013-12-31')).rejects.toMatchObject({
        code: 'not_found',
      })
    })

    it('refuses a target outside the scope (400), the same org and an early date; a person outside the scope is 404', async () => {
      const m = await add({}, tree.descendant)
      const outsideTarget = await transfer(m.id, { toOrgId: tree.sibling.id, effectiveOn: '2025-01-01' })
      expect(outsideTarget.statusCode).toBe(400)
      expect(outsideTarget.json().error.details[0]).toMatchObject({
        field: 'toOrgId',
        message: '转入党组织不存在或不在您的授权范围内',
      })
      const same = await transfer(m.id, { toOrgId: tree.descendant.id, effectiveOn: '2025-01-01' })
      expect(same.statusCode).toBe(422)
      expect(same.json().error.message).toBe(`${m.name}已在“${tree.descendant.name}”`)
      const early = await transfer(m.id, { toOrgId: tree.own.id, effectiveOn: '2009-01-01' })
      expect(early.statusCode).toBe(400)
      expect(early.json().error.details[0]).toMatchObject({
        field: 'effectiveOn',
        message: '转接日期不能早于转入当前党组织的日期（2010-03-01）',
      })
      const outside = await add({}, tree.sibling)
      expect((await transfer(outside.id, { toOrgId: tree.own.id, effectiveOn: '2025-01-01' })).statusCode).toBe(404)
      expect(await peopleRepo.orgHistory(t.db, m.id)).toHaveLength(1)
    })
  })
})
