import { ACTIVITY_KIND_CODES, ACTIVITY_KINDS, API, type ActivityKind } from '@xianfeng/contract'
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

/** What the list shows: the URL holds it, so a reload or a shared link opens the same view. */
export interface ActivitiesView {
  orgId: string | undefined
  kind: ActivityKind | undefined
  from: string | undefined
  to: string | undefined
  includeVoided: boolean
  page: number
  pageSize: number
}

export const activityKeys = {
  all: ['activities'] as const,
  list: (view: ActivitiesView) => ['activities', 'list', view] as const,
  detail: (id: string) => ['activities', 'detail', id] as const,
  roster: (orgId: string) => ['activities', 'roster', orgId] as const,
}

export const activitiesQuery = (view: ActivitiesView) =>
  queryOptions({
    queryKey: activityKeys.list(view),
    queryFn: () =>
      api(API.activities.list, {
        query: {
          orgId: view.orgId,
          kind: view.kind,
          from: view.from,
          to: view.to,
          includeVoided: view.includeVoided ? 'true' : undefined,
          page: view.page,
          pageSize: view.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  })

export const activityQuery = (id: string) =>
  queryOptions({
    queryKey: activityKeys.detail(id),
    queryFn: async () => (await api(API.activities.get, { params: { id } })).activity,
  })

/** Who may be recorded as attending an activity of the org. */
export const rosterQuery = (orgId: string) =>
  queryOptions({
    queryKey: activityKeys.roster(orgId),
    queryFn: async () => (await api(API.activities.roster, { query: { orgId } })).items,
  })

export const KIND_OPTIONS = ACTIVITY_KIND_CODES.map((code) => ({ value: code, label: ACTIVITY_KINDS[code] }))

export const isActivityKind = (value: string | null): value is ActivityKind =>
  value !== null && (ACTIVITY_KIND_CODES as readonly string[]).includes(value)
