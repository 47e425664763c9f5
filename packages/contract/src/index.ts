export * from './zod.ts'
export * from './errors.ts'
export * from './permissions.ts'
export * from './route.ts'
export * from './auth.ts'
export * from './accounts.ts'
export * from './orgs.ts'
export * from './audit.ts'
export * from './home.ts'
export * from './members.ts'
export * from './units.ts'
export * from './grassroots.ts'
export * from './member-excel.ts'
export * from './self-service.ts'
export * from './committees.ts'
export * from './statistics.ts'
export * from './activities.ts'
export * from './rules.ts'
export * from './cadre-study.ts'
export * from './study-plans.ts'
export * from './contests.ts'
export * from './development.ts'
export * from './transfers.ts'
export * from './mobile-oversight.ts'

import { accountsApi } from './accounts.ts'
import { auditApi } from './audit.ts'
import { authApi } from './auth.ts'
import { homeApi } from './home.ts'
import { membersApi } from './members.ts'
import { orgsApi } from './orgs.ts'
import { unitsApi } from './units.ts'
import { grassrootsApi } from './grassroots.ts'
import { memberExcelApi } from './member-excel.ts'
import { contactRequestsApi, selfServiceApi } from './self-service.ts'
import { committeesApi } from './committees.ts'
import { statisticsApi } from './statistics.ts'
import { activitiesApi } from './activities.ts'
import { complianceApi, rulesApi } from './rules.ts'
import { cadreStudyApi } from './cadre-study.ts'
import { studyPlansApi } from './study-plans.ts'
import { contestsApi } from './contests.ts'
import { developmentApi } from './development.ts'
import { transfersApi } from './transfers.ts'
import { mobileOversightApi } from './mobile-oversight.ts'
import type { RouteDef } from './route.ts'

/** Every HTTP route of the platform. A route missing here is not served. */
export const API = {
  auth: authApi,
  accounts: accountsApi,
  orgs: orgsApi,
  members: membersApi,
  memberExcel: memberExcelApi,
  units: unitsApi,
  grassroots: grassrootsApi,
  self: selfServiceApi,
  contactRequests: contactRequestsApi,
  committees: committeesApi,
  audit: auditApi,
  home: homeApi,
  stats: statisticsApi,
  activities: activitiesApi,
  rules: rulesApi,
  compliance: complianceApi,
  cadreStudy: cadreStudyApi,
  studyPlans: studyPlansApi,
  contests: contestsApi,
  development: developmentApi,
  transfers: transfersApi,
  oversight: mobileOversightApi,
} as const

export const ALL_ROUTES: RouteDef[] = Object.values(API).flatMap((group) => Object.values(group) as RouteDef[])
export * from './people/index.ts'
