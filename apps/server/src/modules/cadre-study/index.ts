export { createCadreStudyService, type CadreStudyService } from './cadre-study.service.ts'
export { cadreStudyRoutes } from './cadre-study.routes.ts'
export { CADRE_STUDY_RULES } from './cadre-study.rules.ts'
