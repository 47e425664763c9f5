export { createGrassrootsService, type GrassrootsService } from './grassroots.service.ts'
export { grassrootsRoutes } from './grassroots.routes.ts'
export { BRANCH_RULES } from './branch-rules.ts'
export { COMMITTEE_RULES, TERM_RULES, defaultStructure, defaultTermYears } from './committee-rules.ts'
