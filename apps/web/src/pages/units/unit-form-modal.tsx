import { API, UNIT_TYPE_CODES, UNIT_TYPES, UnitCreate, type UnitView } from '@xianfeng/contract'
import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { zodItem } from '../../lib/zod-form.ts'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { createBody, initialValues, updateBody, type UnitFormValues } from './unit-form-values.ts'
import { unitKeys } from './unit-queries.ts'

export type UnitFormTarget = { mode: 'create' } | { mode: 'edit'; unit: UnitView }

interface Props {
  target: UnitFormTarget | null
  onClose: () => void
}

const TYPE_OPTIONS = UNIT_TYPE_CODES.map((code) => ({ value: code, label: UNIT_TYPES[code] }))

/** Upper-case as typed: the contract upper-cases the code anyway, and the check reads easier. */
const upperCase = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value)

/** 登记单位 and 编辑单位: one form, checked in the browser with the contract's schema. */
export function UnitFormModal({ target: openTarget, onClose }: Props) {
  const target = useLastValue(openTarget)
  const editing = target?.mode === 'edit' ? target.unit : undefined
  const [form] = Form.useForm<UnitFormValues>()
  const hasInstructor = Form.useWatch('hasInstructor', form)

  const submit = async (values: UnitFormValues): Promise<UnitView> => {
    if (target!.mode === 'create') return (await api(API.units.create, { body: createBody(values) })).unit
    const body = updateBody(target!.unit, values)
    if (!body) return target!.unit
    return (await api(API.units.update, { params: { id: target!.unit.id }, body })).unit
  }

  return (
    <FormModal<UnitFormValues, UnitView>
      title={editing ? '编辑单位' : '登记单位'}
      open={openTarget !== null}
      onClose={onClose}
      okText={editing ? '保存' : '登记'}
      width={720}
      name="unit-form"
      form={form}
      initialValues={initialValues(editing)}
      onValuesChange={(changed: UnitFormValues) => {
        // The code is checked when the field is left; once it shows an error, re-check as it is corrected.
        if ('creditCode' in changed && form.getFieldError('creditCode').length > 0) {
          form.validateFields(['creditCode']).catch(() => undefined)
        }
      }}
      submit={submit}
      refresh={[unitKeys.all]}
      success={(unit) => (editing ? `已保存“${unit.name}”` : `已登记“${unit.name}”`)}
    >
      {target && (
        <>
          <Form.Item label="单位名称" {...zodItem(UnitCreate, 'name')}>
            <Input maxLength={100} placeholder="如：武汉顺达物流有限公司" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item
                label="统一社会信用代码"
                extra="选填；18 位数字和大写字母，末位为校验位"
                validateTrigger="onBlur"
                normalize={upperCase}
                {...zodItem(UnitCreate, 'creditCode')}
              >
                <Input maxLength={18} autoComplete="off" spellCheck={false} placeholder="如：91420102MA4KXXXXXX" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="单位类型" {...zodItem(UnitCreate, 'unitType', { select: true })}>
                <Select options={TYPE_OPTIONS} placeholder="请选择" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="属地党组织" extra="单位所在地的党组织" {...zodItem(UnitCreate, 'locatedOrgId', { select: true })}>
                <CurrentOrgSelect current={editing?.locatedOrg ?? null} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                label="覆盖该单位的党组织"
                extra="选填；单位已建立（或被联合、挂靠覆盖）的党组织，不填即未覆盖"
                {...zodItem(UnitCreate, 'coveringOrgId', { select: true })}
              >
                <CurrentOrgSelect current={editing?.coveringOrg ?? null} placeholder="未建立党组织时不填" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="从业人员数" {...zodItem(UnitCreate, 'employeeCount')}>
                <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} placeholder="如：40" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="已选派党建工作指导员" valuePropName="checked" {...zodItem(UnitCreate, 'hasInstructor')}>
                <Switch checkedChildren="是" unCheckedChildren="否" />
              </Form.Item>
            </Col>
            {hasInstructor && (
              <Col xs={24} sm={12}>
                <Form.Item label="党建工作指导员" {...zodItem(UnitCreate, 'instructorName')}>
                  <Input maxLength={50} placeholder="指导员姓名（选填）" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24}>
              <Form.Item label="地址" {...zodItem(UnitCreate, 'address')}>
                <Input maxLength={200} placeholder="选填" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </FormModal>
  )
}
