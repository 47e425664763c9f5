import {
  AuditOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  EditOutlined,
  FileProtectOutlined,
  FlagOutlined,
  FundOutlined,
  HomeOutlined,
  IdcardOutlined,
  ShopOutlined,
  TeamOutlined,
  UserOutlined,
  SwapOutlined,
  NodeIndexOutlined,
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
  /** Shown under this submenu. */
  group?: keyof typeof GROUPS
}

const GROUPS = {
  study: { label: '学习教育', icon: <BookOutlined aria-hidden /> },
  mobile: { label: '流动党员', icon: <NodeIndexOutlined aria-hidden /> },
} as const

const ENTRIES: Entry[] = [
  { path: '/', label: '首页', icon: <HomeOutlined aria-hidden /> },
  { path: '/me', label: '我的档案', icon: <IdcardOutlined aria-hidden />, needsPerson: true },
  { path: '/orgs', label: '组织', icon: <ApartmentOutlined aria-hidden />, permission: 'orgs.read' },
  { path: '/members', label: '党员', icon: <UserOutlined aria-hidden />, permission: 'members.read' },
  { path: '/development', label: '发展党员', icon: <FlagOutlined aria-hidden />, permission: 'development.read' },
  { path: '/transfers', label: '组织关系转接', icon: <SwapOutlined aria-hidden />, permission: 'transfers.read' },
  { path: '/oversight/meetings', label: '部门协调会议', icon: null, permission: 'oversight.read', group: 'mobile' },
  { path: '/oversight/reports', label: '年度工作报告', icon: null, permission: 'oversight.read', group: 'mobile' },
  { path: '/oversight/spot-checks', label: '抽查与整改', icon: null, permission: 'oversight.read', group: 'mobile' },
  { path: '/approvals', label: '待审批', icon: <CheckSquareOutlined aria-hidden />, permission: 'members.write' },
  { path: '/units', label: '新领域单位', icon: <ShopOutlined aria-hidden />, permission: 'units.read' },
  { path: '/activities', label: '组织生活', icon: <CalendarOutlined aria-hidden />, permission: 'activities.read' },
  { path: '/compliance', label: '达标情况', icon: <FundOutlined aria-hidden />, permission: 'compliance.read' },
  { path: '/rules', label: '规则', icon: <FileProtectOutlined aria-hidden />, permission: 'compliance.read' },
  { path: '/study/cadres', label: '领导干部学习', icon: null, permission: 'activities.read', group: 'study' },
  { path: '/study/plans', label: '学习计划', icon: null, permission: 'activities.read', group: 'study' },
  { path: '/study/exemplars', label: '学习标兵', icon: null, permission: 'activities.read', group: 'study' },
  { path: '/contests/quizzes', label: '知识竞赛', icon: null, permission: 'contests.manage', group: 'study' },
  { path: '/contests/questions', label: '题库', icon: null, permission: 'contests.manage', group: 'study' },
  {
    path: '/contests/take',
    label: '参加竞赛',
    icon: <EditOutlined aria-hidden />,
    permission: 'contests.read',
    needsPerson: true,
  },
  { path: '/stats', label: '统计', icon: <BarChartOutlined aria-hidden />, permission: 'stats.read' },
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
  const visible = ENTRIES.filter((e) => (!e.permission || can(e.permission)) && (!e.needsPerson || me.personId !== null))
  type Item = { key: string; icon: ReactNode; label: ReactNode; children?: Item[] }
  const items: Item[] = []
  for (const e of visible) {
    const item: Item = { key: e.path, icon: e.icon, label: <Link to={e.path}>{e.label}</Link> }
    if (!e.group) {
      items.push(item)
      continue
    }
    // A group's submenu stands where its first visible entry would.
    const group = items.find((i) => i.key === e.group)
    if (group?.children) group.children.push(item)
    else items.push({ key: e.group, icon: GROUPS[e.group].icon, label: GROUPS[e.group].label, children: [item] })
  }
  const selected = selectedKey(pathname)
  const openGroup = ENTRIES.find((e) => e.path === selected)?.group
  return (
    <Menu
      theme="dark"
      mode="inline"
      aria-label="主菜单"
      selectedKeys={[selected]}
      defaultOpenKeys={openGroup ? [openGroup] : []}
      items={items satisfies MenuProps['items']}
      onClick={() => onNavigate?.()}
    />
  )
}
