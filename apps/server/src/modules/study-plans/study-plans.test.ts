import type { ExemplarView, StudyPlanView } from '@xianfeng/contract'
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
import { todayInChina } from '../../platform/calendar.ts'
import { makeMember } from '../people/people.factories.ts'

const today = todayInChina()
const year = Number(today.slice(0, 4))

describe('study plans, training plans and study exemplars', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let branch: OrgNode
  let secretary: Session
  let county: Session
  let person: { id: string }
  let outsider: { id: string }

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    branch = await makeOrg(t.db, tree.own, '县教育局党支部', 'grassroots', 'branch')
    const add = (o: OrgNode) => makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, o, { status: 'full' })
    person = await add(branch)
    outsider = await add(tree.sibling)
    const s = await makeUser(t.db, { role: 'org_admin', org: branch })
    secretary = await login(t.app, s.loginName, s.password)
    const c = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    county = await login(t.app, c.loginName, c.password)
  })

  it('a 学习标兵 is nominated by the branch, approved and published by the level above, never by the nominator', async () => {
    const res = await call(t.app, secretary, 'POST', '/api/exemplars', {
      orgId: branch.id,
      personId: person.id,
      year,
      deeds: '带头学习，撰写心得 12 篇',
    })
    expect(res.statusCode, res.body).toBe(201)
    const nominated = (res.json() as { exemplar: ExemplarView }).exemplar
    // the branch itself may not decide its own nomination, and is told why
    expect(nominated.actions).toEqual([])
    expect(nominated.actionsNote).toBe('由“县教育局党支部”的上级组织审核；请切换到上级组织的授权范围')
    const selfApprove = await call(t.app, secretary, 'POST', `/api/exemplars/${nominated.id}/decide`, { approve: true })
    expect(selfApprove.statusCode).toBe(403)
    expect(selfApprove.body).toContain('上级组织')
    // the county sees what it may do, may not publish before approving, must give a reason to reject
    const listed = (await call(t.app, county, 'GET', `/api/exemplars?orgId=${branch.id}`)).json() as { items: ExemplarView[] }
    expect(listed.items[0]!.actions).toEqual(['approve', 'reject'])
    expect(listed.items[0]!.actionsNote).toBeNull()
    expect((await call(t.app, county, 'POST', `/api/exemplars/${nominated.id}/publish`)).statusCode).toBe(422)
    const noReason = await call(t.app, county, 'POST', `/api/exemplars/${nominated.id}/decide`, { approve: false })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('审核不通过时请填写理由')
    const approved = await call(t.app, county, 'POST', `/api/exemplars/${nominated.id}/decide`, { approve: true, note: '同意' })
    expect(approved.json()).toMatchObject({ exemplar: { status: 'approved', actions: ['publish'] } })
    const published = await call(t.app, county, 'POST', `/api/exemplars/${nominated.id}/publish`)
    expect(published.json()).toMatchObject({ exemplar: { status: 'published', actions: [], actionsNote: null } })
    expect(await auditRows(t.db, 'activities.exemplar_published')).toHaveLength(1)
    // once a year per person; only members of the nominating org
    const again = await call(t.app, secretary, 'POST', '/api/exemplars', {
      orgId: branch.id,
      personId: person.id,
      year,
      deeds: '再次推荐',
    })
    expect(again.statusCode).toBe(409)
    const other = await call(t.app, county, 'POST', '/api/exemplars', {
      orgId: tree.own.id,
      personId: outsider.id,
      year,
      deeds: '推荐',
    })
    expect(other.statusCode).toBe(400)
    expect(other.body).toContain('推荐人选不是该组织的党员')
  })

  it('the public portal lists published 学习标兵 without login, with nothing personal beyond what publishing means', async () => {
    const other = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, branch, { status: 'full' })
    // nominated but not yet published: not public
    expect(
      (await call(t.app, secretary, 'POST', '/api/exemplars', { orgId: branch.id, personId: other.id, year, deeds: '尚未审核' }))
        .statusCode,
    ).toBe(201)
    const res = await call(t.app, null, 'GET', '/api/public/exemplars')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json() as { items: Record<string, unknown>[]; total: number }
    expect(body.total).toBe(1)
    expect(body.items).toEqual([
      {
        id: expect.any(String) as string,
        name: expect.any(String) as string,
        orgName: '县教育局党支部',
        year,
        deeds: '带头学习，撰写心得 12 篇',
        publishedOn: today,
      },
    ])
    const row = await t.db
      .selectFrom('people')
      .where('id', '=', person.id)
      .select(['name', 'birth_date'])
      .executeTakeFirstOrThrow()
    expect(body.items[0]!.name).toBe(row.name)
    // no person id, birth date, ID number or phone anywhere in the answer
    expect(res.body).not.toContain(person.id)
    expect(res.body).not.toContain(String(row.birth_date))
    expect(res.body).not.toMatch(/idNumber|phone|birth|personId/i)
    // filters and bad input name the field
    expect(((await call(t.app, null, 'GET', `/api/public/exemplars?year=${year - 1}`)).json() as { total: number }).total).toBe(0)
    const bad = await call(t.app, null, 'GET', '/api/public/exemplars?pageSize=500')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('每页条数不能大于 50')
  })

  it('keeps one study plan per org (and per member) a year, updated in place', async () => {
    const plan = { orgId: branch.id, year, title: `${year} 年学习计划`, content: '每月学习日学习党章党规' }
    expect((await call(t.app, secretary, 'PUT', '/api/study-plans', plan)).statusCode).toBe(200)
    const edited = await call(t.app, secretary, 'PUT', '/api/study-plans', { ...plan, content: '每月学习日学习党章党规和党史' })
    expect((edited.json() as { plan: StudyPlanView }).plan.content).toBe('每月学习日学习党章党规和党史')
    const personal = await call(t.app, secretary, 'PUT', '/api/study-plans', {
      ...plan,
      personId: person.id,
      title: '个人学习计划',
    })
    expect((personal.json() as { plan: StudyPlanView }).plan.person).toEqual({
      id: person.id,
      name: expect.any(String) as string,
    })
    const list = (await call(t.app, secretary, 'GET', `/api/study-plans?year=${year}`)).json() as { items: StudyPlanView[] }
    expect(list.items.map((p) => p.title)).toEqual([`${year} 年学习计划`, '个人学习计划'])
    expect(await auditRows(t.db, 'activities.study_plan_updated')).toHaveLength(1)
  })

  it('lists training plans by field and level with the training held that year', async () => {
    const plan = {
      orgId: tree.own.id,
      year,
      field: 'market_economy',
      level: 'county',
      title: '农村党员市场经济知识培训',
      audience: '农村党员',
      plannedSessions: 3,
      plannedHours: 24,
      plannedTrainees: 300,
    }
    expect((await call(t.app, county, 'POST', '/api/training-plans', plan)).statusCode).toBe(201)
    const bad = await call(t.app, county, 'POST', '/api/training-plans', { ...plan, plannedHours: 0 })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('计划学时必须大于 0')
    const held = await call(t.app, county, 'POST', '/api/activities', {
      orgId: branch.id,
      kinds: ['training'],
      heldOn: today,
      hours: 8,
      topic: '市场经济知识培训班',
    })
    expect(held.statusCode, held.body).toBe(201)
    const list = (await call(t.app, county, 'GET', `/api/training-plans?year=${year}`)).json() as {
      items: { title: string }[]
      held: { sessions: number; hours: number }
    }
    expect(list.items.map((p) => p.title)).toEqual(['农村党员市场经济知识培训'])
    expect(list.held).toEqual({ sessions: 1, hours: 8 })
  })
})
