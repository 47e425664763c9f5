export { createCommitteesService, type CommitteesService } from './committees.service.ts'
export { committeesRoutes } from './committees.routes.ts'
