import { API, type Me, type Permission } from '@xianfeng/contract'
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import { api, isApiError, setCsrfToken } from '../api.ts'

export const meQueryKey = ['me'] as const

/** The logged-in user, or null when there is no session (401 is an answer here, not an error). */
export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: async (): Promise<Me | null> => {
    try {
      const { me } = await api(API.auth.me)
      return me
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null
      throw error
    }
  },
  staleTime: Infinity,
  retry: false,
})

/** After login, password change or scope switch the server answers with the new `me`. */
export function storeMe(client: QueryClient, me: Me): void {
  client.setQueryData(meQueryKey, me)
}

/** Forgets the session and every cached answer; the auth guard then shows the login page. */
export function endSession(client: QueryClient): void {
  setCsrfToken(null)
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] })
  client.setQueryData(meQueryKey, null)
}

/** Data from another scope must not be shown: reset every query except `me`, which is already new. */
export function resetScopedQueries(client: QueryClient): Promise<void> {
  return client.resetQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] })
}

export interface Session {
  me: Me
  can: (permission: Permission) => boolean
}

const SessionContext = createContext<Session | null>(null)

export const SessionProvider = SessionContext.Provider

export function makeSession(me: Me): Session {
  const granted = new Set(me.currentGrant?.permissions ?? [])
  return { me, can: (permission) => granted.has(permission) }
}

/** The session of the logged-in user; only used below the auth guard. */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession 只能在登录后的页面中使用')
  return session
}
