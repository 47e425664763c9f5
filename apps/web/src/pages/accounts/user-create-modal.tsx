import { API, UserCreate, type UserView } from '@xianfeng/contract'
import { Form, Input } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { OrgSelect } from '../../components/org-select.tsx'
import { formBody, zodItem } from '../../lib/zod-form.ts'
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
  return (
    <FormModal<UserCreateValues, { user: UserView; initialPassword: string }>
      title="新建账号"
      open={open}
      onClose={onClose}
      okText="创建"
      name="user-create"
      submit={(values) => api(API.accounts.createUser, { body: formBody(UserCreate, values) })}
      refresh={[accountKeys.users]}
      onSaved={onCreated}
    >
      <>
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
      </>
    </FormModal>
  )
}
