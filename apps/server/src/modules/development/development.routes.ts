import { developmentApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { sendXlsx } from '../../platform/http/xlsx-reply.ts'
import type { DevelopmentService } from './development.service.ts'

export const developmentRoutes = (s: DevelopmentService) => [
  bind(developmentApi.cases, async ({ actor, query }) => s.list(actor, query)),
  bind(developmentApi.open, async ({ actor, body }) => ({ case: await s.open(actor, body) })),
  bind(developmentApi.get, async ({ actor, params }) => ({ case: await s.get(actor, params.id) })),
  bind(developmentApi.recordStep, async ({ actor, params, body }) => ({ case: await s.recordStep(actor, params.id, body) })),
  bind(developmentApi.end, async ({ actor, params, body }) => ({ case: await s.end(actor, params.id, body) })),
  bind(developmentApi.dossier, async ({ actor, params, reply }) => {
    const { buffer, name } = await s.dossier(actor, params.id)
    return sendXlsx(reply, `development-${params.id}.xlsx`, `${name}-发展党员全程纪实表.xlsx`, buffer)
  }),
  bind(developmentApi.publishNotice, async ({ actor, params, body }) => ({
    case: await s.publishNotice(actor, params.id, body),
  })),
  bind(developmentApi.addObjection, async ({ actor, params, body }) => ({ case: await s.addObjection(actor, params.id, body) })),
  bind(developmentApi.resolveObjection, async ({ actor, params, body }) => ({
    case: await s.resolveObjection(actor, params.id, body),
  })),
  bind(developmentApi.todos, async ({ actor }) => s.todos(actor)),
  bind(developmentApi.dashboard, async ({ actor, query }) => s.dashboard(actor, query)),
  bind(developmentApi.savePlan, async ({ actor, body }) => s.savePlan(actor, body)),
  bind(developmentApi.publicNotices, async ({ query }) => s.publicNotices(query)),
]
