import { API } from '@xianfeng/contract'
import { queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

export const selfKeys = {
  all: ['self'] as const,
  record: ['self', 'record'] as const,
  requests: ['self', 'requests'] as const,
  ledger: ['self', 'ledger'] as const,
}

export const selfRecordQuery = queryOptions({
  queryKey: selfKeys.record,
  queryFn: async () => (await api(API.self.record)).record,
})

export const selfRequestsQuery = queryOptions({
  queryKey: selfKeys.requests,
  queryFn: async () => (await api(API.self.requests)).items,
})

export const selfLedgerQuery = queryOptions({
  queryKey: selfKeys.ledger,
  queryFn: async () => (await api(API.self.studyLedger)).ledger,
})
