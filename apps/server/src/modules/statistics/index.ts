export { createStatisticsService, populationStatuses, STAT_FOLD_EVERY_MS, type StatisticsService } from './statistics.service.ts'
export { statisticsRoutes } from './statistics.routes.ts'
