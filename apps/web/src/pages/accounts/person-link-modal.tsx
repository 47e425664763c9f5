import { API, PersonLink, type UserView } from '@xianfeng/contract'
import { Form, Typography } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { accountKeys } from './account-queries.ts'
import { PersonSelect } from './person-select.tsx'

type Values = Partial<Record<keyof PersonLink, string>>

/** Links an existing account to the person it belongs to (member self-service). */
export function PersonLinkModal({ user: openUser, onClose }: { user: UserView | null; onClose: () => void }) {
  const user = useLastValue(openUser)
  return (
    <FormModal<Values, UserView>
      title="关联党员档案"
      open={openUser !== null}
      onClose={onClose}
      okText="关联"
      name="person-link"
      submit={async (values) =>
        (await api(API.accounts.linkPerson, { params: { id: user!.id }, body: formBody(PersonLink, values) })).user
      }
      refresh={[accountKeys.users]}
      success={(updated) => `${updated.displayName} 已关联党员档案“${updated.person?.name ?? ''}”`}
    >
      {user && (
        <>
          <Typography.Paragraph>
            把 <Typography.Text strong>{user.displayName}</Typography.Text>（{user.loginName}
            ）关联到本人的党员档案。关联后可在“我的档案”查看本人信息、申请修改手机号；一人只能有一个账号。
          </Typography.Paragraph>
          <Form.Item label="党员" {...zodItem(PersonLink, 'personId', { select: true })}>
            <PersonSelect />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
