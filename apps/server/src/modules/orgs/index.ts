export { createOrgsService, type OrgsService } from './orgs.service.ts'
export { orgsRoutes } from './orgs.routes.ts'
export { orgInScopeSql } from './orgs.repo.ts'
