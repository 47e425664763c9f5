import { orgsApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { OrgsService } from './orgs.service.ts'

export const orgsRoutes = (orgs: OrgsService) => [
  bind(orgsApi.tree, async ({ actor, query }) => ({ items: await orgs.tree(actor, query.parentId, query.asOf) })),
  bind(orgsApi.changes, async ({ actor, params }) => ({ items: await orgs.changes(actor, params.id) })),
  bind(orgsApi.search, async ({ actor, query }) => ({ items: await orgs.search(actor, query.q, query.limit) })),
  bind(orgsApi.get, async ({ actor, params }) => ({ org: await orgs.get(actor, params.id) })),
  bind(orgsApi.create, async ({ actor, body }) => ({ org: await orgs.create(actor, body) })),
  bind(orgsApi.update, async ({ actor, params, body }) => ({ org: await orgs.update(actor, params.id, body) })),
  bind(orgsApi.move, async ({ actor, params, body }) => orgs.move(actor, params.id, body.newParentId)),
  bind(orgsApi.dissolve, async ({ actor, params, body }) => orgs.dissolve(actor, params.id, body)),
  bind(orgsApi.merge, async ({ actor, params, body }) => orgs.merge(actor, params.id, body)),
]
