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

/** Steps 1–16 of a candidate whose branch meeting passed them on 2026-05-20: step 17 (审批) is next. */
const BEFORE_APPROVAL = [
  [1, '2024-03-01'],
  [2, '2024-03-10'],
  [3, '2024-04-01'],
  [4, '2024-04-05'],
  [5, '2024-04-10'],
  [6, '2024-10-01'],
  [7, '2025-04-01'],
  [8, '2025-04-05'],
  [9, '2025-04-10'],
  [10, '2025-04-20', 'passed'],
  [11, '2025-05-10'],
  [12, '2026-04-20'],
  [13, '2026-04-25'],
  [14, '2026-04-28'],
  [15, '2026-05-20', 'passed'],
  [16, '2026-05-25'],
] as const

describe('two officers approving the same step at the same moment', () => {
  let t: TestApp
  let branch: OrgNode
  let county: OrgNode
  let officers: [Session, Session]

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => TODAY })
    const tree = await makeOrgTree(t.db)
    county = tree.own
    branch = await makeOrg(t.db, county, '并发测试党支部', 'grassroots', 'branch')
    const a = await makeUser(t.db, { role: 'org_admin', org: county })
    const b = await makeUser(t.db, { role: 'org_admin', org: county })
    officers = [await login(t.app, a.loginName, a.password), await login(t.app, b.loginName, b.password)]
  })

  async function candidateAwaitingApproval() {
    const person = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, branch, {
      status: 'candidate',
      birthDate: '1998-05-01',
      dates: { applied_on: '2024-03-01', activist_on: '2024-04-01', candidate_on: '2025-04-01' },
    })
    const c = await t.db
      .insertInto('development_cases')
      .values({ person_id: person.id, next_step: 17, stage: 4, created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.db
      .insertInto('development_steps')
      .values(
        BEFORE_APPROVAL.map(([step, done_on, outcome]) => ({
          case_id: c.id,
          step,
          done_on,
          org_id: [4, 8, 13, 16].includes(step) ? county.id : branch.id,
          outcome: outcome ?? null,
        })),
      )
      .execute()
    return { caseId: c.id, personId: person.id }
  }

  it(`exactly one succeeds, ${REPEATS} times over; the loser is told it is done, and nothing is written twice`, async () => {
    const outcomes = new Map<string, number>()
    for (let i = 0; i < REPEATS; i++) {
      const { caseId, personId } = await candidateAwaitingApproval()
      const body = { step: 17, doneOn: TODAY, documentNo: `某组〔2026〕${i}号` }
      const results = await Promise.all(
        officers.map((s) => call(t.app, s, 'POST', `/api/development/cases/${caseId}/steps`, body)),
      )
      const codes = results.map((r) => r.statusCode).sort()
      outcomes.set(codes.join('/'), (outcomes.get(codes.join('/')) ?? 0) + 1)
      expect(codes, results.map((r) => r.body).join('\n')).toEqual([201, 409])
      const loser = results.find((r) => r.statusCode === 409)!
      expect(loser.json().error.message).toMatch(/第 17 步“上级党委审批”(已于 2026-06-01 办理，不能重复办理|刚刚已由他人办理)/)
      const rows = await t.db
        .selectFrom('development_steps')
        .where('case_id', '=', caseId)
        .where('step', '=', 17)
        .select('id')
        .execute()
      expect(rows).toHaveLength(1)
      const member = await t.db
        .selectFrom('members')
        .where('person_id', '=', personId)
        .select(['status', 'admitted_on'])
        .executeTakeFirstOrThrow()
      expect(member).toEqual({ status: 'probationary', admitted_on: '2026-05-20' })
      const history = await t.db
        .selectFrom('member_status_history')
        .where('person_id', '=', personId)
        .where('to_status', '=', 'probationary')
        .select('id')
        .execute()
      expect(history).toHaveLength(1)
    }
    expect(outcomes.get('201/409')).toBe(REPEATS)
    const audited = (await auditRows(t.db, 'development.step_recorded')).filter((r) => (r.after as { step: number }).step === 17)
    expect(audited).toHaveLength(REPEATS)
  }, 300_000)
})
