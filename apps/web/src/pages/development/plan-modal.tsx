import { API, PLAN_CATEGORIES, PLAN_CATEGORY_CODES, PlanInput, type Dashboard, type PlanCategory } from '@xianfeng/contract'
import { Flex, Form, Input, InputNumber, Typography } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { api } from '../../api.ts'
import { developmentKeys } from './development-queries.ts'

type PlanValues = { orgId?: string; year?: number; note?: string } & Partial<Record<PlanCategory, number | null>>

/**
 * 年度发展计划: the total and the quota of each category for one org and year. A category left blank
 * keeps what was planned before; the server refuses a category above the total, naming it.
 */
export function PlanModal({ dashboard, open, onClose }: { dashboard: Dashboard; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<PlanValues>()
  const submit = async (v: PlanValues) => {
    const quotas = PLAN_CATEGORY_CODES.flatMap((category) => {
      const planned = v[category]
      return planned === undefined || planned === null ? [] : [{ category, planned }]
    })
    return api(API.development.savePlan, { body: formBody(PlanInput, { orgId: v.orgId, year: v.year, quotas, note: v.note }) })
  }
  const initial: PlanValues = {
    orgId: dashboard.org.id,
    year: dashboard.year,
    ...Object.fromEntries(dashboard.quotas.map((q) => [q.category, q.planned ?? undefined])),
  }
  return (
    <FormModal
      title="年度发展计划"
      open={open}
      onClose={onClose}
      form={form}
      name="development-plan"
      okText="保存"
      width={560}
      initialValues={initial}
      submit={submit}
      refresh={[developmentKeys.all]}
      success={(d) => `已保存${d.org.name} ${d.year} 年度发展计划`}
    >
      {open && (
        <>
          <Form.Item label="组织" {...zodItem(PlanInput, 'orgId', { select: true })}>
            <OrgSelect />
          </Form.Item>
          <Form.Item label="年度" {...zodItem(PlanInput, 'year')}>
            <InputNumber precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item label="指标（人）" required extra="类别指标不能多于发展总数；不填的类别保持原计划">
            <Flex gap={12} wrap>
              {PLAN_CATEGORY_CODES.map((c) => (
                <Form.Item key={c} label={PLAN_CATEGORIES[c]} name={c} style={{ marginBottom: 0 }}>
                  <InputNumber min={0} precision={0} aria-label={PLAN_CATEGORIES[c]} />
                </Form.Item>
              ))}
            </Flex>
          </Form.Item>
          <Form.Item label="说明" {...zodItem(PlanInput, 'note')}>
            <Input maxLength={200} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            完成数按上级党委审批接收为预备党员（第 17 步）的人数计。
          </Typography.Text>
        </>
      )}
    </FormModal>
  )
}
