import { API, RuleOverrideCreate, type RuleInfo, type RuleOverrideView } from '@xianfeng/contract'
import { Form, Input, InputNumber, Typography } from 'antd'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { zodItem } from '../../lib/zod-form.ts'

const EndBody = API.rules.endOverride.body

interface CreateValues {
  orgId?: string
  params: Record<string, number | null>
  reason?: string
  effectiveFrom?: string
}

/** 新增参数调整: an org and everything under it gets other parameter values from a day on. */
export function OverrideCreateModal({ rule: open, onClose }: { rule: RuleInfo | null; onClose: () => void }) {
  const rule = useLastValue(open)
  return (
    <FormModal<CreateValues, RuleOverrideView>
      title="新增参数调整"
      open={open !== null}
      onClose={onClose}
      okText="保存"
      width={560}
      name="override-form"
      initialValues={
        rule ? { params: Object.fromEntries(rule.params.map((p) => [p.key, null])), effectiveFrom: todayString() } : undefined
      }
      submit={async (values) => {
        const params = Object.fromEntries(
          Object.entries(values.params).filter((e): e is [string, number] => typeof e[1] === 'number'),
        )
        return (
          await api(API.rules.createOverride, {
            params: { ruleId: rule!.id },
            body: {
              orgId: values.orgId ?? '',
              params,
              reason: (values.reason ?? '').trim(),
              effectiveFrom: values.effectiveFrom ?? '',
            },
          })
        ).override
      }}
      refresh={[['compliance'], ['rules']]}
      success={(override) => `已为“${override.org.name}”调整参数，达标情况将重新计算`}
    >
      {rule && (
        <>
          <Typography.Paragraph type="secondary">
            “{rule.title}”：调整对所选组织及其全部下级组织生效，取代该组织现行的调整；下级组织另有调整的，以下级的为准。
          </Typography.Paragraph>
          <Form.Item label="适用组织" {...zodItem(RuleOverrideCreate, 'orgId', { select: true })}>
            <OrgSelect />
          </Form.Item>
          {rule.params.map((p) => (
            <Form.Item
              key={p.key}
              label={`${p.label}（${p.unit}）`}
              name={['params', p.key]}
              extra={`默认 ${p.default} ${p.unit}，可在 ${p.min}–${p.max} 之间`}
              rules={[
                { required: true, message: `请填写${p.label}` },
                { type: 'number', min: p.min, max: p.max, message: `${p.label}应在 ${p.min}–${p.max} ${p.unit}之间` },
              ]}
            >
              <InputNumber style={{ width: '100%' }} placeholder={`如：${p.default}`} />
            </Form.Item>
          ))}
          <Form.Item label="调整理由" {...zodItem(RuleOverrideCreate, 'reason')}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} placeholder="如：全市推行每月两次主题党日" />
          </Form.Item>
          <Form.Item label="生效日期" {...zodItem(RuleOverrideCreate, 'effectiveFrom', { select: true })}>
            <DateStringPicker />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

/** 结束: from that day on, the org's parent's (or the registry's) values apply again. */
export function OverrideEndModal({ override: open, onClose }: { override: RuleOverrideView | null; onClose: () => void }) {
  const override = useLastValue(open)
  return (
    <FormModal<{ endedOn?: string }, RuleOverrideView>
      title="结束参数调整"
      open={open !== null}
      onClose={onClose}
      okText="结束"
      danger
      name="override-end"
      initialValues={{ endedOn: todayString() }}
      submit={async (v) =>
        (await api(API.rules.endOverride, { params: { id: override!.id }, body: { endedOn: v.endedOn ?? '' } })).override
      }
      refresh={[['compliance'], ['rules']]}
      success={(ended) => `“${ended.org.name}”的参数调整自 ${ended.endedOn ?? ''} 起结束`}
    >
      {override && (
        <>
          <Typography.Paragraph>
            “{override.org.name}”自 {override.effectiveFrom} 起的调整，结束后恢复上级组织的调整或注册表的默认值。
          </Typography.Paragraph>
          <Form.Item label="结束日期" extra="这一天起不再适用" {...zodItem(EndBody, 'endedOn', { select: true })}>
            <DateStringPicker />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
