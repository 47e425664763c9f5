import { API, type ExemplarStatus } from '@xianfeng/contract'
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

export interface StudyListView {
  year: number | undefined
  page: number
  pageSize: number
}

export const studyKeys = {
  all: ['study'] as const,
  writings: ['study', 'writings'] as const,
  reports: ['study', 'reports'] as const,
  plans: ['study', 'plans'] as const,
  training: ['study', 'training'] as const,
  exemplars: ['study', 'exemplars'] as const,
}

export const writingsQuery = (v: StudyListView) =>
  queryOptions({
    queryKey: [...studyKeys.writings, v],
    queryFn: () => api(API.cadreStudy.writings, { query: { year: v.year, page: v.page, pageSize: v.pageSize } }),
    placeholderData: keepPreviousData,
  })

export const reportsQuery = (v: StudyListView) =>
  queryOptions({
    queryKey: [...studyKeys.reports, v],
    queryFn: () => api(API.cadreStudy.reports, { query: { year: v.year, page: v.page, pageSize: v.pageSize } }),
    placeholderData: keepPreviousData,
  })

export const plansQuery = (v: StudyListView) =>
  queryOptions({
    queryKey: [...studyKeys.plans, v],
    queryFn: () => api(API.studyPlans.studyPlans, { query: { year: v.year, page: v.page, pageSize: v.pageSize } }),
    placeholderData: keepPreviousData,
  })

export const trainingQuery = (v: StudyListView) =>
  queryOptions({
    queryKey: [...studyKeys.training, v],
    queryFn: () => api(API.studyPlans.trainingPlans, { query: { year: v.year, page: v.page, pageSize: v.pageSize } }),
    placeholderData: keepPreviousData,
  })

export const exemplarsQuery = (v: StudyListView & { status: ExemplarStatus | undefined }) =>
  queryOptions({
    queryKey: [...studyKeys.exemplars, v],
    queryFn: () =>
      api(API.studyPlans.exemplars, { query: { year: v.year, status: v.status, page: v.page, pageSize: v.pageSize } }),
    placeholderData: keepPreviousData,
  })

/** This year in China, the default of every year field. */
export const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))

/** The years a filter offers: this one and the nine before. */
export const yearOptions = () => Array.from({ length: 10 }, (_, i) => thisYear() - i).map((y) => ({ value: y, label: `${y} 年` }))
