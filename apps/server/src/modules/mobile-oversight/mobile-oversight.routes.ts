import { mobileOversightApi as api } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { sendXlsx } from '../../platform/http/xlsx-reply.ts'
import type { MobileOversightService } from './mobile-oversight.service.ts'

export const mobileOversightRoutes = (s: MobileOversightService) => [
  bind(api.listMeetings, async ({ actor, query }) => s.listMeetings(actor, query)),
  bind(api.exportMeetings, async ({ actor, query, reply }) => {
    const { buffer, orgName, day } = await s.exportMeetings(actor, query)
    return sendXlsx(reply, `coordination-meetings-${day}.xlsx`, `${orgName}-流动党员管理部门协调会议-${day}.xlsx`, buffer)
  }),
  bind(api.createMeeting, async ({ actor, body }) => ({ meeting: await s.createMeeting(actor, body) })),
  bind(api.updateMeeting, async ({ actor, params, body }) => ({ meeting: await s.updateMeeting(actor, params.id, body) })),
  bind(api.reports, async ({ actor, query }) => s.overview(actor, query.orgId, query.year)),
  bind(api.report, async ({ actor, params }) => ({ report: await s.report(actor, params.id) })),
  bind(api.saveReport, async ({ actor, body }) => ({ report: await s.saveReport(actor, body) })),
  bind(api.submitReport, async ({ actor, params }) => ({ report: await s.submitReport(actor, params.id) })),
  bind(api.returnReport, async ({ actor, params, body }) => ({ report: await s.returnReport(actor, params.id, body) })),
  bind(api.spotChecks, async ({ actor, query }) => s.spotChecks(actor, query.orgId)),
  bind(api.drawSpotCheck, async ({ actor, body }) => ({ spotCheck: await s.drawSpotCheck(actor, body) })),
  bind(api.spotCheck, async ({ actor, params }) => ({ spotCheck: await s.spotCheck(actor, params.id) })),
  bind(api.redrawSpotCheck, async ({ actor, params }) => s.redrawSpotCheck(actor, params.id)),
  bind(api.assignChecker, async ({ actor, params, body }) => ({ spotCheck: await s.assignChecker(actor, params.id, body) })),
  bind(api.recordFinding, async ({ actor, params, body }) => ({ finding: await s.recordFinding(actor, params.id, body) })),
  bind(api.findings, async ({ actor, query }) => s.findings(actor, query)),
  bind(api.startRectification, async ({ actor, params, body }) => ({
    finding: await s.startRectification(actor, params.id, body),
  })),
  bind(api.closeFinding, async ({ actor, params, body }) => ({ finding: await s.closeFinding(actor, params.id, body) })),
]
