import { unitsApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { UnitsService } from './units.service.ts'

export const unitsRoutes = (units: UnitsService) => [
  bind(unitsApi.list, async ({ actor, query: { page, pageSize, ...filter } }) => units.list(actor, filter, page, pageSize)),
  bind(unitsApi.create, async ({ actor, body }) => ({ unit: await units.create(actor, body) })),
  bind(unitsApi.update, async ({ actor, params, body }) => ({ unit: await units.update(actor, params.id, body) })),
  bind(unitsApi.coverage, async ({ actor }) => ({ coverage: await units.coverage(actor) })),
]
