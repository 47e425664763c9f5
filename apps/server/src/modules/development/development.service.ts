import type { ComplianceService } from '../compliance/index.ts'
import {
  CONVERSION_PROPOSALS,
  DEVELOPMENT_CATEGORIES,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEPS,
  EDUCATION_LEVELS,
  GENDERS,
  labelOf,
  MEMBER_STATUSES,
  NOTICE_KINDS,
  PLAN_CATEGORY_CODES,
  POLITICAL_REVIEW_RESULTS,
  RECOMMENDATIONS,
  STEP_ACTORS,
  STEP_CHECKS,
  StepRecordInput,
  stepLabel,
  type CaseEnd,
  type CaseListItem,
  type CaseOpen,
  type CaseStatus,
  type CaseView,
  type ConversionProposal,
  type Dashboard,
  type DevelopmentCategory,
  type MemberStatus,
  type MemberStatusChange,
  type NoticePublish,
  type NoticeView,
  type ObjectionInput,
  type ObjectionResolve,
  type PlanCategory,
  type PlanInput,
  type PublicNotice,
  type Recommendation,
  type StepCheck,
  type StepNo,
  type StepOutcome,
  type StepRecordView,
  type TodoItem,
  type VoteResult,
} from '@xianfeng/contract'
import { sql } from 'kysely'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import { addWorkingDays, holidaysKnown, todayInChina } from '../../platform/calendar.ts'
import type { Db, Executor } from '../../platform/db.ts'
import { AppError, conflict, forbidden, invalidField, invalidState, isUniqueViolation, notFound } from '../../platform/errors.ts'
import ExcelJS from '../../platform/excel.ts'
import type { RulesRegistry } from '../../platform/rules/registry.ts'
import type { OrgsService } from '../orgs/index.ts'
import type { PeopleService } from '../people/index.ts'
import { developmentRepo, type CaseRow, type NoticeRow, type ObjectionRow, type StepRow } from './development.repo.ts'
import { developmentParams, type DevelopmentCheckId, type DevelopmentParams } from './development.rules.ts'
import { checkStep, timeline, type CaseFacts, type NamedPerson, type StepFact, type Verdict } from './development.steps.ts'
import { votingMembersDue } from './development.vote.ts'

/** What a step's record keeps beyond the common columns. */
interface StepDetails {
  recommendation?: Recommendation
  contacts?: { id: string; name: string }[]
  sponsors?: { id: string; name: string }[]
  politicalReview?: 'passed' | 'failed'
  trainingDays?: number
  trainingHours?: number
  expectedLeaveOn?: string
  vote?: VoteResult
  proposal?: ConversionProposal
  extensionMonths?: number
  documentNo?: string
}

const COMMITTEE_KINDS = ['committee', 'working_committee'] as const

/** The status the person must have in the registry before the step that moves them on. */
const STATUS_BEFORE: Partial<Record<StepNo, MemberStatus>> = {
  3: 'applicant',
  7: 'activist',
  17: 'candidate',
  24: 'probationary',
}

const stepFactOf = (r: StepRow): StepFact => {
  const d = r.details as StepDetails
  return {
    step: r.step as StepNo,
    round: r.round,
    seq: r.seq,
    doneOn: r.done_on,
    outcome: r.outcome as StepOutcome | null,
    extensionMonths: d.extensionMonths ?? null,
    proposal: d.proposal ?? null,
  }
}

function factsOf(row: CaseRow, steps: StepRow[], notices: NoticeRow[], objections: ObjectionRow[]): CaseFacts {
  return {
    birthDate: row.birth_date,
    steps: steps.map(stepFactOf),
    notices: notices.map((n) => ({
      kind: n.kind as 'admission' | 'conversion',
      round: n.round,
      startsOn: n.starts_on,
      endsOn: n.ends_on,
      objections: objections
        .filter((o) => o.notice_id === n.id)
        .map((o) => ({ receivedOn: o.received_on, resolvedOn: o.resolved_on })),
    })),
    isEnded: row.status === 'ended',
  }
}

/** A step's facts in words, for the timeline and the dossier. */
function factsInWords(d: StepDetails, outcome: string | null): string[] {
  const out: string[] = []
  if (d.recommendation) out.push(`推荐方式：${RECOMMENDATIONS[d.recommendation]}`)
  if (d.contacts?.length) out.push(`培养联系人：${d.contacts.map((c) => c.name).join('、')}`)
  if (d.sponsors?.length) out.push(`入党介绍人：${d.sponsors.map((c) => c.name).join('、')}`)
  if (d.politicalReview) out.push(`政治审查结论：${POLITICAL_REVIEW_RESULTS[d.politicalReview]}`)
  if (d.trainingDays !== undefined || d.trainingHours !== undefined)
    out.push(`培训：${d.trainingDays ?? 0} 天、${d.trainingHours ?? 0} 学时`)
  if (d.expectedLeaveOn) out.push(`预计离开单位日期：${d.expectedLeaveOn}`)
  if (d.proposal)
    out.push(`转正意见：${CONVERSION_PROPOSALS[d.proposal]}${d.extensionMonths ? `（延长 ${d.extensionMonths} 个月）` : ''}`)
  else if (d.extensionMonths && outcome === 'extend') out.push(`延长预备期 ${d.extensionMonths} 个月`)
  if (d.documentNo) out.push(`文件文号：${d.documentNo}`)
  return out
}

