import type { ActivityView, ComplianceOverview, OrgCompliance, RuleInfo } from '@xianfeng/contract'
import { sql } from 'kysely'
import { beforeAll, describe, expect, inject, it } from 'vitest'
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
import { buildApp, createRegistry } from '../../app.ts'
import { todayInChina } from '../../platform/calendar.ts'
import { APP_DB_ROLE, createDb } from '../../platform/db.ts'
import { createLogger } from '../../platform/logger.ts'
import { periodOf } from '../../platform/rules/periods.ts'
import ExcelJS from '../../platform/excel.ts'
import { createAuditService } from '../../platform/audit/audit.service.ts'
import { makeMember } from '../people/people.factories.ts'
import { createComplianceService } from './compliance.service.ts'
import { createOrgsService } from '../orgs/index.ts'
import { createAuditLogService } from '../audit/index.ts'
import { createMemberRollService } from '../people/index.ts'

const today = todayInChina()
const month = today.slice(0, 7)
const firstOfMonth = `${month}-01`
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

describe('organizational life records and the rules they satisfy', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let session: Session
  let officer: Session
  let branch: OrgNode
  let otherBranch: OrgNode
  let members: { id: string }[]
  let outsider: { id: string }
  let compliance: ReturnType<typeof createComplianceService>

  const record = async (s: Session, body: object) => call(t.app, s, 'POST', '/api/activities', body)
  const orgView = async (orgId: string, m = month) => {
    const res = await call(t.app, session, 'GET', `/api/compliance/orgs/${orgId}?month=${m}`)
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as { compliance: OrgCompliance }).compliance
  }
  const item = (c: OrgCompliance, ruleId: string) => c.items.find((i) => i.ruleId === ruleId)
  const overview = async (orgId: string) => {
    const res = await call(t.app, session, 'GET', `/api/compliance/overview?orgId=${orgId}&month=${month}`)
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as { overview: ComplianceOverview }).overview
  }
  const cellOf = (o: ComplianceOverview, orgId: string, ruleId: string) =>
    o.rows.find((r) => r.org.id === orgId)!.cells[o.rules.findIndex((r) => r.ruleId === ruleId)]!

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    // a 机关 branch under the county (own) and a branch of another kind of unit
    branch = await makeOrg(t.db, tree.own, '县委办公室党支部', 'grassroots', 'branch')
    otherBranch = await makeOrg(t.db, tree.own, '个私协会党支部', 'grassroots', 'branch')
    await t.db.updateTable('orgs').set({ host_unit_type: 'government_organ' }).where('id', '=', branch.id).execute()
    await t.db.updateTable('orgs').set({ host_unit_type: 'association' }).where('id', '=', otherBranch.id).execute()
    const add = (o: OrgNode) => makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, o, { status: 'full' })
    members = [await add(branch), await add(branch)]
    outsider = await add(tree.otherCity)
    const secretary = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    session = await login(t.app, secretary.loginName, secretary.password)
    const dept = await makeUser(t.db, { role: 'org_dept_admin', org: tree.province })
    officer = await login(t.app, dept.loginName, dept.password)
    const audit = createAuditService()
    const orgs = createOrgsService({
      db: t.db,
      audit,
      auditLog: createAuditLogService({ db: t.db, audit }),
      members: createMemberRollService({ db: t.db }),
    })
    compliance = createComplianceService({ db: t.db, audit, orgs, registry: createRegistry() })
    // every current period evaluated once, as the nightly job does
    await compliance.rebuild()
  })

  it('lists every rule with its quoted source, and the seed articles it implements', async () => {
    const res = await call(t.app, session, 'GET', '/api/rules')
    expect(res.statusCode).toBe(200)
    const rules = (res.json() as { rules: (RuleInfo & { inForce: { values: Record<string, number> } })[] }).rules
    const studyDay = rules.find((r) => r.id === 'study.day_monthly')!
    expect(studyDay).toMatchObject({ sourceKind: 'seed', period: 'month', evaluated: true, seedArticles: [7] })
    expect(studyDay.quote).toContain('每月确定一天为党员学习教育活动日')
    expect(rules.find((r) => r.id === 'study.days_yearly')!.inForce.values).toEqual({ days: 6 })
    expect(rules.find((r) => r.id === 'study.hours_yearly')!.inForce.values).toEqual({ hours: 32 })
    // the branch-setting checks moved into the registry, with their numbers
    expect(rules.find((r) => r.id === 'branch.min_full_members')).toMatchObject({ evaluated: false, period: null })
    expect(rules.find((r) => r.id === 'branch.min_full_members')!.inForce.values).toEqual({ fullMembers: 3 })
  })

  it('a theme day held as the month’s study day is entered once and meets both rules; the parent’s roll-up follows', async () => {
    const before = await orgView(branch.id)
    expect(item(before, 'org_life.theme_day_monthly')).toMatchObject({ status: 'at_risk', actual: 0, required: 1 })
    expect(item(before, 'org_life.theme_day_monthly')!.explanation).toBe('本月应开展主题党日 1 次，尚未记录')
    expect(item(before, 'study.day_monthly')).toMatchObject({ status: 'at_risk' })
    // the other branch is not a 机关 branch: the yearly six days apply to it, not the monthly day
    const other = await orgView(otherBranch.id)
    expect(item(other, 'study.day_monthly')).toBeUndefined()
    expect(item(other, 'study.days_yearly')).toMatchObject({ required: 6 })
    expect(cellOf(await overview(tree.own.id), branch.id, 'org_life.theme_day_monthly')).toEqual({
      applicable: 1,
      met: 0,
      status: 'at_risk',
    })

    const res = await record(session, {
      orgId: branch.id,
      kinds: ['theme_day', 'study_day'],
      heldOn: firstOfMonth,
      hours: 4,
      topic: '学习党章，重温入党誓词',
      attendance: [
        { personId: members[0]!.id, presence: 'present' },
        { personId: members[1]!.id, presence: 'absent', absenceReason: '出差' },
      ],
    })
    expect(res.statusCode, res.body).toBe(201)
    const activity = (res.json() as { activity: ActivityView }).activity
    expect(activity).toMatchObject({ present: 1, absent: 1, kinds: ['theme_day', 'study_day'] })
    expect(await auditRows(t.db, 'activities.activity_recorded')).toHaveLength(1)
    expect(await compliance.refresh()).toBeGreaterThan(0)

    const after = await orgView(branch.id)
    expect(item(after, 'org_life.theme_day_monthly')).toMatchObject({ status: 'met', actual: 1 })
    expect(item(after, 'org_life.theme_day_monthly')!.evidence.map((e) => e.id)).toEqual([activity.id])
    expect(item(after, 'study.day_monthly')).toMatchObject({ status: 'met', actual: 1 })
    // the parent's row for the branch and the county's total
    const o = await overview(tree.own.id)
    expect(cellOf(o, branch.id, 'org_life.theme_day_monthly')).toEqual({ applicable: 1, met: 1, status: 'met' })
    // the county's three branches (the tree's own one included)
    expect(o.rules.find((r) => r.ruleId === 'org_life.theme_day_monthly')!.total).toEqual({
      applicable: 3,
      met: 1,
      status: 'at_risk',
    })
    const city = await call(t.app, officer, 'GET', `/api/compliance/overview?orgId=${tree.cityA.id}&month=${month}`)
    const cityOverview = (city.json() as { overview: ComplianceOverview }).overview
    expect(cellOf(cityOverview, tree.own.id, 'org_life.theme_day_monthly')).toMatchObject({ applicable: 3, met: 1 })
  })

  it('the month before does not count for this month; the first of the month does', async () => {
    const prev = dayBefore(firstOfMonth)
    const res = await record(session, { orgId: otherBranch.id, kinds: ['theme_day'], heldOn: prev, topic: '上月主题党日' })
    expect(res.statusCode, res.body).toBe(201)
    await compliance.refresh()
    expect(item(await orgView(otherBranch.id), 'org_life.theme_day_monthly')).toMatchObject({ status: 'at_risk', actual: 0 })
    // last month's own result: met, and its period is closed
    const last = await orgView(otherBranch.id, prev.slice(0, 7))
    expect(item(last, 'org_life.theme_day_monthly')).toMatchObject({ status: 'met', actual: 1 })
    expect(item(last, 'org_life.theme_day_monthly')!.period.isOpen).toBe(false)
  })

  it('an override at city level changes the result below it, from its first day, and ending it restores the default', async () => {
    const res = await call(t.app, officer, 'POST', '/api/rules/org_life.theme_day_monthly/overrides', {
      orgId: tree.cityA.id,
      params: { count: 2 },
      reason: '本市要求每月开展两次主题党日',
      effectiveFrom: firstOfMonth,
    })
    expect(res.statusCode, res.body).toBe(201)
    const override = (res.json() as { override: { id: string } }).override
    expect(await auditRows(t.db, 'rules.override_created')).toHaveLength(1)
    await compliance.rescope('org_life.theme_day_monthly', tree.cityA.id, firstOfMonth)
    const after = item(await orgView(branch.id), 'org_life.theme_day_monthly')!
    expect(after).toMatchObject({ status: 'at_risk', actual: 1, required: 2 })
    expect(after.params.fromOrg).toEqual({ id: tree.cityA.id, name: tree.cityA.name })
    expect(cellOf(await overview(tree.own.id), branch.id, 'org_life.theme_day_monthly')).toMatchObject({ met: 0 })
    // outside the city nothing changed
    const rules = (await call(t.app, officer, 'GET', `/api/rules?orgId=${tree.cityB.id}`)).json() as {
      rules: { id: string; inForce: { values: Record<string, number> } }[]
    }
    expect(rules.rules.find((r) => r.id === 'org_life.theme_day_monthly')!.inForce.values).toEqual({ count: 1 })
    // a parameter outside its range is refused, naming it
    const bad = await call(t.app, officer, 'POST', '/api/rules/org_life.theme_day_monthly/overrides', {
      orgId: tree.own.id,
      params: { count: 0 },
      reason: '试试',
      effectiveFrom: firstOfMonth,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('每月次数应在 1 至 10 次之间')
    // a branch secretary may not change rules
    const denied = await call(t.app, session, 'POST', '/api/rules/org_life.theme_day_monthly/overrides', {
      orgId: tree.own.id,
      params: { count: 3 },
      reason: '试试',
      effectiveFrom: firstOfMonth,
    })
    expect(denied.statusCode).toBe(403)

    const end = await call(t.app, officer, 'POST', `/api/rules/overrides/${override.id}/end`, { endedOn: today })
    expect(end.statusCode, end.body).toBe(200)
    await compliance.rescope('org_life.theme_day_monthly', tree.cityA.id, today)
    expect(item(await orgView(branch.id), 'org_life.theme_day_monthly')).toMatchObject({ status: 'met', required: 1 })
  })

  it('study hours count present and online attendance, per member, against 32 hours a year', async () => {
    const yearStart = `${today.slice(0, 4)}-01-01`
    const rec = (kinds: string[], hours: number, presence: string) =>
      record(session, {
        orgId: branch.id,
        kinds,
        heldOn: yearStart,
        hours,
        topic: '党员集中轮训',
        attendance: [
          { personId: members[0]!.id, presence },
          { personId: members[1]!.id, presence: 'present' },
        ],
      })
    expect((await rec(['training'], 24, 'online')).statusCode).toBe(201)
    expect((await rec(['training'], 3.5, 'present')).statusCode).toBe(201)
    await compliance.refresh()
    // member 0: 4 (theme day) + 24 + 3.5 = 31.5 hours; member 1: 0 + 24 + 3.5 = 27.5
    expect(item(await orgView(branch.id), 'study.hours_yearly')).toMatchObject({ actual: 0, required: 2, status: 'at_risk' })
    expect((await rec(['seminar'], 0.5, 'present')).statusCode).toBe(201)
    await compliance.refresh()
    // member 0 reaches exactly 32.0
    const hours = item(await orgView(branch.id), 'study.hours_yearly')!
    expect(hours).toMatchObject({ actual: 1, required: 2 })
    expect(hours.explanation).toBe('本年度集中学习培训达到 32 学时的党员 1 人，共 2 人，还有 1 人未达到')
  })

  it('a voided record stops counting; bad input is refused naming the field', async () => {
    const res = await record(session, {
      orgId: otherBranch.id,
      kinds: ['committee_meeting', 'theme_day'],
      heldOn: today,
      topic: '误登',
    })
    const id = (res.json() as { activity: ActivityView }).activity.id
    await compliance.refresh()
    expect(item(await orgView(otherBranch.id), 'org_life.theme_day_monthly')).toMatchObject({ status: 'met' })
    const voided = await call(t.app, session, 'POST', `/api/activities/${id}/void`, { reason: '重复登记' })
    expect(voided.statusCode, voided.body).toBe(200)
    expect((voided.json() as { activity: ActivityView }).activity).toMatchObject({ voided: true, voidReason: '重复登记' })
    await compliance.refresh()
    expect(item(await orgView(otherBranch.id), 'org_life.theme_day_monthly')).toMatchObject({ status: 'at_risk', actual: 0 })
    expect(
      (await call(t.app, session, 'PUT', `/api/activities/${id}`, { kinds: ['theme_day'], heldOn: today, topic: '改' }))
        .statusCode,
    ).toBe(422)

    const bad = async (body: object, field: string, message: string) => {
      const r = await record(session, { orgId: branch.id, kinds: ['theme_day'], heldOn: today, topic: '主题党日', ...body })
      expect(r.statusCode, r.body).toBe(400)
      expect(r.body).toContain(message)
      expect(JSON.stringify((r.json() as { error: { details?: unknown } }).error.details)).toContain(field)
    }
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    await bad({ heldOn: tomorrow }, 'heldOn', '活动日期不能晚于今天')
    await bad({ kinds: [] }, 'kinds', '请至少选择一种活动类型')
    await bad({ attendance: [{ personId: members[0]!.id, presence: 'absent' }] }, 'absenceReason', '缺席的人员请填写缺席原因')
    await bad({ attendance: [{ personId: outsider.id, presence: 'present' }] }, 'attendance.0.personId', '不能登记出席情况')
    await bad({ hours: 2.25 }, 'hours', '学时最多保留 1 位小数')
    await bad({ kinds: ['party_lecture'] }, 'speakerName', '党课请填写主讲人')
    // another city's org is not found, as if it did not exist
    const far = await record(session, { orgId: tree.otherCity.id, kinds: ['theme_day'], heldOn: today, topic: '主题党日' })
    expect(far.statusCode).toBe(404)
  })

  it('a 支委会 counts only when more than half of the committee attended: 1 of 3 does not, 2 of 3 does', async () => {
    const committeeBranch = await makeOrg(t.db, tree.own, '县财政局党支部', 'grassroots', 'branch')
    const people = await Promise.all(
      [1, 2, 3, 4].map(() =>
        makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, committeeBranch, { status: 'full' }),
      ),
    )
    const term = await t.db
      .insertInto('org_committee_terms')
      .values({ org_id: committeeBranch.id, term_number: 1, structure: 'committee', elected_on: '2024-01-10', term_years: 3 })
      .returning('id')
      .executeTakeFirstOrThrow()
    const posts = ['secretary', 'organization', 'publicity'] as const
    await t.db
      .insertInto('org_committee_members')
      .values(posts.map((post, i) => ({ term_id: term.id, person_id: people[i]!.id, post, started_on: '2024-01-10' })))
      .execute()
    await compliance.rebuild()
    expect(item(await orgView(committeeBranch.id), 'org_life.committee_monthly')).toMatchObject({ status: 'at_risk', actual: 0 })
    const attendance = (present: number) => [
      ...people
        .slice(0, 3)
        .map((p, i) =>
          i < present ? { personId: p.id, presence: 'present' } : { personId: p.id, presence: 'absent', absenceReason: '病假' },
        ),
      // a member who is not on the committee does not make the quorum
      { personId: people[3]!.id, presence: 'present' },
    ]
    const res = await record(session, {
      orgId: committeeBranch.id,
      kinds: ['committee_meeting'],
      heldOn: today,
      topic: '研究发展党员工作',
      attendance: attendance(1),
    })
    const meeting = (res.json() as { activity: ActivityView }).activity
    await compliance.refresh()
    expect(item(await orgView(committeeBranch.id), 'org_life.committee_monthly')).toMatchObject({ status: 'at_risk', actual: 0 })
    const fixed = await call(t.app, session, 'PUT', `/api/activities/${meeting.id}`, {
      kinds: ['committee_meeting'],
      heldOn: today,
      topic: '研究发展党员工作',
      attendance: attendance(2),
    })
    expect(fixed.statusCode, fixed.body).toBe(200)
    await compliance.refresh()
    expect(item(await orgView(committeeBranch.id), 'org_life.committee_monthly')).toMatchObject({ status: 'met', actual: 1 })
  })

  it('a leading cadre’s lecture at another org and their article count for their own org’s cadre rules', async () => {
    const cadreBranch = await makeOrg(t.db, tree.own, '县直机关第二党支部', 'grassroots', 'branch')
    const cadre = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, cadreBranch, { status: 'full' })
    const township = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, cadreBranch, { status: 'full' })
    await t.db.updateTable('people').set({ cadre_rank: 'county' }).where('id', '=', cadre.id).execute()
    await t.db.updateTable('people').set({ cadre_rank: 'township' }).where('id', '=', township.id).execute()
    await compliance.rebuild()
    const before = await orgView(cadreBranch.id)
    expect(item(before, 'lecture.leader_yearly')).toMatchObject({ actual: 0, required: 2, status: 'at_risk' })
    // the township cadre is not “县以上”
    expect(item(before, 'article.county_cadre_yearly')).toMatchObject({ actual: 0, required: 1 })

    // a lecture at the county committee (their contact point, say), with the cadre as the speaker
    const lecture = await record(session, {
      orgId: tree.own.id,
      kinds: ['party_lecture'],
      heldOn: today,
      topic: '学习贯彻党的创新理论',
      speakerPersonId: cadre.id,
    })
    expect(lecture.statusCode, lecture.body).toBe(201)
    const writing = await call(t.app, session, 'POST', '/api/cadre-writings', {
      personId: cadre.id,
      kind: 'article',
      title: '关于加强基层党建的几点思考',
      writtenOn: today,
      publishedIn: '湖北日报',
    })
    expect(writing.statusCode, writing.body).toBe(201)
    await compliance.refresh()
    const after = await orgView(cadreBranch.id)
    expect(item(after, 'lecture.leader_yearly')).toMatchObject({ actual: 1, required: 2, status: 'at_risk' })
    expect(item(after, 'lecture.leader_yearly')!.explanation).toBe(
      '本年度应由每名党员领导干部讲党课或作形势报告：领导干部 2 人，已完成 1 人，1 人尚未完成',
    )
    expect(item(after, 'article.county_cadre_yearly')).toMatchObject({ actual: 1, required: 1, status: 'met' })

    // the yearly 述学 report: one per person and year, updated in place
    const report = { personId: cadre.id, year: Number(today.slice(0, 4)), summary: '全年学习情况', reportedOn: today }
    expect((await call(t.app, session, 'PUT', '/api/study-reports', report)).statusCode).toBe(200)
    const graded = await call(t.app, session, 'PUT', '/api/study-reports', { ...report, reviewResult: 'good', examScore: 92.5 })
    expect(graded.json()).toMatchObject({ report: { reviewResult: 'good', examScore: 92.5 } })
    const listed = await call(t.app, session, 'GET', `/api/study-reports?personId=${cadre.id}`)
    expect((listed.json() as { total: number }).total).toBe(1)
    expect(await auditRows(t.db, 'activities.study_report_updated')).toHaveLength(1)
    // someone outside the scope cannot be written for
    const far = await call(t.app, session, 'POST', '/api/cadre-writings', {
      ...report,
      personId: outsider.id,
      kind: 'article',
      title: '题目',
      writtenOn: today,
    })
    expect(far.statusCode).toBe(404)
    expect(far.body).toContain('作者不存在或不在您的授权范围内')
  })

  it('the roll-ups (each org’s descendants) equal a recount of the stored results, and a whole rebuild changes nothing', async () => {
    const recount = async () =>
      (
        await sql<{ rule_id: string; org_id: string; applicable: number; met: number }>`
        SELECT r.rule_id, a.id AS org_id, count(*)::int AS applicable, (count(*) FILTER (WHERE r.is_met))::int AS met
        FROM rule_results r JOIN orgs o ON o.id = r.org_id CROSS JOIN LATERAL org_path_ids(o.path) AS a (id)
        WHERE r.period_start = ${periodOf('month', today, today).start}::date AND a.id <> r.org_id
        GROUP BY r.rule_id, a.id ORDER BY 1, 2`.execute(t.db)
      ).rows
    const stored = async () =>
      (
        await sql<{ rule_id: string; org_id: string; applicable: number; met: number }>`
        SELECT rule_id, org_id, applicable, met FROM rule_rollup
        WHERE period_start = ${periodOf('month', today, today).start}::date AND applicable <> 0 ORDER BY 1, 2`.execute(t.db)
      ).rows
    expect(await stored()).toEqual(await recount())
    const before = await stored()
    const results = async () => (await sql`SELECT * FROM rule_results ORDER BY rule_id, period_start, org_id`.execute(t.db)).rows
    const rowsBefore = await results()
    const startedAt = Date.now()
    await compliance.rebuild()
    expect(await stored()).toEqual(before)
    // unchanged results are not rewritten, yet the page tells when the rule was last evaluated
    expect(await results()).toEqual(rowsBefore)
    const r = await call(t.app, session, 'GET', `/api/compliance/orgs/${branch.id}`)
    const items = (r.json() as { compliance: OrgCompliance }).compliance.items
    expect(items.length).toBeGreaterThan(0)
    for (const item of items) expect(Date.parse(item.computedAt)).toBeGreaterThanOrEqual(startedAt - 1000)
  })

  it('after a subtree moves, the rebuild it asks for recounts the roll-ups under the new parent', async () => {
    const month = periodOf('month', today, today).start
    const moved = await makeOrg(t.db, tree.own, '县委宣传部党支部', 'grassroots', 'branch')
    await compliance.rebuild()
    const cell = async (orgId: string) =>
      (
        await sql<{ applicable: number }>`
        SELECT applicable FROM rule_rollup WHERE rule_id = 'org_life.theme_day_monthly'
          AND period_start = ${month}::date AND org_id = ${orgId}`.execute(t.db)
      ).rows[0]?.applicable ?? 0
    const [ownBefore, otherBefore] = [await cell(tree.own.id), await cell(tree.otherCity.id)]
    const res = await call(t.app, officer, 'POST', `/api/orgs/${moved.id}/move`, { newParentId: tree.otherCity.id })
    expect(res.statusCode, res.body).toBe(200)
    // the job the move queued
    const job = await sql<{ payload: { recount?: boolean } }>`
      SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id
      WHERE k.identifier = 'rules:rebuild'`.execute(t.db)
    expect(job.rows.map((r) => r.payload)).toContainEqual({ recount: true })
    // which asks for one job per rule, worked side by side
    await compliance.tasks['rules:rebuild']({ recount: true })
    const perRule = await sql<{ payload: { ruleId?: string; days?: string[]; recount?: boolean } }>`
      SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id
      WHERE k.identifier = 'rules:rebuild' AND j.payload ->> 'ruleId' IS NOT NULL`.execute(t.db)
    const themeDay = { recount: true, ruleId: 'org_life.theme_day_monthly', days: [month] }
    expect(perRule.rows.map((r) => r.payload)).toContainEqual(themeDay)
    await compliance.tasks['rules:rebuild'](themeDay)
    expect(await cell(tree.own.id)).toBe(ownBefore - 1)
    expect(await cell(tree.otherCity.id)).toBe(otherBefore + 1)
  })

  it('the nightly rebuild of the year asks for every period of the year so far, at most six periods per job', async () => {
    await compliance.tasks['rules:rebuild']({ year: true })
    const jobs = await sql<{ days: string[] }>`
      SELECT j.payload -> 'days' AS days FROM graphile_worker._private_jobs j
      JOIN graphile_worker._private_tasks k ON k.id = j.task_id
      WHERE k.identifier = 'rules:rebuild' AND j.payload ->> 'ruleId' = 'org_life.theme_day_monthly'`.execute(t.db)
    const months = Array.from(
      { length: Number(today.slice(5, 7)) },
      (_, i) => `${today.slice(0, 4)}-${String(i + 1).padStart(2, '0')}-01`,
    )
    expect([...new Set(jobs.rows.flatMap((j) => j.days))].sort()).toEqual(months)
    for (const j of jobs.rows) expect(j.days.length).toBeLessThanOrEqual(6)
  })

  it('exports the dashboard to Excel: rules × the org and its sub-orgs', async () => {
    const res = await call(t.app, session, 'GET', `/api/compliance/export?orgId=${tree.own.id}&month=${month}`)
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('达标情况')!
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    expect(header[0]).toBe('组织')
    expect(String(header[1])).toContain('每月开展主题党日')
    const names = ws.getColumn(1).values.slice(2) as string[]
    expect(names).toContain(branch.name)
    expect(names.at(-1)).toBe('合计（整个子树）')
  })
})

