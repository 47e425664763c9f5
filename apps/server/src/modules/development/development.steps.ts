import {
  CHECKS_OF_STEP,
  CONVERSION_PROPOSALS,
  DEVELOPMENT_STEPS,
  MEMBER_STATUSES,
  STEP_CHECKS,
  stepLabel,
  type BranchVoteInput,
  type ConversionProposal,
  type MemberStatus,
  type NoticeKind,
  type StepCheck,
  type StepNo,
  type StepOutcome,
  type VoteResult,
} from '@xianfeng/contract'
import { addDays, addMonths, addYears } from '../../platform/calendar.ts'
import { cite, type DevelopmentCheckId, type DevelopmentParams } from './development.rules.ts'
import { tallyProblems, tallyVote } from './development.vote.ts'

// The order and timing of the 25 steps, as one pure function of a case's records: given the steps
// recorded, the step asked for and its day, say whether it may be recorded — or why not, citing the
// rule, and the first day it becomes possible when a date decides. Nothing here reads the clock or
// the database; the service gathers the facts (people resolved to their standing) and the numbers.

export interface StepFact {
  step: StepNo
  round: number
  seq: number
  doneOn: string
  outcome: StepOutcome | null
  /** Months of an extension approved (step 24 with outcome 'extend') or proposed (step 23). */
  extensionMonths?: number | null
  proposal?: ConversionProposal | null
}

export interface NoticeFact {
  kind: NoticeKind
  round: number
  startsOn: string
  endsOn: string
  /** Objections received, and when each was resolved (null: not yet). */
  objections: readonly { receivedOn: string; resolvedOn: string | null }[]
}

export interface CaseFacts {
  birthDate: string
  steps: readonly StepFact[]
  notices: readonly NoticeFact[]
  /** Ended by a decision (终止发展) outside the steps. */
  isEnded: boolean
}

/** A person named in a step (contact, sponsor), with their standing on the day. */
export interface NamedPerson {
  name: string
  status: MemberStatus
  /** The candidate themselves. */
  isSelf?: boolean
}

/** What a request brings that the rules judge; people are resolved by the service. */
export interface StepAsk {
  step: StepNo
  on: string
  lateReason?: string | undefined
  checks?: readonly StepCheck[] | undefined
  hasRecommendation?: boolean
  contacts?: readonly NamedPerson[] | undefined
  sponsors?: readonly NamedPerson[] | undefined
  politicalReview?: 'passed' | 'failed' | undefined
  trainingDays?: number | undefined
  trainingHours?: number | undefined
  expectedLeaveOn?: string | undefined
  vote?: BranchVoteInput | undefined
  /** Voting members due on the day (the branch's full members), for a vote. */
  dueVoting?: number | undefined
  proposal?: ConversionProposal | undefined
  extensionMonths?: number | undefined
}

export type RuleRef = DevelopmentCheckId | 'development.step_order'

export type Verdict =
  | {
      ok: true
      round: number
      seq: number
      outcome: StepOutcome | null
      vote: VoteResult | null
      extensionMonths: number | null
      warnings: string[]
      isLate: boolean
    }
  | {
      ok: false
      message: string
      rule: RuleRef
      /** The field of the request at fault, if one is. */
      field: string | null
      /** The first day on which a date rule would allow it (null: no date makes it possible). */
      notBefore: string | null
      /** The step is already recorded: a second officer lost the race, or a repeat. */
      isDone?: boolean
    }

type Refusal = Extract<Verdict, { ok: false }>

const refuse = (
  rule: RuleRef,
  message: string,
  opts: { field?: string; notBefore?: string; isDone?: boolean } = {},
): Refusal => ({
  ok: false,
  message,
  rule,
  field: opts.field ?? null,
  notBefore: opts.notBefore ?? null,
  ...(opts.isDone && { isDone: true }),
})

const name = (n: StepNo) => stepLabel(n)

