import {
  CADRE_RANK_CODES,
  CADRE_RANKS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  GENDERS,
  LEFT_REASONS,
  MEMBER_STAGES,
  MEMBER_STATUS_CODES,
  MEMBER_STATUSES,
  type EducationLevelCode,
  type EthnicityCode,
  type GenderCode,
  type MemberStatus,
} from '@xianfeng/contract'

export const STATUS_OPTIONS = MEMBER_STATUS_CODES.map((value) => ({ value, label: MEMBER_STATUSES[value] }))
export const STAGE_OPTIONS = MEMBER_STAGES.map((value) => ({ value, label: MEMBER_STATUSES[value] }))
export const CADRE_RANK_OPTIONS = CADRE_RANK_CODES.map((value) => ({ value, label: CADRE_RANKS[value] }))

export const NONE = '—'

export const genderName = (code: GenderCode | null | undefined) => (code ? GENDERS[code] : NONE)
export const ethnicityName = (code: EthnicityCode | null | undefined) => (code ? ETHNICITIES[code] : NONE)
export const educationName = (code: EducationLevelCode | null | undefined) => (code ? EDUCATION_LEVELS[code] : NONE)
export const statusName = (code: MemberStatus | null | undefined) => (code ? MEMBER_STATUSES[code] : NONE)
export const leftReasonName = (code: keyof typeof LEFT_REASONS | null | undefined) => (code ? LEFT_REASONS[code] : NONE)

const STATUS_COLORS: Record<MemberStatus, string> = {
  applicant: 'default',
  activist: 'cyan',
  candidate: 'blue',
  probationary: 'orange',
  full: 'red',
  left: 'default',
}
export const statusColor = (code: MemberStatus) => STATUS_COLORS[code]
