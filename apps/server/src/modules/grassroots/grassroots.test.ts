import { beforeAll, describe, expect, it } from 'vitest'
import type { BranchWarning } from '@xianfeng/contract'
import { createTestApp, login, makeOrg, makeOrgTree, makeUser, type TestApp } from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'
import { makeMember } from '../people/people.factories.ts'
import { BRANCH_RULES } from './branch-rules.ts'

describe('branch-setting warnings', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })

  it('flags branches with fewer than 3 full members and more than 50 members, citing the regulation; 3 and 50 are fine', async () => {
    const tree = await makeOrgTree(t.db)
    const deps = { db: t.db, encryptionKey: t.config.encryptionKey }
    const small = await makeOrg(t.db, tree.own, '二名正式党员支部', 'grassroots', 'branch')
    const exact = await makeOrg(t.db, tree.own, '三名正式党员支部', 'grassroots', 'branch')
    const big = await makeOrg(t.db, tree.own, '五十一名党员支部', 'grassroots', 'branch')
    const fifty = await makeOrg(t.db, tree.own, '五十名党员支部', 'grassroots', 'branch')
    for (let i = 0; i < 2; i++) await makeMember(deps, small)
    // probationary members do not count towards the 3 full members
    await makeMember(deps, small, { status: 'probationary' })
    for (let i = 0; i < 3; i++) await makeMember(deps, exact)
    for (let i = 0; i < 50; i++) await makeMember(deps, big, { status: i < 45 ? 'full' : 'probationary' })
    await makeMember(deps, big, { status: 'probationary' })
    for (let i = 0; i < 50; i++) await makeMember(deps, fifty)
    // an applicant is not yet a member: not counted
    await makeMember(deps, exact, { status: 'applicant' })

    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    const session = await login(t.app, user.loginName, user.password)
    const res = await call(t.app, session, 'GET', `/api/orgs/${tree.own.id}/warnings`)
    expect(res.statusCode).toBe(200)
    const body = res.json() as { items: BranchWarning[]; checkedBranches: number; truncated: boolean }
    // descendant (a branch with no members) is checked too
    expect(body.checkedBranches).toBe(5)
    const byOrg = (id: string) => body.items.filter((w) => w.orgId === id).map((w) => [w.rule, w.actual])
    expect(byOrg(small.id)).toEqual([[BRANCH_RULES.minFullMembers.id, 2]])
    expect(byOrg(exact.id)).toEqual([])
    expect(byOrg(fifty.id)).toEqual([])
    expect(byOrg(big.id)).toEqual([[BRANCH_RULES.maxMembers.id, 51]])
    expect(byOrg(tree.descendant.id)).toEqual([[BRANCH_RULES.minFullMembers.id, 0]])
    const w = body.items.find((i) => i.orgId === small.id)!
    expect(w.message).toContain('正式党员 2 人，不足 3 人')
    expect(w.source).toContain('《中国共产党支部工作条例（试行）》第四条')

    // a branch's own warnings; outside the scope, 404
    const one = await call(t.app, session, 'GET', `/api/orgs/${big.id}/warnings`)
    expect((one.json() as { checkedBranches: number }).checkedBranches).toBe(1)
    expect((await call(t.app, session, 'GET', `/api/orgs/${tree.sibling.id}/warnings`)).statusCode).toBe(404)
  })
})
