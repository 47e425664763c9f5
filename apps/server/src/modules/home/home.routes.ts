import { homeApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { HomeService } from './home.service.ts'

export const homeRoutes = (home: HomeService) => [
  bind(homeApi.summary, async ({ actor }) => ({ summary: await home.summary(actor) })),
]
