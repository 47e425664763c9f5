import { beforeAll, describe, expect, it } from 'vitest'
import type { CaseView, Dashboard, TodoItem } from '@xianfeng/contract'
import {
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

// 培养时间连续计算: the case lives on the person, so it moves with their membership relation; what was
// done at the old branch still counts, and what remains falls to the new branch and its committee.
describe('the case moves with the person to another unit', () => {
  let t: TestApp
  let now = '2023-03-01'
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let oldBranch: OrgNode
  let newBranch: OrgNode
  let city: Session
  let oldCounty: Session
  let newCounty: Session
  let oldBranchOfficer: Session

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => now })
    tree = await makeOrgTree(t.db)
    oldBranch = await makeOrg(t.db, tree.own, '原单位党支部', 'grassroots', 'branch')
    newBranch = await makeOrg(t.db, tree.sibling, '新单位党支部', 'grassroots', 'branch')
    const at = async (org: OrgNode) => {
      const u = await makeUser(t.db, { role: 'org_admin', org })
      return login(t.app, u.loginName, u.password)
    }
    city = await at(tree.cityA)
    oldCounty = await at(tree.own)
    newCounty = await at(tree.sibling)
    oldBranchOfficer = await at(oldBranch)
  })

  const caseOf = (res: { json: () => unknown }) => (res.json() as { case: CaseView }).case

  it('keeps the cultivation time, the records and their orgs; the rest falls to the new branch and its committee', async () => {
    const deps = { db: t.db, encryptionKey: t.config.encryptionKey }
    const contact = await makeMember(deps, oldBranch)
    for (let i = 0; i < 3; i++) await makeMember(deps, newBranch)
    const person = await makeMember(deps, oldBranch, {
      status: 'applicant',
      birthDate: '2001-04-02',
      dates: { applied_on: '2023-01-10' },
    })
    const opened = await call(t.app, oldBranchOfficer, 'POST', '/api/development/cases', {
      personId: person.id,
      categories: ['youth'],
    })
    expect(opened.statusCode, opened.body).toBe(201)
    const id = caseOf(opened).id
    const step = (s: Session, body: object) => call(t.app, s, 'POST', `/api/development/cases/${id}/steps`, body)
    for (const [s, body] of [
      [oldBranchOfficer, { step: 2, doneOn: '2023-01-20' }],
      [oldBranchOfficer, { step: 3, doneOn: '2023-03-01', recommendation: 'party_members' }],
      [oldCounty, { step: 4, doneOn: '2023-03-01' }],
      [oldBranchOfficer, { step: 5, doneOn: '2023-03-01', contactIds: [contact.id] }],
    ] as const) {
      const r = await step(s, body)
      expect(r.statusCode, r.body).toBe(201)
    }
    now = '2023-09-01'
    expect((await step(oldBranchOfficer, { step: 6, doneOn: '2023-09-01' })).statusCode).toBe(201)

    // the person changes unit: the city moves their membership relation to a branch of another county
    now = '2023-10-15'
    const moved = await call(t.app, city, 'POST', `/api/members/${person.id}/transfer`, {
      toOrgId: newBranch.id,
      effectiveOn: '2023-10-15',
      reason: '工作调动',
    })
    expect(moved.statusCode, moved.body).toBe(200)

    // the case went with them: the old branch no longer sees it, the new county does, records intact
    expect((await call(t.app, oldBranchOfficer, 'GET', `/api/development/cases/${id}`)).statusCode).toBe(404)
    const there = caseOf(await call(t.app, newCounty, 'GET', `/api/development/cases/${id}`))
    expect(there).toMatchObject({ org: { id: newBranch.id }, superior: { id: tree.sibling.id }, stage: 2 })
    expect(there.steps.map((s) => [s.step, s.org.id])).toEqual([
      [1, oldBranch.id],
      [2, oldBranch.id],
      [3, oldBranch.id],
      [4, tree.own.id],
      [5, oldBranch.id],
      [6, oldBranch.id],
    ])

    // the year of cultivation counts from 2023-03-01 at the old branch, not from the transfer
    now = '2024-02-29'
    expect((await step(newCounty, { step: 6, doneOn: '2024-02-29' })).statusCode).toBe(201)
    const early = await step(newCounty, { step: 7, doneOn: '2024-02-29', checks: ['opinions_heard'] })
    expect(early.statusCode).toBe(400)
    expect(early.json().error.message).toContain('自确定为入党积极分子（2023-03-01）起须经过 1 年以上培养考察，2024-03-01 起')
    now = '2024-03-01'
    const seven = await step(newCounty, { step: 7, doneOn: '2024-03-01', checks: ['opinions_heard'] })
    expect(seven.statusCode, seven.body).toBe(201)
    expect(caseOf(seven).steps.at(-1)).toMatchObject({ step: 7, org: { id: newBranch.id } })

    // step 8 is the new county's to do, not the old one's; the old county may not record it
    const todo = async (s: Session) =>
      ((await call(t.app, s, 'GET', '/api/development/todos')).json() as { items: TodoItem[] }).items
    expect(await todo(newCounty)).toContainEqual(expect.objectContaining({ caseId: id, step: 8 }))
    expect((await todo(oldCounty)).map((x) => x.caseId)).not.toContain(id)
    expect((await step(oldCounty, { step: 8, doneOn: '2024-03-01' })).statusCode).toBe(404)

    // the dashboard counts the case under its new county, at stage 3, and no longer under the old one
    const board = async (s: Session, org: OrgNode) =>
      (await call(t.app, s, 'GET', `/api/development/dashboard?orgId=${org.id}`)).json() as Dashboard
    const newBoard = await board(newCounty, tree.sibling)
    expect(newBoard.stages.find((x) => x.stage === 3)?.count).toBe(1)
    expect(newBoard.open).toBe(1)
    expect((await board(oldCounty, tree.own)).open).toBe(0)
    // overdue: the committee's filing has no deadline, but the next review of the activist would; a
    // case whose talk (step 2) is a month late is counted overdue under its org
    const late = await makeMember(deps, newBranch, {
      status: 'applicant',
      birthDate: '2002-05-06',
      dates: { applied_on: '2024-01-10' },
    })
    expect((await call(t.app, newCounty, 'POST', '/api/development/cases', { personId: late.id })).statusCode).toBe(201)
    const lateBoard = await board(newCounty, tree.sibling)
    expect(lateBoard.overdue).toBe(1)
    expect(lateBoard.stages.find((x) => x.stage === 1)?.count).toBe(1)
    const overdueList = await call(t.app, newCounty, 'GET', `/api/development/cases?orgId=${tree.sibling.id}&overdue=true`)
    expect(overdueList.json().items.map((x: { person: { id: string } }) => x.person.id)).toEqual([late.id])
  })
})
