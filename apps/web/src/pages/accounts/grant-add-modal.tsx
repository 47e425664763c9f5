import { API, GrantCreate, type UserView } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Form, Typography } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { OrgSelect } from '../../components/org-select.tsx'
import { formBody, useFormErrors, zodItem } from '../../lib/zod-form.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { accountKeys } from './account-queries.ts'
import { RoleSelect } from './role-select.tsx'

type GrantValues = Partial<Record<keyof GrantCreate, string>>

/** Grants one more role over an org subtree to an existing account. */
export function GrantAddModal({ user: openUser, onClose }: { user: UserView | null; onClose: () => void }) {
  const user = useLastValue(openUser)
  const [form] = Form.useForm<GrantValues>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()

  const add = useMutation({
    mutationFn: ({ userId, values }: { userId: string; values: GrantValues }) =>
      api(API.accounts.addGrant, { params: { id: userId }, body: formBody(GrantCreate, values) }),
    onSuccess: ({ user: updated }) => {
      void queryClient.invalidateQueries({ queryKey: accountKeys.users })
      void message.success(`已为 ${updated.displayName} 授权`)
      onClose()
    },
    onError: report,
  })

  return (
    <FormModal
      title="授权"
      open={openUser !== null}
      onClose={onClose}
      form={form}
      okText="确定"
      mutation={add}
      clear={clear}
      error={error}
    >
      {user && (
        <>
          <Typography.Paragraph>
            为 <Typography.Text strong>{user.displayName}</Typography.Text>（{user.loginName}
            ）授予角色，授权覆盖所选组织及其全部下级组织。
          </Typography.Paragraph>
          <Form<GrantValues>
            form={form}
            name="grant-add"
            layout="vertical"
            preserve={false}
            disabled={add.isPending}
            onValuesChange={clear}
            onFinish={(values) => add.mutate({ userId: user.id, values })}
          >
            <Form.Item label="角色" {...zodItem(GrantCreate, 'roleId', { select: true })}>
              <RoleSelect />
            </Form.Item>
            <Form.Item label="授权组织" {...zodItem(GrantCreate, 'orgId', { select: true })}>
              <OrgSelect />
            </Form.Item>
          </Form>
        </>
      )}
    </FormModal>
  )
}
