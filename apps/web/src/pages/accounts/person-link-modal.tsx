import { API, PersonLink, type UserView } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Form, Typography } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { formBody, useFormErrors, zodItem } from '../../lib/zod-form.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { accountKeys } from './account-queries.ts'
import { PersonSelect } from './person-select.tsx'

type Values = Partial<Record<keyof PersonLink, string>>

/** Links an existing account to the person it belongs to (member self-service). */
export function PersonLinkModal({ user: openUser, onClose }: { user: UserView | null; onClose: () => void }) {
  const user = useLastValue(openUser)
  const [form] = Form.useForm<Values>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()

  const link = useMutation({
    mutationFn: ({ userId, values }: { userId: string; values: Values }) =>
      api(API.accounts.linkPerson, { params: { id: userId }, body: formBody(PersonLink, values) }),
    onSuccess: ({ user: updated }) => {
      void queryClient.invalidateQueries({ queryKey: accountKeys.users })
      void message.success(`${updated.displayName} 已关联党员档案“${updated.person?.name ?? ''}”`)
      onClose()
    },
    onError: report,
  })

  return (
    <FormModal
      title="关联党员档案"
      open={openUser !== null}
      onClose={onClose}
      form={form}
      okText="关联"
      mutation={link}
      clear={clear}
      error={error}
    >
      {user && (
        <>
          <Typography.Paragraph>
            把 <Typography.Text strong>{user.displayName}</Typography.Text>（{user.loginName}
            ）关联到本人的党员档案。关联后可在“我的档案”查看本人信息、申请修改手机号；一人只能有一个账号。
          </Typography.Paragraph>
          <Form<Values>
            form={form}
            name="person-link"
            layout="vertical"
            preserve={false}
            disabled={link.isPending}
            onValuesChange={clear}
            onFinish={(values) => link.mutate({ userId: user.id, values })}
          >
            <Form.Item label="党员" {...zodItem(PersonLink, 'personId', { select: true })}>
              <PersonSelect />
            </Form.Item>
          </Form>
        </>
      )}
    </FormModal>
  )
}
