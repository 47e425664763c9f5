import { API, GrantCreate, type UserView } from '@xianfeng/contract'
import { Form, Typography } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { OrgSelect } from '../../components/org-select.tsx'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { accountKeys } from './account-queries.ts'
import { RoleSelect } from './role-select.tsx'

type GrantValues = Partial<Record<keyof GrantCreate, string>>

/** Grants one more role over an org subtree to an existing account. */
export function GrantAddModal({ user: openUser, onClose }: { user: UserView | null; onClose: () => void }) {
  const user = useLastValue(openUser)
  return (
    <FormModal<GrantValues, UserView>
      title="授权"
      open={openUser !== null}
      onClose={onClose}
      okText="确定"
      name="grant-add"
      submit={async (values) =>
        (await api(API.accounts.addGrant, { params: { id: user!.id }, body: formBody(GrantCreate, values) })).user
      }
      refresh={[accountKeys.users]}
      success={(updated) => `已为 ${updated.displayName} 授权`}
    >
      {user && (
        <>
          <Typography.Paragraph>
            为 <Typography.Text strong>{user.displayName}</Typography.Text>（{user.loginName}
            ）授予角色，授权覆盖所选组织及其全部下级组织。
          </Typography.Paragraph>
          <Form.Item label="角色" {...zodItem(GrantCreate, 'roleId', { select: true })}>
            <RoleSelect />
          </Form.Item>
          <Form.Item label="授权组织" {...zodItem(GrantCreate, 'orgId', { select: true })}>
            <OrgSelect />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