/** What the records say, once for every check. */
export function deriveState(facts: CaseFacts, p: DevelopmentParams) {
  const of = (n: StepNo) => facts.steps.filter((s) => s.step === n)
  const extensions = of(24).filter((s) => s.outcome === 'extend')
  const round = 1 + extensions.length
  const inRound = (n: StepNo) => of(n).filter((s) => s.round === round)
  const admission = of(15).find((s) => s.outcome === 'passed')
  const extensionMonths = extensions.reduce((sum, s) => sum + (s.extensionMonths ?? 0), 0)
  const probationEndsOn = admission ? addMonths(addYears(admission.doneOn, p.probationYears), extensionMonths) : null
  const conversion = of(24).find((s) => s.outcome === 'convert')
  const cancelled = of(24).find((s) => s.outcome === 'cancel')
  const archived = of(25)[0]
  const status: 'open' | 'completed' | 'ended' = archived ? 'completed' : cancelled || facts.isEnded ? 'ended' : 'open'
  return {
    of,
    round,
    inRound,
    admission,
    extensions,
    probationEndsOn,
    conversion,
    cancelled,
    status,
    /** When round 2 began: the day the extension was approved. */
    roundStartsOn: extensions.at(-1)?.doneOn ?? null,
  }
}

export type CaseState = ReturnType<typeof deriveState>

/** Whether step n counts as done for what follows it. */
function isDone(s: CaseState, n: StepNo): boolean {
  // the steps with a rule of their own; every other step has none here
  switch (n as number) {
    case 6:
      return s.of(6).length > 0
    case 15:
      return s.admission !== undefined
    case 21:
      return s.inRound(21).length > 0
    case 22:
      return s.inRound(22).length > 0
    case 23:
      return s.inRound(23).some((r) => r.outcome === 'passed')
    case 24:
      return s.inRound(24).length > 0
    default:
      return s.of(n).length > 0
  }
}

/** The next step of the main sequence (periodic steps count once), or null when none is left. */
export function nextMainStep(s: CaseState): StepNo | null {
  if (s.status !== 'open') return null
  for (let n = 1; n <= 25; n++) if (!isDone(s, n as StepNo)) return n as StepNo
  return null
}

/** The latest date among the records a step must not precede. */
function floorDate(s: CaseState, facts: CaseFacts, n: StepNo): { date: string; step: StepNo } | null {
  const periodic = DEVELOPMENT_STEPS[n] as { periodic?: true }
  let candidates = facts.steps.filter((r) => {
    if (periodic.periodic) {
      // a review follows the step that opened reviewing (5, or 20 / the extension)
      return n === 6 ? r.step === 5 : r.step === 20 || (r.step === 24 && r.outcome === 'extend')
    }
    // other steps follow every earlier step of the sequence, reviews apart
    return r.step < n && r.step !== 6 && r.step !== 21
  })
  if (n === 22) candidates = [...candidates, ...s.inRound(21)]
  const latest = candidates.reduce<StepFact | null>((a, r) => (!a || r.doneOn > a.doneOn ? r : a), null)
  return latest ? { date: latest.doneOn, step: latest.step } : null
}

/** Deadlines counted from an earlier step: 谈话 1 month, 审批 3 (up to 6) months. */
export function deadlineOf(
  s: CaseState,
  n: StepNo,
  p: DevelopmentParams,
): { by: string; maxBy: string | null; rule: DevelopmentCheckId; from: string; fromStep: StepNo } | null {
  if (n === 2) {
    const applied = s.of(1)[0]
    return applied
      ? {
          by: addMonths(applied.doneOn, p.talkMonths),
          maxBy: null,
          rule: 'development.talk_within',
          from: applied.doneOn,
          fromStep: 1,
        }
      : null
  }
  if (n === 17 && s.admission)
    return {
      by: addMonths(s.admission.doneOn, p.approvalMonths),
      maxBy: addMonths(s.admission.doneOn, p.approvalMaxMonths),
      rule: 'development.approval_within',
      from: s.admission.doneOn,
      fromStep: 15,
    }
  if (n === 24) {
    const vote = s.inRound(23).find((r) => r.outcome === 'passed')
    if (vote)
      return {
        by: addMonths(vote.doneOn, p.approvalMonths),
        maxBy: addMonths(vote.doneOn, p.approvalMaxMonths),
        rule: 'development.approval_within',
        from: vote.doneOn,
        fromStep: 23,
      }
  }
  return null
}

