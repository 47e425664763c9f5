import { lazyPage } from './lib/lazy-page.ts'

// One chunk per page; the layout and the auth guard stay in the main chunk.
export const LoginPage = lazyPage(() => import('./pages/login/login-page.tsx'), 'LoginPage')
export const HomePage = lazyPage(() => import('./pages/home/home-page.tsx'), 'HomePage')
export const OrgsPage = lazyPage(() => import('./pages/orgs/orgs-page.tsx'), 'OrgsPage')
export const UnitsPage = lazyPage(() => import('./pages/units/units-page.tsx'), 'UnitsPage')
export const MembersPage = lazyPage(() => import('./pages/members/members-page.tsx'), 'MembersPage')
export const MemberDetailPage = lazyPage(() => import('./pages/members/member-detail-page.tsx'), 'MemberDetailPage')
export const SelfPage = lazyPage(() => import('./pages/self/self-page.tsx'), 'SelfPage')
export const ApprovalsPage = lazyPage(() => import('./pages/approvals/approvals-page.tsx'), 'ApprovalsPage')
export const StatsPage = lazyPage(() => import('./pages/stats/stats-page.tsx'), 'StatsPage')
export const ActivitiesPage = lazyPage(() => import('./pages/activities/activities-page.tsx'), 'ActivitiesPage')
export const CompliancePage = lazyPage(() => import('./pages/compliance/compliance-page.tsx'), 'CompliancePage')
export const RulesPage = lazyPage(() => import('./pages/rules/rules-page.tsx'), 'RulesPage')
export const AccountsPage = lazyPage(() => import('./pages/accounts/accounts-page.tsx'), 'AccountsPage')
export const AuditPage = lazyPage(() => import('./pages/audit/audit-page.tsx'), 'AuditPage')
export const ChangePasswordPage = lazyPage(() => import('./pages/password/change-password-page.tsx'), 'ChangePasswordPage')
export const NotFoundPage = lazyPage(() => import('./pages/not-found/not-found-page.tsx'), 'NotFoundPage')
