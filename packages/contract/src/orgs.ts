import { choice, id, queryInt, text, z } from './zod.ts'
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
  ancestors: z.array(z.object({ id: z.uuid(), name: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type OrgDetail = z.infer<typeof OrgDetail>

export const OrgCreate = z.object({
  parentId: id('上级组织'),
  name: text('组织名称', { max: 100, min: 2 }),
  shortName: text('简称', { max: 30 }).optional(),
  kind: choice('组织类别', ORG_KIND_CODES),
  level: choice('组织层级', ORG_LEVEL_CODES),
  divisionCode: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '行政区划代码应为 2、4、6、9 或 12 位数字')
    .meta({ title: '行政区划代码' })
    .optional(),
})
export type OrgCreate = z.infer<typeof OrgCreate>

// In an update an absent field stays as it is; null clears the optional ones.
export const OrgUpdate = OrgCreate.omit({ parentId: true, shortName: true, divisionCode: true }).partial().extend({
  shortName: OrgCreate.shape.shortName.unwrap().nullable().optional(),
  divisionCode: OrgCreate.shape.divisionCode.unwrap().nullable().optional(),
})
export type OrgUpdate = z.infer<typeof OrgUpdate>

const OrgIdParams = z.object({ id: id('组织') })

export const orgsApi = {
  tree: route({
    method: 'GET',
    path: '/api/orgs/tree',
    permission: 'orgs.read',
    tag: '组织',
    summary: '组织树：不带 parentId 时返回当前授权范围的根，带 parentId 时返回其下级',
    querystring: z.object({ parentId: id('上级组织').optional() }),
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
} as const
