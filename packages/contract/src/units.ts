import { flag, id, queryInt, text, choice, z } from './zod.ts'
import { route } from './route.ts'

/** 新经济组织 and 新社会组织 (seed §17): the legal units whose party coverage is tracked. */
export const UNIT_TYPES = { private_enterprise: '非公有制企业', social_organization: '社会组织' } as const
export type UnitType = keyof typeof UNIT_TYPES
export const UNIT_TYPE_CODES = Object.keys(UNIT_TYPES) as [UnitType, ...UnitType[]]

// GB 32100-2015: 18 characters from 31 (no I, O, Z, S, V); the last is a check character.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character a 17-character prefix of a unified social credit code should end with. */
export function creditCodeCheckChar(prefix17: string): string {
  const sum = USCC_WEIGHTS.reduce((s, w, i) => s + w * USCC_CHARS.indexOf(prefix17[i]!), 0)
  return USCC_CHARS[(31 - (sum % 31)) % 31]!
}

/** A unified social credit code: trimmed, upper-cased, 18 characters, check character right. */
export const creditCode = (label = '统一社会信用代码') =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .toUpperCase()
    .superRefine((v, ctx) => {
      if (v.length !== 18) ctx.addIssue({ code: 'custom', message: `${label}应为 18 位，现为 ${v.length} 位` })
      else if (![...v].every((c) => USCC_CHARS.includes(c)))
        ctx.addIssue({ code: 'custom', message: `${label}只能由数字和大写字母组成（不含 I、O、Z、S、V）` })
      else if (creditCodeCheckChar(v.slice(0, 17)) !== v[17])
        ctx.addIssue({ code: 'custom', message: `${label}校验位不正确（应为 ${creditCodeCheckChar(v.slice(0, 17))}）` })
    })
    .meta({ title: label })

export const UnitView = z.object({
  id: z.uuid(),
  name: z.string(),
  creditCode: z.string().nullable(),
  unitType: z.enum(UNIT_TYPE_CODES),
  locatedOrg: z.object({ id: z.uuid(), name: z.string() }),
  coveringOrg: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  employeeCount: z.int(),
  hasInstructor: z.boolean(),
  instructorName: z.string().nullable(),
  address: z.string().nullable(),
  updatedAt: z.string(),
})
export type UnitView = z.infer<typeof UnitView>

const unitFields = {
  name: text('单位名称', { max: 100, min: 2 }),
  creditCode: creditCode(),
  unitType: choice('单位类型', UNIT_TYPE_CODES),
  locatedOrgId: id('属地党组织'),
  coveringOrgId: id('覆盖该单位的党组织'),
  employeeCount: z
    .int('从业人员数应为整数')
    .min(0, '从业人员数不能为负')
    .max(1_000_000, '从业人员数不能超过 1000000')
    .meta({ title: '从业人员数' }),
  hasInstructor: flag('已选派党建工作指导员'),
  instructorName: text('党建工作指导员', { max: 50 }),
  address: text('地址', { max: 200 }),
}

export const UnitCreate = z.object({
  name: unitFields.name,
  creditCode: unitFields.creditCode.optional(),
  unitType: unitFields.unitType,
  locatedOrgId: unitFields.locatedOrgId,
  coveringOrgId: unitFields.coveringOrgId.optional(),
  employeeCount: unitFields.employeeCount,
  hasInstructor: unitFields.hasInstructor.default(false),
  instructorName: unitFields.instructorName.optional(),
  address: unitFields.address.optional(),
})
export type UnitCreate = z.infer<typeof UnitCreate>

// Absent: unchanged; null: cleared.
export const UnitUpdate = z.object({
  name: unitFields.name.optional(),
  creditCode: unitFields.creditCode.nullable().optional(),
  unitType: unitFields.unitType.optional(),
  locatedOrgId: unitFields.locatedOrgId.optional(),
  coveringOrgId: unitFields.coveringOrgId.nullable().optional(),
  employeeCount: unitFields.employeeCount.optional(),
  hasInstructor: unitFields.hasInstructor.optional(),
  instructorName: unitFields.instructorName.nullable().optional(),
  address: unitFields.address.nullable().optional(),
})
export type UnitUpdate = z.infer<typeof UnitUpdate>

export const UnitCoverage = z.object({
  byType: z.array(
    z.object({
      unitType: z.enum(UNIT_TYPE_CODES),
      units: z.int(),
      covered: z.int(),
      /** units without an organization of their own that have an instructor */
      uncoveredWithInstructor: z.int(),
      employees: z.int(),
    }),
  ),
})
export type UnitCoverage = z.infer<typeof UnitCoverage>

export const unitsApi = {
  list: route({
    method: 'GET',
    path: '/api/units',
    permission: 'units.read',
    tag: '新领域单位',
    summary: '授权范围内的非公有制企业和社会组织（可按名称、类型、是否已建党组织筛选）',
    querystring: z.object({
      q: text('关键字', { max: 50 }).optional(),
      unitType: choice('单位类型', UNIT_TYPE_CODES).optional(),
      covered: z.enum(['true', 'false'], { error: '是否已覆盖应为 true 或 false' }).optional().meta({ title: '是否已覆盖' }),
      page: queryInt('页码', { min: 1, max: 100000, default: 1 }),
      pageSize: queryInt('每页条数', { min: 1, max: 100, default: 20 }),
    }),
    response: z.object({ items: z.array(UnitView), total: z.int() }),
  }),
  create: route({
    method: 'POST',
    path: '/api/units',
    permission: 'units.write',
    tag: '新领域单位',
    summary: '登记一个单位',
    body: UnitCreate,
    status: 201,
    response: z.object({ unit: UnitView }),
  }),
  update: route({
    method: 'PATCH',
    path: '/api/units/:id',
    permission: 'units.write',
    tag: '新领域单位',
    summary: '修改单位信息',
    params: z.object({ id: id('单位') }),
    body: UnitUpdate,
    response: z.object({ unit: UnitView }),
  }),
  coverage: route({
    method: 'GET',
    path: '/api/units/coverage',
    permission: 'units.read',
    tag: '新领域单位',
    summary: '党组织覆盖情况：按单位类型统计单位数、已建党组织数、选派指导员数',
    response: z.object({ coverage: UnitCoverage }),
  }),
} as const