/** The date the next review of an activist (step 6) is due, while reviews are due. */
export function reviewDueOn(s: CaseState, p: DevelopmentParams): string | null {
  const activist = s.of(3)[0]
  if (!activist || s.admission || s.status !== 'open') return null
  const last = s.of(6).reduce((d, r) => (r.doneOn > d ? r.doneOn : d), activist.doneOn)
  return addMonths(last, p.reviewMonths)
}

/** How many reviews the half-years elapsed from `from` to `on` require: one for each full period. */
export function reviewsRequired(from: string, on: string, months: number): number {
  let k = 0
  while (addMonths(from, months * (k + 1)) <= on) k++
  return k
}

/**
 * The order and date rules of step `n` on day `on`, as if `on` were today: no request fields are
 * judged. The earliest day the step becomes possible is where a refusal's `notBefore` points.
 */
export function dateRules(
  facts: CaseFacts,
  n: StepNo,
  on: string,
  p: DevelopmentParams,
): Refusal | { ok: true; isLate: boolean } {
  const s = deriveState(facts, p)
  if (s.status === 'completed') return refuse('development.step_order', '发展程序已全部完成（材料已归档）', { isDone: n === 25 })
  if (s.status === 'ended') return refuse('development.step_order', '这份发展档案已终止，不能再记录步骤')

  // Order: periodic reviews while they are open; any other step only when it is the next one.
  if (n === 6) {
    if (!isDone(s, 5)) return refuse('development.step_order', `须先办理${name(5)}，才能进行${name(6)}`)
    if (s.admission)
      return refuse('development.step_order', `已经支部大会讨论通过为预备党员，入党积极分子阶段的考察已结束，请记录${name(21)}`)
  } else if (n === 21) {
    if (!isDone(s, 20)) return refuse('development.step_order', `须先办理${name(20)}，才能进行${name(21)}`)
    if (s.inRound(23).some((r) => r.outcome === 'passed'))
      return refuse('development.step_order', `本轮转正已经支部大会讨论，请办理${name(24)}`)
  } else {
    if (isDone(s, n)) {
      const record = (n === 15 ? [s.admission!] : n >= 22 && n <= 24 ? s.inRound(n) : s.of(n)).at(-1)
      return refuse('development.step_order', `${name(n)}已于 ${record?.doneOn ?? ''} 办理，不能重复办理`, { isDone: true })
    }
    const next = nextMainStep(s)
    if (next !== null && next < n) return refuse('development.step_order', `须先办理${name(next)}，才能办理${name(n)}`)
  }

  // Dates in order.
  const floor = floorDate(s, facts, n)
  if (floor && on < floor.date)
    return refuse('development.step_order', `办理日期不能早于${name(floor.step)}的日期（${floor.date}）`, {
      field: 'doneOn',
      notBefore: floor.date,
    })

  let isLate = false
  // the steps with a rule of their own; every other step has none here
  switch (n as number) {
    case 1: {
      const adult = addYears(facts.birthDate, p.applicantAgeYears)
      if (on < adult)
        return refuse(
          'development.applicant_age',
          `申请人出生于 ${facts.birthDate}，递交入党申请书时未满 ${p.applicantAgeYears} 周岁，${adult} 起才能申请${cite('development.applicant_age')}`,
          { field: 'doneOn', notBefore: adult },
        )
      break
    }
    case 7: {
      const activist = s.of(3)[0]!
      const ready = addYears(activist.doneOn, p.cultivationYears)
      if (on < ready)
        return refuse(
          'development.cultivation_period',
          `自确定为入党积极分子（${activist.doneOn}）起须经过 ${p.cultivationYears} 年以上培养考察，${ready} 起才能确定为发展对象${cite('development.cultivation_period')}`,
          { field: 'doneOn', notBefore: ready },
        )
      const required = reviewsRequired(activist.doneOn, on, p.reviewMonths)
      const done = s.of(6).filter((r) => r.doneOn <= on).length
      if (done < required)
        return refuse(
          'development.activist_review',
          `党支部每 ${p.reviewMonths} 个月考察入党积极分子 1 次：自 ${activist.doneOn} 至 ${on} 应有 ${required} 次考察记录，现有 ${done} 次；请先补记${name(6)}${cite('development.activist_review')}`,
        )
      break
    }
    case 11: {
      const review = s.of(10)[0]
      if (review?.outcome === 'failed')
        return refuse('development.political_review', `政治审查结论为不合格，不能发展入党${cite('development.political_review')}`)
      break
    }
    case 15: {
      const failed = s
        .of(15)
        .filter((r) => r.outcome === 'failed')
        .at(-1)
      if (failed) {
        const again = addMonths(failed.doneOn, p.failedVoteBlockMonths)
        if (on < again)
          return refuse(
            'development.failed_vote_block',
            `${failed.doneOn} 的支部大会表决未通过，${p.failedVoteBlockMonths} 个月内不得再次提交支部大会讨论，${again} 起才能再次讨论${cite('development.failed_vote_block')}`,
            { field: 'doneOn', notBefore: again },
          )
      }
      const noticeProblem = noticeRule(facts, 'admission', 1, on, s.of(12)[0]?.doneOn ?? null)
      if (noticeProblem) return noticeProblem
      break
    }
    case 23: {
      if (s.probationEndsOn && on < s.probationEndsOn)
        return refuse(
          'development.probation',
          `预备期自支部大会通过之日（${s.admission!.doneOn}）算起${s.extensions.length ? '（含延长的预备期）' : ` ${p.probationYears} 年`}，至 ${s.probationEndsOn} 期满，期满后才能讨论转正${cite('development.probation')}`,
          { field: 'doneOn', notBefore: s.probationEndsOn },
        )
      const noticeProblem = noticeRule(facts, 'conversion', s.round, on, s.inRound(22)[0]?.doneOn ?? null)
      if (noticeProblem) return noticeProblem
      break
    }
    default:
      break
  }

  const deadline = deadlineOf(s, n, p)
  if (deadline && on > deadline.by) {
    if (deadline.maxBy && on > deadline.maxBy)
      return refuse(
        deadline.rule,
        `${name(n)}应自${name(deadline.fromStep)}（${deadline.from}）起 ${p.approvalMonths} 个月内完成，特殊情况不超过 ${p.approvalMaxMonths} 个月（至 ${deadline.maxBy}），已超过最长期限${cite(deadline.rule)}`,
        { field: 'doneOn' },
      )
    isLate = true
  }
  return { ok: true, isLate }
}

