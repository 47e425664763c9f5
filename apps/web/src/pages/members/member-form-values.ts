import {
  MEMBER_STAGES,
  MemberCreate,
  MemberUpdate,
  STAGE_DATE_FIELDS,
  idNumberConsistency,
  stageDateIssues,
  type MemberDetail,
  type MemberFieldIssue,
  type MemberStage,
  type MemberStatus,
  type MemberUpdate as MemberUpdateBody,
  type StageDateField,
} from '@xianfeng/contract'

/** What the form holds: strings as typed, undefined for an empty field. */
export interface MemberFormValues {
  orgId?: string
  status?: MemberStage
  name?: string
  gender?: string
  ethnicity?: string
  birthDate?: string
  idNumber?: string
  phone?: string
  education?: string
  occupation?: string
  workUnit?: string
  post?: string
  cadreRank?: string
  isInDifficulty?: boolean
  isLostContact?: boolean
  isMobile?: boolean
  appliedOn?: string
  activistOn?: string
  candidateOn?: string
  admittedOn?: string
  fullOn?: string
}

export const PERSON_FIELDS = [
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'idNumber',
  'phone',
  'education',
  'occupation',
  'workUnit',
  'post',
  'cadreRank',
] as const
export const FLAG_FIELDS = ['isInDifficulty', 'isLostContact', 'isMobile'] as const
export const DATE_FIELDS = MEMBER_STAGES.map((s) => STAGE_DATE_FIELDS[s])

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')

/** The stage date fields a person at `status` may have: those of the stages reached so far. */
export function dateFieldsFor(status: MemberStatus | undefined): StageDateField[] {
  if (!status || status === 'left') return []
  return MEMBER_STAGES.slice(0, MEMBER_STAGES.indexOf(status) + 1).map((s) => STAGE_DATE_FIELDS[s])
}

/** The required date fields at `status`: its own, and 入党日期 for a full member. */
export function requiredDateFields(status: MemberStatus | undefined): StageDateField[] {
  if (!status || status === 'left') return []
  return status === 'full' ? ['admittedOn', 'fullOn'] : [STAGE_DATE_FIELDS[status]]
}

function stageDates(values: MemberFormValues) {
  return Object.fromEntries(DATE_FIELDS.map((f) => [f, blank(values[f]) ? undefined : values[f]]))
}

/**
 * The rules across fields the contract applies (ID number against birth date and gender, stage
 * dates against the status and each other), as issues per field. `status` is the form's for a new
 * person, the record's when editing.
 */
export function crossFieldIssues(values: MemberFormValues, status: MemberStatus | undefined): MemberFieldIssue[] {
  const issues: MemberFieldIssue[] = []
  if (!blank(values.idNumber)) {
    issues.push(
      ...idNumberConsistency({
        idNumber: values.idNumber!,
        birthDate: blank(values.birthDate) ? undefined : values.birthDate!,
        gender: blank(values.gender) ? undefined : (values.gender as '1' | '2'),
      }),
    )
  }
  if (status && status !== 'left') issues.push(...stageDateIssues(status, stageDates(values)))
  return issues
}

export function createBody(values: MemberFormValues): MemberCreate {
  const cleaned = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, blank(v) ? undefined : v]))
  const result = MemberCreate.safeParse(cleaned)
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? '填写的内容有误')
  return result.data
}

export function initialValues(member: MemberDetail | undefined): MemberFormValues {
  if (!member) return { isInDifficulty: false, isLostContact: false, isMobile: false }
  const v: MemberFormValues = {
    name: member.name,
    gender: member.gender,
    ethnicity: member.ethnicity,
    birthDate: member.birthDate,
    education: member.education ?? undefined,
    isInDifficulty: member.isInDifficulty,
    isLostContact: member.isLostContact,
    isMobile: member.isMobile,
  }
  for (const f of ['occupation', 'workUnit', 'post', 'cadreRank'] as const) if (member[f]) v[f] = member[f]
  for (const f of DATE_FIELDS) if (member[f]) v[f] = member[f]
  return v
}

/**
 * Only what changed. The ID number and phone are masked in the record, so an empty field there
 * means "keep it"; other optional fields emptied are cleared (null).
 */
export function updateBody(member: MemberDetail, values: MemberFormValues): MemberUpdateBody | null {
  const patch: Record<string, unknown> = {}
  const before = initialValues(member) as Record<string, unknown>
  const fields = [...PERSON_FIELDS, ...FLAG_FIELDS, ...dateFieldsFor(member.status)]
  for (const f of fields) {
    const now = (values as Record<string, unknown>)[f]
    if (f === 'idNumber' || f === 'phone') {
      if (!blank(now)) patch[f] = now
      continue
    }
    const was = before[f]
    if (blank(now)) {
      if (!blank(was)) patch[f] = null
    } else if (now !== was) patch[f] = now
  }
  if (Object.keys(patch).length === 0) return null
  const result = MemberUpdate.safeParse(patch)
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? '填写的内容有误')
  return result.data
}
