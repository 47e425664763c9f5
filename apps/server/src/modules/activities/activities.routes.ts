import { activitiesApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { ActivitiesService } from './activities.service.ts'

export const activitiesRoutes = (activities: ActivitiesService) => [
  bind(activitiesApi.list, async ({ actor, query }) => activities.list(actor, query)),
  bind(activitiesApi.roster, async ({ actor, query }) => ({ items: await activities.roster(actor, query.orgId) })),
  bind(activitiesApi.get, async ({ actor, params }) => ({ activity: await activities.get(actor, params.id) })),
  bind(activitiesApi.create, async ({ actor, body }) => ({ activity: await activities.create(actor, body) })),
  bind(activitiesApi.update, async ({ actor, params, body }) => ({ activity: await activities.update(actor, params.id, body) })),
  bind(activitiesApi.void, async ({ actor, params, body }) => ({
    activity: await activities.void(actor, params.id, body.reason),
  })),
]
