export { createActivitiesService, type ActivitiesService } from './activities.service.ts'
export { activitiesRoutes } from './activities.routes.ts'
export { ACTIVITY_RULES } from './activities.rules.ts'