/** The check whose period a public notice runs for: a province or city may override it. */
const NOTICE_CHECK: DevelopmentCheckId = 'development.public_notice'

const noticeState = (n: Pick<NoticeRow, 'starts_on' | 'ends_on'>, today: string): NoticeView['state'] =>
  today < n.starts_on ? 'scheduled' : today <= n.ends_on ? 'in_force' : 'ended'

export interface DevelopmentServiceDeps {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope' | 'committeesAbove'>
  people: Pick<PeopleService, 'standing' | 'changeStatusInTx' | 'membersOfOrgAsOf'>
  /** The registry: every number the rules use comes from its development.* checks. */
  registry: Pick<RulesRegistry, 'defaults'>
  /** The value in force for an org of a check that may be overridden (the notice period). */
  compliance: Pick<ComplianceService, 'paramsInForce'>
  /** The day in China; tests move it. */
  today?: () => string
}

/** 发展党员 (seed §21): cases, their 25 steps, public notices and objections, yearly plans. */
export function createDevelopmentService({
  db,
  audit,
  orgs,
  people,
  registry,
  compliance,
  today = todayInChina,
}: DevelopmentServiceDeps) {
  const params = (): DevelopmentParams => developmentParams((id: DevelopmentCheckId) => registry.defaults(id))
  const scopeOf = (actor: Actor) => developmentRepo.within(scopePaths(actor))

  async function loadCase(actor: Actor, id: string, executor: Executor = db, opts: { lock?: boolean } = {}) {
    const row = await developmentRepo.findCase(executor, id, scopeOf(actor), opts)
    if (!row) throw notFound('发展党员档案')
    return row
  }

  async function superiorsOf(orgId: string) {
    const above = await orgs.committeesAbove(orgId)
    return { superior: above[0] ?? null, superior2: above[1] ?? null }
  }

  type Superiors = Awaited<ReturnType<typeof superiorsOf>>

  /** Why the caller may not do step n of a case at `org` (null: they may). */
  function refusalToAct(actor: Actor, n: StepNo, sup: Superiors, orgName: string): string | null {
    const by = DEVELOPMENT_STEPS[n].by
    if (by === 'branch') return null
    const target = by === 'superior' ? sup.superior : sup.superior2
    if (!target) return `“${orgName}”之上没有${STEP_ACTORS[by]}，不能办理${stepLabel(n)}`
    const g = actor.grant?.orgPath
    if (!g || !(target.path === g || target.path.startsWith(`${g}.`)))
      return `${stepLabel(n)}由${STEP_ACTORS[by]}“${target.name}”办理；请切换到“${target.name}”或其上级的授权范围`
    return null
  }

  /** A refusal of the step rules as the client sees it: a field to fix, a state, or a race lost. */
  function refusalError(v: Extract<Verdict, { ok: false }>): AppError {
    if (v.isDone) return conflict(v.message)
    if (v.field) {
      const path = v.field.split('.')
      const label = labelOf(StepRecordInput, path) ?? v.field
      return invalidField(v.field, label, v.message)
    }
    return invalidState(v.message)
  }

  async function loadAll(executor: Executor, row: CaseRow) {
    const [steps, notices] = [await developmentRepo.steps(executor, row.id), await developmentRepo.notices(executor, row.id)]
    const objections = await developmentRepo.objections(
      executor,
      notices.map((n) => n.id),
    )
    return { steps, notices, objections, facts: factsOf(row, steps, notices, objections) }
  }

  /** Writes what the records now say: stage, next step, deadline, probation dates. */
  async function refresh(tx: Executor, caseId: string, facts: CaseFacts, day: string, end?: { endedOn: string; reason: string }) {
    const t = timeline(facts, day, params())
    await developmentRepo.updateCase(tx, caseId, {
      status: end ? 'ended' : t.status,
      stage: t.stage,
      next_step: end ? null : (t.next?.step ?? null),
      due_by: end ? null : t.dueBy,
      admitted_on: t.admittedOn,
      probation_ends_on: t.probationEndsOn,
      full_on: t.fullOn,
      ...(end && { ended_on: end.endedOn, end_reason: end.reason }),
    })
  }

  function listItem(r: CaseRow, day: string): CaseListItem {
    return {
      id: r.id,
      person: { id: r.person_id, name: r.person_name },
      org: { id: r.org_id, name: r.org_name },
      status: r.status as CaseStatus,
      stage: r.stage,
      nextStep: r.next_step,
      dueBy: r.due_by,
      isOverdue: r.status === 'open' && r.due_by !== null && r.due_by < day,
      categories: r.categories as DevelopmentCategory[],
      appliedOn: r.applied_on ?? '',
      updatedAt: new Date(r.updated_at).toISOString(),
    }
  }

  async function view(actor: Actor, caseId: string): Promise<CaseView> {
    const row = await loadCase(actor, caseId)
    const day = today()
    const [{ steps, notices, objections, facts }, sup] = [await loadAll(db, row), await superiorsOf(row.org_id)]
    const t = timeline(facts, day, params())
    const stepViews: StepRecordView[] = steps.map((s) => {
      const d = s.details as StepDetails
      return {
        id: s.id,
        step: s.step,
        name: DEVELOPMENT_STEPS[s.step as StepNo].name,
        round: s.round,
        seq: s.seq,
        doneOn: s.done_on,
        org: { id: s.org_id, name: s.org_name },
        actorName: s.actor_name,
        recordedBy: s.recorded_by_name,
        recordedAt: new Date(s.recorded_at).toISOString(),
        documents: s.documents,
        checks: s.checks.map((c) => STEP_CHECKS[c as StepCheck] ?? c),
        facts: factsInWords(d, s.outcome),
        vote: d.vote ?? null,
        outcome: s.outcome as StepOutcome | null,
        lateReason: s.late_reason,
        warnings: s.warnings,
        note: s.note,
      }
    })
    const nextBy = t.next ? DEVELOPMENT_STEPS[t.next.step].by : null
    const nextOrg =
      nextBy === 'superior'
        ? sup.superior
        : nextBy === 'superior2'
          ? sup.superior2
          : nextBy
            ? { id: row.org_id, name: row.org_name }
            : null
    return {
      ...listItem(row, day),
      person: {
        id: row.person_id,
        name: row.person_name,
        gender: GENDERS[row.gender as '1' | '2'] ?? row.gender,
        birthDate: row.birth_date,
        status: MEMBER_STATUSES[row.person_status as MemberStatus] ?? row.person_status,
      },
      superior: sup.superior && { id: sup.superior.id, name: sup.superior.name },
      superior2: sup.superior2 && { id: sup.superior2.id, name: sup.superior2.name },
      admittedOn: row.admitted_on,
      probationEndsOn: row.probation_ends_on,
      fullOn: row.full_on,
      endedOn: row.ended_on,
      endReason: row.end_reason,
      steps: stepViews,
      next:
        t.next && row.status === 'open'
          ? {
              step: t.next.step,
              name: DEVELOPMENT_STEPS[t.next.step].name,
              by: DEVELOPMENT_STEPS[t.next.step].by,
              org: nextOrg && { id: nextOrg.id, name: nextOrg.name },
              possibleFrom: t.next.possibleFrom,
              blockedBy: t.next.blockedBy,
              deadline: t.next.deadline,
            }
          : null,
      overdue: row.status === 'open' ? t.overdue : [],
      notices: notices.map((n) => ({
        id: n.id,
        kind: n.kind as 'admission' | 'conversion',
        round: n.round,
        startsOn: n.starts_on,
        endsOn: n.ends_on,
        workingDays: n.working_days,
        contact: n.contact,
        state: noticeState(n, day),
        objections: objections
          .filter((o) => o.notice_id === n.id)
          .map((o) => ({
            id: o.id,
            receivedOn: o.received_on,
            content: o.content,
            source: o.source,
            resolvedOn: o.resolved_on,
            resolution: o.resolution,
          })),
      })),
    }
  }

  /** People named in a step, resolved in the caller's scope with their standing. */
  async function named(actor: Actor, ids: readonly string[] | undefined, field: string, label: string, selfId: string) {
    if (!ids) return undefined
    if (new Set(ids).size !== ids.length) throw invalidField(field, label, `${label}不能重复选择同一人`)
    const out: (NamedPerson & { id: string })[] = []
    for (const id of ids) {
      const s = await people.standing(actor, id).catch(() => {
        throw invalidField(field, label, `${label}不存在或不在您的授权范围内`)
      })
      out.push({ id, name: s.name, status: s.status, isSelf: id === selfId })
    }
    return out
  }

  return {
    get: view,

    /** A case for an applicant on the register: step 1 on the application date the register holds. */
    async open(actor: Actor, input: CaseOpen): Promise<CaseView> {
      const person = await people.standing(actor, input.personId).catch(() => {
        throw notFound('入党申请人')
      })
      if (person.status !== 'applicant')
        throw invalidField(
          'personId',
          '入党申请人',
          `只能为入党申请人建立发展档案，${person.name}目前是${MEMBER_STATUSES[person.status]}`,
        )
      if (await developmentRepo.caseOfPerson(db, person.personId)) throw conflict(`${person.name}已有发展党员档案`)
      const facts0 = await developmentRepo.personFacts(db, person.personId)
      if (!facts0?.applied_on) throw invalidState(`${person.name}在名册中没有申请入党日期，请先在党员信息中补录`)
      const day = today()
      const facts: CaseFacts = { birthDate: facts0.birth_date, steps: [], notices: [], isEnded: false }
      const verdict = checkStep(facts, { step: 1, on: facts0.applied_on }, day, params())
      if (!verdict.ok) throw invalidField('personId', '入党申请人', verdict.message)
      const id = await db
        .transaction()
        .execute(async (tx) => {
          const id = await developmentRepo.insertCase(tx, {
            person_id: person.personId,
            categories: input.categories,
            created_by: actor.userId,
            next_step: 2,
          })
          await developmentRepo.insertStep(tx, {
            case_id: id,
            step: 1,
            round: 1,
            seq: 1,
            done_on: facts0.applied_on!,
            org_id: person.orgId,
            actor_name: null,
            recorded_by: actor.userId,
            documents: input.documents,
            checks: [],
            details: {},
            outcome: null,
            late_reason: null,
            warnings: [],
            note: input.note ?? null,
          })
          const after: CaseFacts = { ...facts, steps: [{ step: 1, round: 1, seq: 1, doneOn: facts0.applied_on!, outcome: null }] }
          await refresh(tx, id, after, day)
          await audit.record(tx, actor, {
            action: 'development.case_opened',
            entityType: 'development_case',
            entityId: id,
            orgId: person.orgId,
            after: { ...input, name: person.name, appliedOn: facts0.applied_on },
          })
          return id
        })
        .catch((e: unknown) => {
          if (isUniqueViolation(e, 'development_cases_person_key')) throw conflict(`${person.name}已有发展党员档案`)
          throw e
        })
      return view(actor, id)
    },

    /**
     * Records a step. The case row is locked for the whole check and write: of two officers recording
     * the same step at once, the second finds it done (409); the unique key on the step is the backstop.
     */
    async recordStep(actor: Actor, caseId: string, input: StepRecordInput): Promise<CaseView> {
      const n = input.step as StepNo
      const row = await loadCase(actor, caseId)
      const sup = await superiorsOf(row.org_id)
      const refusal = refusalToAct(actor, n, sup, row.org_name)
      if (refusal) throw forbidden(refusal)
      const contacts = n === 5 ? await named(actor, input.contactIds ?? [], 'contactIds', '培养联系人', row.person_id) : undefined
      const sponsors = n === 9 ? await named(actor, input.sponsorIds ?? [], 'sponsorIds', '入党介绍人', row.person_id) : undefined
      const dueVoting =
        (n === 15 || n === 23) && input.vote
          ? votingMembersDue(await people.membersOfOrgAsOf(actor, row.org_id, input.doneOn))
          : undefined
      const day = today()
      const p = params()
      await db
        .transaction()
        .execute(async (tx) => {
          const locked = await loadCase(actor, caseId, tx, { lock: true })
          if (locked.org_id !== row.org_id) throw conflict(`${row.person_name}的组织关系刚刚转接，请刷新后重试`)
          if (locked.person_status === 'left')
            throw invalidState(`${locked.person_name}已离开，不能再记录发展步骤；请终止这份发展档案`)
          const { facts } = await loadAll(tx, locked)
          const verdict = checkStep(
            facts,
            {
              step: n,
              on: input.doneOn,
              lateReason: input.lateReason,
              checks: input.checks,
              hasRecommendation: input.recommendation !== undefined,
              contacts,
              sponsors,
              politicalReview: input.politicalReview,
              trainingDays: input.trainingDays,
              trainingHours: input.trainingHours,
              expectedLeaveOn: input.expectedLeaveOn,
              vote: input.vote,
              dueVoting,
              proposal: input.proposal,
              extensionMonths: input.extensionMonths,
            },
            day,
            p,
          )
          if (!verdict.ok) throw refusalError(verdict)
          if (n === 24 && verdict.outcome === 'cancel' && !input.documentNo)
            throw invalidField('documentNo', '文件文号', '取消预备党员资格须填写上级党委批复的文件文号')
          const expected = STATUS_BEFORE[n]
          if (expected && locked.person_status !== expected)
            throw invalidState(
              `${locked.person_name}在名册中是${MEMBER_STATUSES[locked.person_status as MemberStatus]}，办理${stepLabel(n)}时应是${MEMBER_STATUSES[expected]}；请先核对党员信息`,
            )
          const vote23 =
            n === 24 ? facts.steps.find((s) => s.step === 23 && s.round === verdict.round && s.outcome === 'passed') : undefined
          const details: StepDetails = {
            ...(n === 3 && input.recommendation && { recommendation: input.recommendation }),
            ...(contacts && { contacts: contacts.map((c) => ({ id: c.id, name: c.name })) }),
            ...(sponsors && { sponsors: sponsors.map((c) => ({ id: c.id, name: c.name })) }),
            ...(n === 10 && input.politicalReview && { politicalReview: input.politicalReview }),
            ...(n === 11 && input.trainingDays !== undefined && { trainingDays: input.trainingDays }),
            ...(n === 11 && input.trainingHours !== undefined && { trainingHours: input.trainingHours }),
            ...((n === 12 || n === 15) && input.expectedLeaveOn && { expectedLeaveOn: input.expectedLeaveOn }),
            ...(verdict.vote && { vote: verdict.vote }),
            ...(n === 23 && input.proposal && { proposal: input.proposal }),
            ...(vote23?.proposal && { proposal: vote23.proposal }),
            ...(verdict.extensionMonths !== null && { extensionMonths: verdict.extensionMonths }),
            ...(input.documentNo && { documentNo: input.documentNo }),
          }
          const stepOrg =
            DEVELOPMENT_STEPS[n].by === 'superior'
              ? sup.superior!
              : DEVELOPMENT_STEPS[n].by === 'superior2'
                ? sup.superior2!
                : null
          const stepId = await developmentRepo.insertStep(tx, {
            case_id: caseId,
            step: n,
            round: verdict.round,
            seq: verdict.seq,
            done_on: input.doneOn,
            org_id: stepOrg?.id ?? locked.org_id,
            actor_name: input.actorName ?? null,
            recorded_by: actor.userId,
            documents: input.documents,
            checks: input.checks,
            details: details as Record<string, unknown>,
            outcome: verdict.outcome,
            late_reason: verdict.isLate ? (input.lateReason ?? null) : null,
            warnings: verdict.warnings,
            note: input.note ?? null,
          })
          const after: CaseFacts = {
            ...facts,
            steps: [
              ...facts.steps,
              {
                step: n,
                round: verdict.round,
                seq: verdict.seq,
                doneOn: input.doneOn,
                outcome: verdict.outcome,
                extensionMonths: verdict.extensionMonths,
                proposal: details.proposal ?? null,
              },
            ],
          }
          const t = timeline(after, day, p)
          const change = statusChange(n, verdict.outcome, input, t)
          if (change) await people.changeStatusInTx(tx, actor, locked.person_id, change, day)
          await refresh(tx, caseId, after, day)
          await audit.record(tx, actor, {
            action: 'development.step_recorded',
            entityType: 'development_case',
            entityId: caseId,
            orgId: stepOrg?.id ?? locked.org_id,
            after: {
              stepId,
              step: n,
              name: DEVELOPMENT_STEPS[n].name,
              round: verdict.round,
              seq: verdict.seq,
              doneOn: input.doneOn,
              outcome: verdict.outcome,
              ...(verdict.isLate && { lateReason: input.lateReason }),
              ...(verdict.warnings.length && { warnings: verdict.warnings }),
              details,
              personId: locked.person_id,
            },
          })
        })
        .catch((e: unknown) => {
          if (isUniqueViolation(e, 'development_steps_key')) throw conflict(`${stepLabel(n)}刚刚已由他人办理，请刷新后查看`)
          throw e
        })
      return view(actor, caseId)
    },

    /** Ends an open case (终止发展) with its reason; the person stays on the register as they are. */
    async end(actor: Actor, caseId: string, input: CaseEnd): Promise<CaseView> {
      const day = today()
      if (input.endedOn > day) throw invalidField('endedOn', '终止日期', '终止日期不能晚于今天')
      await db.transaction().execute(async (tx) => {
        const row = await loadCase(actor, caseId, tx, { lock: true })
        if (row.status !== 'open') throw invalidState(`这份发展档案${row.status === 'completed' ? '已转正归档' : '已终止'}`)
        const { steps, facts } = await loadAll(tx, row)
        const last = steps.reduce((d, s) => (s.done_on > d ? s.done_on : d), '')
        if (input.endedOn < last) throw invalidField('endedOn', '终止日期', `终止日期不能早于最近一个步骤的日期（${last}）`)
        await refresh(tx, caseId, facts, day, input)
        await audit.record(tx, actor, {
          action: 'development.case_ended',
          entityType: 'development_case',
          entityId: caseId,
          orgId: row.org_id,
          before: { status: row.status, nextStep: row.next_step },
          after: { status: 'ended', ...input },
        })
      })
      return view(actor, caseId)
    },

    /**
     * 公示: on the public portal from `startsOn` until the given number of working days after it have
     * passed. The working days need the year's official holiday notice: a period reaching into a
     * year whose notice the calendar does not hold is refused, never guessed.
     */
    async publishNotice(actor: Actor, caseId: string, input: NoticePublish): Promise<CaseView> {
      const day = today()
      // the notice period in force for the case's org on the first day of the notice
      const org = (await loadCase(actor, caseId)).org_id
      const noticeWorkingDays = (await compliance.paramsInForce(NOTICE_CHECK, org, input.startsOn)).values.workingDays
      const p = { ...params(), ...(noticeWorkingDays !== undefined && { noticeWorkingDays }) }
      if (input.startsOn < day)
        throw invalidField('startsOn', '公示开始日期', `公示须在公开门户上实际发布，开始日期不能早于今天（${day}）`)
      const endsOn = addWorkingDays(input.startsOn, p.noticeWorkingDays)
      for (let y = Number(input.startsOn.slice(0, 4)); y <= Number(endsOn.slice(0, 4)); y++)
        if (!holidaysKnown(y))
          throw invalidField(
            'startsOn',
            '公示开始日期',
            `公示期将跨入 ${y} 年，本系统载入的国务院节假日安排尚不包括 ${y} 年，无法确定 ${p.noticeWorkingDays} 个工作日的截止日期；请待该年安排公布并更新系统后再发布，或提前开始公示`,
          )
      await db
        .transaction()
        .execute(async (tx) => {
          const row = await loadCase(actor, caseId, tx, { lock: true })
          if (row.status !== 'open') throw invalidState('这份发展档案已不在进行中，不能发布公示')
          const { steps, facts } = await loadAll(tx, row)
          const t = timeline(facts, day, p)
          const done = (n: number, round = 1) => steps.find((s) => s.step === n && s.round === round)
          const round = facts.steps.filter((s) => s.step === 24 && s.outcome === 'extend').length + 1
          let preparedBy: StepRow | undefined
          if (input.kind === 'admission') {
            preparedBy = done(12)
            if (!preparedBy) throw invalidState(`发展对象公示在${stepLabel(12)}之后发布，该步骤尚未办理`)
            if (steps.some((s) => s.step === 15 && s.outcome === 'passed'))
              throw invalidState('已经支部大会讨论通过，不再发布发展对象公示')
          } else {
            preparedBy = done(22, round)
            if (!preparedBy) throw invalidState(`转正公示在${stepLabel(22)}之后发布，该步骤尚未办理`)
            if (steps.some((s) => s.step === 23 && s.round === round && s.outcome === 'passed'))
              throw invalidState('本轮转正已经支部大会讨论，不再发布转正公示')
          }
          if (input.startsOn < preparedBy.done_on)
            throw invalidField(
              'startsOn',
              '公示开始日期',
              `公示开始日期不能早于${stepLabel(preparedBy.step as StepNo)}的日期（${preparedBy.done_on}）`,
            )
          const sponsors = (steps.find((s) => s.step === 9)?.details as StepDetails | undefined)?.sponsors ?? []
          const facts2: { label: string; value: string }[] =
            input.kind === 'admission'
              ? [
                  { label: '申请入党日期', value: row.applied_on ?? '' },
                  { label: '确定为入党积极分子日期', value: row.activist_on ?? '' },
                  { label: '确定为发展对象日期', value: row.candidate_on ?? '' },
                  ...(sponsors.length ? [{ label: '入党介绍人', value: sponsors.map((s) => s.name).join('、') }] : []),
                ]
              : [
                  { label: '入党日期', value: t.admittedOn ?? '' },
                  { label: '预备期满日期', value: t.probationEndsOn ?? '' },
                ]
          const content = {
            name: row.person_name,
            gender: GENDERS[row.gender as '1' | '2'] ?? '',
            birthMonth: row.birth_date.slice(0, 7),
            education: row.education ? (EDUCATION_LEVELS[row.education as keyof typeof EDUCATION_LEVELS] ?? null) : null,
            workUnit: row.work_unit,
            orgName: row.org_name,
            facts: facts2,
          }
          const id = await developmentRepo.insertNotice(tx, {
            case_id: caseId,
            kind: input.kind,
            round: input.kind === 'admission' ? 1 : round,
            org_id: row.org_id,
            starts_on: input.startsOn,
            ends_on: endsOn,
            working_days: p.noticeWorkingDays,
            contact: input.contact,
            content,
            published_by: actor.userId,
          })
          await audit.record(tx, actor, {
            action: 'development.notice_published',
            entityType: 'development_notice',
            entityId: id,
            orgId: row.org_id,
            after: { caseId, ...input, endsOn, workingDays: p.noticeWorkingDays, content },
          })
        })
        .catch((e: unknown) => {
          if (isUniqueViolation(e, 'development_notices_key')) throw conflict(`已发布过这份${NOTICE_KINDS[input.kind]}`)
          throw e
        })
      return view(actor, caseId)
    },

    async addObjection(actor: Actor, noticeId: string, input: ObjectionInput): Promise<CaseView> {
      const notice = await developmentRepo.caseOfNotice(db, noticeId, scopeOf(actor))
      if (!notice) throw notFound('公示')
      const day = today()
      if (input.receivedOn > day) throw invalidField('receivedOn', '收到日期', '收到日期不能晚于今天')
      if (input.receivedOn < notice.starts_on)
        throw invalidField('receivedOn', '收到日期', `收到日期不能早于公示开始日期（${notice.starts_on}）`)
      await db.transaction().execute(async (tx) => {
        const row = await loadCase(actor, notice.case_id, tx, { lock: true })
        // an objection concerns the meeting still to come: none after the vote it preceded, none dated
        // on or before a vote already held
        const votes = (await developmentRepo.steps(tx, row.id)).filter((s) =>
          notice.kind === 'admission' ? s.step === 15 : s.step === 23 && s.round === notice.round,
        )
        if (votes.some((v) => v.outcome === 'passed'))
          throw invalidState(
            `已经支部大会讨论通过，这份${NOTICE_KINDS[notice.kind as 'admission' | 'conversion']}已结束，不再登记反映意见`,
          )
        const lastVote = votes.reduce((d, v) => (v.done_on > d ? v.done_on : d), '')
        if (lastVote && input.receivedOn <= lastVote)
          throw invalidField('receivedOn', '收到日期', `支部大会已于 ${lastVote} 讨论，收到日期应晚于这一天`)
        const id = await developmentRepo.insertObjection(tx, {
          notice_id: noticeId,
          received_on: input.receivedOn,
          content: input.content,
          source: input.source ?? null,
          recorded_by: actor.userId,
        })
        await refresh(tx, row.id, (await loadAll(tx, row)).facts, day)
        await audit.record(tx, actor, {
          action: 'development.objection_recorded',
          entityType: 'development_objection',
          entityId: id,
          orgId: row.org_id,
          after: { noticeId, caseId: row.id, ...input },
        })
      })
      return view(actor, notice.case_id)
    },

    async resolveObjection(actor: Actor, objectionId: string, input: ObjectionResolve): Promise<CaseView> {
      const objection = await developmentRepo.caseOfObjection(db, objectionId, scopeOf(actor))
      if (!objection) throw notFound('反映意见')
      const day = today()
      if (input.resolvedOn > day) throw invalidField('resolvedOn', '处理日期', '处理日期不能晚于今天')
      if (input.resolvedOn < objection.received_on)
        throw invalidField('resolvedOn', '处理日期', `处理日期不能早于收到日期（${objection.received_on}）`)
      await db.transaction().execute(async (tx) => {
        const row = await loadCase(actor, objection.case_id, tx, { lock: true })
        const n = await developmentRepo.resolveObjection(tx, objectionId, {
          resolved_on: input.resolvedOn,
          resolution: input.resolution,
          resolved_by: actor.userId,
        })
        if (n === 0) throw invalidState('这条反映意见已经处理')
        await refresh(tx, row.id, (await loadAll(tx, row)).facts, day)
        await audit.record(tx, actor, {
          action: 'development.objection_resolved',
          entityType: 'development_objection',
          entityId: objectionId,
          orgId: row.org_id,
          after: { caseId: row.id, ...input },
        })
      })
      return view(actor, objection.case_id)
    },

    async list(
      actor: Actor,
      q: {
        orgId?: string | undefined
        stage?: number | undefined
        status?: CaseStatus | undefined
        overdue?: 'true' | 'false' | undefined
        page: number
        pageSize: number
      },
    ) {
      const scope = await scopeUnder(actor, q.orgId)
      const day = today()
      const [{ rows, total }, counts] = await Promise.all([
        developmentRepo.cases(
          db,
          { scope, stage: q.stage, status: q.status, ...(q.overdue === 'true' && { overdueOn: day }) },
          { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
        ),
        developmentRepo.counts(db, scope, day),
      ])
      return { items: rows.map((r) => listItem(r, day)), total, stages: stageCounts(counts) }
    },

    /** The steps falling to the committee of the caller's current scope. */
    async todos(actor: Actor): Promise<{ items: TodoItem[] }> {
      const g = actor.grant
      if (!g) return { items: [] }
      const org = await orgs.assertInScope(actor, g.orgId)
      if (!(COMMITTEE_KINDS as readonly string[]).includes(org.kind)) return { items: [] }
      const day = today()
      const rows = await developmentRepo.todos(db, org.id, org.path, COMMITTEE_KINDS)
      return {
        items: rows.map((r) => ({
          caseId: r.id,
          person: { id: r.person_id, name: r.person_name },
          org: { id: r.org_id, name: r.org_name },
          step: r.next_step!,
          name: DEVELOPMENT_STEPS[r.next_step as StepNo].name,
          dueBy: r.due_by,
          isOverdue: r.due_by !== null && r.due_by < day,
        })),
      }
    },

    dashboard: (actor: Actor, q: { orgId?: string | undefined; year?: number | undefined }) => dashboard(actor, q.orgId, q.year),

    async savePlan(actor: Actor, input: PlanInput): Promise<Dashboard> {
      const org = await orgs.assertInScope(actor, input.orgId)
      const seen = new Set<string>()
      for (const q of input.quotas) {
        if (seen.has(q.category)) throw invalidField('quotas', '指标', '同一类别只能填写一次')
        seen.add(q.category)
      }
      const total = input.quotas.find((q) => q.category === 'total')
      const before = await developmentRepo.plans(db, org.id, input.year)
      const planned = (c: PlanCategory) =>
        input.quotas.find((q) => q.category === c)?.planned ?? before.find((b) => b.category === c)?.planned
      const totalPlanned = total?.planned ?? before.find((b) => b.category === 'total')?.planned
      for (const q of input.quotas)
        if (q.category !== 'total' && totalPlanned !== undefined && (planned(q.category) ?? 0) > totalPlanned)
          throw invalidField(
            'quotas',
            '指标',
            `“${DEVELOPMENT_CATEGORIES[q.category]}”的指标不能多于发展总数（${totalPlanned} 名）`,
          )
      await db.transaction().execute(async (tx) => {
        for (const q of input.quotas)
          await developmentRepo.upsertPlan(tx, {
            org_id: org.id,
            year: input.year,
            category: q.category,
            planned: q.planned,
            note: input.note ?? null,
            updated_by: actor.userId,
          })
        await audit.record(tx, actor, {
          action: 'development.plan_saved',
          entityType: 'development_plan',
          orgId: org.id,
          before: before.length ? { quotas: before.map((b) => ({ category: b.category, planned: b.planned })) } : undefined,
          after: { ...input },
        })
      })
      return dashboard(actor, org.id, input.year)
    },

    /** The public portal: notices in force today, whoever asks. */
    async publicNotices(q: { page: number; pageSize: number }): Promise<{ items: PublicNotice[]; total: number }> {
      const { rows, total } = await developmentRepo.noticesInForce(db, today(), {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      })
      return {
        items: rows.map((r) => {
          const c = r.content as {
            name: string
            gender: string
            birthMonth: string
            education: string | null
            workUnit: string | null
            facts: { label: string; value: string }[]
          }
          return {
            id: r.id,
            kind: r.kind as 'admission' | 'conversion',
            title: `${r.org_name}关于${c.name}同志${r.kind === 'admission' ? '拟发展为预备党员' : '拟转为正式党员'}的公示`,
            orgName: r.org_name,
            name: c.name,
            gender: c.gender,
            birthMonth: c.birthMonth,
            education: c.education,
            workUnit: c.workUnit,
            facts: c.facts,
            startsOn: r.starts_on,
            endsOn: r.ends_on,
            contact: r.contact,
          }
        }),
        total,
      }
    },

    /** 发展党员全程纪实表: every step of the case in order, as an Excel sheet. */
    async dossier(actor: Actor, caseId: string) {
      const c = await view(actor, caseId)
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('全程纪实表')
      ws.columns = [
        { header: '阶段', width: 22 },
        { header: '步骤', width: 26 },
        { header: '办理日期', width: 12 },
        { header: '办理组织', width: 24 },
        { header: '经办人', width: 10 },
        { header: '情况', width: 48 },
        { header: '材料', width: 30 },
        { header: '备注', width: 30 },
      ]
      ws.spliceRows(
        1,
        0,
        [`发展党员全程纪实表：${c.person.name}（${c.person.gender}，${c.person.birthDate} 出生），${c.org.name}`],
        [],
      )
      ws.getRow(1).font = { bold: true, size: 14 }
      ws.getRow(3).font = { bold: true }
      for (const n of Object.keys(DEVELOPMENT_STEPS).map(Number) as StepNo[]) {
        const records = c.steps.filter((s) => s.step === n)
        const info = DEVELOPMENT_STEPS[n]
        const stage = `${info.stage}. ${DEVELOPMENT_STAGES[info.stage]}`
        if (records.length === 0) ws.addRow([stage, `${n}. ${info.name}`, '未办理'])
        for (const s of records)
          ws.addRow([
            stage,
            `${n}. ${info.name}${s.round > 1 ? `（第 ${s.round} 轮）` : ''}${records.length > 1 ? `（第 ${s.seq} 次）` : ''}`,
            s.doneOn,
            s.org.name,
            s.actorName ?? '',
            [
              ...s.facts,
              ...(s.outcome
                ? [
                    `结果：${{ passed: '通过', failed: '未通过', convert: '按期转正', extend: '延长预备期', cancel: '取消预备党员资格' }[s.outcome]}`,
                  ]
                : []),
              ...(s.vote?.arithmetic ?? []),
              ...s.checks.map((x) => `已确认：${x}`),
              ...(s.lateReason ? [`逾期原因：${s.lateReason}`] : []),
              ...s.warnings,
            ].join('\n'),
            s.documents.join('、'),
            s.note ?? '',
          ])
      }
      for (const n of c.notices)
        ws.addRow([
          '公示',
          NOTICE_KINDS[n.kind],
          `${n.startsOn} 至 ${n.endsOn}`,
          c.org.name,
          '',
          n.objections
            .map(
              (o) => `${o.receivedOn} 收到：${o.content}；${o.resolvedOn ? `${o.resolvedOn} 处理：${o.resolution}` : '尚未处理'}`,
            )
            .join('\n') || '公示期间未收到反映意见',
          '',
          `受理意见：${n.contact}`,
        ])
      ws.eachRow((r, i) => {
        if (i > 3) r.alignment = { wrapText: true, vertical: 'top' }
      })
      // printable as it is: A4 landscape, one page wide, the column headings on every page
      ws.pageSetup = {
        ...ws.pageSetup,
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '3:3',
      }
      return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), name: c.person.name }
    },

    /** Whether a person's stages are in a case's hands (the register then refuses moving them on by hand). */
    async hasOpenCase(executor: Executor, personId: string) {
      return (await developmentRepo.caseOfPerson(executor, personId))?.status === 'open'
    },
  }

  async function scopeUnder(actor: Actor, orgId: string | undefined) {
    const scope = scopeOf(actor)
    if (!orgId) return scope
    const org = await orgs.assertInScope(actor, orgId)
    return sql<boolean>`(${scope} AND o.path <@ ${org.path}::ltree)`
  }

  async function dashboard(actor: Actor, orgId: string | undefined, year: number | undefined): Promise<Dashboard> {
    const id = orgId ?? actor.grant?.orgId
    if (!id) throw notFound('组织')
    const org = await orgs.assertInScope(actor, id)
    const day = today()
    const y = year ?? Number(day.slice(0, 4))
    const scope = await scopeUnder(actor, org.id)
    const [counts, plans, admitted] = await Promise.all([
      developmentRepo.counts(db, scope, day),
      developmentRepo.plans(db, org.id, y),
      developmentRepo.admitted(db, org.path, y),
    ])
    return {
      org: { id: org.id, name: org.name },
      year: y,
      stages: stageCounts(counts),
      open: counts.filter((c) => c.status === 'open').reduce((s, c) => s + c.n, 0),
      overdue: counts.reduce((s, c) => s + c.overdue, 0),
      completed: counts.filter((c) => c.status === 'completed').reduce((s, c) => s + c.n, 0),
      quotas: PLAN_CATEGORY_CODES.map((category) => ({
        category,
        planned: plans.find((p) => p.category === category)?.planned ?? null,
        admitted: admitted.find((a) => a.category === category)?.n ?? 0,
      })),
    }
  }
}