describe('the job queue evaluates the rules when evidence changes', () => {
  it('a recorded theme day turns the branch green without anyone calling the evaluation', async () => {
    const t = await createTestApp()
    // a second app on the same database, working the queue with its own pool
    const appUrl = new URL(t.url)
    appUrl.username = APP_DB_ROLE
    appUrl.password = inject('pgAppPassword')
    const { db, pool } = createDb(appUrl.toString(), { max: 4 })
    const worker = await buildApp({ config: t.config, db, pool, log: createLogger('warn') })
    await worker.ready()
    try {
      const tree = await makeOrgTree(t.db)
      const branch = await makeOrg(t.db, tree.own, '第一党支部', 'grassroots', 'branch')
      const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
      const s = await login(t.app, user.loginName, user.password)
      const res = await call(t.app, s, 'POST', '/api/activities', {
        orgId: branch.id,
        kinds: ['theme_day'],
        heldOn: today,
        topic: '主题党日',
      })
      expect(res.statusCode, res.body).toBe(201)
      await expect
        .poll(
          async () => {
            const r = await call(t.app, s, 'GET', `/api/compliance/orgs/${branch.id}`)
            const c = (r.json() as { compliance: OrgCompliance }).compliance
            return c.items.find((i) => i.ruleId === 'org_life.theme_day_monthly')?.status
          },
          { timeout: 20_000, interval: 250 },
        )
        .toBe('met')
    } finally {
      await worker.close()
      await db.destroy()
    }
  })

  it('a trend’s months nobody evaluated are marked not computed, then evaluated and shown', async () => {
    const t = await createTestApp()
    const appUrl = new URL(t.url)
    appUrl.username = APP_DB_ROLE
    appUrl.password = inject('pgAppPassword')
    const { db, pool } = createDb(appUrl.toString(), { max: 4 })
    const tree = await makeOrgTree(t.db)
    const branch = await makeOrg(t.db, tree.own, '第二党支部', 'grassroots', 'branch')
    // a theme day three months ago, written before any evaluation of that month
    let past = periodOf('month', today, today)
    for (let i = 0; i < 3; i++) past = periodOf('month', dayBefore(past.start), today)
    await t.db
      .insertInto('activities')
      .values({ org_id: branch.id, kinds: ['theme_day'], held_on: past.start, topic: '主题党日' })
      .execute()
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    const s = await login(t.app, user.loginName, user.password)
    const trend = async () => {
      const r = await call(t.app, s, 'GET', `/api/compliance/trend?orgId=${branch.id}&ruleId=org_life.theme_day_monthly`)
      expect(r.statusCode, r.body).toBe(200)
      return (r.json() as { trend: { points: { period: { start: string }; met: number; computed: boolean }[] } }).trend.points
    }
    const first = (await trend()).find((p) => p.period.start === past.start)!
    expect(first).toMatchObject({ computed: false, met: 0 })
    const worker = await buildApp({ config: t.config, db, pool, log: createLogger('warn') })
    await worker.ready()
    try {
      await expect
        .poll(async () => (await trend()).find((p) => p.period.start === past.start), { timeout: 30_000, interval: 250 })
        .toMatchObject({ computed: true, met: 1 })
    } finally {
      await worker.close()
      await db.destroy()
    }
  })
})