/** 公示 before a vote: published after the step that prepares it, ended before the vote, objections resolved. */
function noticeRule(facts: CaseFacts, kind: NoticeKind, round: number, on: string, preparedOn: string | null): Refusal | null {
  const what = kind === 'admission' ? '发展对象' : '预备党员转正'
  const notice = facts.notices.find((x) => x.kind === kind && x.round === round)
  if (!notice)
    return refuse(
      'development.public_notice',
      `支部大会讨论前须对${what}进行公示，尚未发布公示${cite('development.public_notice')}`,
    )
  if (preparedOn && notice.startsOn < preparedOn)
    return refuse('development.public_notice', `公示（${notice.startsOn} 起）早于其所依据的步骤（${preparedOn}），请重新公示`)
  if (on <= notice.endsOn) {
    const after = addDays(notice.endsOn, 1)
    return refuse(
      'development.public_notice',
      `${what}公示期为 ${notice.startsOn} 至 ${notice.endsOn}，公示期满后（${after} 起）才能提交支部大会讨论${cite('development.public_notice')}`,
      { field: 'doneOn', notBefore: after },
    )
  }
  // an objection received by the day of the vote must have been resolved by then
  const pending = notice.objections.filter((o) => o.receivedOn <= on && (o.resolvedOn === null || o.resolvedOn > on))
  if (pending.some((o) => o.resolvedOn === null))
    return refuse(
      'development.public_notice',
      `公示期间收到的 ${pending.length} 条反映意见尚未调查处理，处理完毕后才能提交支部大会讨论${cite('development.public_notice')}`,
    )
  if (pending.length) {
    const resolved = pending.reduce((d, o) => (o.resolvedOn! > d ? o.resolvedOn! : d), '')
    return refuse(
      'development.public_notice',
      `反映意见于 ${resolved} 调查处理完毕，支部大会讨论不能早于这一天${cite('development.public_notice')}`,
      { field: 'doneOn', notBefore: resolved },
    )
  }
  return null
}

