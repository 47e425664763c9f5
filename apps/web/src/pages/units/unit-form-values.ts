import { UnitCreate, UnitUpdate, type UnitType, type UnitView } from '@xianfeng/contract'
import { formBody } from '../../lib/zod-form.ts'

/** The form's fields, named as in UnitCreate so the server's 400 details land on them. */
export interface UnitFormValues {
  name?: string
  creditCode?: string
  unitType?: UnitType
  locatedOrgId?: string
  coveringOrgId?: string
  employeeCount?: number | null
  hasInstructor?: boolean
  instructorName?: string
  address?: string
}

export function initialValues(unit: UnitView | undefined): UnitFormValues {
  if (!unit) return { hasInstructor: false }
  return {
    name: unit.name,
    creditCode: unit.creditCode ?? undefined,
    unitType: unit.unitType,
    locatedOrgId: unit.locatedOrg.id,
    coveringOrgId: unit.coveringOrg?.id,
    employeeCount: unit.employeeCount,
    hasInstructor: unit.hasInstructor,
    instructorName: unit.instructorName ?? undefined,
    address: unit.address ?? undefined,
  }
}

/** Trimmed text (the credit code also upper-cased, as the contract stores it); any empty value is undefined. */
function clean(key: keyof UnitFormValues, value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (trimmed === '') return undefined
    return key === 'creditCode' ? trimmed.toUpperCase() : trimmed
  }
  return value ?? undefined
}

/** The values as the record will be: an instructor's name only while one is appointed. */
function recordValues(values: UnitFormValues): UnitFormValues {
  const out = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, clean(k as keyof UnitFormValues, v)]),
  ) as UnitFormValues
  out.hasInstructor = out.hasInstructor ?? false
  if (!out.hasInstructor) out.instructorName = undefined
  return out
}

/** The POST body, parsed with the contract's schema (blank inputs are "absent"). */
export function createBody(values: UnitFormValues): UnitCreate {
  return formBody(UnitCreate, recordValues(values))
}

/**
 * The PATCH body: only what changed, so the audit log records a real before/after. A cleared
 * optional field is sent as null, which the contract reads as "clear it". Null when nothing changed.
 */
export function updateBody(unit: UnitView, values: UnitFormValues): UnitUpdate | null {
  const before = recordValues(initialValues(unit))
  const now = recordValues(values)
  const changed: Record<string, unknown> = {}
  const keys = new Set([...Object.keys(before), ...Object.keys(now)] as (keyof UnitFormValues)[])
  for (const key of keys) {
    if (now[key] !== before[key]) changed[key] = now[key] ?? null
  }
  if (Object.keys(changed).length === 0) return null
  // not formBody: it would turn the nulls that clear a field back into "unchanged"
  const result = UnitUpdate.safeParse(changed)
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? '填写的内容有误')
  return result.data
}
