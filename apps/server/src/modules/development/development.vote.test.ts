import { describe, expect, it } from 'vitest'
import type { BranchVoteInput } from '@xianfeng/contract'
import { createRulesRegistry } from '../../platform/rules/registry.ts'
import { DEVELOPMENT_CHECKS, defaultDevelopmentParams } from './development.rules.ts'
import { tallyProblems, tallyVote, votingMembersDue } from './development.vote.ts'

const p = defaultDevelopmentParams(createRulesRegistry([], DEVELOPMENT_CHECKS))
const vote = (v: Partial<BranchVoteInput> & { present: number; yes: number }): BranchVoteInput => ({
  no: 0,
  abstain: 0,
  writtenYes: 0,
  writtenNo: 0,
  writtenAbstain: 0,
  ...v,
})

describe('票决: quorum and passing against those due, with the arithmetic', () => {
  it('the registry holds the two majorities at more than half', () => {
    expect(p.quorumPercent).toBe(50)
    expect(p.passPercent).toBe(50)
  })

  it('quorum: exactly half present is not enough, half plus one is (even and odd numbers due)', () => {
    // 10 due: 5 present is exactly half
    const half = tallyVote(10, vote({ present: 5, yes: 5 }), p)
    expect(half.hasQuorum).toBe(false)
    expect(half.isPassed).toBe(false)
    expect(half.arithmetic[1]).toBe('实到会有表决权的党员 5 人：5 ≤ 10 ÷ 2 = 5，未超过应到人数的半数，不能开会，表决无效')
    const more = tallyVote(10, vote({ present: 6, yes: 6 }), p)
    expect(more.hasQuorum).toBe(true)
    expect(more.isPassed).toBe(true)
    // 9 due: 4 present is under 4.5, 5 is over
    expect(tallyVote(9, vote({ present: 4, yes: 4 }), p).hasQuorum).toBe(false)
    expect(tallyVote(9, vote({ present: 5, yes: 5 }), p).hasQuorum).toBe(true)
  })

  it('passing: more than half of those due, not of those present', () => {
    // 10 due, 8 present, 5 yes: a majority of those present, exactly half of those due → fails
    const r = tallyVote(10, vote({ present: 8, yes: 5, no: 3 }), p)
    expect(r.hasQuorum).toBe(true)
    expect(r.isPassed).toBe(false)
    expect(r.arithmetic[3]).toBe('赞成 5 ≤ 10 ÷ 2 = 5，未超过应到会有表决权的正式党员的半数')
    expect(r.arithmetic.at(-1)).toBe('结论：未通过')
    const six = tallyVote(10, vote({ present: 8, yes: 6, no: 1, abstain: 1 }), p)
    expect(six.isPassed).toBe(true)
    expect(six.arithmetic[3]).toBe('赞成 6 > 10 ÷ 2 = 5，超过应到会有表决权的正式党员的半数')
    expect(six.arithmetic.at(-1)).toBe('结论：通过')
    // 9 due: 4 yes fails, 5 passes
    expect(tallyVote(9, vote({ present: 9, yes: 4, no: 5 }), p).isPassed).toBe(false)
    expect(tallyVote(9, vote({ present: 9, yes: 5, no: 4 }), p).isPassed).toBe(true)
  })

  it('written opinions of absent members count among the votes, not among those present', () => {
    // 10 due, 6 present (quorum), 5 yes in the room + 1 written yes = 6 > 5 → passes
    const r = tallyVote(10, vote({ present: 6, yes: 5, no: 1, writtenYes: 1 }), p)
    expect(r.yesTotal).toBe(6)
    expect(r.isPassed).toBe(true)
    expect(r.arithmetic[2]).toBe(
      '赞成 6 票（到会赞成 5 票 + 书面意见赞成 1 票），反对 1 票，弃权 0 票；缺席党员的书面意见 1 份计入票数',
    )
    // written opinions do not make a quorum: 5 present of 10 + 3 written yes → no meeting
    const noQuorum = tallyVote(10, vote({ present: 5, yes: 5, writtenYes: 3 }), p)
    expect(noQuorum.yesTotal).toBe(8)
    expect(noQuorum.hasQuorum).toBe(false)
    expect(noQuorum.isPassed).toBe(false)
    // written no votes count against
    const against = tallyVote(10, vote({ present: 6, yes: 5, no: 1, writtenNo: 4 }), p)
    expect(against.isPassed).toBe(false)
  })

  it('a tally that does not add up is refused, each problem naming its field', () => {
    expect(tallyProblems(10, vote({ present: 6, yes: 5 }))).toEqual([
      { field: 'yes', message: '赞成、反对、弃权票之和（5）应等于到会有表决权的党员人数（6）' },
    ])
    expect(tallyProblems(10, vote({ present: 11, yes: 11 }))[0]).toMatchObject({ field: 'present' })
    expect(tallyProblems(10, vote({ present: 8, yes: 8, writtenYes: 3 }))).toEqual([
      { field: 'writtenYes', message: '书面意见（3 份）只能来自缺席的 2 名有表决权的党员' },
    ])
    expect(tallyProblems(0, vote({ present: 0, yes: 0 }))[0]).toMatchObject({ field: 'dueVoting' })
    expect(tallyProblems(10, vote({ present: 8, yes: 6, no: 1, abstain: 1, writtenAbstain: 2 }))).toEqual([])
  })

  it('voting members due are the full members: probationary members and others have no vote', () => {
    expect(
      votingMembersDue([
        { status: 'full' },
        { status: 'full' },
        { status: 'probationary' },
        { status: 'candidate' },
        { status: 'left' },
      ]),
    ).toBe(2)
  })
})
