import { AUDIT_ACTIONS, AuditFilter } from '@xianfeng/contract'
import { Button, Col, DatePicker, Form, Input, Row, Select, Space, Typography, type FormRule, type GetProps } from 'antd'
import { zodItem } from '../../lib/zod-form.ts'

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value']

interface FilterValues {
  action?: string
  actor?: string
  entityId?: string
  range?: RangeValue
}

const ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))

/** Whole days in the browser's time zone, sent as ISO 8601 with the offset (`2024-05-01T00:00:00+08:00`). */
function rangeBounds(range: RangeValue): { from?: string; to?: string } {
  const [start, end] = range ?? []
  return {
    from: start ? start.startOf('day').format() : undefined,
    to: end ? end.endOf('day').format() : undefined,
  }
}

function toFilter(values: FilterValues): AuditFilter {
  return AuditFilter.parse({
    action: values.action || undefined,
    actor: values.actor?.trim() || undefined,
    entityId: values.entityId?.trim() || undefined,
    ...rangeBounds(values.range),
  })
}

/** The range becomes `from`/`to`; check both with the contract's schema like any other field. */
const rangeRule: FormRule = {
  validator: (_rule, value: RangeValue) => {
    const { from, to } = rangeBounds(value)
    const result = AuditFilter.pick({ from: true, to: true }).safeParse({ from, to })
    return result.success ? Promise.resolve() : Promise.reject(new Error(result.error.issues[0]?.message ?? '时间范围不正确'))
  },
}

export function AuditFilterForm({ onSearch }: { onSearch: (filter: AuditFilter) => void }) {
  const [form] = Form.useForm<FilterValues>()
  return (
    <Form<FilterValues>
      form={form}
      name="audit-filter"
      layout="vertical"
      onFinish={(values) => onSearch(toFilter(values))}
      onReset={() => onSearch({})}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item label="操作" {...zodItem(AuditFilter, 'action')}>
            <Select
              allowClear
              placeholder="全部操作"
              options={ACTION_OPTIONS}
              showSearch={{ optionFilterProp: ['label', 'value'] }}
              optionRender={(option) => (
                <div>
                  <div>{option.label}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {option.value}
                  </Typography.Text>
                </div>
              )}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={5}>
          <Form.Item label="操作人" {...zodItem(AuditFilter, 'actor')}>
            <Input allowClear maxLength={64} placeholder="登录名" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={5}>
          <Form.Item label="对象编号" {...zodItem(AuditFilter, 'entityId')}>
            <Input allowClear maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Form.Item label="时间范围" name="range" rules={[rangeRule]}>
            <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />
          </Form.Item>
        </Col>
      </Row>
      <Space wrap style={{ marginBottom: 8 }}>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
        <Button htmlType="reset">重置</Button>
      </Space>
    </Form>
  )
}
