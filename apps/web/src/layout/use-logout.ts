import { API } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { api } from '../api.ts'
import { endSession } from '../lib/session.ts'

/** Logs out on the server; the local session ends even if the server cannot be reached. */
export function useLogout() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const mutation = useMutation({
    mutationFn: () => api(API.auth.logout),
    onSettled: () => {
      void navigate('/login', { replace: true })
      endSession(queryClient)
    },
  })
  return { logout: () => mutation.mutate(), isPending: mutation.isPending }
}
