import { API, MERGEABLE_KINDS, ORG_KINDS, OrgMerge, type OrgDetail } from '@xianfeng/contract'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Form, Input, Typography } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { orgKeys } from '../../lib/org-queries.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { useTargetOrg } from './use-target-org.ts'
import { memberKeys } from '../members/member-queries.ts'

interface MergeValues {
  targetId?: string
  mergedOn?: string
  documentNo?: string
}

interface Props {
  org: OrgDetail | null
  onClose: () => void
  /** After the merge: the branch that took the members over. */
  onMerged: (target: OrgDetail) => void
}

const targetItem = zodItem(OrgMerge, 'targetId', { select: true })

/** Why `org` cannot be merged into `target` — the server's rules, checked early so the field says so at once. */
function refusal(org: OrgDetail, target: OrgDetail): string | undefined {
  if (target.id === org.id) return '不能并入自己'
  if (target.ancestors.some((a) => a.id === org.id)) return `并入的支部不能是“${org.name}”自己或它的下级组织`
  if (target.status !== 'active') return `“${target.name}”已撤销，不能接收`
  if (!MERGEABLE_KINDS.includes(target.kind)) return `“${target.name}”是${ORG_KINDS[target.kind]}，只能并入党支部或联合党支部`
  return undefined
}

/**
 * 合并支部: the branch goes into another one. Its members and child orgs move there and it is
 * dissolved on the merge date — one step on the server; the members' org history keeps both.
 */
export function OrgMergeModal({ org: openOrg, onClose, onMerged }: Props) {
  const org = useLastValue(openOrg)
  const [form] = Form.useForm<MergeValues>()
  const targetId = Form.useWatch('targetId', form)
  const queryClient = useQueryClient()
  const { rule: targetRule, confirmed } = useTargetOrg(org, targetId, refusal)

  const today = todayString()
  // The merge date cannot come before either branch existed.
  const earliest = [org?.establishedOn, confirmed?.establishedOn]
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1)

  return (
    <FormModal<MergeValues, { org: OrgDetail; target: OrgDetail; movedMembers: number }>
      title="合并支部"
      open={openOrg !== null}
      onClose={onClose}
      okText="合并"
      danger
      name="org-merge"
      form={form}
      initialValues={{ mergedOn: today }}
      submit={(values) => api(API.orgs.merge, { params: { id: org!.id }, body: formBody(OrgMerge, values) })}
      refresh={[orgKeys.all, memberKeys.all]}
      success={({ org: merged, target: into, movedMembers }) =>
        `已将“${merged.name}”并入“${into.name}”，转入 ${movedMembers} 名党员和入党申请人`
      }
      onSaved={({ org: merged, target: into }) => {
        queryClient.setQueryData(orgKeys.detail(merged.id), merged)
        queryClient.setQueryData(orgKeys.detail(into.id), into)
        onMerged(into)
      }}
    >
      {org && (
        <>
          <Typography.Paragraph>
            把 <Typography.Text strong>{org.name}</Typography.Text>
            并入另一个党支部。合并后本支部撤销，它的党员和入党申请人
            {org.childCount > 0 && '、党小组等下级组织'}
            一并转入；每人的组织关系记录保留合并前的归属。
          </Typography.Paragraph>
          <Form.Item label="并入的支部" {...targetItem} rules={[...targetItem.rules, targetRule]}>
            <OrgSelect placeholder="输入党支部名称查找" />
          </Form.Item>
          <Form.Item
            label="合并日期"
            {...zodItem(OrgMerge, 'mergedOn')}
            extra={earliest ? `不早于 ${earliest}（两个支部中较晚的成立日期）` : '这一天起，党员的组织关系在并入的支部'}
          >
            <DateStringPicker min={earliest} max={today} allowClear={false} />
          </Form.Item>
          <Form.Item label="文号" {...zodItem(OrgMerge, 'documentNo')}>
            <Input maxLength={100} placeholder="选填，如：组字〔2026〕5号" />
          </Form.Item>
          {confirmed && (
            <Alert
              type="warning"
              showIcon
              title={`将把“${org.name}”并入“${confirmed.name}”，并撤销“${org.name}”`}
              description={`${org.memberCount} 名党员和入党申请人的组织关系转入“${confirmed.name}”${
                org.childCount > 0 ? '，正常状态的下级组织一并移到它之下' : ''
              }。`}
            />
          )}
        </>
      )}
    </FormModal>
  )
}
