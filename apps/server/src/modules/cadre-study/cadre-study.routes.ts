import { cadreStudyApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { CadreStudyService } from './cadre-study.service.ts'

export const cadreStudyRoutes = (s: CadreStudyService) => [
  bind(cadreStudyApi.writings, async ({ actor, query }) => s.writings(actor, query)),
  bind(cadreStudyApi.createWriting, async ({ actor, body }) => ({ writing: await s.createWriting(actor, body) })),
  bind(cadreStudyApi.voidWriting, async ({ actor, params, body }) => ({
    writing: await s.voidWriting(actor, params.id, body.reason),
  })),
  bind(cadreStudyApi.reports, async ({ actor, query }) => s.reports(actor, query)),
  bind(cadreStudyApi.saveReport, async ({ actor, body }) => ({ report: await s.saveReport(actor, body) })),
]
