import type { BranchVoteInput, VoteResult } from '@xianfeng/contract'
import type { DevelopmentParams } from './development.rules.ts'

// 票决 (seed §21; RULES.md §b1 “票决双过半”): a pure function of the tally and the number of voting
// members due. Both majorities count against those *due*, never those present; written opinions of
// members absent for cause count among the votes but not among those present.

/** Who has a vote at a branch meeting: full members of the branch only. */
export type VoterStatus = 'applicant' | 'activist' | 'candidate' | 'probationary' | 'full' | 'left'

/**
 * The voting members due of a branch: its full members on the day. Probationary members have no
 * vote (党章第七条), and holders of a mobile certificate attending a host branch keep their
 * membership relation (and their vote) at their home branch, so they are never on the host's roll.
 */
export const votingMembersDue = (roll: readonly { status: VoterStatus }[]) => roll.filter((m) => m.status === 'full').length

export type TallyProblem = { field: keyof BranchVoteInput | 'dueVoting'; message: string }

/** What is inconsistent in a tally, each naming its field. */
export function tallyProblems(dueVoting: number, v: BranchVoteInput): TallyProblem[] {
  const problems: TallyProblem[] = []
  if (dueVoting < 1) problems.push({ field: 'dueVoting', message: '本支部没有有表决权的正式党员，不能表决' })
  if (v.present > dueVoting)
    problems.push({ field: 'present', message: `到会有表决权的党员（${v.present} 人）不能多于应到会的 ${dueVoting} 人` })
  if (v.yes + v.no + v.abstain !== v.present)
    problems.push({
      field: 'yes',
      message: `赞成、反对、弃权票之和（${v.yes + v.no + v.abstain}）应等于到会有表决权的党员人数（${v.present}）`,
    })
  const written = v.writtenYes + v.writtenNo + v.writtenAbstain
  if (v.present + written > dueVoting)
    problems.push({
      field: 'writtenYes',
      message: `书面意见（${written} 份）只能来自缺席的 ${Math.max(0, dueVoting - v.present)} 名有表决权的党员`,
    })
  return problems
}

/** "9 ÷ 2 = 4.5", "9 × 60% = 5.4": the threshold as the arithmetic line shows it. */
function threshold(due: number, percent: number) {
  const value = (due * percent) / 100
  const shown = Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100)
  return percent === 50 ? `${due} ÷ 2 = ${shown}` : `${due} × ${percent}% = ${shown}`
}

/** The result of a consistent tally (see tallyProblems), with the arithmetic in Chinese. */
export function tallyVote(
  dueVoting: number,
  v: BranchVoteInput,
  p: Pick<DevelopmentParams, 'quorumPercent' | 'passPercent'>,
): VoteResult {
  const yesTotal = v.yes + v.writtenYes
  // Integer comparison: present > due × percent ⇔ present × 100 > due × percent.
  const hasQuorum = v.present * 100 > dueVoting * p.quorumPercent
  const majority = yesTotal * 100 > dueVoting * p.passPercent
  const isPassed = hasQuorum && majority
  const half = p.quorumPercent === 50 ? '半数' : `${p.quorumPercent}%`
  const passHalf = p.passPercent === 50 ? '半数' : `${p.passPercent}%`
  const written = v.writtenYes + v.writtenNo + v.writtenAbstain
  const arithmetic = [
    `应到会有表决权的正式党员 ${dueVoting} 人（预备党员没有表决权，不计入）`,
    `实到会有表决权的党员 ${v.present} 人：${v.present} ${hasQuorum ? '>' : '≤'} ${threshold(dueVoting, p.quorumPercent)}，${
      hasQuorum ? `超过应到人数的${half}，可以开会` : `未超过应到人数的${half}，不能开会，表决无效`
    }`,
    `赞成 ${yesTotal} 票（到会赞成 ${v.yes} 票${written ? ` + 书面意见赞成 ${v.writtenYes} 票` : ''}），反对 ${v.no + v.writtenNo} 票，弃权 ${
      v.abstain + v.writtenAbstain
    } 票${written ? `；缺席党员的书面意见 ${written} 份计入票数` : ''}`,
    `赞成 ${yesTotal} ${majority ? '>' : '≤'} ${threshold(dueVoting, p.passPercent)}，${
      majority ? `超过应到会有表决权的正式党员的${passHalf}` : `未超过应到会有表决权的正式党员的${passHalf}`
    }`,
    isPassed ? '结论：通过' : hasQuorum ? '结论：未通过' : '结论：到会人数不足，不能表决',
  ]
  return {
    dueVoting,
    present: v.present,
    yes: v.yes,
    no: v.no,
    abstain: v.abstain,
    writtenYes: v.writtenYes,
    writtenNo: v.writtenNo,
    writtenAbstain: v.writtenAbstain,
    yesTotal,
    hasQuorum,
    isPassed,
    arithmetic,
  }
}
