export { createStudyPlansService, type StudyPlansService } from './study-plans.service.ts'
export { studyPlansRoutes } from './study-plans.routes.ts'
