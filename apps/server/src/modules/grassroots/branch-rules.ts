/**
 * The numbers of branch setting, each with the sentence it implements and its source (RULES.md
 * §b3). The rules registry lists them (grassroots.rules.ts).
 */
export const BRANCH_RULES = {
  minFullMembers: {
    id: 'branch.min_full_members',
    value: 3,
    text: '有正式党员 3 人以上的单位，应当成立党支部；不足 3 人的，可以与邻近单位的党员联合成立党支部',
    source: '《中国共产党支部工作条例（试行）》第四条',
  },
  maxMembers: {
    id: 'branch.max_members',
    value: 50,
    text: '党支部党员人数一般不超过 50 名',
    source: '《中国共产党支部工作条例（试行）》第四条',
  },
} as const
