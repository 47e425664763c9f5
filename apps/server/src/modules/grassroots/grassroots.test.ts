import { beforeAll, describe, expect, it } from 'vitest'
import type { BranchWarning, CommitteeTermView } from '@xianfeng/contract'
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
import { todayInChina } from '../../platform/calendar.ts'
import { makeMember } from '../people/people.factories.ts'
import { BRANCH_RULES } from './branch-rules.ts'
import { COMMITTEE_RULES, TERM_RULES } from './committee-rules.ts'

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
    // the committee those with 7 or more full members need is tested below
    const memberRules: string[] = [BRANCH_RULES.minFullMembers.id, BRANCH_RULES.maxMembers.id]
    const byOrg = (id: string) =>
      body.items.filter((w) => w.orgId === id && memberRules.includes(w.rule)).map((w) => [w.rule, w.actual])
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

/** 'YYYY-MM-DD' plus `n` days. */
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** 'YYYY-MM-DD' plus `months` months; a day past the end of the month falls on its last day, as in PostgreSQL. */
function addMonths(iso: string, months: number) {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + months
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

describe('committee and term warnings', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let session: Session
  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    session = await login(t.app, user.loginName, user.password)
  })

  const members = async (org: OrgNode, n: number) => {
    const ids: string[] = []
    for (let i = 0; i < n; i++) ids.push((await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org)).id)
    return ids
  }
  const startTerm = async (org: OrgNode, body: object) => {
    const res = await call(t.app, session, 'POST', `/api/orgs/${org.id}/committee-terms`, body)
    expect(res.statusCode, res.body).toBe(201)
    return (res.json() as { term: CommitteeTermView }).term
  }
  const warnings = async (org: OrgNode) => {
    const res = await call(t.app, session, 'GET', `/api/orgs/${org.id}/warnings`)
    expect(res.statusCode).toBe(200)
    return res.json() as { items: BranchWarning[]; checkedOrgs: number; checkedBranches: number }
  }

  it('7 or more full members need a committee: 6 do not, 7 without a term or with a secretary only do', async () => {
    const parent = await makeOrg(t.db, tree.own, '支委会测试党总支', 'grassroots', 'general_branch')
    const six = await makeOrg(t.db, parent, '六人党支部', 'grassroots', 'branch')
    const sevenNone = await makeOrg(t.db, parent, '七人未登记党支部', 'grassroots', 'branch')
    const sevenSecretary = await makeOrg(t.db, parent, '七人只设书记党支部', 'grassroots', 'branch')
    const sevenCommittee = await makeOrg(t.db, parent, '七人设支委会党支部', 'grassroots', 'branch')
    await members(six, 6)
    await members(sevenNone, 7)
    await members(sevenSecretary, 7)
    const committeeMembers = await members(sevenCommittee, 7)
    const today = todayInChina()
    await startTerm(six, { electedOn: today })
    await startTerm(sevenSecretary, { electedOn: today, structure: 'secretary_only' })
    const term = await startTerm(sevenCommittee, { electedOn: today })
    for (const [i, post] of (['secretary', 'organization', 'publicity'] as const).entries())
      await call(t.app, session, 'POST', `/api/committee-terms/${term.id}/members`, {
        personId: committeeMembers[i],
        post,
        startedOn: today,
      })

    const body = await warnings(parent)
    expect(body.checkedOrgs).toBe(5)
    expect(body.checkedBranches).toBe(4)
    const rule = COMMITTEE_RULES.committeeRequired.id
    const flagged = body.items.filter((w) => w.rule === rule)
    // orgs come in tree order, which follows their ids
    expect(flagged.map((w) => [w.orgId, w.actual]).sort()).toEqual(
      [
        [sevenNone.id, 7],
        [sevenSecretary.id, 7],
      ].sort(),
    )
    const none = flagged.find((w) => w.orgId === sevenNone.id)!
    expect(none.message).toBe('正式党员 7 人，未登记支部委员会：7 人以上的党支部应设立支部委员会')
    expect(none.source).toContain('《中国共产党支部工作条例（试行）》第六章')
    expect(flagged.find((w) => w.orgId === sevenSecretary.id)!.message).toContain('第 1 届只设书记')
    // a committee of 3 is within 3–5: no size warning for it
    expect(body.items.filter((w) => w.orgId === sevenCommittee.id)).toEqual([])
  })

  it('committee size: 3 and 5 are fine, 6 is above the usual 5, 8 exceeds the maximum of 7; an empty one is short', async () => {
    const parent = await makeOrg(t.db, tree.own, '职数测试党委', 'grassroots', 'committee')
    const today = todayInChina()
    const sized: Record<number, OrgNode> = {}
    for (const size of [0, 3, 5, 6, 8]) {
      const branch = await makeOrg(t.db, parent, `支委${size}人党支部`, 'grassroots', 'branch')
      sized[size] = branch
      const people = await members(branch, 8)
      const term = await startTerm(branch, { electedOn: today })
      const posts = ['secretary', 'organization', 'publicity', 'discipline', 'deputy_secretary', 'youth', 'member', 'member']
      for (let i = 0; i < size; i++) {
        const res = await call(t.app, session, 'POST', `/api/committee-terms/${term.id}/members`, {
          personId: people[i],
          post: posts[i],
          startedOn: today,
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    const body = await warnings(parent)
    const sizeRules = [COMMITTEE_RULES.committeeSize.id, COMMITTEE_RULES.committeeSizeMax.id] as string[]
    const of = (size: number) =>
      body.items.filter((w) => w.orgId === sized[size]!.id && sizeRules.includes(w.rule)).map((w) => [w.rule, w.actual])
    expect(of(0)).toEqual([[COMMITTEE_RULES.committeeSize.id, 0]])
    expect(of(3)).toEqual([])
    expect(of(5)).toEqual([])
    expect(of(6)).toEqual([[COMMITTEE_RULES.committeeSize.id, 6]])
    // the stronger warning alone
    expect(of(8)).toEqual([[COMMITTEE_RULES.committeeSizeMax.id, 8]])
    const max = body.items.find((w) => w.rule === COMMITTEE_RULES.committeeSizeMax.id)!
    expect(max.message).toBe('支部委员会现有 8 人，超过 7 人的上限：应精简委员职数')
    expect(max.source).toContain('一般不超过 7 人')
    const short = body.items.find((w) => w.orgId === sized[0]!.id && w.rule === COMMITTEE_RULES.committeeSize.id)!
    expect(short.message).toContain('少于 3 人')
  })

  it('terms: expired the day after the end, reminded from 6 months before the end to the end itself', async () => {
    const parent = await makeOrg(t.db, tree.own, '换届提醒测试党委', 'grassroots', 'committee')
    const today = todayInChina()
    const sixMonths = addMonths(today, TERM_RULES.reminder.months)
    const cases = {
      yesterday: addDays(today, -1),
      today,
      dayBeforeSixMonths: addDays(sixMonths, -1),
      sixMonths,
      dayAfterSixMonths: addDays(sixMonths, 1),
    }
    const orgs: Record<string, OrgNode> = {}
    for (const [name, end] of Object.entries(cases)) {
      const branch = await makeOrg(t.db, parent, `届满${name}党支部`, 'grassroots', 'branch')
      orgs[name] = branch
      await members(branch, 3)
      // a 3-year term ending on `end`; 29 February has no such start, so then 4 years from a leap day
      const leap = end.endsWith('-02-29')
      const years = leap ? 4 : 3
      const electedOn = `${Number(end.slice(0, 4)) - years}${end.slice(4)}`
      const term = await startTerm(branch, {
        electedOn,
        structure: 'secretary_only',
        ...(leap && { termYears: 4, termYearsReason: '闰日选举' }),
      })
      expect(term.termEndsOn).toBe(end)
    }
    // a term replaced by the next one is not current: no warning for the old one
    const renewed = await makeOrg(t.db, parent, '已换届党支部', 'grassroots', 'branch')
    await members(renewed, 3)
    await startTerm(renewed, { electedOn: '2019-01-01', structure: 'secretary_only' })
    await startTerm(renewed, { electedOn: today, structure: 'secretary_only' })

    const body = await warnings(parent)
    const termRules = [TERM_RULES.expired.id, TERM_RULES.reminder.id] as string[]
    const of = (org: OrgNode) =>
      body.items.filter((w) => w.orgId === org.id && termRules.includes(w.rule)).map((w) => [w.rule, w.actual])
    expect(of(orgs.yesterday!)).toEqual([[TERM_RULES.expired.id, 1]])
    expect(of(orgs.today!)).toEqual([[TERM_RULES.reminder.id, 0]])
    const daysTo = (iso: string) => (Date.parse(iso) - Date.parse(today)) / 86_400_000
    expect(of(orgs.dayBeforeSixMonths!)).toEqual([[TERM_RULES.reminder.id, daysTo(cases.dayBeforeSixMonths)]])
    expect(of(orgs.sixMonths!)).toEqual([[TERM_RULES.reminder.id, daysTo(sixMonths)]])
    expect(of(orgs.dayAfterSixMonths!)).toEqual([])
    expect(of(renewed)).toEqual([])

    const expired = body.items.find((w) => w.orgId === orgs.yesterday!.id && w.rule === TERM_RULES.expired.id)!
    expect(expired.message).toBe(
      `第 1 届任期已于 ${cases.yesterday} 届满（已过 1 天），尚未换届：应按期换届选举，延期须报上级党委批准`,
    )
    expect(expired.source).toContain('《关于党的基层组织任期的意见》（2018 年）第二条')
    const soon = body.items.find((w) => w.orgId === orgs.sixMonths!.id)!
    expect(soon.message).toContain(`将于 ${sixMonths} 届满`)
    expect(soon.source).toContain('一般提前 6 个月')
  })
})
