import { grassrootsApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { GrassrootsService } from './grassroots.service.ts'

export const grassrootsRoutes = (grassroots: GrassrootsService) => [
  bind(grassrootsApi.warnings, async ({ actor, params }) => grassroots.branchWarnings(actor, params.id)),
]
