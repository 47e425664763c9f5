import { choice, id, isoDate, queryInt, text, z } from './zod.ts'
import { route } from './route.ts'

export const ORG_KINDS = {
  committee: '党委',
  working_committee: '党工委',
  party_group: '党组',
  general_branch: '党总支',
  branch: '党支部',
  joint_branch: '联合党支部',
  temporary_branch: '临时党支部',
  party_cell: '党小组',
} as const
export type OrgKind = keyof typeof ORG_KINDS
export const ORG_KIND_CODES = Object.keys(ORG_KINDS) as [OrgKind, ...OrgKind[]]

export const ORG_LEVELS = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡镇（街道）级',
  grassroots: '基层',
} as const
export type OrgLevel = keyof typeof ORG_LEVELS
export const ORG_LEVEL_CODES = Object.keys(ORG_LEVELS) as [OrgLevel, ...OrgLevel[]]

/** The unit that hosts an organization (SPEC §3, seed §17). */
export const HOST_UNIT_TYPES = {
  government_organ: '机关',
  state_enterprise: '国有企业',
  public_institution: '事业单位',
  private_enterprise: '非公有制企业',
  social_organization: '社会组织',
  village: '建制村',
  community: '社区',
  park: '园区',
  association: '行业协会/产业协会',
  cooperative: '合作经济组织',
  market: '市场',
  residential_area: '小区',
  other: '其他',
} as const
export type HostUnitType = keyof typeof HOST_UNIT_TYPES
export const HOST_UNIT_TYPE_CODES = Object.keys(HOST_UNIT_TYPES) as [HostUnitType, ...HostUnitType[]]

/** How an organization in the new economic and social organizations is set up (seed §17). */
export const ESTABLISHMENT_MODES = { single: '单独建', joint: '联合建', attached: '挂靠建' } as const
export type EstablishmentMode = keyof typeof ESTABLISHMENT_MODES
export const ESTABLISHMENT_MODE_CODES = Object.keys(ESTABLISHMENT_MODES) as [EstablishmentMode, ...EstablishmentMode[]]

/**
 * Kinds of branch that may be merged into one another. A 临时党支部 is not among them: its members
 * keep their org relations at home, and it ends by being dissolved.
 */
export const MERGEABLE_KINDS: readonly OrgKind[] = ['branch', 'joint_branch']

/**
 * Whether members' org relations may be placed with the org: a grassroots org (基层党委, 党总支,
 * 党支部, 联合党支部). A 党小组 is part of its branch, a 临时党支部 does not take over org relations,
 * and committees above the grassroots, 党工委 and 党组 lead orgs rather than hold members.
 */
export const holdsMembers = (org: { kind: OrgKind; level: OrgLevel }) =>
  org.level === 'grassroots' && ['committee', 'general_branch', 'branch', 'joint_branch'].includes(org.kind)

export const ORG_STATUSES = { active: '正常', dissolved: '已撤销' } as const
export const ORG_STATUS_CODES = Object.keys(ORG_STATUSES) as ['active', 'dissolved']

export const OrgSummary = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  kind: z.enum(ORG_KIND_CODES),
  level: z.enum(ORG_LEVEL_CODES),
  divisionCode: z.string().nullable(),
  status: z.enum(ORG_STATUS_CODES),
  childCount: z.int(),
})
export type OrgSummary = z.infer<typeof OrgSummary>

export const OrgDetail = OrgSummary.extend({
  shortName: z.string().nullable(),
  hostUnitType: z.enum(HOST_UNIT_TYPE_CODES).nullable(),
  hostUnitName: z.string().nullable(),
  establishmentMode: z.enum(ESTABLISHMENT_MODE_CODES).nullable(),
  coveredUnits: z.array(z.string()),
  attachedTo: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  address: z.string().nullable(),
  contactPhone: z.string().nullable(),
  establishedOn: z.string().nullable(),
  dissolvedOn: z.string().nullable(),
  dissolvedReason: z.string().nullable(),
  /** People whose org relation is with this org, other than those who left. */
  memberCount: z.int(),
  ancestors: z.array(z.object({ id: z.uuid(), name: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type OrgDetail = z.infer<typeof OrgDetail>

const requiredFields = {
  name: text('组织名称', { max: 100, min: 2 }),
  kind: choice('组织类别', ORG_KIND_CODES),
  level: choice('组织层级', ORG_LEVEL_CODES),
}

const optionalFields = {
  shortName: text('简称', { max: 30 }),
  divisionCode: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '行政区划代码应为 2、4、6、9 或 12 位数字')
    .meta({ title: '行政区划代码' }),
  hostUnitType: choice('所在单位类型', HOST_UNIT_TYPE_CODES),
  hostUnitName: text('所在单位名称', { max: 100 }),
  establishmentMode: choice('组建方式', ESTABLISHMENT_MODE_CODES),
  coveredUnits: z
    .array(text('覆盖单位', { max: 100 }), { error: '覆盖单位应为单位名称的列表' })
    .max(50, '覆盖单位不能超过 50 个')
    .meta({ title: '覆盖单位' }),
  attachedToOrgId: id('挂靠组织'),
  address: text('地址', { max: 200 }),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,30}$/, '联系电话只能包含数字、空格和 + - ( )，5–30 个字符')
    .meta({ title: '联系电话' }),
  establishedOn: isoDate('成立日期'),
}

type Optionalized<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<T[K]> }
type Clearable<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> }
const mapShape = <T extends Record<string, z.ZodType>, R>(shape: T, f: (s: z.ZodType) => R) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, f(v)]))

