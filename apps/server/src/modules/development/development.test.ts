import { beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from '../../platform/excel.ts'
import type { CaseView, Dashboard, PublicNotice, TodoItem } from '@xianfeng/contract'
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

describe('发展党员: one person from application to full member, on a test clock', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let branch: OrgNode
  let now = '2023-01-05'
  let branchOfficer: Session
  let county: Session
  let city: Session
  let sibling: Session
  let auditor: Session
  let reader: Session
  const member = (org: OrgNode, opts: Parameters<typeof makeMember>[2] = {}) =>
    makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, opts)

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => now })
    tree = await makeOrgTree(t.db)
    branch = await makeOrg(t.db, tree.own, '发展测试党支部', 'grassroots', 'branch')
    const sessionAt = async (role: 'org_admin' | 'auditor' | 'discipline', org: OrgNode) => {
      const u = await makeUser(t.db, { role, org })
      return login(t.app, u.loginName, u.password)
    }
    branchOfficer = await sessionAt('org_admin', branch)
    county = await sessionAt('org_admin', tree.own)
    city = await sessionAt('org_admin', tree.cityA)
    sibling = await sessionAt('org_admin', tree.sibling)
    auditor = await sessionAt('auditor', tree.own)
    reader = await sessionAt('discipline', tree.own)
  })

  const caseOf = (res: { json: () => unknown }) => (res.json() as { case: CaseView }).case
  const step = (s: Session, id: string, body: object) => call(t.app, s, 'POST', `/api/development/cases/${id}/steps`, body)

  it('walks the 25 steps; refuses early, out-of-turn and out-of-scope steps with the rule and the date', async () => {
    const applicant = await member(branch, { status: 'applicant', birthDate: '2000-01-15', dates: { applied_on: '2023-01-05' } })
    const roll = []
    for (let i = 0; i < 9; i++) roll.push(await member(branch))
    const [c1, c2, s1, s2] = [roll[0]!, roll[1]!, roll[2]!, roll[3]!]

    // step 1: the case opens on the register's application date
    const opened = await call(t.app, branchOfficer, 'POST', '/api/development/cases', {
      personId: applicant.id,
      categories: ['youth', 'frontline'],
      documents: ['入党申请书'],
    })
    expect(opened.statusCode, opened.body).toBe(201)
    let c = caseOf(opened)
    expect(c).toMatchObject({
      status: 'open',
      stage: 1,
      nextStep: 2,
      categories: ['youth', 'frontline'],
      appliedOn: '2023-01-05',
    })
    expect(c.steps).toMatchObject([{ step: 1, doneOn: '2023-01-05', documents: ['入党申请书'], org: { id: branch.id } }])
    expect(c.next).toMatchObject({ step: 2, by: 'branch', deadline: '2023-02-05', possibleFrom: '2023-01-05' })
    expect((await call(t.app, branchOfficer, 'POST', '/api/development/cases', { personId: applicant.id })).statusCode).toBe(409)
    const opening = (await auditRows(t.db, 'development.case_opened')).find((r) => r.entity_id === c.id)
    expect(opening).toMatchObject({ org_id: branch.id, entity_type: 'development_case' })
    const id = c.id

    // out of scope, missing permission, bad input
    expect((await call(t.app, sibling, 'GET', `/api/development/cases/${id}`)).statusCode).toBe(404)
    expect((await call(t.app, auditor, 'GET', `/api/development/cases/${id}`)).statusCode).toBe(403)
    expect((await step(reader, id, { step: 2, doneOn: '2023-01-20' })).statusCode).toBe(403)
    const bad = await step(branchOfficer, id, { step: 2, doneOn: '2023-02-30' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain('办理日期')

    now = '2023-01-20'
    // step 3 before step 2: refused with the step to do first
    const early3 = await step(branchOfficer, id, { step: 3, doneOn: '2023-01-20', recommendation: 'party_members' })
    expect(early3.statusCode).toBe(422)
    expect(early3.json().error.message).toBe('须先办理第 2 步“党组织派人谈话”，才能办理第 3 步“推荐和确定入党积极分子”')
    let r = await step(branchOfficer, id, { step: 2, doneOn: '2023-01-20', actorName: '王书记', documents: ['谈话记录'] })
    expect(r.statusCode, r.body).toBe(201)

    now = '2023-03-01'
    r = await step(branchOfficer, id, { step: 3, doneOn: '2023-03-01', recommendation: 'mass_org' })
    expect(r.statusCode, r.body).toBe(201)
    // the register follows: an activist from that day, no re-entry
    const m = (await call(t.app, branchOfficer, 'GET', `/api/members/${applicant.id}`)).json().member
    expect(m).toMatchObject({ status: 'activist', activistOn: '2023-03-01' })
    // …and the register no longer moves them on or redates their stages by hand
    const byHand = await call(t.app, branchOfficer, 'POST', `/api/members/${applicant.id}/status`, {
      status: 'candidate',
      effectiveOn: '2023-03-01',
    })
    expect(byHand.statusCode).toBe(422)
    expect(byHand.json().error.message).toContain('正在发展党员程序中')
    const redate = await call(t.app, branchOfficer, 'PATCH', `/api/members/${applicant.id}`, { activistOn: '2023-02-01' })
    expect(redate.statusCode).toBe(422)

    // step 4 falls to the county committee: not the branch's to do, and in the county's to-do list
    expect(caseOf(r).next).toMatchObject({ step: 4, by: 'superior', org: { id: tree.own.id } })
    const branchTries = await step(branchOfficer, id, { step: 4, doneOn: '2023-03-01' })
    expect(branchTries.statusCode).toBe(403)
    expect(branchTries.json().error.message).toContain('由上级党委')
    const todos = (await call(t.app, county, 'GET', '/api/development/todos')).json() as { items: TodoItem[] }
    expect(todos.items).toContainEqual(expect.objectContaining({ caseId: id, step: 4, name: '报上级党委备案' }))
    expect(
      ((await call(t.app, city, 'GET', '/api/development/todos')).json() as { items: TodoItem[] }).items.map((i) => i.caseId),
    ).not.toContain(id)
    now = '2023-03-10'
    r = await step(county, id, { step: 4, doneOn: '2023-03-10', documents: ['备案表'] })
    expect(r.statusCode, r.body).toBe(201)
    expect(caseOf(r).steps.at(-1)).toMatchObject({ step: 4, org: { id: tree.own.id, name: tree.own.name } })

    now = '2023-03-15'
    const tooMany = await step(branchOfficer, id, { step: 5, doneOn: '2023-03-15', contactIds: [c1.id, c2.id, s1.id] })
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().error.details[0]).toMatchObject({ field: 'contactIds', label: '培养联系人' })
    r = await step(branchOfficer, id, { step: 5, doneOn: '2023-03-15', contactIds: [c1.id, c2.id] })
    expect(r.statusCode, r.body).toBe(201)
    expect(caseOf(r).steps.at(-1)?.facts[0]).toMatch(/^培养联系人：/)

    now = '2023-08-20'
    expect((await step(branchOfficer, id, { step: 6, doneOn: '2023-08-20', note: '表现良好' })).statusCode).toBe(201)
    now = '2024-02-20'
    expect((await step(branchOfficer, id, { step: 6, doneOn: '2024-02-20' })).statusCode).toBe(201)

    // step 7 a day early: the Chinese refusal cites the rule and the first day it becomes possible
    now = '2024-02-29'
    c = caseOf(await call(t.app, branchOfficer, 'GET', `/api/development/cases/${id}`))
    expect(c.next).toMatchObject({ step: 7, possibleFrom: '2024-03-01' })
    expect(c.next?.blockedBy).toContain('2024-03-01 起才能确定为发展对象')
    const early7 = await step(branchOfficer, id, { step: 7, doneOn: '2024-02-29', checks: ['opinions_heard'] })
    expect(early7.statusCode).toBe(400)
    expect(early7.json().error.message).toBe(
      '办理日期：自确定为入党积极分子（2023-03-01）起须经过 1 年以上培养考察，2024-03-01 起才能确定为发展对象（培养考察 1 年以上方可列为发展对象，依据《中国共产党发展党员工作细则》（2014 年）“发展对象的确定和考察”）',
    )
    expect(early7.json().error.details[0]).toMatchObject({ field: 'doneOn', label: '办理日期' })
    now = '2024-03-01'
    r = await step(branchOfficer, id, { step: 7, doneOn: '2024-03-01', checks: ['opinions_heard'] })
    expect(r.statusCode, r.body).toBe(201)
    expect(caseOf(r)).toMatchObject({ stage: 3, nextStep: 8 })

    now = '2024-03-10'
    expect((await step(county, id, { step: 8, doneOn: '2024-03-10' })).statusCode).toBe(201)
    now = '2024-03-15'
    r = await step(branchOfficer, id, {
      step: 9,
      doneOn: '2024-03-15',
      sponsorIds: [s1.id, s2.id],
      checks: ['sponsors_not_disciplined'],
    })
    expect(r.statusCode, r.body).toBe(201)
    now = '2024-04-01'
    expect(
      (await step(branchOfficer, id, { step: 10, doneOn: '2024-04-01', politicalReview: 'passed', documents: ['政审材料'] }))
        .statusCode,
    ).toBe(201)
    now = '2024-04-20'
    const short = await step(branchOfficer, id, { step: 11, doneOn: '2024-04-20', trainingDays: 2, trainingHours: 16 })
    expect(short.statusCode).toBe(400)
    expect(short.json().error.message).toContain('不少于 3 天或不少于 24 学时')
    expect((await step(branchOfficer, id, { step: 11, doneOn: '2024-04-20', trainingHours: 24 })).statusCode).toBe(201)
    now = '2024-05-06'
    r = await step(branchOfficer, id, { step: 12, doneOn: '2024-05-06', expectedLeaveOn: '2024-07-01' })
    expect(r.statusCode, r.body).toBe(201)
    expect(caseOf(r).steps.at(-1)?.warnings[0]).toContain('一般不办理接收预备党员的手续')

    // 公示: 5 working days after Wed 2024-05-08 — Thu, Fri, Saturday 05-11 (a 调休 working day), Mon, Tue — end on 2024-05-14
    const notice = await call(t.app, branchOfficer, 'POST', `/api/development/cases/${id}/notices`, {
      kind: 'admission',
      startsOn: '2024-05-08',
      contact: '县委组织部 027-12345678',
    })
    expect(notice.statusCode, notice.body).toBe(201)
    const n1 = caseOf(notice).notices[0]!
    expect(n1).toMatchObject({
      kind: 'admission',
      startsOn: '2024-05-08',
      endsOn: '2024-05-14',
      workingDays: 5,
      state: 'scheduled',
    })
    const pub = async () =>
      ((await call(t.app, null, 'GET', '/api/public/development-notices')).json() as { items: PublicNotice[] }).items
    expect((await pub()).map((x) => x.id)).not.toContain(n1.id)
    now = '2024-05-08'
    const shown = (await pub()).find((x) => x.id === n1.id)
    expect(shown).toMatchObject({
      name: applicant.name,
      orgName: branch.name,
      startsOn: '2024-05-08',
      endsOn: '2024-05-14',
      contact: '县委组织部 027-12345678',
    })
    expect(shown?.title).toContain('拟发展为预备党员的公示')
    expect(JSON.stringify(shown)).not.toContain(applicant.idNumber)
    expect(shown?.facts).toContainEqual({ label: '确定为发展对象日期', value: '2024-03-01' })

    now = '2024-05-10'
    expect((await step(county, id, { step: 13, doneOn: '2024-05-10' })).statusCode).toBe(201)
    now = '2024-05-12'
    expect((await step(branchOfficer, id, { step: 14, doneOn: '2024-05-12', documents: ['入党志愿书'] })).statusCode).toBe(201)
    // an objection arrives
    now = '2024-05-13'
    r = await call(t.app, branchOfficer, 'POST', `/api/development/notices/${n1.id}/objections`, {
      receivedOn: '2024-05-13',
      content: '反映其工作作风问题',
    })
    expect(r.statusCode, r.body).toBe(201)
    const objectionId = caseOf(r).notices[0]!.objections[0]!.id
    now = '2024-05-14'
    expect((await pub()).map((x) => x.id)).toContain(n1.id)
    const vote = { present: 8, yes: 7, no: 1, abstain: 0 }
    const during = await step(branchOfficer, id, { step: 15, doneOn: '2024-05-14', vote })
    expect(during.statusCode).toBe(400)
    expect(during.json().error.message).toContain('公示期满后（2024-05-15 起）才能提交支部大会讨论')
    now = '2024-05-15'
    // the notice has gone from the portal after its last day
    expect((await pub()).map((x) => x.id)).not.toContain(n1.id)
    const unresolved = await step(branchOfficer, id, { step: 15, doneOn: '2024-05-15', vote })
    expect(unresolved.statusCode).toBe(422)
    expect(unresolved.json().error.message).toContain('1 条反映意见尚未调查处理')
    r = await call(t.app, branchOfficer, 'POST', `/api/development/objections/${objectionId}/resolve`, {
      resolvedOn: '2024-05-15',
      resolution: '经调查核实，反映问题不属实',
    })
    expect(r.statusCode, r.body).toBe(200)
    expect((await auditRows(t.db, 'development.objection_resolved')).some((a) => a.entity_id === objectionId)).toBe(true)

    // the vote: 9 full members due (the applicant is not one), computed with its arithmetic
    now = '2024-05-20'
    const tally = await step(branchOfficer, id, {
      step: 15,
      doneOn: '2024-05-20',
      vote: { present: 6, yes: 4, no: 2, abstain: 0, writtenYes: 1 },
    })
    expect(tally.statusCode, tally.body).toBe(201)
    const voted = caseOf(tally).steps.at(-1)!
    expect(voted).toMatchObject({
      step: 15,
      outcome: 'passed',
      vote: { dueVoting: 9, yesTotal: 5, hasQuorum: true, isPassed: true },
    })
    expect(voted.vote?.arithmetic).toContain('赞成 5 > 9 ÷ 2 = 4.5，超过应到会有表决权的正式党员的半数')
    // no objection is recorded against a notice once its vote has passed
    const afterVote = await call(t.app, branchOfficer, 'POST', `/api/development/notices/${n1.id}/objections`, {
      receivedOn: '2024-05-14',
      content: '迟到的意见',
    })
    expect(afterVote.statusCode).toBe(422)

    // two committee officers approve at once later (see the race test); here the talk and approval
    now = '2024-06-01'
    expect((await step(county, id, { step: 16, doneOn: '2024-06-01', actorName: '李部长' })).statusCode).toBe(201)
    now = '2024-07-01'
    r = await step(county, id, { step: 17, doneOn: '2024-07-01', documentNo: '某组〔2024〕12号' })
    expect(r.statusCode, r.body).toBe(201)
    expect(caseOf(r)).toMatchObject({ admittedOn: '2024-05-20', probationEndsOn: '2025-05-20', stage: 4, nextStep: 18 })
    expect((await call(t.app, branchOfficer, 'GET', `/api/members/${applicant.id}`)).json().member).toMatchObject({
      status: 'probationary',
      admittedOn: '2024-05-20',
    })
    // step 18 is the city's, the committee above the county
    now = '2024-07-10'
    expect((await step(county, id, { step: 18, doneOn: '2024-07-10' })).statusCode).toBe(403)
    expect(
      ((await call(t.app, city, 'GET', '/api/development/todos')).json() as { items: TodoItem[] }).items.map((i) => i.caseId),
    ).toContain(id)
    expect((await step(city, id, { step: 18, doneOn: '2024-07-10' })).statusCode).toBe(201)
    now = '2024-07-15'
    expect((await step(branchOfficer, id, { step: 19, doneOn: '2024-07-15' })).statusCode).toBe(201)
    now = '2024-07-20'
    expect((await step(branchOfficer, id, { step: 20, doneOn: '2024-07-20' })).statusCode).toBe(201)
    now = '2024-12-01'
    expect((await step(branchOfficer, id, { step: 21, doneOn: '2024-12-01' })).statusCode).toBe(201)
    now = '2025-04-20'
    expect((await step(branchOfficer, id, { step: 22, doneOn: '2025-04-20', documents: ['转正申请书'] })).statusCode).toBe(201)
    // the city asks for 7 working days of notice from May: the conversion notice runs two days longer
    const cityDept = await login(
      t.app,
      ...(await makeUser(t.db, { role: 'org_dept_admin', org: tree.cityA }).then((u) => [u.loginName, u.password] as const)),
    )
    const ov = await call(t.app, cityDept, 'POST', '/api/rules/development.public_notice/overrides', {
      orgId: tree.cityA.id,
      params: { workingDays: 7 },
      reason: '本市规定公示 7 个工作日',
      effectiveFrom: '2025-05-01',
    })
    expect(ov.statusCode, ov.body).toBe(201)
    now = '2025-05-06'
    r = await call(t.app, branchOfficer, 'POST', `/api/development/cases/${id}/notices`, {
      kind: 'conversion',
      startsOn: '2025-05-06',
      contact: '支部 027-1111',
    })
    expect(r.statusCode, r.body).toBe(201)
    expect(caseOf(r).notices[1]).toMatchObject({ kind: 'conversion', endsOn: '2025-05-15' })

    // conversion a day before the year is over
    now = '2025-05-19'
    const earlyConversion = await step(branchOfficer, id, { step: 23, doneOn: '2025-05-19', vote, proposal: 'convert' })
    expect(earlyConversion.statusCode).toBe(400)
    expect(earlyConversion.json().error.message).toContain('至 2025-05-20 期满，期满后才能讨论转正')
    now = '2025-05-20'
    expect((await step(branchOfficer, id, { step: 23, doneOn: '2025-05-20', vote, proposal: 'convert' })).statusCode).toBe(201)
    now = '2025-06-10'
    r = await step(county, id, { step: 24, doneOn: '2025-06-10' })
    expect(r.statusCode, r.body).toBe(201)
    expect(caseOf(r)).toMatchObject({ fullOn: '2025-05-20', nextStep: 25 })
    // party age from the end of the probation
    expect((await call(t.app, branchOfficer, 'GET', `/api/members/${applicant.id}`)).json().member).toMatchObject({
      status: 'full',
      fullOn: '2025-05-20',
    })
    now = '2025-06-20'
    r = await step(branchOfficer, id, {
      step: 25,
      doneOn: '2025-06-20',
      documents: ['入党志愿书', '入党申请书', '政审材料', '转正申请', '考察材料'],
    })
    expect(r.statusCode, r.body).toBe(201)
    c = caseOf(r)
    expect(c).toMatchObject({ status: 'completed', next: null, nextStep: null })
    expect(c.steps.filter((s) => s.step !== 6 && s.step !== 21).map((s) => s.step)).toEqual([
      1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24, 25,
    ])
    const recorded = (await auditRows(t.db, 'development.step_recorded')).filter((a) => a.entity_id === id)
    expect(recorded).toHaveLength(c.steps.length - 1)
    expect(recorded.find((a) => (a.after as { step: number }).step === 17)).toMatchObject({ org_id: tree.own.id })
    expect((await auditRows(t.db, 'members.status_changed')).filter((a) => a.entity_id === applicant.id)).toHaveLength(4)

    // the dossier
    const dossier = await call(t.app, reader, 'GET', `/api/development/cases/${id}/dossier`)
    expect(dossier.statusCode).toBe(200)
    expect(dossier.headers['content-type']).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(dossier.rawPayload as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('全程纪实表')!
    const cells = ws.getSheetValues().flat().map(String).join('|')
    expect(cells).toContain('15. 支部大会讨论')
    expect(cells).toContain('赞成 5 > 9 ÷ 2 = 4.5')
    // printable: A4 landscape, one page wide, headings repeated
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      printTitlesRow: '3:3',
    })
  })

  it('lists cases with their stage counts, and the dashboard with the year’s quotas', async () => {
    now = '2025-06-20'
    const list = await call(t.app, county, 'GET', `/api/development/cases?orgId=${branch.id}`)
    expect(list.statusCode).toBe(200)
    expect(list.json().items.length).toBeGreaterThan(0)
    expect(list.json().stages).toHaveLength(5)
    const plan = await call(t.app, county, 'PUT', '/api/development/plans', {
      orgId: tree.own.id,
      year: 2024,
      quotas: [
        { category: 'total', planned: 10 },
        { category: 'youth', planned: 4 },
      ],
    })
    expect(plan.statusCode, plan.body).toBe(200)
    const d = plan.json() as Dashboard
    expect(d.quotas.find((q) => q.category === 'total')).toEqual({ category: 'total', planned: 10, admitted: 1 })
    expect(d.quotas.find((q) => q.category === 'youth')).toEqual({ category: 'youth', planned: 4, admitted: 1 })
    expect(d.quotas.find((q) => q.category === 'high_knowledge')).toEqual({
      category: 'high_knowledge',
      planned: null,
      admitted: 0,
    })
    expect((await auditRows(t.db, 'development.plan_saved')).some((a) => a.org_id === tree.own.id)).toBe(true)
    const over = await call(t.app, county, 'PUT', '/api/development/plans', {
      orgId: tree.own.id,
      year: 2024,
      quotas: [{ category: 'frontline', planned: 11 }],
    })
    expect(over.statusCode).toBe(400)
    expect(
      (
        await call(t.app, sibling, 'PUT', '/api/development/plans', {
          orgId: tree.own.id,
          year: 2024,
          quotas: [{ category: 'total', planned: 1 }],
        })
      ).statusCode,
    ).toBe(404)
  })

  it('refuses a notice that would reach into a year whose holidays the calendar does not hold', async () => {
    const applicant = await member(branch, { status: 'applicant', birthDate: '1999-01-15', dates: { applied_on: '2026-11-02' } })
    now = '2026-11-27'
    const c = caseOf(await call(t.app, branchOfficer, 'POST', '/api/development/cases', { personId: applicant.id }))
    // open straight on to step 12 through the database is not the point: the notice needs step 12 done first
    const early = await call(t.app, branchOfficer, 'POST', `/api/development/cases/${c.id}/notices`, {
      kind: 'admission',
      startsOn: '2026-12-28',
      contact: 'x',
    })
    expect(early.statusCode).toBe(400)
    expect(early.json().error.message).toContain('本系统载入的国务院节假日安排尚不包括 2027 年')
    const past = await call(t.app, branchOfficer, 'POST', `/api/development/cases/${c.id}/notices`, {
      kind: 'admission',
      startsOn: '2026-11-26',
      contact: 'x',
    })
    expect(past.statusCode).toBe(400)
    expect(past.json().error.details[0].field).toBe('startsOn')
    const before12 = await call(t.app, branchOfficer, 'POST', `/api/development/cases/${c.id}/notices`, {
      kind: 'admission',
      startsOn: '2026-11-30',
      contact: 'x',
    })
    expect(before12.statusCode).toBe(422)
    // an applicant under 18 on the application date cannot have a case
    const young = await member(branch, { status: 'applicant', birthDate: '2008-12-01', dates: { applied_on: '2026-11-02' } })
    const refused = await call(t.app, branchOfficer, 'POST', '/api/development/cases', { personId: young.id })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.message).toContain('2026-12-01 起才能申请')
  })
})
