import { randomBytes } from 'node:crypto'
import {
  FINDING_STATUSES,
  MOBILE_WORK_CATEGORY_CODES,
  REPORT_STATUSES,
  SPOT_CHECK_GENERATOR,
  type CheckerAssign,
  type FindingClose,
  type FindingInput,
  type FindingStart,
  type FindingStatus,
  type FindingView,
  type MeetingInput,
  type MeetingSearch,
  type MeetingView,
  type Permission,
  type ReportFigures,
  type ReportLevel,
  type ReportOverview,
  type ReportReturn,
  type ReportSave,
  type ReportView,
  type SpotCheckDetail,
  type SpotCheckDraw,
  type SpotCheckRedraw,
  type SpotCheckView,
} from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import { addMonths, todayInChina } from '../../platform/calendar.ts'
import type { Db, Executor } from '../../platform/db.ts'
import ExcelJS from '../../platform/excel.ts'
import { conflict, forbidden, invalidField, invalidState, notFound } from '../../platform/errors.ts'
import type { RulesRegistry } from '../../platform/rules/registry.ts'
import type { ComplianceService } from '../compliance/index.ts'
import type { OrgsService } from '../orgs/index.ts'
import {
  idsOnPath,
  mobileOversightRepo as repo,
  type FindingRow,
  type MeetingRow,
  type ReportRow,
  type SpotCheckRow,
} from './mobile-oversight.repo.ts'
import { drawSample, frameSha256 } from './mobile-oversight.sample.ts'
import { findingMove, reportMoveAllowed } from './mobile-oversight.workflow.ts'

const DUE_RULE = 'oversight.year_end_report'
const AWAY_RULE = 'transfer.away_fixed_place'

export interface MobileOversightDeps {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope'>
  compliance: Pick<ComplianceService, 'paramsInForce'>
  registry: Pick<RulesRegistry, 'defaults' | 'checks'>
  /** Today in China (the platform's clock; a test clock in tests). */
  today?: () => string
}

type OrgLite = { id: string; name: string; path: string }

/** Whether a path lies at or under one of the scope's paths: for the buttons a view offers, never for reading. */
const covers = (scope: string[], path: string | null | undefined) =>
  !!path && scope.some((p) => path === p || path.startsWith(`${p}.`))

const can = (actor: Actor, p: Permission) => actor.grant?.permissions.includes(p) ?? false

/** A county's or a city's party committee reports; other orgs (a 直属机关工委, a township) do not. */
const reportLevelOf = (org: { level: string; kind: string }): ReportLevel | null =>
  org.kind === 'committee' && (org.level === 'county' || org.level === 'city') ? org.level : null

/** The last day of a month (1–12) of a year. */
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

const sumCounts = (all: Record<string, number>[]) => {
  const out: Record<string, number> = Object.fromEntries(MOBILE_WORK_CATEGORY_CODES.map((c) => [c, 0]))
  for (const counts of all) for (const [k, v] of Object.entries(counts)) out[k] = (out[k] ?? 0) + v
  return out
}

