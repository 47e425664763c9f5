import { describe, expect, it } from 'vitest'
import type { StepNo } from '@xianfeng/contract'
import { createRulesRegistry } from '../../platform/rules/registry.ts'
import { DEVELOPMENT_CHECKS, defaultDevelopmentParams } from './development.rules.ts'
import { checkStep, timeline, type CaseFacts, type NoticeFact, type StepAsk, type StepFact } from './development.steps.ts'

const p = defaultDevelopmentParams(createRulesRegistry([], DEVELOPMENT_CHECKS))

/** A case walked on valid dates; `before(n)` holds what is recorded before step n. */
const SCHEDULE: StepFact[] = [
  { step: 1, doneOn: '2023-01-05' },
  { step: 2, doneOn: '2023-01-20' },
  { step: 3, doneOn: '2023-03-01' },
  { step: 4, doneOn: '2023-03-10' },
  { step: 5, doneOn: '2023-03-15' },
  { step: 6, doneOn: '2023-08-20' },
  { step: 6, doneOn: '2024-02-20', seq: 2 },
  { step: 7, doneOn: '2024-03-01' },
  { step: 8, doneOn: '2024-03-10' },
  { step: 9, doneOn: '2024-03-15' },
  { step: 10, doneOn: '2024-04-01', outcome: 'passed' },
  { step: 11, doneOn: '2024-04-20' },
  { step: 12, doneOn: '2024-05-06' },
  { step: 13, doneOn: '2024-05-10' },
  { step: 14, doneOn: '2024-05-12' },
  { step: 15, doneOn: '2024-05-20', outcome: 'passed' },
  { step: 16, doneOn: '2024-06-01' },
  { step: 17, doneOn: '2024-07-01' },
  { step: 18, doneOn: '2024-07-10' },
  { step: 19, doneOn: '2024-07-15' },
  { step: 20, doneOn: '2024-07-20' },
  { step: 21, doneOn: '2024-12-01' },
  { step: 21, doneOn: '2025-04-01', seq: 2 },
  { step: 22, doneOn: '2025-04-20' },
  { step: 23, doneOn: '2025-05-20', outcome: 'passed', proposal: 'convert' },
  { step: 24, doneOn: '2025-06-10', outcome: 'convert' },
].map((s) => ({ round: 1, seq: 1, outcome: null, ...s }) as StepFact)

const ADMISSION_NOTICE: NoticeFact = { kind: 'admission', round: 1, startsOn: '2024-05-08', endsOn: '2024-05-15', objections: [] }
const CONVERSION_NOTICE: NoticeFact = {
  kind: 'conversion',
  round: 1,
  startsOn: '2025-05-06',
  endsOn: '2025-05-13',
  objections: [],
}

function before(
  n: number,
  opts: { notices?: NoticeFact[]; replace?: Partial<Record<number, Partial<StepFact>>> } = {},
): CaseFacts {
  const steps = SCHEDULE.filter((s) => s.step < n).map((s) => ({ ...s, ...opts.replace?.[s.step] }))
  const notices = opts.notices ?? [...(n > 12 ? [ADMISSION_NOTICE] : []), ...(n > 22 ? [CONVERSION_NOTICE] : [])]
  return { birthDate: '2000-01-15', steps, notices, isEnded: false }
}

const TODAY = '2026-11-27'
const ask = (step: number, on: string, extra: Partial<StepAsk> = {}): StepAsk => ({ step: step as StepNo, on, ...extra })
const check = (facts: CaseFacts, a: StepAsk, today = TODAY) => checkStep(facts, a, today, p)
const VOTE = { present: 8, yes: 7, no: 1, abstain: 0, writtenYes: 0, writtenNo: 0, writtenAbstain: 0 }
const full = (name: string) => ({ name, status: 'full' as const })

