import { API, holdsMembers, ORG_KINDS, OrgDissolve, type OrgDetail } from '@xianfeng/contract'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Form, Input, Typography, type FormRule } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { orgKeys } from '../../lib/org-queries.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { useTargetOrg } from './use-target-org.ts'
import { memberKeys } from '../members/member-queries.ts'

interface DissolveValues {
  dissolvedOn?: string
  reason?: string
  receivingOrgId?: string
  documentNo?: string
}

interface Props {
  org: OrgDetail | null
  onClose: () => void
}

const receivingItem = zodItem(OrgDissolve, 'receivingOrgId', { select: true })

/** Why `to` cannot take over from `org` — the server's rules, checked early so the field says so at once. */
function refusal(org: OrgDetail, to: OrgDetail): string | undefined {
  if (to.id === org.id || to.ancestors.some((a) => a.id === org.id)) return `接收组织不能是“${org.name}”自己或它的下级组织`
  if (to.status !== 'active') return `“${to.name}”已撤销，不能接收`
  if (org.memberCount > 0 && !holdsMembers(to))
    return `“${to.name}”是${ORG_KINDS[to.kind]}，不能接收党员的组织关系，请选择基层党委、党总支、党支部或联合党支部`
  return undefined
}

/**
 * Dissolves an org. Its members and active child orgs, if any, go to a receiving org in the same
 * step; without one the server refuses while either remains, and the modal shows why.
 */
export function OrgDissolveModal({ org: openOrg, onClose }: Props) {
  const org = useLastValue(openOrg)
  const [form] = Form.useForm<DissolveValues>()
  const receivingOrgId = Form.useWatch('receivingOrgId', form)
  const queryClient = useQueryClient()
  const { target: receiving, rule: receivingRule } = useTargetOrg(org, receivingOrgId, refusal)

  const receivingRules: FormRule[] = [
    // Needed while people would be left behind; child orgs the server counts (only active ones matter).
    ...(org && org.memberCount > 0
      ? receivingItem.rules.concat({ required: true, message: '请选择接收组织' })
      : receivingItem.rules),
    receivingRule,
  ]

  const today = todayString()
  const hasPeople = (org?.memberCount ?? 0) > 0
  const hasChildren = (org?.childCount ?? 0) > 0
  const confirmed = receiving.data && org && !refusal(org, receiving.data) ? receiving.data : undefined

  return (
    <FormModal<DissolveValues, { org: OrgDetail; movedMembers: number; movedOrgs: number }>
      title="撤销组织"
      open={openOrg !== null}
      onClose={onClose}
      okText="确定"
      danger
      name="org-dissolve"
      form={form}
      initialValues={{ dissolvedOn: today }}
      submit={(values) => api(API.orgs.dissolve, { params: { id: org!.id }, body: formBody(OrgDissolve, values) })}
      refresh={[orgKeys.all, ...(hasPeople ? [memberKeys.all] : [])]}
      success={({ org: dissolved, movedMembers, movedOrgs }) => {
        const moved = [movedMembers > 0 && `${movedMembers} 名党员和入党申请人`, movedOrgs > 0 && `${movedOrgs} 个组织`].filter(
          Boolean,
        )
        return `已撤销“${dissolved.name}”${moved.length ? `，${moved.join('和')}已转入接收组织` : ''}`
      }}
      onSaved={({ org: dissolved }) => queryClient.setQueryData(orgKeys.detail(dissolved.id), dissolved)}
    >
      {org && (
        <>
          <Typography.Paragraph>
            撤销 <Typography.Text strong>{org.name}</Typography.Text>。撤销后该组织不能再修改，也不能在其下新建组织。
          </Typography.Paragraph>
          {(hasPeople || hasChildren) && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={
                hasPeople
                  ? `本组织还有 ${org.memberCount} 名党员和入党申请人，须选择接收组织`
                  : '本组织有下级组织：正常状态的下级组织须移走，或选择接收组织'
              }
              description={
                hasPeople
                  ? `他们的组织关系在撤销日期转入接收组织，此前在本组织的记录保留不变${hasChildren ? '；正常状态的下级组织一并移到接收组织之下' : ''}。`
                  : '选择接收组织后，正常状态的下级组织在撤销的同时移到它之下。'
              }
            />
          )}
          <Form.Item
            label="撤销日期"
            {...zodItem(OrgDissolve, 'dissolvedOn')}
            extra={org.establishedOn ? `不早于成立日期 ${org.establishedOn}` : undefined}
          >
            <DateStringPicker min={org.establishedOn ?? undefined} max={today} allowClear={false} />
          </Form.Item>
          <Form.Item label="撤销原因" {...zodItem(OrgDissolve, 'reason')}>
            <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 6 }} placeholder="如：所在企业注销" />
          </Form.Item>
          {(hasPeople || hasChildren) && (
            <>
              <Form.Item
                label="接收组织"
                {...receivingItem}
                required={hasPeople}
                rules={receivingRules}
                extra={hasPeople ? '接收党员的须是基层党委、党总支、党支部或联合党支部' : undefined}
              >
                <OrgSelect />
              </Form.Item>
              <Form.Item label="文号" {...zodItem(OrgDissolve, 'documentNo')}>
                <Input maxLength={100} placeholder="选填，记入每人的组织关系记录" />
              </Form.Item>
            </>
          )}
          {confirmed && (
            <Alert
              type="info"
              showIcon
              title={`将在撤销的同时转入“${confirmed.name}”`}
              description={hasPeople ? `${org.memberCount} 名党员和入党申请人的组织关系转入该组织。` : undefined}
            />
          )}
        </>
      )}
    </FormModal>
  )
}
