import { API } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Select } from 'antd'
import { useLocation, useNavigate } from 'react-router'
import { api } from '../api.ts'
import { resetScopedQueries, storeMe, useSession } from '../lib/session.ts'

/** The current scope (org + role) and a switch among the user's grants. */
export function ScopeSelect({ width }: { width: number | string }) {
  const { me } = useSession()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const { pathname } = useLocation()

  const switchScope = useMutation({
    mutationFn: (grantId: string) => api(API.auth.switchScope, { body: { grantId } }),
    onSuccess: ({ me: next }) => {
      storeMe(queryClient, next)
      void resetScopedQueries(queryClient)
      // The org open in the detail pane may not belong to the new scope.
      if (pathname.startsWith('/orgs/')) void navigate('/orgs')
      // So may the org the statistics are drilled down to: start again at the new scope's root.
      if (pathname === '/stats') void navigate('/stats')
      const grant = next.currentGrant
      if (grant) void message.success(`已切换到：${grant.orgName}（${grant.roleName}）`)
    },
    onError: (error) => void message.error(error.message),
  })

  return (
    <Select
      aria-label="当前授权范围"
      title="当前授权范围"
      style={{ width, maxWidth: '100%' }}
      value={me.currentGrant?.id}
      placeholder="没有授权"
      loading={switchScope.isPending}
      disabled={switchScope.isPending || me.grants.length === 0}
      popupMatchSelectWidth={false}
      options={me.grants.map((g) => ({ value: g.id, label: `${g.orgName} · ${g.roleName}` }))}
      onChange={(grantId: string) => {
        if (grantId !== me.currentGrant?.id) switchScope.mutate(grantId)
      }}
    />
  )
}