/** Each date rule on the day before, the day of, and the day after its boundary. */
describe('step timing: the day before, of and after each date rule', () => {
  it('applicant at least 18 on the day of application (29 February falls on the 28th)', () => {
    const facts: CaseFacts = { birthDate: '2000-03-01', steps: [], notices: [], isEnded: false }
    const r = check(facts, ask(1, '2018-02-28'))
    expect(r).toMatchObject({ ok: false, rule: 'development.applicant_age', notBefore: '2018-03-01', field: 'doneOn' })
    expect(!r.ok && r.message).toBe(
      '申请人出生于 2000-03-01，递交入党申请书时未满 18 周岁，2018-03-01 起才能申请（年满 18 周岁方可申请入党，依据《中国共产党章程》第一条）',
    )
    expect(check(facts, ask(1, '2018-03-01')).ok).toBe(true)
    expect(check(facts, ask(1, '2018-03-02')).ok).toBe(true)
    const leap: CaseFacts = { ...facts, birthDate: '2008-02-29' }
    expect(check(leap, ask(1, '2026-02-27'))).toMatchObject({ ok: false, notBefore: '2026-02-28' })
    expect(check(leap, ask(1, '2026-02-28')).ok).toBe(true)
  })

  it('talk within 1 month of the application: late only with a reason', () => {
    const facts: CaseFacts = {
      birthDate: '2000-01-15',
      steps: [{ step: 1, round: 1, seq: 1, doneOn: '2025-01-31', outcome: null }],
      notices: [],
      isEnded: false,
    }
    // 01-31 + 1 month = 02-28
    expect(check(facts, ask(2, '2025-02-27'))).toMatchObject({ ok: true, isLate: false })
    expect(check(facts, ask(2, '2025-02-28'))).toMatchObject({ ok: true, isLate: false })
    const late = check(facts, ask(2, '2025-03-01'))
    expect(late).toMatchObject({ ok: false, rule: 'development.talk_within', field: 'lateReason' })
    expect(!late.ok && late.message).toContain('应在 2025-02-28 前完成')
    expect(check(facts, ask(2, '2025-03-01', { lateReason: '申请人外出学习' }))).toMatchObject({ ok: true, isLate: true })
    // not before the application itself
    expect(check(facts, ask(2, '2025-01-30'))).toMatchObject({ ok: false, notBefore: '2025-01-31' })
  })

  it('candidate at least 1 year after becoming an activist, with a review every 6 months', () => {
    const facts = before(7)
    const opts = { checks: ['opinions_heard' as const] }
    const early = check(facts, ask(7, '2024-02-29', opts))
    expect(early).toMatchObject({ ok: false, rule: 'development.cultivation_period', notBefore: '2024-03-01' })
    expect(!early.ok && early.message).toBe(
      '自确定为入党积极分子（2023-03-01）起须经过 1 年以上培养考察，2024-03-01 起才能确定为发展对象（培养考察 1 年以上方可列为发展对象，依据《中国共产党发展党员工作细则》（2014 年）“发展对象的确定和考察”）',
    )
    expect(check(facts, ask(7, '2024-03-01', opts)).ok).toBe(true)
    expect(check(facts, ask(7, '2024-03-02', opts)).ok).toBe(true)
    // one review only: two half-years have passed by 2024-03-01
    const oneReview = { ...facts, steps: facts.steps.filter((s) => !(s.step === 6 && s.seq === 2)) }
    const r = check(oneReview, ask(7, '2024-03-01', opts))
    expect(r).toMatchObject({ ok: false, rule: 'development.activist_review', notBefore: null })
    expect(!r.ok && r.message).toContain('应有 2 次考察记录，现有 1 次')
    // the opinions heard must be confirmed
    expect(check(facts, ask(7, '2024-03-01'))).toMatchObject({ ok: false, field: 'checks' })
  })

  it('the vote only after the public notice has ended, with every objection resolved', () => {
    const facts = before(15)
    const a = { vote: VOTE, dueVoting: 10 }
    const r = check(facts, ask(15, '2024-05-15', a))
    expect(r).toMatchObject({ ok: false, rule: 'development.public_notice', notBefore: '2024-05-16' })
    expect(!r.ok && r.message).toContain('公示期满后（2024-05-16 起）才能提交支部大会讨论')
    expect(check(facts, ask(15, '2024-05-16', a))).toMatchObject({ ok: true, outcome: 'passed' })
    expect(check(facts, ask(15, '2024-05-17', a)).ok).toBe(true)
    const objection = { receivedOn: '2024-05-10', resolvedOn: null }
    const objected = { ...facts, notices: [{ ...ADMISSION_NOTICE, objections: [objection] }] }
    expect(check(objected, ask(15, '2024-05-20', a))).toMatchObject({
      ok: false,
      rule: 'development.public_notice',
      notBefore: null,
    })
    // resolved after the day of the vote: the vote cannot be dated before the resolution
    const resolvedLate = {
      ...facts,
      notices: [{ ...ADMISSION_NOTICE, objections: [{ ...objection, resolvedOn: '2024-05-18' }] }],
    }
    expect(check(resolvedLate, ask(15, '2024-05-17', a))).toMatchObject({ ok: false, notBefore: '2024-05-18' })
    expect(check(resolvedLate, ask(15, '2024-05-18', a)).ok).toBe(true)
    expect(check({ ...facts, notices: [] }, ask(15, '2024-05-20', a))).toMatchObject({
      ok: false,
      rule: 'development.public_notice',
    })
    // a notice published before the branch committee's review does not count
    const early = { ...facts, notices: [{ ...ADMISSION_NOTICE, startsOn: '2024-05-01' }] }
    expect(check(early, ask(15, '2024-05-20', a))).toMatchObject({ ok: false, rule: 'development.public_notice' })
  })

  it('a failed vote blocks resubmission for 6 months', () => {
    const failed: StepFact = { step: 15, round: 1, seq: 1, doneOn: '2024-05-20', outcome: 'failed' }
    const facts = { ...before(15), steps: [...before(15).steps, failed] }
    const a = { vote: VOTE, dueVoting: 10 }
    const r = check(facts, ask(15, '2024-11-19', a))
    expect(r).toMatchObject({ ok: false, rule: 'development.failed_vote_block', notBefore: '2024-11-20' })
    expect(check(facts, ask(15, '2024-11-20', a))).toMatchObject({ ok: true, seq: 2 })
    expect(check(facts, ask(15, '2024-11-21', a)).ok).toBe(true)
    // the superior's talk waits for a vote that passed
    expect(check(facts, ask(16, '2024-11-21'))).toMatchObject({ ok: false, rule: 'development.step_order' })
  })

  it('superior approval within 3 months of the vote; up to 6 with a reason; never beyond', () => {
    const facts = before(17)
    expect(check(facts, ask(17, '2024-08-20'))).toMatchObject({ ok: true, isLate: false })
    expect(check(facts, ask(17, '2024-08-21'))).toMatchObject({
      ok: false,
      field: 'lateReason',
      rule: 'development.approval_within',
    })
    expect(check(facts, ask(17, '2024-08-21', { lateReason: '等待外调材料' }))).toMatchObject({ ok: true, isLate: true })
    expect(check(facts, ask(17, '2024-11-20', { lateReason: '等待外调材料' }))).toMatchObject({ ok: true, isLate: true })
    const over = check(facts, ask(17, '2024-11-21', { lateReason: '等待外调材料' }))
    expect(over).toMatchObject({ ok: false, rule: 'development.approval_within', notBefore: null })
    expect(!over.ok && over.message).toContain('不超过 6 个月（至 2024-11-20），已超过最长期限')
  })

  it('conversion not before the year of probation from the vote has passed', () => {
    const facts = before(23)
    const a = { vote: VOTE, dueVoting: 10, proposal: 'convert' as const }
    const r = check(facts, ask(23, '2025-05-19', a))
    expect(r).toMatchObject({ ok: false, rule: 'development.probation', notBefore: '2025-05-20' })
    expect(check(facts, ask(23, '2025-05-20', a))).toMatchObject({ ok: true, outcome: 'passed', round: 1 })
    expect(check(facts, ask(23, '2025-05-21', a)).ok).toBe(true)
    // the conversion notice: ends 2025-05-13
    const lateNotice = {
      ...facts,
      notices: [ADMISSION_NOTICE, { ...CONVERSION_NOTICE, startsOn: '2025-05-14', endsOn: '2025-05-21' }],
    }
    expect(check(lateNotice, ask(23, '2025-05-21', a))).toMatchObject({ ok: false, notBefore: '2025-05-22' })
    expect(timeline(lateNotice, '2025-05-01', p).next).toMatchObject({ step: 23, possibleFrom: '2025-05-22' })
  })

  it('extension once, by 6 to 12 months; the second round waits for the extended end', () => {
    const facts = before(23)
    const a = { vote: VOTE, dueVoting: 10, proposal: 'extend' as const }
    expect(check(facts, ask(23, '2025-05-20', { ...a, extensionMonths: 5 }))).toMatchObject({
      ok: false,
      field: 'extensionMonths',
    })
    expect(check(facts, ask(23, '2025-05-20', { ...a, extensionMonths: 6 }))).toMatchObject({ ok: true, extensionMonths: 6 })
    expect(check(facts, ask(23, '2025-05-20', { ...a, extensionMonths: 12 })).ok).toBe(true)
    expect(check(facts, ask(23, '2025-05-20', { ...a, extensionMonths: 13 }))).toMatchObject({
      ok: false,
      field: 'extensionMonths',
    })
    // approved: round 2 needs a review, an application, a notice and waits for 2025-11-20
    const extended: CaseFacts = {
      ...facts,
      steps: [
        ...facts.steps,
        { step: 23, round: 1, seq: 1, doneOn: '2025-05-20', outcome: 'passed', proposal: 'extend', extensionMonths: 6 },
        { step: 24, round: 1, seq: 1, doneOn: '2025-06-10', outcome: 'extend', extensionMonths: 6 },
      ],
    }
    expect(timeline(extended, '2025-06-11', p)).toMatchObject({ probationEndsOn: '2025-11-20', next: { step: 21 } })
    expect(check(extended, ask(21, '2025-06-09'))).toMatchObject({ ok: false, notBefore: '2025-06-10' })
    const r2 = check(extended, ask(21, '2025-08-01'))
    expect(r2).toMatchObject({ ok: true, round: 2, seq: 1 })
    const round2: CaseFacts = {
      ...extended,
      steps: [
        ...extended.steps,
        { step: 21, round: 2, seq: 1, doneOn: '2025-08-01', outcome: null },
        { step: 22, round: 2, seq: 1, doneOn: '2025-10-20', outcome: null },
      ],
      notices: [
        ...extended.notices,
        { kind: 'conversion', round: 2, startsOn: '2025-11-03', endsOn: '2025-11-07', objections: [] },
      ],
    }
    expect(check(round2, ask(23, '2025-11-19', { ...a, extensionMonths: 6 }))).toMatchObject({
      ok: false,
      notBefore: '2025-11-20',
    })
    const again = check(round2, ask(23, '2025-11-20', { ...a, extensionMonths: 6 }))
    expect(again).toMatchObject({ ok: false, rule: 'development.probation_extension', field: 'proposal' })
    expect(check(round2, ask(23, '2025-11-20', { ...a, proposal: 'convert' }))).toMatchObject({ ok: true, round: 2 })
  })

  it('training of at least 3 days or 24 hours', () => {
    const facts = before(11)
    expect(check(facts, ask(11, '2024-04-20', { trainingDays: 2, trainingHours: 23 }))).toMatchObject({
      ok: false,
      field: 'trainingDays',
    })
    expect(check(facts, ask(11, '2024-04-20', { trainingDays: 3 })).ok).toBe(true)
    expect(check(facts, ask(11, '2024-04-20', { trainingHours: 24 })).ok).toBe(true)
    // no training after a failed political review
    const failed = before(11, { replace: { 10: { outcome: 'failed' } } })
    expect(check(failed, ask(11, '2024-04-20', { trainingDays: 3 }))).toMatchObject({
      ok: false,
      rule: 'development.political_review',
    })
  })

  it('a warning, not a refusal, when the candidate leaves the unit within 3 months', () => {
    const facts = before(12)
    const within = check(facts, ask(12, '2024-05-06', { expectedLeaveOn: '2024-08-06' }))
    expect(within.ok && within.warnings[0]).toContain('一般不办理接收预备党员的手续')
    const after = check(facts, ask(12, '2024-05-06', { expectedLeaveOn: '2024-08-07' }))
    expect(after.ok && after.warnings).toEqual([])
  })
})