const personList = (people: readonly NamedPerson[]) => people.map((x) => x.name).join('、')

/** The whole check of a request: order and dates, then what the step itself requires. */
export function checkStep(facts: CaseFacts, ask: StepAsk, today: string, p: DevelopmentParams): Verdict {
  const n = ask.step
  if (ask.on > today) return refuse('development.step_order', '办理日期不能晚于今天', { field: 'doneOn' })
  const dates = dateRules(facts, n, ask.on, p)
  if (!dates.ok) return dates
  const s = deriveState(facts, p)
  const warnings: string[] = []

  const deadline = deadlineOf(s, n, p)
  if (dates.isLate && !ask.lateReason)
    return refuse(
      deadline!.rule,
      `${name(n)}应在 ${deadline!.by} 前完成（自${name(deadline!.fromStep)} ${deadline!.from} 起${
        deadline!.rule === 'development.talk_within' ? ` ${p.talkMonths} 个月内` : ` ${p.approvalMonths} 个月内`
      }），已逾期；请填写逾期原因${cite(deadline!.rule)}`,
      { field: 'lateReason' },
    )

  for (const check of CHECKS_OF_STEP[n] ?? [])
    if (!ask.checks?.includes(check))
      return refuse('development.step_order', `请确认：${STEP_CHECKS[check]}`, { field: 'checks' })

  let outcome: StepOutcome | null = null
  let vote: VoteResult | null = null
  let extensionMonths: number | null = null
  // the steps with a rule of their own; every other step has none here
  switch (n as number) {
    case 3:
      if (!ask.hasRecommendation)
        return refuse('development.step_order', '请选择推荐方式（党员推荐、群团组织推优或“三推”）', { field: 'recommendation' })
      break
    case 5: {
      const contacts = ask.contacts ?? []
      if (contacts.length < p.contactsMin || contacts.length > p.contactsMax)
        return refuse(
          'development.cultivation_contacts',
          `培养联系人应为 ${p.contactsMin} 至 ${p.contactsMax} 名正式党员，现选了 ${contacts.length} 名${cite('development.cultivation_contacts')}`,
          { field: 'contactIds' },
        )
      const notFull = contacts.filter((c) => c.status !== 'full')
      if (notFull.length)
        return refuse(
          'development.cultivation_contacts',
          `培养联系人须是正式党员：${notFull.map((c) => `${c.name}是${MEMBER_STATUSES[c.status]}`).join('，')}${cite('development.cultivation_contacts')}`,
          { field: 'contactIds' },
        )
      break
    }
    case 9: {
      const sponsors = ask.sponsors ?? []
      if (sponsors.length !== p.sponsors)
        return refuse(
          'development.sponsors',
          `入党介绍人应为 ${p.sponsors} 名正式党员，现选了 ${sponsors.length} 名${cite('development.sponsors')}`,
          {
            field: 'sponsorIds',
          },
        )
      const self = sponsors.find((x) => x.isSelf)
      if (self) return refuse('development.sponsors', '发展对象本人不能作自己的入党介绍人', { field: 'sponsorIds' })
      const notFull = sponsors.filter((x) => x.status !== 'full')
      if (notFull.length)
        return refuse(
          'development.sponsors',
          `入党介绍人须是正式党员：${notFull.map((x) => `${x.name}是${MEMBER_STATUSES[x.status]}`).join('，')}${cite('development.sponsors')}`,
          { field: 'sponsorIds' },
        )
      break
    }
    case 10:
      if (!ask.politicalReview) return refuse('development.political_review', '请填写政治审查结论', { field: 'politicalReview' })
      outcome = ask.politicalReview
      break
    case 11: {
      const days = ask.trainingDays ?? 0
      const hours = ask.trainingHours ?? 0
      if (days < p.trainingDays && hours < p.trainingHours)
        return refuse(
          'development.training',
          `短期集中培训不少于 ${p.trainingDays} 天或不少于 ${p.trainingHours} 学时，现为 ${days} 天、${hours} 学时${cite('development.training')}`,
          { field: 'trainingDays' },
        )
      break
    }
    case 15:
    case 23: {
      if (!ask.vote) return refuse('development.branch_vote', '请填写支部大会的表决情况', { field: 'vote' })
      const due = ask.dueVoting ?? 0
      const problem = tallyProblems(due, ask.vote)[0]
      if (problem) return refuse('development.branch_vote', problem.message, { field: `vote.${problem.field}` })
      vote = tallyVote(due, ask.vote, p)
      if (!vote.hasQuorum)
        return refuse('development.branch_vote', `${vote.arithmetic[1]}${cite('development.branch_vote')}`, {
          field: 'vote.present',
        })
      outcome = vote.isPassed ? 'passed' : 'failed'
      if (n === 23) {
        if (!ask.proposal)
          return refuse('development.probation_extension', '请选择转正意见（按期转正、延长预备期或取消预备党员资格）', {
            field: 'proposal',
          })
        if (ask.proposal === 'extend') {
          if (s.extensions.length >= p.extensionTimes)
            return refuse(
              'development.probation_extension',
              `预备期已延长过 ${s.extensions.length} 次，延长预备期只能 ${p.extensionTimes} 次${cite('development.probation_extension')}`,
              { field: 'proposal' },
            )
          const m = ask.extensionMonths
          if (m === undefined || m < p.extensionMinMonths || m > p.extensionMaxMonths)
            return refuse(
              'development.probation_extension',
              `延长预备期不少于 ${p.extensionMinMonths} 个月、不超过 ${p.extensionMaxMonths} 个月${cite('development.probation_extension')}`,
              { field: 'extensionMonths' },
            )
          extensionMonths = m
        } else if (ask.extensionMonths !== undefined)
          return refuse('development.probation_extension', '只有延长预备期时才填写延长月数', { field: 'extensionMonths' })
      }
      break
    }
    case 24: {
      const vote23 = s.inRound(23).find((r) => r.outcome === 'passed')!
      outcome = vote23.proposal ?? 'convert'
      extensionMonths = vote23.extensionMonths ?? null
      break
    }
    default:
      break
  }

  if ((n === 12 || n === 15) && ask.expectedLeaveOn) {
    const limit = addMonths(ask.on, p.leavingMonths)
    if (ask.expectedLeaveOn <= limit)
      warnings.push(
        `发展对象预计 ${ask.expectedLeaveOn} 离开工作、学习单位，在 ${p.leavingMonths} 个月内，一般不办理接收预备党员的手续${cite('development.leaving_warning')}`,
      )
  }

  const round = n >= 21 && n <= 24 ? s.round : 1
  const seq = facts.steps.filter((r) => r.step === n && r.round === round).length + 1
  return { ok: true, round, seq, outcome, vote, extensionMonths, warnings, isLate: dates.isLate }
}

