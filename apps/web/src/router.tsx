import { Suspense } from 'react'
import { createBrowserRouter } from 'react-router'
import { PageLoading } from './components/page-loading.tsx'
import { RequirePermission } from './components/require-permission.tsx'
import { RouteError } from './components/route-error.tsx'
import { AuthGuard } from './layout/auth-guard.tsx'
import {
  AccountsPage,
  ActivitiesPage,
  CompliancePage,
  RulesPage,
  ApprovalsPage,
  AttemptPage,
  AuditPage,
  CadreStudyPage,
  ExemplarsPage,
  StudyPlansPage,
  ChangePasswordPage,
  HomePage,
  LoginPage,
  MemberDetailPage,
  MembersPage,
  NotFoundPage,
  OrgsPage,
  PublicExemplarsPage,
  PublicNoticesPage,
  DevelopmentCasesPage,
  DevelopmentCasePage,
  TransfersPage,
  MeetingsPage,
  ReportsPage,
  SpotChecksPage,
  SpotCheckPage,
  QuestionsPage,
  QuizResultsPage,
  QuizzesPage,
  SelfPage,
  StatsPage,
  TakeListPage,
  UnitsPage,
} from './lazy-pages.ts'

export const router = createBrowserRouter([
  {
    path: '/login',
    element: (
      <Suspense fallback={<PageLoading fullScreen />}>
        <LoginPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  // The public portal: no login.
  {
    path: '/public/exemplars',
    element: (
      <Suspense fallback={<PageLoading fullScreen />}>
        <PublicExemplarsPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/public/development-notices',
    element: (
      <Suspense fallback={<PageLoading fullScreen />}>
        <PublicNoticesPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/',
    element: <AuthGuard />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      // The person's own record: the account's link to a person decides, not a role.
      { path: 'me', element: <SelfPage /> },
      {
        path: 'approvals',
        element: (
          <RequirePermission permission="members.write">
            <ApprovalsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'orgs/:id?',
        element: (
          <RequirePermission permission="orgs.read">
            <OrgsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'members',
        element: (
          <RequirePermission permission="members.read">
            <MembersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'members/:personId',
        element: (
          <RequirePermission permission="members.read">
            <MemberDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'development',
        element: (
          <RequirePermission permission="development.read">
            <DevelopmentCasesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'development/:id',
        element: (
          <RequirePermission permission="development.read">
            <DevelopmentCasePage />
          </RequirePermission>
        ),
      },
      {
        path: 'transfers',
        element: (
          <RequirePermission permission="transfers.read">
            <TransfersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'oversight/meetings',
        element: (
          <RequirePermission permission="oversight.read">
            <MeetingsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'oversight/reports',
        element: (
          <RequirePermission permission="oversight.read">
            <ReportsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'oversight/spot-checks',
        element: (
          <RequirePermission permission="oversight.read">
            <SpotChecksPage />
          </RequirePermission>
        ),
      },
      {
        path: 'oversight/spot-checks/:id',
        element: (
          <RequirePermission permission="oversight.read">
            <SpotCheckPage />
          </RequirePermission>
        ),
      },
      {
        path: 'units',
        element: (
          <RequirePermission permission="units.read">
            <UnitsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'study/cadres',
        element: (
          <RequirePermission permission="activities.read">
            <CadreStudyPage />
          </RequirePermission>
        ),
      },
      {
        path: 'study/plans',
        element: (
          <RequirePermission permission="activities.read">
            <StudyPlansPage />
          </RequirePermission>
        ),
      },
      {
        path: 'study/exemplars',
        element: (
          <RequirePermission permission="activities.read">
            <ExemplarsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'activities',
        element: (
          <RequirePermission permission="activities.read">
            <ActivitiesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'compliance',
        element: (
          <RequirePermission permission="compliance.read">
            <CompliancePage />
          </RequirePermission>
        ),
      },
      {
        path: 'rules',
        element: (
          <RequirePermission permission="compliance.read">
            <RulesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'stats',
        element: (
          <RequirePermission permission="stats.read">
            <StatsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'contests/take',
        element: (
          <RequirePermission permission="contests.read">
            <TakeListPage />
          </RequirePermission>
        ),
      },
      {
        path: 'contests/take/:attemptId',
        element: (
          <RequirePermission permission="contests.read">
            <AttemptPage />
          </RequirePermission>
        ),
      },
      {
        path: 'contests/questions',
        element: (
          <RequirePermission permission="contests.manage">
            <QuestionsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'contests/quizzes',
        element: (
          <RequirePermission permission="contests.manage">
            <QuizzesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'contests/quizzes/:id/results',
        element: (
          <RequirePermission permission="contests.manage">
            <QuizResultsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'accounts',
        element: (
          <RequirePermission permission="accounts.read">
            <AccountsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      { path: 'password', element: <ChangePasswordPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
