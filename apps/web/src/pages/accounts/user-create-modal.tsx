import { API, UserCreate, type UserView } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Form, Input } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { OrgSelect } from '../../components/org-select.tsx'
import { formBody, useFormErrors, zodItem } from '../../lib/zod-form.ts'
import { accountKeys } from './account-queries.ts'
import { PersonSelect } from './person-select.tsx'
import { RoleSelect } from './role-select.tsx'

interface Props {
  open: boolean
  onClose: () => void
  onCreated: (result: { user: UserView; initialPassword: string }) => void
}

type UserCreateValues = Partial<Record<keyof UserCreate, string>>

export function UserCreateModal({ open, onClose, onCreated }: Props) {
  const [form] = Form.useForm<UserCreateValues>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()

  const create = useMutation({
    mutationFn: (values: UserCreateValues) => api(API.accounts.createUser, { body: formBody(UserCreate, values) }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: accountKeys.users })
      onCreated(result)
    },
    onError: report,
  })

  return (
    <FormModal
      title="新建账号"
      open={open}
      onClose={onClose}
      form={form}
      okText="创建"
      mutation={create}
      clear={clear}
      error={error}
    >
      <Form<UserCreateValues>
        form={form}
        name="user-create"
        layout="vertical"
        preserve={false}
        disabled={create.isPending}
        onValuesChange={clear}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item label="登录名" extra="3–64 位英文字母、数字、点、下划线或短横线" {...zodItem(UserCreate, 'loginName')}>
          <Input maxLength={64} autoComplete="off" placeholder="如：zhang.san" />
        </Form.Item>
        <Form.Item label="姓名" {...zodItem(UserCreate, 'displayName')}>
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item label="角色" {...zodItem(UserCreate, 'roleId', { select: true })}>
          <RoleSelect />
        </Form.Item>
        <Form.Item label="授权组织" extra="授权覆盖该组织及其全部下级组织" {...zodItem(UserCreate, 'orgId', { select: true })}>
          <OrgSelect />
        </Form.Item>
        <Form.Item
          label="关联党员"
          extra="党员本人的账号：关联后可在“我的档案”查看本人信息、申请修改手机号；一人只能有一个账号"
          {...zodItem(UserCreate, 'personId')}
        >
          <PersonSelect />
        </Form.Item>
      </Form>
    </FormModal>
  )
}
