import type { FindingStatus, Permission } from '@xianfeng/contract'

// The transition tables of this module: a year-end report and a spot-check finding's rectification.
// The service looks a move up here before it writes, under the row's (or the year's) lock.

type StoredReportStatus = 'not_started' | 'draft' | 'submitted' | 'returned'

export const REPORT_WORKFLOW = [
  // the reporting org writes its text; a returned report is a draft again until submitted anew
  { from: ['not_started', 'draft', 'returned'], action: 'save', to: null, permission: 'oversight.write', by: 'reporting org' },
  { from: ['draft', 'returned'], action: 'submit', to: 'submitted', permission: 'oversight.write', by: 'reporting org' },
  // the org it was submitted to, while its own report (which holds these figures) is not submitted
  { from: ['submitted'], action: 'return', to: 'returned', permission: 'oversight.write', by: 'level above' },
] as const satisfies readonly {
  from: readonly StoredReportStatus[]
  action: string
  to: StoredReportStatus | null
  permission: Permission
  by: string
}[]

export const FINDING_WORKFLOW = [
  // the county found wanting (or the checking org) says what it does about it
  { from: 'open', action: 'start', to: 'rectifying', permission: 'oversight.write', by: 'county or checking org' },
  // the checking org verifies the result and closes it (销号)
  { from: 'rectifying', action: 'close', to: 'closed', permission: 'oversight.spot_check', by: 'checking org' },
] as const satisfies readonly { from: FindingStatus; action: string; to: FindingStatus; permission: Permission; by: string }[]

export type ReportAction = (typeof REPORT_WORKFLOW)[number]['action']
export type FindingAction = (typeof FINDING_WORKFLOW)[number]['action']

export const reportMoveAllowed = (from: StoredReportStatus, action: ReportAction) =>
  REPORT_WORKFLOW.some((t) => t.action === action && (t.from as readonly string[]).includes(from))

export const findingMove = (action: FindingAction) => FINDING_WORKFLOW.find((t) => t.action === action)!
