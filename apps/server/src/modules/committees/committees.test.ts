import { beforeAll, describe, expect, it } from 'vitest'
import type { CommitteeDefaults, CommitteeTermView } from '@xianfeng/contract'
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

type ListBody = { current: CommitteeTermView | null; past: CommitteeTermView[]; defaults: CommitteeDefaults }

describe('committees: terms and posts', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let admin: Session
  let reader: Session
  let auditor: Session
  const member = (org: OrgNode, opts: Parameters<typeof makeMember>[2] = {}) =>
    makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, opts)

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const sessionOf = async (role: 'org_admin' | 'discipline' | 'auditor') => {
      const u = await makeUser(t.db, { role, org: tree.own })
      return login(t.app, u.loginName, u.password)
    }
    admin = await sessionOf('org_admin')
    reader = await sessionOf('discipline')
    auditor = await sessionOf('auditor')
  })

  const list = async (s: Session, org: OrgNode) => call(t.app, s, 'GET', `/api/orgs/${org.id}/committee-terms`)
  const start = (s: Session, org: OrgNode, body: object) => call(t.app, s, 'POST', `/api/orgs/${org.id}/committee-terms`, body)
  const add = (s: Session, termId: string, body: object) => call(t.app, s, 'POST', `/api/committee-terms/${termId}/members`, body)
  const termOf = (res: { json: () => unknown }) => (res.json() as { term: CommitteeTermView }).term

  it('lists an org without terms with the defaults of a new term: years and structure from the rules', async () => {
    const branch = await makeOrg(t.db, tree.own, '默认值党支部', 'grassroots', 'branch')
    for (let i = 0; i < 6; i++) await member(branch)
    let body = (await list(admin, branch)).json() as ListBody
    expect(body.current).toBeNull()
    expect(body.past).toEqual([])
    expect(body.defaults).toMatchObject({
      isElected: true,
      nextTermNumber: 1,
      termYears: 3,
      structure: 'secretary_only',
      fullMembers: 6,
    })
    expect(body.defaults.termYearsBasis).toContain('《关于党的基层组织任期的意见》')
    await member(branch)
    body = (await list(admin, branch)).json() as ListBody
    expect(body.defaults).toMatchObject({ structure: 'committee', fullMembers: 7 })

    // a village's branch and a grassroots committee: five years
    const village = await makeOrg(t.db, tree.own, '某村党支部', 'grassroots', 'branch')
    await t.db.updateTable('orgs').set({ host_unit_type: 'village' }).where('id', '=', village.id).execute()
    expect(((await list(admin, village)).json() as ListBody).defaults.termYears).toBe(5)
    expect(((await list(admin, tree.own)).json() as ListBody).defaults).toMatchObject({ termYears: 5, structure: 'committee' })
    // a party group is appointed, not elected
    const group = await makeOrg(t.db, tree.own, '某局党组', 'county', 'party_group')
    expect(((await list(reader, group)).json() as ListBody).defaults.isElected).toBe(false)
    const refused = await start(admin, group, { electedOn: '2024-01-01' })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.message).toContain('党组的负责人由上级党组织任命或指定')

    expect((await list(admin, tree.sibling)).statusCode).toBe(404)
    expect((await list(auditor, tree.own)).statusCode).toBe(403)
    const bad = await call(t.app, admin, 'GET', '/api/orgs/not-a-uuid/committee-terms')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain('组织')
  })

  it('starts a term, audited; the next term ends it and its posts on the new election day', async () => {
    const branch = await makeOrg(t.db, tree.own, '换届党支部', 'grassroots', 'branch')
    const people = []
    for (let i = 0; i < 7; i++) people.push(await member(branch))

    const first = await start(admin, branch, { electedOn: '2021-06-18', note: '党员大会选举' })
    expect(first.statusCode).toBe(201)
    const t1 = termOf(first)
    expect(t1).toMatchObject({
      termNumber: 1,
      structure: 'committee',
      electedOn: '2021-06-18',
      termYears: 3,
      termYearsReason: null,
      termEndsOn: '2024-06-18',
      endedOn: null,
      note: '党员大会选举',
      members: [],
    })
    const started = await auditRows(t.db, 'committees.term_started')
    expect(started.find((r) => r.entity_id === t1.id)).toMatchObject({ org_id: branch.id, entity_type: 'committee_term' })

    const sec = await add(admin, t1.id, { personId: people[0]!.id, post: 'secretary', startedOn: '2021-06-18' })
    expect(sec.statusCode).toBe(201)
    expect(termOf(sec).members).toMatchObject([{ personId: people[0]!.id, post: 'secretary', endedOn: null }])

    // the next one: number 2 by default, a longer term needs a reason
    const noReason = await start(admin, branch, { electedOn: '2024-06-20', termYears: 4 })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.details[0]).toMatchObject({ field: 'termYearsReason' })
    expect(noReason.json().error.message).toContain('任期调整理由')
    const early = await start(admin, branch, { electedOn: '2021-06-18' })
    expect(early.statusCode).toBe(400)
    expect(early.json().error.details[0].field).toBe('electedOn')
    const future = await start(admin, branch, { electedOn: '2999-01-01' })
    expect(future.statusCode).toBe(400)
    expect(future.json().error.message).toBe('选举日期：选举日期不能晚于今天')
    const badDate = await start(admin, branch, { electedOn: '2024-13-01' })
    expect(badDate.statusCode).toBe(400)
    expect(badDate.json().error.message).toContain('选举日期')

    const second = await start(admin, branch, { electedOn: '2024-06-20', termYears: 4, termYearsReason: '经上级党委批准延长' })
    expect(second.statusCode).toBe(201)
    expect(termOf(second)).toMatchObject({
      termNumber: 2,
      termYears: 4,
      termEndsOn: '2028-06-20',
      termYearsReason: '经上级党委批准延长',
    })
    const body = (await list(reader, branch)).json() as ListBody
    expect(body.current?.termNumber).toBe(2)
    expect(body.past).toHaveLength(1)
    expect(body.past[0]).toMatchObject({ termNumber: 1, endedOn: '2024-06-20', endReason: '换届' })
    expect(body.past[0]!.members).toMatchObject([{ post: 'secretary', endedOn: '2024-06-20', endReason: '换届' }])
    expect(body.defaults.nextTermNumber).toBe(3)
    const replaced = (await auditRows(t.db, 'committees.term_started')).find((r) => r.entity_id === termOf(second).id)
    expect(replaced?.before).toMatchObject({ replacedTermId: t1.id, termNumber: 1 })

    // a term number already used
    const dup = await start(admin, branch, { electedOn: '2025-01-01', termNumber: 2 })
    expect(dup.statusCode).toBe(400)
    expect(dup.json().error.details[0].field).toBe('termNumber')
    // a committee cannot be secretary-only
    const structure = await start(admin, tree.own, { electedOn: '2022-01-01', structure: 'secretary_only' })
    expect(structure.statusCode).toBe(400)
    expect(structure.json().error.details[0].field).toBe('structure')

    expect((await start(admin, tree.sibling, { electedOn: '2024-01-01' })).statusCode).toBe(404)
    expect((await start(reader, branch, { electedOn: '2025-01-01' })).statusCode).toBe(403)
  })

  it('adds posts: full members of the org or below, one secretary, one deputy without a committee; audited', async () => {
    const branch = await makeOrg(t.db, tree.own, '任职党支部', 'grassroots', 'branch')
    const [a, b, c] = [await member(branch), await member(branch), await member(branch)]
    const probationer = await member(branch, { status: 'probationary', name: '预备甲' })
    const elsewhere = await member(tree.descendant, { name: '外支部乙' })
    const outside = await member(tree.sibling)
    const term = termOf(await start(admin, branch, { electedOn: '2025-01-10' }))
    expect(term.structure).toBe('secretary_only')

    const ok = await add(admin, term.id, { personId: a.id, post: 'secretary', startedOn: '2025-01-10' })
    expect(ok.statusCode).toBe(201)
    const addedRow = (await auditRows(t.db, 'committees.member_added')).at(-1)
    expect(addedRow).toMatchObject({ org_id: branch.id, entity_type: 'committee_member' })
    expect(addedRow?.after).toMatchObject({ personId: a.id, post: 'secretary', termNumber: 1 })

    const refusals: [object, string, string][] = [
      [{ personId: b.id, post: 'secretary', startedOn: '2025-01-10' }, 'post', '本届已有书记'],
      [{ personId: b.id, post: 'organization', startedOn: '2025-01-10' }, 'post', '只能设书记和副书记'],
      [{ personId: a.id, post: 'deputy_secretary', startedOn: '2025-01-10' }, 'personId', '已任本届书记'],
      [
        { personId: probationer.id, post: 'deputy_secretary', startedOn: '2025-01-10' },
        'personId',
        '预备甲是预备党员，班子成员须是正式党员',
      ],
      [{ personId: elsewhere.id, post: 'deputy_secretary', startedOn: '2025-01-10' }, 'personId', '不在“任职党支部”或其下级组织'],
      [{ personId: outside.id, post: 'deputy_secretary', startedOn: '2025-01-10' }, 'personId', '人员不存在或不在您的授权范围内'],
      [{ personId: b.id, post: 'deputy_secretary', startedOn: '2025-01-09' }, 'startedOn', '不能早于本届选举日期'],
      [{ personId: b.id, post: 'vice', startedOn: '2025-01-10' }, 'post', '职务'],
    ]
    for (const [body, field, message] of refusals) {
      const res = await add(admin, term.id, body)
      expect(res.statusCode, message).toBe(400)
      expect(res.json().error.details[0].field, message).toBe(field)
      expect(res.json().error.message, message).toContain(message)
    }

    expect((await add(admin, term.id, { personId: b.id, post: 'deputy_secretary', startedOn: '2025-02-01' })).statusCode).toBe(
      201,
    )
    const second = await add(admin, term.id, { personId: c.id, post: 'deputy_secretary', startedOn: '2025-02-01' })
    expect(second.statusCode).toBe(400)
    expect(second.json().error.message).toContain('至多设 1 名副书记')

    // a committee's posts: any; members of its lower orgs may hold them
    const committeeTerm = termOf(await start(admin, tree.own, { electedOn: '2023-03-01' }))
    expect(
      (await add(admin, committeeTerm.id, { personId: elsewhere.id, post: 'organization', startedOn: '2023-03-01' })).statusCode,
    ).toBe(201)

    expect((await add(reader, term.id, { personId: c.id, post: 'member', startedOn: '2025-02-01' })).statusCode).toBe(403)
    const foreign = termOf(await start(await siblingAdmin(), tree.sibling, { electedOn: '2024-01-01' }))
    expect((await add(admin, foreign.id, { personId: c.id, post: 'member', startedOn: '2025-02-01' })).statusCode).toBe(404)
  })

  async function siblingAdmin() {
    const u = await makeUser(t.db, { role: 'org_admin', org: tree.sibling })
    return login(t.app, u.loginName, u.password)
  }

  it('ends a post and a term, audited; dates are checked and an ended one cannot end again', async () => {
    const branch = await makeOrg(t.db, tree.own, '离任党支部', 'grassroots', 'branch')
    const [a, b] = [await member(branch), await member(branch)]
    const term = termOf(await start(admin, branch, { electedOn: '2024-05-01' }))
    const withA = termOf(await add(admin, term.id, { personId: a.id, post: 'secretary', startedOn: '2024-05-01' }))
    const postId = withA.members[0]!.id
    const endPost = (s: Session, body: object) => call(t.app, s, 'POST', `/api/committee-members/${postId}/end`, body)

    const before = await endPost(admin, { endedOn: '2024-04-30' })
    expect(before.statusCode).toBe(400)
    expect(before.json().error.details[0]).toMatchObject({ field: 'endedOn' })
    expect(before.json().error.message).toContain('离任日期不能早于任职日期（2024-05-01）')
    expect((await endPost(admin, {})).json().error.message).toContain('请填写离任日期')
    expect((await endPost(reader, { endedOn: '2025-01-01' })).statusCode).toBe(403)

    const ended = await endPost(admin, { endedOn: '2025-01-01', reason: '工作调动' })
    expect(ended.statusCode).toBe(200)
    expect(termOf(ended).members[0]).toMatchObject({ endedOn: '2025-01-01', endReason: '工作调动' })
    expect((await auditRows(t.db, 'committees.member_ended')).some((r) => r.entity_id === postId)).toBe(true)
    expect((await endPost(admin, { endedOn: '2025-01-02' })).statusCode).toBe(422)
    // the secretary's post is free again
    expect((await add(admin, term.id, { personId: b.id, post: 'secretary', startedOn: '2025-01-02' })).statusCode).toBe(201)

    const endTerm = (s: Session, id: string, body: object) => call(t.app, s, 'POST', `/api/committee-terms/${id}/end`, body)
    expect((await endTerm(admin, term.id, { endedOn: '2025-03-01' })).json().error.details[0].field).toBe('reason')
    expect((await endTerm(admin, term.id, { endedOn: '2024-01-01', reason: '撤销' })).json().error.details[0].field).toBe(
      'endedOn',
    )
    expect((await endTerm(reader, term.id, { endedOn: '2025-03-01', reason: '撤销' })).statusCode).toBe(403)
    const done = await endTerm(admin, term.id, { endedOn: '2025-03-01', reason: '与邻近支部合并' })
    expect(done.statusCode).toBe(200)
    expect(termOf(done)).toMatchObject({ endedOn: '2025-03-01', endReason: '与邻近支部合并' })
    expect(termOf(done).members.every((m) => m.endedOn !== null)).toBe(true)
    expect((await auditRows(t.db, 'committees.term_ended')).some((r) => r.entity_id === term.id)).toBe(true)
    expect((await endTerm(admin, term.id, { endedOn: '2025-03-02', reason: '再次' })).statusCode).toBe(422)
    const late = await add(admin, term.id, { personId: a.id, post: 'member', startedOn: '2025-03-01' })
    expect(late.statusCode).toBe(422)
    expect(late.json().error.message).toContain('已于 2025-03-01 结束')
    // a new term may not start before the last one ended
    expect((await start(admin, branch, { electedOn: '2025-02-01' })).json().error.details[0].field).toBe('electedOn')
    expect((await start(admin, branch, { electedOn: todayInChina() })).statusCode).toBe(201)

    // out of scope: 404 for both
    const foreignTerm = termOf(await start(await siblingAdmin(), tree.sibling, { electedOn: '2024-02-01' }))
    expect((await endTerm(admin, foreignTerm.id, { endedOn: '2025-03-01', reason: '撤销' })).statusCode).toBe(404)
    const foreignPerson = await member(tree.sibling)
    const sibling = await siblingAdmin()
    const foreignPost = termOf(
      await add(sibling, foreignTerm.id, { personId: foreignPerson.id, post: 'secretary', startedOn: '2024-02-01' }),
    ).members[0]!.id
    expect(
      (await call(t.app, admin, 'POST', `/api/committee-members/${foreignPost}/end`, { endedOn: '2025-01-01' })).statusCode,
    ).toBe(404)
  })
})
