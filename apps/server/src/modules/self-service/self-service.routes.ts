import { contactRequestsApi, selfServiceApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { sendPrivateFile } from '../../platform/http/private-file.ts'
import type { SelfServiceService } from './self-service.service.ts'

export const selfServiceRoutes = (self: SelfServiceService) => [
  bind(selfServiceApi.record, async ({ actor }) => ({ record: await self.record(actor) })),
  bind(selfServiceApi.reveal, async ({ actor }) => ({ idNumber: await self.revealIdNumber(actor) })),
  bind(selfServiceApi.photo, async ({ actor, req, reply }) => sendPrivateFile(req, reply, await self.photo(actor))),
  bind(selfServiceApi.studyLedger, async ({ actor, query }) => ({ ledger: await self.studyLedger(actor, query.year) })),
  bind(selfServiceApi.requests, async ({ actor }) => ({ items: await self.ownRequests(actor) })),
  bind(selfServiceApi.request, async ({ actor, body }) => ({ request: await self.request(actor, body) })),
  bind(selfServiceApi.withdraw, async ({ actor, params }) => ({ request: await self.withdraw(actor, params.id) })),
  bind(contactRequestsApi.list, async ({ actor, query }) => ({ items: await self.list(actor, query) })),
  bind(contactRequestsApi.approve, async ({ actor, params }) => ({ request: await self.approve(actor, params.id) })),
  bind(contactRequestsApi.reject, async ({ actor, params, body }) => ({
    request: await self.reject(actor, params.id, body.reason),
  })),
]