export interface Timeline {
  status: 'open' | 'completed' | 'ended'
  stage: 1 | 2 | 3 | 4 | 5
  next: { step: StepNo; possibleFrom: string | null; blockedBy: string | null; deadline: string | null } | null
  /** The earliest deadline still pending (the next step's, or the next review's). */
  dueBy: string | null
  overdue: string[]
  admittedOn: string | null
  probationEndsOn: string | null
  fullOn: string | null
}

/**
 * Where a case stands on `today`: the next step, the first day it becomes possible (following each
 * date rule's `notBefore` until one is met), what is overdue.
 */
export function timeline(facts: CaseFacts, today: string, p: DevelopmentParams): Timeline {
  const s = deriveState(facts, p)
  const next = nextMainStep(s)
  const overdue: string[] = []
  let nextView: Timeline['next'] = null
  let dueBy: string | null = null
  if (next !== null) {
    let day = today
    let verdict = dateRules(facts, next, day, p)
    // each refusal with a date names a later day; a handful of rules at most apply to one step
    for (let i = 0; i < 5 && !verdict.ok && verdict.notBefore && verdict.notBefore > day; i++) {
      day = verdict.notBefore
      verdict = dateRules(facts, next, day, p)
    }
    const now = day === today ? verdict : dateRules(facts, next, today, p)
    const deadline = deadlineOf(s, next, p)
    nextView = {
      step: next,
      possibleFrom: verdict.ok ? day : null,
      blockedBy: now.ok ? null : now.message,
      deadline: deadline?.by ?? null,
    }
    if (deadline) {
      dueBy = deadline.by
      if (today > deadline.by) overdue.push(`${name(next)}应在 ${deadline.by} 前完成，已逾期`)
    }
  }
  // 预备期满，党支部应当及时讨论其能否转为正式党员 (党章第七条): no fixed number of days, so the
  // discussion not held by the last day of probation is flagged from the day after
  if (s.status === 'open' && s.probationEndsOn && !s.conversion && (next === 22 || next === 23)) {
    if (!dueBy || s.probationEndsOn < dueBy) dueBy = s.probationEndsOn
    if (today > s.probationEndsOn) overdue.push(`预备期已于 ${s.probationEndsOn} 期满，应及时讨论转正（${name(23)}），尚未讨论`)
  }
  const review = reviewDueOn(s, p)
  if (review) {
    if (!dueBy || review < dueBy) dueBy = review
    if (today > review) overdue.push(`${name(6)}每 ${p.reviewMonths} 个月 1 次，应在 ${review} 前进行，已逾期`)
  }
  // The stage the person is in: that of the last step of the sequence done (every step before the
  // next one is done). An activist stays in stage 2 through the year of reviews until step 7 makes
  // them a candidate; the stage of the next step would count them among candidates from the first review.
  const lastDone = next !== null ? next - 1 : Math.max(1, ...facts.steps.map((r) => r.step))
  const stage = s.status === 'completed' ? 5 : DEVELOPMENT_STEPS[Math.max(1, lastDone) as StepNo].stage
  return {
    status: s.status,
    stage,
    next: nextView,
    dueBy: s.status === 'open' ? dueBy : null,
    overdue,
    admittedOn: s.admission?.doneOn ?? null,
    probationEndsOn: s.probationEndsOn,
    fullOn: s.conversion ? s.probationEndsOn : null,
  }
}

/** The words of a conversion proposal, for the records. */
export const proposalLabel = (x: ConversionProposal) => CONVERSION_PROPOSALS[x]
export { personList }