function stageCounts(counts: { stage: number | null; status: string; n: number }[]) {
  return ([1, 2, 3, 4, 5] as const).map((stage) => ({
    stage,
    name: DEVELOPMENT_STAGES[stage],
    count: counts.filter((c) => c.status === 'open' && c.stage === stage).reduce((s, c) => s + c.n, 0),
  }))
}

/** The register's change that a step brings: 积极分子 (3), 发展对象 (7), 预备党员 (17), 正式党员 or leaving (24). */
function statusChange(
  n: StepNo,
  outcome: StepOutcome | null,
  input: StepRecordInput,
  t: ReturnType<typeof timeline>,
): MemberStatusChange | null {
  const documentNo = input.documentNo ? { documentNo: input.documentNo } : {}
  // the steps with a rule of their own; every other step has none here
  switch (n as number) {
    case 3:
      return { status: 'activist', effectiveOn: input.doneOn, reason: '发展党员：确定为入党积极分子', ...documentNo }
    case 7:
      return { status: 'candidate', effectiveOn: input.doneOn, reason: '发展党员：确定为发展对象', ...documentNo }
    case 17:
      // the probation and the admission date run from the branch meeting's vote
      return {
        status: 'probationary',
        effectiveOn: t.admittedOn!,
        reason: '发展党员：上级党委审批同意接收为预备党员',
        ...documentNo,
      }
    case 24:
      if (outcome === 'convert')
        // party age runs from the end of the probation
        return {
          status: 'full',
          effectiveOn: t.probationEndsOn!,
          reason: '发展党员：上级党委审批同意按期转为正式党员',
          ...documentNo,
        }
      if (outcome === 'cancel')
        return {
          status: 'left',
          leftReason: 'probation_cancelled',
          effectiveOn: input.doneOn,
          reason: '发展党员：取消预备党员资格',
          ...documentNo,
        }
      return null
    default:
      return null
  }
}

export type DevelopmentService = ReturnType<typeof createDevelopmentService>