export function createMobileOversightService({
  db,
  audit,
  orgs,
  compliance,
  registry,
  today = todayInChina,
}: MobileOversightDeps) {
  const rule = registry.checks.find((c) => c.id === DUE_RULE)!

  // Coordination meetings -------------------------------------------------------------------------

  const meetingView = (actor: Actor, r: MeetingRow): MeetingView => ({
    id: r.id,
    org: { id: r.org_id, name: r.org_name },
    heldOn: r.held_on,
    title: r.title,
    departments: r.departments,
    decisions: r.decisions,
    venue: r.venue,
    updatedAt: new Date(r.updated_at).toISOString(),
    canEdit: can(actor, 'oversight.write') && covers(scopePaths(actor), r.org_path),
  })

  async function meetingScope(actor: Actor, orgId: string | undefined) {
    return orgId ? [(await orgs.assertInScope(actor, orgId)).path] : scopePaths(actor)
  }

  function notAfterToday(day: string, field: string, label: string) {
    if (day > today()) throw invalidField(field, label, `${label}不能晚于今天（${today()}）`)
  }

  const meetingFields = (input: MeetingInput) => ({
    org_id: input.orgId,
    held_on: input.heldOn,
    title: input.title,
    departments: input.departments,
    decisions: input.decisions,
    venue: input.venue ?? null,
  })

  // Year-end reports ------------------------------------------------------------------------------

  /** The due day of an org's report of a year: the rule's parameters in force for the org. */
  async function dueOf(orgId: string, level: ReportLevel, year: number) {
    const p = await compliance.paramsInForce(DUE_RULE, orgId, today())
    const d = registry.defaults(DUE_RULE)
    const month = p.values[`${level}Month`] ?? d[`${level}Month`]!
    const day = Math.min(p.values[`${level}Day`] ?? d[`${level}Day`]!, lastDayOf(year, month))
    return { dueOn: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, from: p.fromOrg }
  }

  /** Where a report of an org goes: the city above a county (the province when none), the province above a city. */
  async function superiorOf(org: OrgLite, level: ReportLevel) {
    const above =
      level === 'county'
        ? ((await repo.nearestAbove(db, org.path, 'city')) ?? (await repo.nearestAbove(db, org.path, 'province')))
        : await repo.nearestAbove(db, org.path, 'province')
    if (!above) throw invalidState(`找不到“${org.name}”的上一级组织部门，年度报告无处报送`)
    return above
  }

  const awayStartedBy = (year: number) => addMonths(`${year}-12-31`, -registry.defaults(AWAY_RULE).months!)

  /** A city's roll-up now: its counties' submitted figures, and the counties still missing. */
  async function cityRollup(ex: Executor, city: OrgLite, year: number) {
    const counties = await repo.orgsBelow(ex, city, 'county')
    const rows = await repo.reportsOf(
      ex,
      counties.map((c) => c.id),
      year,
    )
    const submitted = new Map(rows.filter((r) => r.status === 'submitted').map((r) => [r.org_id, r]))
    const parts = counties
      .filter((c) => submitted.has(c.id))
      .map((c) => ({ orgId: c.id, name: c.name, counts: submitted.get(c.id)!.figures!.counts }))
    return {
      figures: { counts: sumCounts(parts.map((p) => p.counts)), counties: parts } satisfies ReportFigures,
      missing: counties.filter((c) => !submitted.has(c.id)).map((c) => ({ id: c.id, name: c.name })),
    }
  }

  /** The figures of an unsubmitted report as they stand now. */
  async function liveFigures(ex: Executor, org: OrgLite, level: ReportLevel, year: number) {
    if (level === 'city') return cityRollup(ex, org, year)
    return { figures: { counts: await repo.countCategories(ex, org.path, year, awayStartedBy(year)) }, missing: [] }
  }

  async function reportView(
    actor: Actor,
    org: OrgLite,
    level: ReportLevel,
    year: number,
    row: ReportRow | undefined,
    opts: { withFigures: boolean; superior?: OrgLite; superiorSubmitted?: boolean },
  ): Promise<ReportView> {
    const day = today()
    const scope = scopePaths(actor)
    const stored = (row?.status ?? 'not_started') as ReportView['storedStatus']
    const isFrozen = stored === 'submitted'
    const due = isFrozen ? { dueOn: row!.due_on, from: null } : await dueOf(org.id, level, year)
    const superior = row
      ? { id: row.submitted_to_org_id, name: row.submitted_to_name, path: row.submitted_to_path }
      : (opts.superior ?? (await superiorOf(org, level)))
    let figures: ReportFigures | null = null
    let missing: { id: string; name: string }[] = []
    if (isFrozen) figures = row!.figures
    else if (opts.withFigures) ({ figures, missing } = await liveFigures(db, org, level, year))
    const writes = can(actor, 'oversight.write')
    const atOrg = writes && covers(scope, org.path)
    return {
      id: row?.id ?? null,
      org: { id: org.id, name: org.name },
      level,
      year,
      status: isFrozen ? 'submitted' : day > due.dueOn ? 'overdue' : stored,
      storedStatus: stored,
      dueOn: due.dueOn,
      dueFrom: due.from,
      submittedTo: { id: superior.id, name: superior.name },
      narrative: row?.narrative ?? '',
      figures,
      isFrozen,
      submittedOn: row?.submitted_on ?? null,
      returnedAt: row?.returned_at ? new Date(row.returned_at).toISOString() : null,
      returnReason: stored === 'returned' ? row!.return_reason : null,
      missingCounties: missing,
      actions: {
        edit: atOrg && reportMoveAllowed(stored, 'save'),
        submit: atOrg && reportMoveAllowed(stored, 'submit'),
        return: writes && reportMoveAllowed(stored, 'return') && covers(scope, superior.path) && opts.superiorSubmitted !== true,
      },
    }
  }

  /** Whether the report that holds a county report's figures (its city's) is submitted. */
  async function holderSubmitted(ex: Executor, row: Pick<ReportRow, 'level' | 'submitted_to_org_id' | 'year'>) {
    if (row.level !== 'county') return undefined
    const holder = await repo.findReportOf(ex, row.submitted_to_org_id, row.year)
    return holder?.status === 'submitted' ? holder : undefined
  }

  async function visibleReport(actor: Actor, id: string) {
    const r = await repo.findReport(db, id)
    const scope = scopePaths(actor)
    if (!r || !(covers(scope, r.org_path) || covers(scope, r.submitted_to_path))) throw notFound('年度报告')
    return r
  }

  const rowOrg = (r: ReportRow): OrgLite => ({ id: r.org_id, name: r.org_name, path: r.org_path })

  async function reportById(actor: Actor, id: string) {
    const r = (await repo.findReport(db, id))!
    return reportView(actor, rowOrg(r), r.level as ReportLevel, r.year, r, {
      withFigures: true,
      superiorSubmitted: !!(await holderSubmitted(db, r)),
    })
  }

  // Spot checks -----------------------------------------------------------------------------------

  const spotCheckView = (r: SpotCheckRow): SpotCheckView => ({
    id: r.id,
    org: { id: r.org_id, name: r.org_name },
    year: r.year,
    title: r.title,
    seed: r.seed,
    generator: r.generator,
    frameAsOf: r.frame_as_of,
    countySampleSize: r.county_sample_size,
    memberSampleSize: r.member_sample_size,
    countyFrame: { size: r.county_frame_size, sha256: r.county_frame_sha256 },
    memberFrame: { size: r.member_frame_size, sha256: r.member_frame_sha256 },
    drawnAt: new Date(r.created_at).toISOString(),
    itemCount: Number(r.item_count ?? 0),
    openFindings: Number(r.open_findings ?? 0),
  })

  function findingView(actor: Actor, f: FindingRow): FindingView {
    const scope = scopePaths(actor)
    const status = f.status as FindingStatus
    return {
      id: f.id,
      itemId: f.item_id,
      spotCheck: { id: f.spot_check_id, title: f.spot_check_title },
      county: { id: f.county_org_id, name: f.county_name },
      person: f.person_id ? { id: f.person_id, name: f.person_name ?? '' } : null,
      foundOn: f.found_on,
      description: f.description,
      rectifyBy: f.rectify_by,
      status,
      rectifyingOn: f.rectifying_on,
      measures: f.measures,
      closedOn: f.closed_on,
      evidence: f.evidence,
      isOverdue: status !== 'closed' && !!f.rectify_by && f.rectify_by < today(),
      actions: {
        start:
          status === findingMove('start').from &&
          can(actor, findingMove('start').permission) &&
          (covers(scope, f.county_path) || covers(scope, f.spot_check_org_path)),
        close:
          status === findingMove('close').from &&
          can(actor, findingMove('close').permission) &&
          covers(scope, f.spot_check_org_path),
      },
    }
  }

  /**
   * The draw over the frames as of a day: counties from the drawing org's county frame, then members
   * within each county drawn (stage "member:<county id>"). The member frame's digest is over
   * "<county id>/<person id>" lines of the drawn counties.
   */
  async function drawOver(org: OrgLite, asOf: string, seed: string, countyK: number, memberK: number) {
    const countyFrame = await repo.countyFrame(db, org, asOf)
    const byId = new Map(countyFrame.map((c) => [c.id, c]))
    const countyIds = drawSample(seed, 'county', [...byId.keys()], countyK)
    const memberLines: string[] = []
    const members: { countyId: string; personId: string }[] = []
    for (const countyId of countyIds) {
      const frame = await repo.memberFrame(db, byId.get(countyId)!.path, asOf)
      for (const p of frame) memberLines.push(`${countyId}/${p}`)
      for (const personId of drawSample(seed, `member:${countyId}`, frame, memberK)) members.push({ countyId, personId })
    }
    return {
      countyFrame: { size: countyFrame.length, sha256: frameSha256(countyFrame.map((c) => c.id)) },
      memberFrame: { size: memberLines.length, sha256: frameSha256(memberLines) },
      counties: countyIds.map((id) => byId.get(id)!),
      members,
    }
  }

  async function spotCheckDetail(actor: Actor, id: string): Promise<SpotCheckDetail> {
    const scope = scopePaths(actor)
    const sc = await repo.findSpotCheck(db, id, scope)
    if (!sc) throw notFound('抽查')
    const [items, findings] = await Promise.all([repo.items(db, id), repo.findingsOfSpotCheck(db, id)])
    return {
      ...spotCheckView(sc),
      canManage: can(actor, 'oversight.spot_check') && covers(scope, sc.org_path),
      items: items.map((i) => ({
        id: i.id,
        kind: i.kind as 'county' | 'member',
        drawOrder: i.draw_order,
        county: { id: i.county_org_id, name: i.county_name },
        person: i.person_id ? { id: i.person_id, name: i.person_name ?? '' } : null,
        checker: i.checker,
        checkerAssignedOn: i.checker_assigned_on,
        findings: findings.filter((f) => f.item_id === i.id).map((f) => findingView(actor, f)),
      })),
    }
  }

  /** A sampled item the caller's scope may manage: the scope covers the org that drew it. */
  async function managedItem(actor: Actor, id: string) {
    const item = await repo.findItem(db, id)
    if (!item || !covers(scopePaths(actor), item.spot_check_org_path)) throw notFound('抽查样本')
    return item
  }

  async function visibleFinding(actor: Actor, id: string) {
    const f = await repo.findFinding(db, id)
    const scope = scopePaths(actor)
    if (!f || !(covers(scope, f.county_path) || covers(scope, f.spot_check_org_path))) throw notFound('检查发现')
    return f
  }

  return {
    // Coordination meetings -----------------------------------------------------------------------

    async listMeetings(actor: Actor, q: MeetingSearch) {
      const scope = await meetingScope(actor, q.orgId)
      const { items, total } = await repo.listMeetings(
        db,
        { scope, year: q.year },
        { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
      )
      return { items: items.map((r) => meetingView(actor, r)), total }
    },

    async exportMeetings(actor: Actor, q: Omit<MeetingSearch, 'page' | 'pageSize'>) {
      const root = q.orgId ? await orgs.assertInScope(actor, q.orgId) : null
      const scope = root ? [root.path] : scopePaths(actor)
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('部门协调会议')
      ws.columns = [
        { header: '召开日期', width: 12 },
        { header: '会议名称', width: 30 },
        { header: '召集单位', width: 28 },
        { header: '参加部门', width: 40 },
        { header: '议定事项', width: 60 },
        { header: '地点', width: 20 },
      ]
      for (let offset = 0; ; offset += 1000) {
        const { items } = await repo.listMeetings(db, { scope, year: q.year }, { limit: 1000, offset })
        for (const r of items) {
          const row = ws.addRow([r.held_on, r.title, r.org_name, r.departments.join('、'), r.decisions, r.venue ?? ''])
          row.alignment = { wrapText: true, vertical: 'top' }
        }
        if (items.length < 1000) break
      }
      ws.getRow(1).font = { bold: true }
      ws.views = [{ state: 'frozen', ySplit: 1 }]
      const day = today()
      return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), orgName: root?.name ?? actor.grant?.orgName ?? '', day }
    },

    async createMeeting(actor: Actor, input: MeetingInput): Promise<MeetingView> {
      const org = await orgs.assertInScope(actor, input.orgId)
      notAfterToday(input.heldOn, 'heldOn', '召开日期')
      const id = await db.transaction().execute(async (tx) => {
        const id = await repo.insertMeeting(tx, { ...meetingFields(input), created_by: actor.userId, updated_by: actor.userId })
        await audit.record(tx, actor, {
          action: 'oversight.meeting_recorded',
          entityType: 'mobile_coordination_meeting',
          entityId: id,
          orgId: org.id,
          after: input,
        })
        return id
      })
      return meetingView(actor, (await repo.findMeeting(db, id, scopePaths(actor)))!)
    },

    async updateMeeting(actor: Actor, id: string, input: MeetingInput): Promise<MeetingView> {
      const before = await repo.findMeeting(db, id, scopePaths(actor))
      if (!before) throw notFound('协调会议')
      const org = await orgs.assertInScope(actor, input.orgId)
      notAfterToday(input.heldOn, 'heldOn', '召开日期')
      await db.transaction().execute(async (tx) => {
        await repo.updateMeeting(tx, id, { ...meetingFields(input), updated_by: actor.userId })
        await audit.record(tx, actor, {
          action: 'oversight.meeting_updated',
          entityType: 'mobile_coordination_meeting',
          entityId: id,
          orgId: org.id,
          before: {
            orgId: before.org_id,
            heldOn: before.held_on,
            title: before.title,
            departments: before.departments,
            decisions: before.decisions,
            venue: before.venue,
          },
          after: input,
        })
      })
      return meetingView(actor, (await repo.findMeeting(db, id, scopePaths(actor)))!)
    },

    // Year-end reports ----------------------------------------------------------------------------

    async overview(actor: Actor, orgId: string | undefined, year: number): Promise<ReportOverview> {
      const id = orgId ?? actor.grant?.orgId
      if (!id) throw notFound('组织')
      const org = await orgs.assertInScope(actor, id)
      const level = reportLevelOf(org)
      const ownRow = level ? await repo.findReportOf(db, org.id, year) : undefined
      const own = level ? await reportView(actor, org, level, year, ownRow, { withFigures: true }) : null
      const belowLevel: ReportLevel | null =
        org.kind !== 'committee' ? null : org.level === 'city' ? 'county' : org.level === 'province' ? 'city' : null
      const below: ReportView[] = []
      if (belowLevel) {
        const orgsBelow = await repo.orgsBelow(db, org, belowLevel)
        const rows = new Map(
          (
            await repo.reportsOf(
              db,
              orgsBelow.map((o) => o.id),
              year,
            )
          ).map((r) => [r.org_id, r]),
        )
        for (const o of orgsBelow)
          below.push(
            await reportView(actor, o, belowLevel, year, rows.get(o.id), {
              withFigures: false,
              superior: belowLevel === 'county' ? ((await repo.nearestAbove(db, o.path, 'city')) ?? org) : org,
              superiorSubmitted: belowLevel === 'county' && ownRow?.status === 'submitted',
            }),
          )
      }
      return {
        org: { id: org.id, name: org.name },
        year,
        own,
        below,
        rollup: sumCounts(below.filter((b) => b.isFrozen).map((b) => b.figures!.counts)),
        rule: { title: rule.title, source: rule.source },
      }
    },

    async report(actor: Actor, id: string) {
      await visibleReport(actor, id)
      return reportById(actor, id)
    },

    async saveReport(actor: Actor, input: ReportSave): Promise<ReportView> {
      const org = await orgs.assertInScope(actor, input.orgId)
      const level = reportLevelOf(org)
      if (!level)
        throw invalidField(
          'orgId',
          '报告单位',
          `年度报告由县（市、区）和市（州）党委组织部门逐级报送，“${org.name}”不是县级或市级党委`,
        )
      const superior = await superiorOf(org, level)
      const { dueOn } = await dueOf(org.id, level, input.year)
      const id = await db.transaction().execute(async (tx) => {
        await repo.lockYear(tx, idsOnPath(org.path)[0]!, input.year)
        const row = await repo.findReportOf(tx, org.id, input.year)
        const from = (row?.status ?? 'not_started') as 'not_started'
        if (!reportMoveAllowed(from, 'save'))
          throw conflict(
            `${org.name} ${input.year} 年度报告已于 ${row!.submitted_on} 提交，不能修改；须由${row!.submitted_to_name}退回后再改`,
          )
        const id = row
          ? (await repo.updateReport(tx, row.id, { narrative: input.narrative }), row.id)
          : await repo.insertReport(tx, {
              org_id: org.id,
              year: input.year,
              level,
              submitted_to_org_id: superior.id,
              narrative: input.narrative,
              due_on: dueOn,
              created_by: actor.userId,
            })
        await audit.record(tx, actor, {
          action: 'oversight.report_saved',
          entityType: 'mobile_work_report',
          entityId: id,
          orgId: org.id,
          before: row ? { status: row.status, narrative: row.narrative } : null,
          after: { year: input.year, level, narrative: input.narrative },
        })
        return id
      })
      return reportById(actor, id)
    },

    async submitReport(actor: Actor, id: string): Promise<ReportView> {
      const r = await visibleReport(actor, id)
      const org = rowOrg(r)
      if (!covers(scopePaths(actor), r.org_path)) throw forbidden(`年度报告须由${r.org_name}提交`)
      const level = r.level as ReportLevel
      const { dueOn } = await dueOf(org.id, level, r.year)
      const day = today()
      await db.transaction().execute(async (tx) => {
        await repo.lockYear(tx, idsOnPath(r.org_path)[0]!, r.year)
        const row = (await repo.findReport(tx, id))!
        if (!reportMoveAllowed(row.status as 'draft', 'submit'))
          throw conflict(`${r.org_name} ${r.year} 年度报告已于 ${row.submitted_on} 提交，不能再提交`)
        if (!row.narrative.trim()) throw invalidField('narrative', '工作情况', '请先填写本级工作情况，再提交')
        const { figures, missing } = await liveFigures(tx, org, level, r.year)
        if (missing.length)
          throw invalidState(
            `尚有 ${missing.length} 个县（市、区）的 ${r.year} 年度报告未提交：${missing.map((m) => m.name).join('、')}；全部提交后市级报告才能汇总上报`,
          )
        await repo.updateReport(tx, id, {
          status: 'submitted',
          figures: JSON.stringify(figures),
          submitted_at: new Date(),
          submitted_on: day,
          submitted_by: actor.userId,
          due_on: dueOn,
        })
        await audit.record(tx, actor, {
          action: 'oversight.report_submitted',
          entityType: 'mobile_work_report',
          entityId: id,
          orgId: r.org_id,
          before: { status: row.status },
          after: { status: 'submitted', submittedOn: day, dueOn, isLate: day > dueOn, figures },
        })
      })
      return reportById(actor, id)
    },

    async returnReport(actor: Actor, id: string, input: ReportReturn): Promise<ReportView> {
      const r = await visibleReport(actor, id)
      if (!covers(scopePaths(actor), r.submitted_to_path))
        throw forbidden(`${r.org_name}的年度报告报送${r.submitted_to_name}，须由${r.submitted_to_name}退回`)
      await db.transaction().execute(async (tx) => {
        await repo.lockYear(tx, idsOnPath(r.org_path)[0]!, r.year)
        const row = (await repo.findReport(tx, id))!
        if (!reportMoveAllowed(row.status as 'submitted', 'return'))
          throw conflict(
            `${r.org_name} ${r.year} 年度报告现为“${REPORT_STATUSES[row.status as 'draft']}”，不是已提交的，不能退回`,
          )
        const holder = await holderSubmitted(tx, row)
        if (holder)
          throw conflict(
            `${holder.org_name} ${r.year} 年度报告已于 ${holder.submitted_on} 提交，其中含本报告的数字：须先由上一级退回${holder.org_name}的报告`,
          )
        await repo.updateReport(tx, id, {
          status: 'returned',
          figures: null,
          submitted_at: null,
          returned_at: new Date(),
          returned_by: actor.userId,
          return_reason: input.reason,
        })
        await audit.record(tx, actor, {
          action: 'oversight.report_returned',
          entityType: 'mobile_work_report',
          entityId: id,
          orgId: r.org_id,
          before: { status: 'submitted', submittedOn: row.submitted_on, figures: row.figures },
          after: { status: 'returned', reason: input.reason },
        })
      })
      return reportById(actor, id)
    },

    // Spot checks ---------------------------------------------------------------------------------

    async spotChecks(actor: Actor, orgId?: string) {
      const scope = orgId ? [(await orgs.assertInScope(actor, orgId)).path] : scopePaths(actor)
      return { items: (await repo.listSpotChecks(db, scope)).map(spotCheckView) }
    },

    spotCheck: spotCheckDetail,

    async drawSpotCheck(actor: Actor, input: SpotCheckDraw): Promise<SpotCheckDetail> {
      const org = await orgs.assertInScope(actor, input.orgId)
      notAfterToday(input.frameAsOf, 'frameAsOf', '抽样框日期')
      const seed = input.seed ?? randomBytes(8).toString('hex')
      const drawn = await drawOver(org, input.frameAsOf, seed, input.countySampleSize, input.memberSampleSize)
      if (drawn.countyFrame.size === 0)
        throw invalidField('orgId', '组织抽查的单位', `“${org.name}”之下在 ${input.frameAsOf} 没有县级组织可供抽查`)
      if (input.countySampleSize > drawn.countyFrame.size)
        throw invalidField(
          'countySampleSize',
          '抽查县（市、区）数',
          `不能超过抽样框中的 ${drawn.countyFrame.size} 个县（市、区）`,
        )
      const id = await db.transaction().execute(async (tx) => {
        const id = await repo.insertSpotCheck(tx, {
          org_id: org.id,
          year: input.year,
          title: input.title,
          seed,
          generator: SPOT_CHECK_GENERATOR,
          frame_as_of: input.frameAsOf,
          county_sample_size: input.countySampleSize,
          member_sample_size: input.memberSampleSize,
          county_frame_size: drawn.countyFrame.size,
          county_frame_sha256: drawn.countyFrame.sha256,
          member_frame_size: drawn.memberFrame.size,
          member_frame_sha256: drawn.memberFrame.sha256,
          drawn_by: actor.userId,
        })
        await repo.insertItems(tx, [
          ...drawn.counties.map((c, i) => ({
            spot_check_id: id,
            kind: 'county',
            draw_order: i + 1,
            county_org_id: c.id,
            person_id: null,
          })),
          ...drawn.members.map((m, i) => ({
            spot_check_id: id,
            kind: 'member',
            draw_order: i + 1,
            county_org_id: m.countyId,
            person_id: m.personId,
          })),
        ])
        await audit.record(tx, actor, {
          action: 'oversight.spot_check_drawn',
          entityType: 'mobile_spot_check',
          entityId: id,
          orgId: org.id,
          after: {
            ...input,
            seed,
            generator: SPOT_CHECK_GENERATOR,
            countyFrame: drawn.countyFrame,
            memberFrame: drawn.memberFrame,
            counties: drawn.counties.map((c) => c.id),
            members: drawn.members,
          },
        })
        return id
      })
      return spotCheckDetail(actor, id)
    },

    async redrawSpotCheck(actor: Actor, id: string): Promise<SpotCheckRedraw> {
      const sc = await repo.findSpotCheck(db, id, scopePaths(actor))
      if (!sc) throw notFound('抽查')
      const org = { id: sc.org_id, name: sc.org_name, path: sc.org_path }
      const drawn = await drawOver(org, sc.frame_as_of, sc.seed, sc.county_sample_size, sc.member_sample_size)
      const items = await repo.items(db, id)
      const recorded = items.map((i) => `${i.kind}:${i.draw_order}:${i.county_org_id}:${i.person_id ?? ''}`)
      const again = [
        ...drawn.counties.map((c, i) => `county:${i + 1}:${c.id}:`),
        ...drawn.members.map((m, i) => `member:${i + 1}:${m.countyId}:${m.personId}`),
      ]
      const personNames = new Map(items.filter((i) => i.person_id).map((i) => [i.person_id!, i.person_name ?? '']))
      const countyNames = new Map(drawn.counties.map((c) => [c.id, c.name]))
      return {
        countyFrame: drawn.countyFrame,
        memberFrame: drawn.memberFrame,
        isFrameSame: drawn.countyFrame.sha256 === sc.county_frame_sha256 && drawn.memberFrame.sha256 === sc.member_frame_sha256,
        isSampleSame: recorded.sort().join('|') === again.sort().join('|'),
        counties: drawn.counties.map((c) => ({ id: c.id, name: c.name })),
        members: drawn.members.map((m) => ({
          id: m.personId,
          name: personNames.get(m.personId) ?? '（不在原样本中）',
          county: { id: m.countyId, name: countyNames.get(m.countyId) ?? '' },
        })),
      }
    },

    async assignChecker(actor: Actor, itemId: string, input: CheckerAssign): Promise<SpotCheckDetail> {
      const item = await managedItem(actor, itemId)
      notAfterToday(input.assignedOn, 'assignedOn', '指派日期')
      await db.transaction().execute(async (tx) => {
        await repo.setChecker(tx, itemId, input.checker, input.assignedOn)
        await audit.record(tx, actor, {
          action: 'oversight.checker_assigned',
          entityType: 'mobile_spot_check_item',
          entityId: itemId,
          orgId: item.org_id,
          before: { checker: item.checker },
          after: input,
        })
      })
      return spotCheckDetail(actor, item.spot_check_id)
    },

    async recordFinding(actor: Actor, itemId: string, input: FindingInput): Promise<FindingView> {
      const item = await managedItem(actor, itemId)
      notAfterToday(input.foundOn, 'foundOn', '发现日期')
      if (input.rectifyBy && input.rectifyBy < input.foundOn)
        throw invalidField('rectifyBy', '整改期限', `整改期限不能早于发现日期（${input.foundOn}）`)
      const id = await db.transaction().execute(async (tx) => {
        const id = await repo.insertFinding(tx, {
          item_id: itemId,
          found_on: input.foundOn,
          description: input.description,
          rectify_by: input.rectifyBy ?? null,
          created_by: actor.userId,
        })
        await audit.record(tx, actor, {
          action: 'oversight.finding_recorded',
          entityType: 'mobile_spot_check_finding',
          entityId: id,
          orgId: item.county_org_id,
          after: { itemId, ...input },
        })
        return id
      })
      return findingView(actor, (await repo.findFinding(db, id))!)
    },

    async findings(actor: Actor, q: { orgId?: string | undefined; status?: FindingStatus | undefined }) {
      const scope = q.orgId ? [(await orgs.assertInScope(actor, q.orgId)).path] : scopePaths(actor)
      return { items: (await repo.findingsInScope(db, scope, q.status)).map((f) => findingView(actor, f)) }
    },

    async startRectification(actor: Actor, id: string, input: FindingStart): Promise<FindingView> {
      const f = await visibleFinding(actor, id)
      notAfterToday(input.startedOn, 'startedOn', '开始整改日期')
      if (input.startedOn < f.found_on) throw invalidField('startedOn', '开始整改日期', `不能早于发现问题的日期（${f.found_on}）`)
      const move = findingMove('start')
      await db.transaction().execute(async (tx) => {
        const now = await repo.lockFinding(tx, id)
        if (now?.status !== move.from)
          throw conflict(`该问题现为“${FINDING_STATUSES[now!.status as FindingStatus]}”，不能再开始整改`)
        await repo.advanceFinding(tx, id, move.from, {
          status: move.to,
          rectifying_on: input.startedOn,
          measures: input.measures,
        })
        await audit.record(tx, actor, {
          action: 'oversight.rectification_started',
          entityType: 'mobile_spot_check_finding',
          entityId: id,
          orgId: f.county_org_id,
          before: { status: move.from },
          after: { status: move.to, ...input },
        })
      })
      return findingView(actor, (await repo.findFinding(db, id))!)
    },

    async closeFinding(actor: Actor, id: string, input: FindingClose): Promise<FindingView> {
      const f = await visibleFinding(actor, id)
      if (!covers(scopePaths(actor), f.spot_check_org_path)) throw forbidden('整改销号须由组织抽查的单位核实后办理')
      notAfterToday(input.closedOn, 'closedOn', '销号日期')
      const move = findingMove('close')
      await db.transaction().execute(async (tx) => {
        const now = await repo.lockFinding(tx, id)
        if (now?.status === 'open') throw invalidState('该问题尚未开始整改，不能销号：须先写明整改措施')
        if (now?.status !== move.from) throw conflict('该问题已销号')
        if (input.closedOn < now.rectifying_on!)
          throw invalidField('closedOn', '销号日期', `不能早于开始整改的日期（${now.rectifying_on}）`)
        await repo.advanceFinding(tx, id, move.from, { status: move.to, closed_on: input.closedOn, evidence: input.evidence })
        await audit.record(tx, actor, {
          action: 'oversight.finding_closed',
          entityType: 'mobile_spot_check_finding',
          entityId: id,
          orgId: f.county_org_id,
          before: { status: move.from },
          after: { status: move.to, ...input },
        })
      })
      return findingView(actor, (await repo.findFinding(db, id))!)
    },
  }
}

export type MobileOversightService = ReturnType<typeof createMobileOversightService>