export const OrgCreate = z.object({
  parentId: id('上级组织'),
  ...requiredFields,
  ...(mapShape(optionalFields, (s) => s.optional()) as Optionalized<typeof optionalFields>),
})
export type OrgCreate = z.infer<typeof OrgCreate>

// In an update an absent field stays as it is; null clears an optional one.
export const OrgUpdate = z.object({
  ...(mapShape(requiredFields, (s) => s.optional()) as Optionalized<typeof requiredFields>),
  ...(mapShape(optionalFields, (s) => s.nullable().optional()) as Clearable<typeof optionalFields>),
})
export type OrgUpdate = z.infer<typeof OrgUpdate>

export const OrgMove = z.object({ newParentId: id('新的上级组织') })
export type OrgMove = z.infer<typeof OrgMove>

const documentNo = text('文号', { max: 100 })

export const OrgDissolve = z.object({
  dissolvedOn: isoDate('撤销日期'),
  reason: text('撤销原因', { max: 200 }),
  // Where the org's members and active child orgs go; without it, an org that has either is refused.
  receivingOrgId: id('接收组织').optional(),
  documentNo: documentNo.optional(),
})
export type OrgDissolve = z.infer<typeof OrgDissolve>

export const OrgMerge = z.object({
  targetId: id('并入的支部'),
  mergedOn: isoDate('合并日期'),
  documentNo: documentNo.optional(),
})
export type OrgMerge = z.infer<typeof OrgMerge>

const OrgIdParams = z.object({ id: id('组织') })

export const orgsApi = {
  tree: route({
    method: 'GET',
    path: '/api/orgs/tree',
    permission: 'orgs.read',
    tag: '组织',
    summary: '组织树：不带 parentId 时返回当前授权范围的根，带 parentId 时返回其下级；带 asOf 时返回该日终了时的组织树',
    querystring: z.object({ parentId: id('上级组织').optional(), asOf: isoDate('截至日期').optional() }),
    response: z.object({ items: z.array(OrgSummary) }),
  }),
  search: route({
    method: 'GET',
    path: '/api/orgs',
    permission: 'orgs.read',
    tag: '组织',
    summary: '按名称查找授权范围内的组织',
    querystring: z.object({
      q: text('关键字', { max: 50 }),
      limit: queryInt('条数', { min: 1, max: 100, default: 20 }),
    }),
    response: z.object({ items: z.array(OrgSummary.extend({ pathNames: z.array(z.string()) })) }),
  }),
  get: route({
    method: 'GET',
    path: '/api/orgs/:id',
    permission: 'orgs.read',
    tag: '组织',
    summary: '组织详情',
    params: OrgIdParams,
    response: z.object({ org: OrgDetail }),
  }),
  create: route({
    method: 'POST',
    path: '/api/orgs',
    permission: 'orgs.write',
    tag: '组织',
    summary: '在授权范围内新建下级组织',
    body: OrgCreate,
    status: 201,
    response: z.object({ org: OrgDetail }),
  }),
  update: route({
    method: 'PATCH',
    path: '/api/orgs/:id',
    permission: 'orgs.write',
    tag: '组织',
    summary: '修改组织基本信息',
    params: OrgIdParams,
    body: OrgUpdate,
    response: z.object({ org: OrgDetail }),
  }),
  changes: route({
    method: 'GET',
    path: '/api/orgs/:id/changes',
    permission: 'orgs.read',
    tag: '组织',
    summary: '组织的变更记录（新的在前）',
    params: OrgIdParams,
    response: z.object({
      items: z.array(
        z.object({
          occurredAt: z.string(),
          actorLogin: z.string().nullable(),
          action: z.string(),
          before: z.unknown().nullable(),
          after: z.unknown().nullable(),
        }),
      ),
    }),
  }),
  move: route({
    method: 'POST',
    path: '/api/orgs/:id/move',
    permission: 'orgs.write',
    tag: '组织',
    summary: '把组织连同全部下级移到另一个上级组织之下',
    params: OrgIdParams,
    body: OrgMove,
    response: z.object({ org: OrgDetail, movedOrgs: z.int() }),
  }),
  dissolve: route({
    method: 'POST',
    path: '/api/orgs/:id/dissolve',
    permission: 'orgs.write',
    tag: '组织',
    summary:
      '撤销组织。有党员、入党申请人或正常状态的下级组织时须指定接收组织，它们在同一事务中转入，每人的组织关系记录留有转出日期',
    params: OrgIdParams,
    body: OrgDissolve,
    response: z.object({ org: OrgDetail, movedMembers: z.int(), movedOrgs: z.int() }),
  }),
  merge: route({
    method: 'POST',
    path: '/api/orgs/:id/merge',
    permission: 'orgs.write',
    tag: '组织',
    summary:
      '把党支部并入另一个党支部：全部党员和入党申请人的组织关系、下级组织（党小组）一并转入，原支部撤销；组织关系记录保留合并前的归属',
    params: OrgIdParams,
    body: OrgMerge,
    response: z.object({ org: OrgDetail, target: OrgDetail, movedMembers: z.int(), movedOrgs: z.int() }),
  }),
} as const
