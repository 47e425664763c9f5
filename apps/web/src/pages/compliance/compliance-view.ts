import { useSearchParams } from 'react-router'
import { thisMonthString } from '../../components/date-string-picker.tsx'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

export interface ComplianceView {
  /** The org whose sub-orgs are the rows; absent: the scope's root. */
  orgId: string | undefined
  month: string
  /** The rule the trend and the treemap show. */
  ruleId: string | undefined
  /** The org whose own items the detail panel shows. */
  detailId: string | undefined
}

const uuid = (v: string | null) => (v && UUID.test(v) ? v : undefined)

/**
 * `/compliance?org=…&month=2026-11&rule=…&detail=…`: going down a level is a history entry, so the
 * back button goes up again; the month, the rule and the panel replace the entry.
 */
export function useComplianceView() {
  const [params, setParams] = useSearchParams()
  const month = params.get('month')
  const view: ComplianceView = {
    orgId: uuid(params.get('org')),
    month: month && MONTH.test(month) ? month : thisMonthString(),
    ruleId: params.get('rule') ?? undefined,
    detailId: uuid(params.get('detail')),
  }
  const searchOf = (next: Partial<ComplianceView>) => {
    const v = { ...view, ...next }
    const out = new URLSearchParams()
    if (v.orgId) out.set('org', v.orgId)
    if (v.month !== thisMonthString()) out.set('month', v.month)
    if (v.ruleId) out.set('rule', v.ruleId)
    if (v.detailId) out.set('detail', v.detailId)
    const s = out.toString()
    return s ? `?${s}` : ''
  }
  const set = (next: Partial<ComplianceView>, push = false) => setParams(searchOf(next), { replace: !push })
  return {
    view,
    orgSearch: (orgId: string | undefined) => searchOf({ orgId, detailId: undefined }),
    openOrg: (orgId: string | undefined) => set({ orgId, detailId: undefined }, true),
    setMonth: (m: string) => set({ month: m }),
    setRule: (ruleId: string) => set({ ruleId }),
    openDetail: (detailId: string | undefined) => set({ detailId }),
  }
}
