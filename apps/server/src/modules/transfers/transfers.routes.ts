import { transfersApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { sendXlsx } from '../../platform/http/xlsx-reply.ts'
import type { TransfersService } from './transfers.service.ts'

export const transfersRoutes = (s: TransfersService) => [
  bind(transfersApi.list, async ({ actor, query }) => s.list(actor, query)),
  bind(transfersApi.export, async ({ actor, query, reply }) => {
    const { buffer, orgName, day } = await s.exportXlsx(actor, query)
    const side = query.direction === 'incoming' ? '转入' : '转出'
    return sendXlsx(reply, `transfers-${day}.xlsx`, `${orgName}-组织关系${side}登记簿-${day}.xlsx`, buffer)
  }),
  bind(transfersApi.get, async ({ actor, params }) => ({ transfer: await s.get(actor, params.id) })),
  bind(transfersApi.start, async ({ actor, body }) => ({ transfer: await s.start(actor, body) })),
  bind(transfersApi.receive, async ({ actor, params, body }) => ({ transfer: await s.receive(actor, params.id, body) })),
  bind(transfersApi.return, async ({ actor, params, body }) => ({ transfer: await s.return(actor, params.id, body) })),
  bind(transfersApi.cancel, async ({ actor, params, body }) => ({ transfer: await s.cancel(actor, params.id, body) })),
  bind(transfersApi.recordReceipt, async ({ actor, params, body }) => ({
    transfer: await s.recordReceipt(actor, params.id, body),
  })),
  bind(transfersApi.letter, async ({ actor, params, reply }) => {
    const { buffer, letterNo, name } = await s.letter(actor, params.id)
    return reply
      .header('content-type', 'application/pdf')
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="transfer-letter-${params.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${name}-组织关系介绍信-${letterNo}.pdf`)}`,
      )
      .send(buffer)
  }),
  bind(transfersApi.destinations, async ({ query }) => s.destinations(query.q)),
  bind(transfersApi.todos, async ({ actor }) => s.todos(actor)),
  bind(transfersApi.dashboard, async ({ actor, query }) => s.dashboard(actor, query.orgId)),
  bind(transfersApi.away, async ({ actor, query }) => s.away(actor, query.orgId)),
]
