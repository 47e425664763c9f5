import type { OrgDetail } from '@xianfeng/contract'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { FormRule } from 'antd'
import { orgDetailQuery } from '../../lib/org-queries.ts'

/** Why `target` cannot receive `org` (the server's rules, checked early), or undefined. */
export type TargetRefusal = (org: OrgDetail, target: OrgDetail) => string | undefined

/**
 * The org picked in a dialog's target field (move under, merge into, receive members): loaded for
 * the confirmation text, and a field rule that says at once why the server would refuse it.
 * `confirmed` is the target once loaded and acceptable.
 */
export function useTargetOrg(org: OrgDetail | null | undefined, targetId: string | undefined, refusal: TargetRefusal) {
  const queryClient = useQueryClient()
  const target = useQuery({ ...orgDetailQuery(targetId ?? ''), enabled: Boolean(targetId) })
  const rule: FormRule = {
    validator: async (_rule, value: string | undefined) => {
      if (!value || !org) return
      // Not found or not loaded: the server has the last word.
      const found = await queryClient.fetchQuery(orgDetailQuery(value)).catch(() => undefined)
      const reason = found && refusal(org, found)
      if (reason) throw new Error(reason)
    },
  }
  const confirmed = target.data && org && !refusal(org, target.data) ? target.data : undefined
  return { target, rule, confirmed }
}
