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

const TODAY = '2026-12-15'
const REPEATS = 200

describe('two officers acting on the year-end reports of one city at the same moment', () => {
  let t: TestApp
  let province: OrgNode
  let officers: [Session, Session]

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => TODAY })
    province = (await makeOrgTree(t.db)).province
    const a = await makeUser(t.db, { role: 'org_dept_admin', org: province })
    const b = await makeUser(t.db, { role: 'org_dept_admin', org: province })
    officers = [await login(t.app, a.loginName, a.password), await login(t.app, b.loginName, b.password)]
  })

  /** A city with one county whose report is submitted, and the city's own report in draft: written as the service writes them. */
  async function cityWithCounty(i: number) {
    const city = await makeOrg(t.db, province, `并发市${i}`, 'city')
    const county = await makeOrg(t.db, city, `并发县${i}`, 'county')
    const counts = { outflow_started: i }
    const countyReport = await t.db
      .insertInto('mobile_work_reports')
      .values({
        org_id: county.id,
        year: 2026,
        level: 'county',
        submitted_to_org_id: city.id,
        status: 'submitted',
        narrative: '县级情况',
        figures: JSON.stringify({ counts }),
        due_on: '2026-12-20',
        submitted_at: new Date(),
        submitted_on: TODAY,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const cityReport = await t.db
      .insertInto('mobile_work_reports')
      .values({
        org_id: city.id,
        year: 2026,
        level: 'city',
        submitted_to_org_id: province.id,
        narrative: '市级情况',
        due_on: '2026-12-31',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { city, county, countyReportId: countyReport.id, cityReportId: cityReport.id }
  }

  const statusOf = async (id: string) =>
    await t.db.selectFrom('mobile_work_reports').where('id', '=', id).select(['status', 'figures']).executeTakeFirstOrThrow()

  it(`submitting the city's report and returning one of its counties': exactly one wins, ${REPEATS} times over, and the roll-up never holds a returned county`, async () => {
    const wins = { submitted: 0, returned: 0 }
    for (let i = 0; i < REPEATS; i++) {
      const { countyReportId, cityReportId, county } = await cityWithCounty(i)
      // which officer goes first alternates, so neither always starts first
      const [submitter, returner] = i % 2 === 0 ? officers : [officers[1], officers[0]]
      const [sub, ret] = await Promise.all([
        call(t.app, submitter, 'POST', `/api/oversight/reports/${cityReportId}/submit`),
        call(t.app, returner, 'POST', `/api/oversight/reports/${countyReportId}/return`, { reason: '数字有误' }),
      ])
      const ok = [sub.statusCode, ret.statusCode].filter((s) => s === 200)
      expect(ok, `${sub.body}\n${ret.body}`).toHaveLength(1)
      const [cityRow, countyRow] = await Promise.all([statusOf(cityReportId), statusOf(countyReportId)])
      if (sub.statusCode === 200) {
        wins.submitted++
        expect(ret.statusCode).toBe(409)
        expect(ret.json().error.message).toContain('须先由上一级退回')
        expect(countyRow.status).toBe('submitted')
        expect(cityRow.figures!.counties!.map((c) => c.orgId)).toEqual([county.id])
        expect(cityRow.figures!.counts.outflow_started).toBe(i)
      } else {
        wins.returned++
        expect(sub.statusCode).toBe(422)
        expect(sub.json().error.message).toContain(county.name)
        expect(cityRow.status).toBe('draft')
        expect(countyRow.status).toBe('returned')
      }
    }
    expect(wins.submitted + wins.returned).toBe(REPEATS)
    expect(await auditRows(t.db, 'oversight.report_submitted')).toHaveLength(wins.submitted)
    expect(await auditRows(t.db, 'oversight.report_returned')).toHaveLength(wins.returned)
  }, 300_000)

  it(`returning the same report twice at once: exactly one return, ${REPEATS} times over`, async () => {
    const before = (await auditRows(t.db, 'oversight.report_returned')).length
    for (let i = 0; i < REPEATS; i++) {
      const { countyReportId } = await cityWithCounty(REPEATS + i)
      const returnAs = (s: Session, reason: string) =>
        call(t.app, s, 'POST', `/api/oversight/reports/${countyReportId}/return`, { reason })
      const [a, b] = await Promise.all([returnAs(officers[0], '退回甲'), returnAs(officers[1], '退回乙')])
      expect([a.statusCode, b.statusCode].sort(), `${a.body}\n${b.body}`).toEqual([200, 409])
      expect((a.statusCode === 409 ? a : b).json().error.message).toMatch(/现为“已退回”，不是已提交的，不能退回$/)
    }
    expect(await auditRows(t.db, 'oversight.report_returned')).toHaveLength(before + REPEATS)
  }, 300_000)

  it(`starting the rectification of one finding twice at once: exactly one start, ${REPEATS} times over`, async () => {
    const hash = '0'.repeat(64)
    const sc = await t.db
      .insertInto('mobile_spot_checks')
      .values({
        org_id: province.id,
        year: 2026,
        title: '并发抽查',
        seed: 'race',
        generator: 'sha256-fisher-yates-v1',
        frame_as_of: '2026-12-01',
        county_sample_size: 1,
        member_sample_size: 0,
        county_frame_size: 1,
        county_frame_sha256: hash,
        member_frame_size: 0,
        member_frame_sha256: hash,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const county = await makeOrg(t.db, province, '并发整改县', 'county')
    const item = await t.db
      .insertInto('mobile_spot_check_items')
      .values({ spot_check_id: sc.id, kind: 'county', draw_order: 1, county_org_id: county.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (let i = 0; i < REPEATS; i++) {
      const finding = await t.db
        .insertInto('mobile_spot_check_findings')
        .values({ item_id: item.id, found_on: '2026-12-01', description: `问题${i}` })
        .returning('id')
        .executeTakeFirstOrThrow()
      const startAs = (s: Session, measures: string) =>
        call(t.app, s, 'POST', `/api/oversight/findings/${finding.id}/start`, { startedOn: TODAY, measures })
      const [a, b] = await Promise.all([startAs(officers[0], '措施甲'), startAs(officers[1], '措施乙')])
      expect([a.statusCode, b.statusCode].sort(), `${a.body}\n${b.body}`).toEqual([200, 409])
      const row = await t.db
        .selectFrom('mobile_spot_check_findings')
        .where('id', '=', finding.id)
        .select(['status', 'measures'])
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ status: 'rectifying', measures: a.statusCode === 200 ? '措施甲' : '措施乙' })
    }
    expect(await auditRows(t.db, 'oversight.rectification_started')).toHaveLength(REPEATS)
  }, 300_000)
})
