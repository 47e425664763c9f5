import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FindingView, MeetingView, ReportOverview, ReportView, SpotCheckDetail, SpotCheckRedraw } from '@xianfeng/contract'
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

describe('流动党员工作督查: coordination meetings, year-end reports rolled up county → city → province, the spot check', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let now = '2026-12-10'
  let branch: OrgNode
  let county: Session
  let siblingCounty: Session
  let otherCounty: Session
  let city: Session
  let province: Session
  let reader: Session

  const at = async (role: 'org_admin' | 'discipline' | 'org_dept_admin', org: OrgNode) => {
    const u = await makeUser(t.db, { role, org })
    return login(t.app, u.loginName, u.password)
  }
  const prefectureOf = async (o: OrgNode) =>
    (await sql<{ k: string }>`SELECT prefecture_key(path) AS k FROM orgs WHERE id = ${o.id}`.execute(t.db)).rows[0]!.k
  /** A member of `org` away since `startedOn` (and back on `endedOn`). */
  async function away(org: OrgNode, startedOn: string, opts: { endedOn?: string; isFixedPlace?: boolean } = {}) {
    const m = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org)
    await t.db
      .insertInto('member_outflows')
      .values({
        prefecture_org_id: await prefectureOf(org),
        person_id: m.id,
        org_id: org.id,
        destination: '广东省深圳市',
        is_fixed_place: opts.isFixedPlace ?? true,
        started_on: startedOn,
        ended_on: opts.endedOn ?? null,
      })
      .execute()
    return m
  }
  const reportOf = (res: { json: () => unknown }) => (res.json() as { report: ReportView }).report
  const overview = async (s: Session, orgId: string, year = 2026) =>
    (await call(t.app, s, 'GET', `/api/oversight/reports?orgId=${orgId}&year=${year}`)).json() as ReportOverview

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => now })
    tree = await makeOrgTree(t.db)
    branch = await makeOrg(t.db, tree.own, '督查测试党支部', 'grassroots', 'branch')
    county = await at('org_admin', tree.own)
    siblingCounty = await at('org_admin', tree.sibling)
    otherCounty = await at('org_admin', tree.otherCity)
    city = await at('org_dept_admin', tree.cityA)
    province = await at('org_dept_admin', tree.province)
    reader = await at('discipline', tree.own)
  })

  it('keeps a register of coordination meetings: departments and decisions, bad input named, scope kept, Excel', async () => {
    const input = {
      orgId: tree.own.id,
      heldOn: '2026-11-20',
      title: '流动党员管理工作联席会议',
      departments: ['党委组织部', '公安', '人力资源和社会保障'],
      decisions: '一、公安部门通报暂住登记中的党员线索；二、每季度通报一次',
      venue: '区委二楼会议室',
    }
    const created = await call(t.app, county, 'POST', '/api/oversight/meetings', input)
    expect(created.statusCode, created.body).toBe(201)
    const meeting = (created.json() as { meeting: MeetingView }).meeting
    expect(meeting).toMatchObject({ org: { id: tree.own.id }, departments: input.departments, canEdit: true })
    expect(await auditRows(t.db, 'oversight.meeting_recorded')).toContainEqual(
      expect.objectContaining({ entity_id: meeting.id, org_id: tree.own.id }),
    )

    const bad = await call(t.app, county, 'POST', '/api/oversight/meetings', { ...input, departments: [], heldOn: '2026-13-01' })
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['departments', 'heldOn'])
    const future = await call(t.app, county, 'POST', '/api/oversight/meetings', { ...input, heldOn: '2026-12-11' })
    expect(future.statusCode).toBe(400)
    expect(future.json().error.message).toBe('召开日期：召开日期不能晚于今天（2026-12-10）')
    const elsewhere = await call(t.app, county, 'POST', '/api/oversight/meetings', { ...input, orgId: tree.sibling.id })
    expect(elsewhere.statusCode).toBe(404)
    expect((await call(t.app, reader, 'POST', '/api/oversight/meetings', input)).statusCode).toBe(403)

    const updated = await call(t.app, county, 'PUT', `/api/oversight/meetings/${meeting.id}`, {
      ...input,
      departments: [...input.departments, '民政'],
    })
    expect(updated.statusCode, updated.body).toBe(200)
    expect((await call(t.app, siblingCounty, 'PUT', `/api/oversight/meetings/${meeting.id}`, input)).statusCode).toBe(404)
    expect(await auditRows(t.db, 'oversight.meeting_updated')).toHaveLength(1)

    const list = await call(t.app, city, 'GET', '/api/oversight/meetings?year=2026')
    expect(list.json().items.map((m: MeetingView) => m.id)).toEqual([meeting.id])
    expect((await call(t.app, siblingCounty, 'GET', '/api/oversight/meetings')).json().total).toBe(0)

    const xlsx = await call(t.app, city, 'GET', '/api/oversight/meetings/export?year=2026')
    expect(xlsx.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('部门协调会议')!
    expect(ws.getRow(1).getCell(4).value).toBe('参加部门')
    expect(ws.getRow(2).getCell(4).value).toBe('党委组织部、公安、人力资源和社会保障、民政')
  })

  it('rolls the year-end reports up county → city → province, freezes what was submitted, returns with a reason', async () => {
    // the county's data: two away (one at a fixed place since January), one back, one transfer out received
    await away(branch, '2026-01-05')
    await away(branch, '2026-08-01', { isFixedPlace: false })
    await away(branch, '2025-06-01', { endedOn: '2026-03-01' })

    // a county-level working committee (直属机关工委) is not a county: it neither reports nor is drawn
    const organs = await makeOrg(t.db, tree.cityA, '甲市某区直属机关工委', 'county', 'working_committee')
    let o = await overview(city, tree.cityA.id)
    expect(o.below.map((b) => b.org.id)).not.toContain(organs.id)
    const organsReport = await call(t.app, city, 'PUT', '/api/oversight/reports', {
      orgId: organs.id,
      year: 2026,
      narrative: 'x',
    })
    expect(organsReport.statusCode).toBe(400)
    expect(organsReport.json().error.message).toContain('不是县级或市级党委')
    expect(o.own).toMatchObject({ level: 'city', status: 'not_started', dueOn: '2026-12-31' })
    expect(o.below.map((b) => [b.org.id, b.status, b.dueOn])).toEqual(
      expect.arrayContaining([
        [tree.own.id, 'not_started', '2026-12-20'],
        [tree.sibling.id, 'not_started', '2026-12-20'],
      ]),
    )
    expect(o.rule.source).toContain('地方做法')

    // the county writes and submits; its figures are counted from the data
    const saved = await call(t.app, county, 'PUT', '/api/oversight/reports', { orgId: tree.own.id, year: 2026, narrative: '' })
    expect(saved.statusCode, saved.body).toBe(200)
    const r = reportOf(saved)
    expect(r).toMatchObject({ status: 'draft', isFrozen: false, submittedTo: { id: tree.cityA.id } })
    expect(r.figures!.counts).toMatchObject({
      outflow_started: 2,
      outflow_away_year_end: 2,
      outflow_fixed_place_year_end: 1,
      outflow_returned: 1,
      away_without_transfer: 1,
    })
    const empty = await call(t.app, county, 'POST', `/api/oversight/reports/${r.id}/submit`)
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.details[0]).toMatchObject({ field: 'narrative', label: '工作情况' })
    expect((await call(t.app, reader, 'POST', `/api/oversight/reports/${r.id}/submit`)).statusCode).toBe(403)
    await call(t.app, county, 'PUT', '/api/oversight/reports', {
      orgId: tree.own.id,
      year: 2026,
      narrative: '本区流动党员 2 人，均已联系',
    })
    const submitted = await call(t.app, county, 'POST', `/api/oversight/reports/${r.id}/submit`)
    expect(submitted.statusCode, submitted.body).toBe(200)
    expect(reportOf(submitted)).toMatchObject({ status: 'submitted', isFrozen: true, submittedOn: now })
    expect(await auditRows(t.db, 'oversight.report_submitted')).toContainEqual(expect.objectContaining({ entity_id: r.id }))

    // frozen: a later outflow changes nothing in the submitted report; the county cannot edit it
    await away(branch, '2026-12-01')
    expect(reportOf(await call(t.app, county, 'GET', `/api/oversight/reports/${r.id}`)).figures!.counts.outflow_started).toBe(2)
    const edit = await call(t.app, county, 'PUT', '/api/oversight/reports', { orgId: tree.own.id, year: 2026, narrative: '改' })
    expect(edit.statusCode).toBe(409)
    // the county cannot return its own report; another county cannot see it
    expect((await call(t.app, county, 'POST', `/api/oversight/reports/${r.id}/return`, { reason: '重报' })).statusCode).toBe(403)
    expect((await call(t.app, siblingCounty, 'GET', `/api/oversight/reports/${r.id}`)).statusCode).toBe(404)

    // a report only from a county or a city
    const branchReport = await call(t.app, county, 'PUT', '/api/oversight/reports', {
      orgId: branch.id,
      year: 2026,
      narrative: 'x',
    })
    expect(branchReport.statusCode).toBe(400)
    expect(branchReport.json().error.details[0].field).toBe('orgId')

    // the city cannot submit while a county is missing; the message names it
    const cityDraft = reportOf(
      await call(t.app, city, 'PUT', '/api/oversight/reports', { orgId: tree.cityA.id, year: 2026, narrative: '全市情况' }),
    )
    expect(cityDraft.missingCounties.map((c) => c.id)).toEqual([tree.sibling.id])
    const early = await call(t.app, city, 'POST', `/api/oversight/reports/${cityDraft.id}/submit`)
    expect(early.statusCode).toBe(422)
    expect(early.json().error.message).toContain(tree.sibling.name)

    // past the county's due day the sibling shows overdue to the city
    now = '2026-12-21'
    o = await overview(city, tree.cityA.id)
    expect(o.below.find((b) => b.org.id === tree.sibling.id)).toMatchObject({ status: 'overdue', storedStatus: 'not_started' })
    expect(o.below.find((b) => b.org.id === tree.own.id)).toMatchObject({ status: 'submitted', actions: { return: true } })

    // the city returns the county's report with a reason; the county sees why, edits and submits again
    expect((await call(t.app, city, 'POST', `/api/oversight/reports/${r.id}/return`, { reason: '' })).statusCode).toBe(400)
    const returned = await call(t.app, city, 'POST', `/api/oversight/reports/${r.id}/return`, {
      reason: '请补充外出党员联系情况',
    })
    expect(returned.statusCode, returned.body).toBe(200)
    expect(reportOf(returned)).toMatchObject({
      status: 'overdue',
      storedStatus: 'returned',
      returnReason: '请补充外出党员联系情况',
      isFrozen: false,
    })
    expect((await call(t.app, city, 'POST', `/api/oversight/reports/${r.id}/return`, { reason: '再退' })).statusCode).toBe(409)
    await call(t.app, county, 'PUT', '/api/oversight/reports', { orgId: tree.own.id, year: 2026, narrative: '已补充联系情况' })
    const again = reportOf(await call(t.app, county, 'POST', `/api/oversight/reports/${r.id}/submit`))
    expect(again.figures!.counts.outflow_started).toBe(3)

    const sib = reportOf(
      await call(t.app, siblingCounty, 'PUT', '/api/oversight/reports', {
        orgId: tree.sibling.id,
        year: 2026,
        narrative: '无流动党员',
      }),
    )
    await call(t.app, siblingCounty, 'POST', `/api/oversight/reports/${sib.id}/submit`)

    // the city's report is the sum of its counties, with each county's figures kept beside it
    const citySubmitted = await call(t.app, city, 'POST', `/api/oversight/reports/${cityDraft.id}/submit`)
    expect(citySubmitted.statusCode, citySubmitted.body).toBe(200)
    const cr = reportOf(citySubmitted)
    expect(cr.figures!.counts.outflow_started).toBe(3)
    expect(cr.figures!.counties!.map((c) => c.orgId).sort()).toEqual([tree.own.id, tree.sibling.id].sort())
    // its counties can no longer be returned: the city's report holds their figures
    const held = await call(t.app, city, 'POST', `/api/oversight/reports/${r.id}/return`, { reason: '再看看' })
    expect(held.statusCode).toBe(409)
    expect(held.json().error.message).toContain(tree.cityA.name)

    // the province sees each city's status and the roll-up of the submitted ones
    const p = await overview(province, tree.province.id)
    expect(p.own).toBeNull()
    expect(p.below.map((b) => [b.org.id, b.status])).toEqual(
      expect.arrayContaining([
        [tree.cityA.id, 'submitted'],
        [tree.cityB.id, 'not_started'],
      ]),
    )
    expect(p.rollup.outflow_started).toBe(3)
    // the province returns the city's; then the city may return a county again
    const cityBack = await call(t.app, province, 'POST', `/api/oversight/reports/${cr.id}/return`, {
      reason: '数字与上报统计不一致',
    })
    expect(cityBack.statusCode, cityBack.body).toBe(200)
    expect((await call(t.app, city, 'POST', `/api/oversight/reports/${r.id}/return`, { reason: '核对数字' })).statusCode).toBe(
      200,
    )
    expect((await call(t.app, otherCounty, 'GET', `/api/oversight/reports/${cr.id}`)).statusCode).toBe(404)
    expect(await auditRows(t.db, 'oversight.report_returned')).toHaveLength(3)
  })

  it('the due day is the registry rule in force for the reporting org: another city may set its counties a day of its own', async () => {
    now = '2026-12-05'
    const cityB = await at('org_dept_admin', tree.cityB)
    const ov = await call(t.app, cityB, 'POST', '/api/rules/oversight.year_end_report/overrides', {
      orgId: tree.cityB.id,
      params: { countyDay: 10 },
      reason: '市里年底集中汇总',
      effectiveFrom: '2026-12-01',
    })
    expect(ov.statusCode, ov.body).toBe(201)
    const bad = await call(t.app, cityB, 'POST', '/api/rules/oversight.year_end_report/overrides', {
      orgId: tree.cityB.id,
      params: { countyMonth: 9 },
      reason: '提前',
      effectiveFrom: '2026-12-01',
    })
    expect(bad.statusCode).toBe(400)
    const o = await overview(cityB, tree.cityB.id)
    expect(o.below.find((b) => b.org.id === tree.otherCity.id)).toMatchObject({
      dueOn: '2026-12-10',
      dueFrom: { id: tree.cityB.id },
      status: 'not_started',
    })
    // the other city's counties keep the registry default
    expect((await overview(city, tree.cityA.id)).below.find((b) => b.org.id === tree.sibling.id)?.dueOn).toBe('2026-12-20')
    now = '2026-12-11'
    expect((await overview(cityB, tree.cityB.id)).below.find((b) => b.org.id === tree.otherCity.id)?.status).toBe('overdue')
    now = '2026-12-21'
  })

  it('draws a spot-check sample with a recorded seed; the same seed draws the same items again', async () => {
    // two more counties under the province, with people away
    const c3 = await makeOrg(t.db, tree.cityB, `抽查三县-${Date.now()}`, 'county')
    const b3 = await makeOrg(t.db, c3, '抽查三县党支部', 'grassroots', 'branch')
    for (let i = 0; i < 4; i++) await away(b3, '2026-05-01')
    const input = {
      orgId: tree.province.id,
      year: 2026,
      title: '2026 年流动党员管理工作抽查',
      seed: '2026抽查',
      countySampleSize: 3,
      memberSampleSize: 2,
      frameAsOf: '2026-12-01',
    }
    expect((await call(t.app, city, 'POST', '/api/oversight/spot-checks', input)).statusCode).toBe(404)
    expect((await call(t.app, county, 'POST', '/api/oversight/spot-checks', input)).statusCode).toBe(403)
    const tooMany = await call(t.app, province, 'POST', '/api/oversight/spot-checks', { ...input, countySampleSize: 9 })
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().error.details[0]).toMatchObject({
      field: 'countySampleSize',
      message: '不能超过抽样框中的 4 个县（市、区）',
    })
    const badSeed = await call(t.app, province, 'POST', '/api/oversight/spot-checks', {
      ...input,
      seed: 'a b',
      countySampleSize: 0,
    })
    expect(
      badSeed
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['countySampleSize', 'seed'])

    const first = await call(t.app, province, 'POST', '/api/oversight/spot-checks', input)
    expect(first.statusCode, first.body).toBe(201)
    const sc = (first.json() as { spotCheck: SpotCheckDetail }).spotCheck
    expect(sc).toMatchObject({ seed: '2026抽查', generator: 'sha256-fisher-yates-v1', countyFrame: { size: 4 }, canManage: true })
    expect(sc.countyFrame.sha256).toMatch(/^[0-9a-f]{64}$/)
    const counties = sc.items.filter((i) => i.kind === 'county')
    expect(counties).toHaveLength(3)
    expect(sc.items.filter((i) => i.kind === 'member').every((m) => counties.some((c) => c.county.id === m.county.id))).toBe(true)

    // drawn again with the same seed: the same counties and members, in the same order
    const second = (
      (await call(t.app, province, 'POST', '/api/oversight/spot-checks', { ...input, title: '复核' })).json() as {
        spotCheck: SpotCheckDetail
      }
    ).spotCheck
    const key = (d: SpotCheckDetail) => d.items.map((i) => `${i.kind}${i.drawOrder}:${i.county.id}:${i.person?.id ?? ''}`)
    expect(key(second)).toEqual(key(sc))
    expect(second.memberFrame).toEqual(sc.memberFrame)
    const redraw = (await call(t.app, province, 'GET', `/api/oversight/spot-checks/${sc.id}/redraw`)).json() as SpotCheckRedraw
    expect(redraw).toMatchObject({ isFrameSame: true, isSampleSame: true })
    expect(redraw.counties.map((c) => c.id)).toEqual(counties.map((c) => c.county.id))
    expect(await auditRows(t.db, 'oversight.spot_check_drawn')).toHaveLength(2)

    // a checker per item; a finding; the county starts rectification, only the province closes it
    const item = counties.find((c) => c.county.id === tree.own.id) ?? counties[0]!
    const assigned = await call(t.app, province, 'PUT', `/api/oversight/spot-check-items/${item.id}/checker`, {
      checker: '省委组织部 刘洋',
      assignedOn: '2026-12-15',
    })
    expect(assigned.statusCode, assigned.body).toBe(200)
    expect(
      (await call(t.app, province, 'PUT', `/api/oversight/spot-check-items/${item.id}/checker`, { checker: '' }))
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['assignedOn', 'checker'])
    const lateRectify = await call(t.app, province, 'POST', `/api/oversight/spot-check-items/${item.id}/findings`, {
      foundOn: '2026-12-16',
      description: '流动党员台账未更新',
      rectifyBy: '2026-12-01',
    })
    expect(lateRectify.json().error.details[0].field).toBe('rectifyBy')
    const found = await call(t.app, province, 'POST', `/api/oversight/spot-check-items/${item.id}/findings`, {
      foundOn: '2026-12-16',
      description: '流动党员台账未更新',
      rectifyBy: '2027-01-31',
    })
    expect(found.statusCode, found.body).toBe(201)
    const finding = (found.json() as { finding: FindingView }).finding
    expect(finding).toMatchObject({ status: 'open', actions: { start: true, close: false } })

    const countyOf = item.county.id === tree.own.id ? county : item.county.id === tree.sibling.id ? siblingCounty : null
    const actorForCounty = countyOf ?? province
    const ledger = (await call(t.app, actorForCounty, 'GET', '/api/oversight/findings')).json() as { items: FindingView[] }
    expect(ledger.items.map((f) => f.id)).toContain(finding.id)
    const closeEarly = await call(t.app, province, 'POST', `/api/oversight/findings/${finding.id}/close`, {
      closedOn: '2026-12-20',
      evidence: '已更新',
    })
    expect(closeEarly.statusCode).toBe(422)
    const started = await call(t.app, actorForCounty, 'POST', `/api/oversight/findings/${finding.id}/start`, {
      startedOn: '2026-12-17',
      measures: '逐人核对，重建台账',
    })
    expect(started.statusCode, started.body).toBe(200)
    expect((started.json() as { finding: FindingView }).finding.status).toBe('rectifying')
    expect(
      (
        await call(t.app, actorForCounty, 'POST', `/api/oversight/findings/${finding.id}/start`, {
          startedOn: '2026-12-17',
          measures: 'x',
        })
      ).statusCode,
    ).toBe(409)
    if (countyOf)
      expect(
        (
          await call(t.app, countyOf, 'POST', `/api/oversight/findings/${finding.id}/close`, {
            closedOn: '2026-12-20',
            evidence: 'x',
          })
        ).statusCode,
      ).toBe(403)
    const beforeStart = await call(t.app, province, 'POST', `/api/oversight/findings/${finding.id}/close`, {
      closedOn: '2026-12-16',
      evidence: '台账已更新，附核对表',
    })
    expect(beforeStart.json().error.details[0].field).toBe('closedOn')
    const closed = await call(t.app, province, 'POST', `/api/oversight/findings/${finding.id}/close`, {
      closedOn: '2026-12-20',
      evidence: '台账已更新，附核对表',
    })
    expect(closed.statusCode, closed.body).toBe(200)
    expect((closed.json() as { finding: FindingView }).finding).toMatchObject({ status: 'closed', closedOn: '2026-12-20' })
    for (const action of [
      'oversight.checker_assigned',
      'oversight.finding_recorded',
      'oversight.rectification_started',
      'oversight.finding_closed',
    ])
      expect(await auditRows(t.db, action), action).toHaveLength(1)
  })
})
