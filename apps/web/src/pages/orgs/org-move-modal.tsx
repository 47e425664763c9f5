import { API, OrgMove, type OrgDetail } from '@xianfeng/contract'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Form, Typography } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { OrgSelect } from '../../components/org-select.tsx'
import { orgKeys } from '../../lib/org-queries.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { useTargetOrg } from './use-target-org.ts'

interface MoveValues {
  newParentId?: string
}

interface Props {
  org: OrgDetail | null
  onClose: () => void
}

const newParentItem = zodItem(OrgMove, 'newParentId', { select: true })

/** Why `target` cannot take `org` — the server's rules, checked early so the field says so at once. */
function refusal(org: OrgDetail, target: OrgDetail): string | undefined {
  if (target.id === org.id || target.ancestors.some((a) => a.id === org.id)) return '不能移到自己或自己的下级组织之下'
  if (target.status !== 'active') return `“${target.name}”已撤销，不能移入`
  if (target.id === org.parentId) return `“${org.name}”已经在“${target.name}”之下`
  return undefined
}

/** Moves an org, with its whole subtree, under another org of the scope. */
export function OrgMoveModal({ org: openOrg, onClose }: Props) {
  const org = useLastValue(openOrg)
  const [form] = Form.useForm<MoveValues>()
  const newParentId = Form.useWatch('newParentId', form)
  const queryClient = useQueryClient()
  const { rule: targetRule, confirmed: confirmTarget } = useTargetOrg(org, newParentId, refusal)
  const currentParent = org?.ancestors.at(-1)

  return (
    <FormModal<MoveValues, { org: OrgDetail; movedOrgs: number }>
      title="移动组织"
      open={openOrg !== null}
      onClose={onClose}
      okText="确定"
      name="org-move"
      form={form}
      submit={(values) => api(API.orgs.move, { params: { id: org!.id }, body: formBody(OrgMove, values) })}
      refresh={[orgKeys.all]}
      success={({ movedOrgs }) => `已移动 ${movedOrgs} 个组织`}
      onSaved={({ org: moved }) => queryClient.setQueryData(orgKeys.detail(moved.id), moved)}
    >
      {org && (
        <>
          <Typography.Paragraph>
            移动 <Typography.Text strong>{org.name}</Typography.Text>
            {currentParent && (
              <>
                ，现在的上级组织是 <Typography.Text strong>{currentParent.name}</Typography.Text>
              </>
            )}
            。
          </Typography.Paragraph>
          <Form.Item label="新的上级组织" {...newParentItem} rules={[...newParentItem.rules, targetRule]}>
            <OrgSelect />
          </Form.Item>
          {confirmTarget && (
            <Alert
              type="info"
              showIcon
              title={
                org.childCount > 0
                  ? `将把“${org.name}”及其全部下级组织移到“${confirmTarget.name}”之下`
                  : `将把“${org.name}”移到“${confirmTarget.name}”之下`
              }
              description={org.childCount > 0 ? `其中直属下级组织 ${org.childCount} 个，更下级的组织也一并移动。` : undefined}
            />
          )}
        </>
      )}
    </FormModal>
  )
}
