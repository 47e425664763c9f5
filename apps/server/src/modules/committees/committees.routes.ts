import { committeesApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { CommitteesService } from './committees.service.ts'

export const committeesRoutes = (committees: CommitteesService) => [
  bind(committeesApi.list, async ({ actor, params }) => committees.list(actor, params.id)),
  bind(committeesApi.start, async ({ actor, params, body }) => ({ term: await committees.start(actor, params.id, body) })),
  bind(committeesApi.end, async ({ actor, params, body }) => ({ term: await committees.end(actor, params.id, body) })),
  bind(committeesApi.addMember, async ({ actor, params, body }) => ({
    term: await committees.addMember(actor, params.id, body),
  })),
  bind(committeesApi.endMember, async ({ actor, params, body }) => ({
    term: await committees.endMember(actor, params.id, body),
  })),
]
