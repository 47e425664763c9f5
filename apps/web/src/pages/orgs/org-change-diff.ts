import { ESTABLISHMENT_MODES, HOST_UNIT_TYPES, ORG_KINDS, ORG_LEVELS, ORG_STATUSES } from '@xianfeng/contract'

/** The fields of an org's audit record, in the order the change log lists them. */
export const CHANGE_FIELD_LABELS: Record<string, string> = {
  name: '组织名称',
  shortName: '简称',
  kind: '类别',
  level: '层级',
  parentId: '上级组织',
  divisionCode: '行政区划代码',
  hostUnitType: '所在单位类型',
  hostUnitName: '所在单位名称',
  establishmentMode: '组建方式',
  coveredUnits: '覆盖单位',
  attachedToOrgId: '挂靠组织',
  address: '地址',
  contactPhone: '联系电话',
  establishedOn: '成立日期',
  status: '状态',
  dissolvedOn: '撤销日期',
  dissolvedReason: '撤销原因',
  // A dissolution records its reason as `reason`, a move how many orgs went with it; a merge or a
  // dissolution with a receiving org where the people and child orgs went.
  reason: '撤销原因',
  targetId: '并入的支部',
  mergedOn: '合并日期',
  receivingOrgId: '接收组织',
  documentNo: '文号',
  movedMembers: '转出党员和入党申请人数',
  movedOrgs: '移动组织数',
}

const FIELD_ORDER = Object.keys(CHANGE_FIELD_LABELS)

/** Coded values with Chinese names. */
const CODE_NAMES: Record<string, Record<string, string>> = {
  kind: ORG_KINDS,
  level: ORG_LEVELS,
  hostUnitType: HOST_UNIT_TYPES,
  establishmentMode: ESTABLISHMENT_MODES,
  status: ORG_STATUSES,
}

/** Fields whose value is an org id, shown as the org's name. */
export const ORG_REF_FIELDS = new Set(['parentId', 'attachedToOrgId', 'targetId', 'receivingOrgId'])

/** The name an operation recorded beside an org id (the org may since have been renamed); shown with the id, not on its own. */
export const COMPANION_NAMES: Record<string, string> = {
  parentId: 'parentName',
  targetId: 'targetName',
  receivingOrgId: 'receivingOrgName',
}
const COMPANION_FIELDS = new Set(Object.values(COMPANION_NAMES))

type Fields = Record<string, unknown>

/**
 * One line of a change: `set` — a value the operation recorded (a creation's fields, the date of a
 * dissolution); `changed` — a field that had one value before and another after.
 */
export type DiffRow =
  | { kind: 'set'; key: string; label: string; value: unknown }
  | { kind: 'changed'; key: string; label: string; before: unknown; after: unknown }

export function asRecord(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null
}

export const isBlank = (value: unknown): boolean =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

export const fieldLabel = (key: string): string => CHANGE_FIELD_LABELS[key] ?? key

function orderedKeys(...records: (Fields | null)[]): string[] {
  const keys = new Set(records.flatMap((r) => (r ? Object.keys(r) : [])))
  const known = FIELD_ORDER.filter((k) => keys.has(k))
  const unknown = [...keys].filter((k) => !(k in CHANGE_FIELD_LABELS))
  return [...known, ...unknown].filter((k) => !COMPANION_FIELDS.has(k))
}

/**
 * The field-by-field difference of an audit row's before and after. A creation (no before) lists
 * the fields it set; an update lists the fields whose value changed; a key only in after (the
 * date of a dissolution, the orgs a move took along) is listed as set.
 */
export function diffRows(beforeRaw: unknown, afterRaw: unknown): DiffRow[] {
  const before = asRecord(beforeRaw)
  const after = asRecord(afterRaw)
  const rows: DiffRow[] = []
  for (const key of orderedKeys(before, after)) {
    const label = fieldLabel(key)
    const inBefore = before !== null && key in before
    const inAfter = after !== null && key in after
    if (!inBefore) {
      if (inAfter && !isBlank(after[key])) rows.push({ kind: 'set', key, label, value: after[key] })
    } else if (!same(before[key], inAfter ? after[key] : null)) {
      rows.push({ kind: 'changed', key, label, before: before[key], after: inAfter ? after[key] : null })
    }
  }
  return rows
}

/** A value as text: codes by their Chinese name, lists joined with 、; '—' for no value. */
export function valueText(key: string, value: unknown): string {
  if (isBlank(value)) return '—'
  if (typeof value === 'string') return CODE_NAMES[key]?.[value] ?? value
  if (typeof value === 'number') return value.toLocaleString('zh-CN')
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('、')
  return JSON.stringify(value)
}
