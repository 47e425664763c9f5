import { statisticsApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { chinaDateStamp, sendXlsx } from '../../platform/http/xlsx-reply.ts'
import type { StatisticsService } from './statistics.service.ts'

export const statisticsRoutes = (stats: StatisticsService) => [
  bind(statisticsApi.subtree, async ({ actor, query }) => ({ stats: await stats.subtree(actor, query) })),
  bind(statisticsApi.export, async ({ actor, query, reply }) => {
    const { buffer, orgName } = await stats.exportXlsx(actor, query)
    const day = query.asOf ?? chinaDateStamp()
    return sendXlsx(reply, `statistics-${day}.xlsx`, `${orgName}-统计-${day}.xlsx`, buffer)
  }),
]
