import { PERMISSIONS, type Permission } from '@xianfeng/contract'
import { Button, Result } from 'antd'
import type { ReactNode } from 'react'
import { useNavigate } from 'react-router'
import { useSession } from '../lib/session.ts'

/** A page opened by link or after switching scope may not be allowed in the current scope. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can, me } = useSession()
  const navigate = useNavigate()
  if (can(permission)) return children
  const scope = me.currentGrant ? `${me.currentGrant.roleName} @ ${me.currentGrant.orgName}` : '当前没有授权'
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle={`当前授权范围（${scope}）没有“${PERMISSIONS[permission]}”权限。可在页面顶部切换授权范围。`}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回首页
        </Button>
      }
    />
  )
}
