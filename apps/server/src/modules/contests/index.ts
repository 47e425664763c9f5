export { createContestsService, type ContestsService } from './contests.service.ts'
export { contestsRoutes } from './contests.routes.ts'
