import { API, type GrantView, type UserView } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App } from 'antd'
import { api } from '../../api.ts'
import { accountKeys } from './account-queries.ts'
import type { OneTimeSecret } from './one-time-password-modal.tsx'

const who = (user: UserView) => `${user.displayName}（${user.loginName}）`

/**
 * The confirm-then-act row actions of the accounts table. Each confirm dialog closes when the
 * request ends; a failure is shown as a message rather than left in the dialog.
 */
export function useUserRowActions(showSecret: (secret: OneTimeSecret) => void) {
  const queryClient = useQueryClient()
  const { modal, message } = App.useApp()
  const refresh = () => void queryClient.invalidateQueries({ queryKey: accountKeys.users })
  const fail = (error: unknown) => {
    void message.error(error instanceof Error ? error.message : '操作失败，请重试')
  }

  const resetPassword = useMutation({
    mutationFn: (user: UserView) => api(API.accounts.resetPassword, { params: { id: user.id } }),
    onSuccess: ({ temporaryPassword }, user) => {
      refresh()
      showSecret({
        title: '密码已重置',
        label: '临时密码',
        loginName: user.loginName,
        displayName: user.displayName,
        password: temporaryPassword,
      })
    },
  })

  const setDisabled = useMutation({
    mutationFn: ({ user, isDisabled }: { user: UserView; isDisabled: boolean }) =>
      api(API.accounts.updateUser, { params: { id: user.id }, body: { isDisabled } }),
    onSuccess: ({ user }) => {
      refresh()
      void message.success(user.isDisabled ? `已停用 ${who(user)}` : `已启用 ${who(user)}`)
    },
  })

  const removeGrant = useMutation({
    mutationFn: (grant: GrantView) => api(API.accounts.removeGrant, { params: { id: grant.id } }),
    onSuccess: () => {
      refresh()
      void message.success('已撤销授权')
    },
  })

  const unlinkPerson = useMutation({
    mutationFn: (user: UserView) => api(API.accounts.unlinkPerson, { params: { id: user.id } }),
    onSuccess: ({ user }) => {
      refresh()
      void message.success(`已解除 ${who(user)} 与党员档案的关联`)
    },
  })

  return {
    confirmUnlinkPerson: (user: UserView) => {
      modal.confirm({
        title: `解除 ${who(user)} 与党员档案的关联？`,
        content: '解除后该账号不能再使用“我的档案”；档案本身不受影响。',
        okText: '解除关联',
        cancelText: '取消',
        onOk: () => unlinkPerson.mutateAsync(user).catch(fail),
      })
    },
    confirmResetPassword: (user: UserView) => {
      modal.confirm({
        title: `重置 ${who(user)} 的密码？`,
        content: '将生成一个临时密码，原密码立即失效；对方用临时密码登录后须修改密码。',
        okText: '重置密码',
        cancelText: '取消',
        onOk: () => resetPassword.mutateAsync(user).catch(fail),
      })
    },
    confirmSetDisabled: (user: UserView, isDisabled: boolean) => {
      modal.confirm({
        title: isDisabled ? `停用 ${who(user)}？` : `启用 ${who(user)}？`,
        content: isDisabled ? '停用后该账号不能登录，授权保留，可随时重新启用。' : '启用后该账号可以重新登录。',
        okText: isDisabled ? '停用' : '启用',
        okButtonProps: isDisabled ? { danger: true } : undefined,
        cancelText: '取消',
        onOk: () => setDisabled.mutateAsync({ user, isDisabled }).catch(fail),
      })
    },
    confirmRemoveGrant: (user: UserView, grant: GrantView) => {
      modal.confirm({
        title: '撤销授权？',
        content: `撤销 ${who(user)} 的授权“${grant.roleName} @ ${grant.orgName}”。`,
        okText: '撤销',
        okButtonProps: { danger: true },
        cancelText: '取消',
        onOk: () => removeGrant.mutateAsync(grant).catch(fail),
      })
    },
  }
}
