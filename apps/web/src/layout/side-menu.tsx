import {
  AuditOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  FileProtectOutlined,
  FundOutlined,
  HomeOutlined,
  IdcardOutlined,
  ShopOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons'
import type { Permission } from '@xianfeng/contract'
import { Menu, type MenuProps } from 'antd'
import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { useSession } from '../lib/session.ts'

interface Entry {
  path: string
  label: string
  icon: ReactNode
  /** Absent: every logged-in user sees it. */
  permission?: Permission
  /** Only for an account linked to a person (member self-service). */
  needsPerson?: boolean
}

const ENTRIES: Entry[] = [
  { path: '/', label: '首页', icon: <HomeOutlined aria-hidden /> },
  { path: '/me', label: '我的档案', icon: <IdcardOutlined aria-hidden />, needsPerson: true },
  { path: '/orgs', label: '组织', icon: <ApartmentOutlined aria-hidden />, permission: 'orgs.read' },
  { path: '/members', label: '党员', icon: <UserOutlined aria-hidden />, permission: 'members.read' },
  { path: '/approvals', label: '待审批', icon: <CheckSquareOutlined aria-hidden />, permission: 'members.write' },
  { path: '/units', label: '新领域单位', icon: <ShopOutlined aria-hidden />, permission: 'units.read' },
  { path: '/stats', label: '统计', icon: <BarChartOutlined aria-hidden />, permission: 'stats.read' },
  { path: '/activities', label: '组织生活', icon: <CalendarOutlined aria-hidden />, permission: 'activities.read' },
  { path: '/compliance', label: '达标情况', icon: <FundOutlined aria-hidden />, permission: 'compliance.read' },
  { path: '/rules', label: '规则', icon: <FileProtectOutlined aria-hidden />, permission: 'compliance.read' },
  { path: '/accounts', label: '账号与授权', icon: <TeamOutlined aria-hidden />, permission: 'accounts.read' },
  { path: '/audit', label: '审计日志', icon: <AuditOutlined aria-hidden />, permission: 'audit.read' },
]

function selectedKey(pathname: string): string {
  const entry = ENTRIES.find((e) => e.path !== '/' && (pathname === e.path || pathname.startsWith(`${e.path}/`)))
  return entry?.path ?? (pathname === '/' ? '/' : '')
}

/** Only the modules the current grant allows. */
export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { can, me } = useSession()
  const { pathname } = useLocation()
  const items: MenuProps['items'] = ENTRIES.filter(
    (e) => (!e.permission || can(e.permission)) && (!e.needsPerson || me.personId !== null),
  ).map((e) => ({
    key: e.path,
    icon: e.icon,
    label: <Link to={e.path}>{e.label}</Link>,
  }))
  return (
    <Menu
      theme="dark"
      mode="inline"
      aria-label="主菜单"
      selectedKeys={[selectedKey(pathname)]}
      items={items}
      onClick={() => onNavigate?.()}
    />
  )
}