describe('step order and what each step requires', () => {
  it('refuses a step out of order, a repeat, and a day in the future', () => {
    expect(check(before(4), ask(5, '2023-03-15'))).toMatchObject({
      ok: false,
      message: '须先办理第 4 步“报上级党委备案”，才能办理第 5 步“指定培养联系人”',
    })
    const repeat = check(before(5), ask(4, '2023-03-12'))
    expect(repeat).toMatchObject({
      ok: false,
      isDone: true,
      message: '第 4 步“报上级党委备案”已于 2023-03-10 办理，不能重复办理',
    })
    expect(check(before(4), ask(4, '2023-02-28'))).toMatchObject({ ok: false, notBefore: '2023-03-01', field: 'doneOn' })
    expect(check(before(4), ask(4, '2026-11-28'))).toMatchObject({ ok: false, message: '办理日期不能晚于今天' })
    // reviews before contacts are named are refused; after admission too
    expect(check(before(5), ask(6, '2023-03-20'))).toMatchObject({ ok: false })
    expect(check(before(16), ask(6, '2024-05-25'))).toMatchObject({ ok: false })
  })

  it('cultivation contacts: 1 or 2 full members', () => {
    const facts = before(5)
    expect(check(facts, ask(5, '2023-03-15', { contacts: [] }))).toMatchObject({ ok: false, field: 'contactIds' })
    expect(check(facts, ask(5, '2023-03-15', { contacts: [full('甲')] })).ok).toBe(true)
    expect(check(facts, ask(5, '2023-03-15', { contacts: [full('甲'), full('乙')] })).ok).toBe(true)
    expect(check(facts, ask(5, '2023-03-15', { contacts: [full('甲'), full('乙'), full('丙')] }))).toMatchObject({ ok: false })
    const r = check(facts, ask(5, '2023-03-15', { contacts: [full('甲'), { name: '乙', status: 'probationary' }] }))
    expect(!r.ok && r.message).toContain('乙是预备党员')
  })

  it('sponsors: 2 full members, not the candidate, confirmed free of probationary discipline', () => {
    const facts = before(9)
    const checks = ['sponsors_not_disciplined' as const]
    expect(check(facts, ask(9, '2024-03-15', { sponsors: [full('甲')], checks }))).toMatchObject({
      ok: false,
      field: 'sponsorIds',
    })
    expect(
      check(facts, ask(9, '2024-03-15', { sponsors: [full('甲'), { name: '乙', status: 'probationary' }], checks })),
    ).toMatchObject({
      ok: false,
      rule: 'development.sponsors',
    })
    expect(check(facts, ask(9, '2024-03-15', { sponsors: [full('甲'), { ...full('乙'), isSelf: true }], checks }))).toMatchObject(
      { ok: false },
    )
    expect(check(facts, ask(9, '2024-03-15', { sponsors: [full('甲'), full('乙')] }))).toMatchObject({
      ok: false,
      field: 'checks',
    })
    expect(check(facts, ask(9, '2024-03-15', { sponsors: [full('甲'), full('乙')], checks })).ok).toBe(true)
  })

  it('a vote without a quorum is not recorded; a failed one is', () => {
    const facts = before(15)
    const noQuorum = check(facts, ask(15, '2024-05-20', { vote: { ...VOTE, present: 5, yes: 5, no: 0 }, dueVoting: 10 }))
    expect(noQuorum).toMatchObject({ ok: false, rule: 'development.branch_vote', field: 'vote.present' })
    const failed = check(facts, ask(15, '2024-05-20', { vote: { ...VOTE, present: 8, yes: 5, no: 3 }, dueVoting: 10 }))
    expect(failed).toMatchObject({ ok: true, outcome: 'failed' })
  })

  it('the timeline: the next step, the first day it becomes possible, what is overdue', () => {
    const t = timeline(before(7), '2024-01-10', p)
    // an activist waiting out the year is in stage 2 until step 7 makes them a candidate
    expect(t).toMatchObject({ status: 'open', stage: 2, next: { step: 7, possibleFrom: '2024-03-01' } })
    expect(timeline(before(8), '2024-03-05', p)).toMatchObject({ stage: 3, next: { step: 8 } })
    expect(timeline(before(12), '2024-05-01', p)).toMatchObject({ stage: 3, next: { step: 12 } })
    expect(timeline(before(19), '2024-07-12', p)).toMatchObject({ stage: 4, next: { step: 19 } })
    expect(t.next?.blockedBy).toContain('2024-03-01 起才能确定为发展对象')
    expect(timeline(before(7), '2024-03-05', p).next).toMatchObject({ step: 7, possibleFrom: '2024-03-05', blockedBy: null })
    // approval overdue after 3 months
    const waiting = timeline(before(17), '2024-08-21', p)
    expect(waiting.overdue).toEqual(['第 17 步“上级党委审批”应在 2024-08-20 前完成，已逾期'])
    expect(waiting.dueBy).toBe('2024-08-20')
    // a review overdue for an activist
    const review = timeline(before(7, {}), '2024-08-21', p)
    expect(review.overdue.some((o) => o.includes('培养教育考察'))).toBe(true)
    // the probation over and the conversion not yet discussed: flagged from the day after its last day
    expect(timeline(before(23), '2025-05-20', p).overdue).toEqual([])
    expect(timeline(before(23), '2025-05-21', p).overdue).toEqual([
      '预备期已于 2025-05-20 期满，应及时讨论转正（第 23 步“支部大会讨论”），尚未讨论',
    ])
    expect(timeline(before(22), '2025-05-21', p).dueBy).toBe('2025-05-20')
    // the whole way: converted on the probation's last day, party age from there
    const done = timeline(
      { ...before(26), steps: [...before(26).steps, { step: 25, round: 1, seq: 1, doneOn: '2025-06-20', outcome: null }] },
      TODAY,
      p,
    )
    expect(done).toMatchObject({ status: 'completed', next: null, admittedOn: '2024-05-20', fullOn: '2025-05-20', dueBy: null })
  })
})
