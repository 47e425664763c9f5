import { beforeAll, describe, expect, it } from 'vitest'
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

const TODAY = '2026-06-01'
const REPEATS = 200

describe('receiving and returning the same transfer at the same moment', () => {
  let t: TestApp
  let fromBranch: OrgNode
  let toBranch: OrgNode
  let officers: [Session, Session]

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => TODAY })
    const tree = await makeOrgTree(t.db)
    fromBranch = await makeOrg(t.db, tree.own, '并发转出党支部', 'grassroots', 'branch')
    toBranch = await makeOrg(t.db, tree.otherCity, '并发接收党支部', 'grassroots', 'branch')
    const a = await makeUser(t.db, { role: 'org_admin', org: tree.otherCity })
    const b = await makeUser(t.db, { role: 'org_admin', org: tree.otherCity })
    officers = [await login(t.app, a.loginName, a.password), await login(t.app, b.loginName, b.password)]
  })

  /** A pending transfer written as the service writes it (letter facts and numbers are not the point here). */
  async function pendingTransfer(i: number) {
    const person = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, fromBranch)
    const [from, to] = await Promise.all(
      [fromBranch, toBranch].map((o) => t.db.selectFrom('orgs').where('id', '=', o.id).select('path').executeTakeFirstOrThrow()),
    )
    const key = (path: string) => {
      const label = path.split('.')[1]!
      return `${label.slice(0, 8)}-${label.slice(8, 12)}-${label.slice(12, 16)}-${label.slice(16, 20)}-${label.slice(20)}`
    }
    const row = await t.db
      .insertInto('member_transfers')
      .values({
        prefecture_org_id: key(from!.path),
        person_id: person.id,
        from_org_id: fromBranch.id,
        kind: 'internal',
        to_org_id: toBranch.id,
        to_prefecture_org_id: key(to!.path),
        letter_no: `XF转〔2026〕R${i}号`,
        reason: 'work_change',
        issued_on: '2026-05-20',
        valid_until: '2026-08-20',
        validity_months: 3,
        letter: JSON.stringify({}),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { transferId: row.id, personId: person.id }
  }

  it(`exactly one wins, ${REPEATS} times over; the loser is told what happened, and the member moves only on receipt`, async () => {
    const outcomes = new Map<string, number>()
    for (let i = 0; i < REPEATS; i++) {
      const { transferId, personId } = await pendingTransfer(i)
      // which officer receives and which returns alternates, so neither always starts first
      const [receiver, returner] = i % 2 === 0 ? officers : [officers[1], officers[0]]
      const [rec, ret] = await Promise.all([
        call(t.app, receiver, 'POST', `/api/transfers/${transferId}/receive`, { receivedOn: TODAY }),
        call(t.app, returner, 'POST', `/api/transfers/${transferId}/return`, { returnedOn: TODAY, returnCode: 'not_reported' }),
      ])
      const codes = [rec.statusCode, ret.statusCode]
      expect(codes.sort(), `${rec.body}\n${ret.body}`).toEqual([200, 409])
      const winner = rec.statusCode === 200 ? 'received' : 'returned'
      outcomes.set(winner, (outcomes.get(winner) ?? 0) + 1)
      const loser = rec.statusCode === 409 ? rec : ret
      expect(loser.json().error.message).toMatch(/^介绍信 XF转〔2026〕R\d+号 已于 2026-06-01 已(接收|退回)，不能再办理$/)
      const row = await t.db
        .selectFrom('member_transfers')
        .where('id', '=', transferId)
        .select('status')
        .executeTakeFirstOrThrow()
      expect(row.status).toBe(winner)
      const m = await t.db.selectFrom('members').where('person_id', '=', personId).select('org_id').executeTakeFirstOrThrow()
      expect(m.org_id).toBe(winner === 'received' ? toBranch.id : fromBranch.id)
      const periods = await t.db.selectFrom('member_org_history').where('person_id', '=', personId).select('org_id').execute()
      expect(periods).toHaveLength(winner === 'received' ? 2 : 1)
    }
    expect((outcomes.get('received') ?? 0) + (outcomes.get('returned') ?? 0)).toBe(REPEATS)
    const received = await auditRows(t.db, 'transfers.transfer_received')
    const returned = await auditRows(t.db, 'transfers.transfer_returned')
    expect(received.length + returned.length).toBe(REPEATS)
    expect(received).toHaveLength(outcomes.get('received') ?? 0)
  }, 300_000)
})
