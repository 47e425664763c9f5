import {
  API,
  EDUCATION_LEVEL_OPTIONS,
  ETHNICITY_OPTIONS,
  GENDER_OPTIONS,
  MEMBER_DATE_LABELS,
  MemberCreate,
  MemberUpdate,
  genderCodeOf,
  parseIdNumber,
  type MemberDetail,
  type MemberStatus,
  type StageDateField,
} from '@xianfeng/contract'
import { Button, Checkbox, Col, Form, Input, Row, Select, type FormRule } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { useNavigate } from 'react-router'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { zodRule } from '../../lib/zod-form.ts'
import { CADRE_RANK_OPTIONS, STAGE_OPTIONS } from './member-labels.ts'
import {
  DATE_FIELDS,
  createBody,
  crossFieldIssues,
  dateFieldsFor,
  initialValues,
  requiredDateFields,
  updateBody,
  type MemberFormValues,
} from './member-form-values.ts'
import { memberKeys } from './member-queries.ts'

export type MemberFormTarget = { mode: 'create'; orgId?: string } | { mode: 'edit'; member: MemberDetail }

interface Props {
  target: MemberFormTarget | null
  onClose: () => void
}

type CreateField = keyof typeof MemberCreate.shape

const filterByLabel = (input: string, option?: { label: string }) => (option?.label ?? '').includes(input.trim())

/** 新增党员 and 编辑党员: every field checked in the browser with the contract's schema and cross-field rules. */
export function MemberFormModal({ target: openTarget, onClose }: Props) {
  const target = useLastValue(openTarget)
  const editing = target?.mode === 'edit' ? target.member : undefined
  const [form] = Form.useForm<MemberFormValues>()
  const navigate = useNavigate()

  const formStatus = Form.useWatch('status', form)
  const status: MemberStatus | undefined = editing ? editing.status : formStatus
  const idNumber = Form.useWatch('idNumber', form)
  const birthDate = Form.useWatch('birthDate', form)
  const gender = Form.useWatch('gender', form)
  const parsedId = idNumber ? parseIdNumber(idNumber) : undefined
  const canFill = parsedId?.ok === true && (!birthDate || !gender)

  const submit = async (values: MemberFormValues): Promise<MemberDetail> => {
    if (target!.mode === 'create') return (await api(API.members.create, { body: createBody(values) })).member
    const body = updateBody(target!.member, values)
    if (!body) return target!.member
    return (await api(API.members.update, { params: { personId: target!.member.personId }, body })).member
  }

  /** The contract's field schema, plus the cross-field rules that concern this field. */
  const rules = (field: CreateField, options: { select?: boolean } = {}): FormRule[] => {
    const base =
      editing && (field === 'idNumber' || field === 'phone')
        ? zodRule(MemberUpdate, field)
        : zodRule(MemberCreate, field, options)
    const cross: FormRule = {
      validator: () => {
        const issue = crossFieldIssues(form.getFieldsValue(true) as MemberFormValues, status).find((i) => i.field === field)
        return issue ? Promise.reject(new Error(issue.message)) : Promise.resolve()
      },
    }
    return [...base, cross]
  }

  const fillFromId = () => {
    if (!parsedId?.ok) return
    const next: MemberFormValues = {}
    if (!birthDate) next.birthDate = parsedId.birthDate
    if (!gender) next.gender = genderCodeOf(parsedId.gender)
    form.setFieldsValue(next)
    form.validateFields(['birthDate', 'gender']).catch(() => undefined)
  }

  const dateFields = dateFieldsFor(status)
  const required = requiredDateFields(status)
  const dateItem = (field: StageDateField) => (
    <Col xs={24} sm={12} key={field}>
      <Form.Item
        label={MEMBER_DATE_LABELS[field]}
        name={field}
        required={required.includes(field)}
        rules={rules(field)}
        dependencies={['status', ...DATE_FIELDS.filter((f) => f !== field)]}
      >
        <DateStringPicker max={todayString()} />
      </Form.Item>
    </Col>
  )

  return (
    <FormModal<MemberFormValues, MemberDetail>
      title={editing ? '编辑党员' : '新增党员'}
      open={openTarget !== null}
      onClose={onClose}
      okText={editing ? '保存' : '新增'}
      width={760}
      name="member-form"
      form={form}
      initialValues={{
        ...initialValues(editing),
        ...(target?.mode === 'create' && target.orgId ? { orgId: target.orgId } : {}),
      }}
      submit={submit}
      refresh={[memberKeys.all]}
      success={(member) => (editing ? `已保存“${member.name}”` : `已新增“${member.name}”`)}
      onSaved={(member) => {
        if (!editing) void navigate(`/members/${member.personId}`)
      }}
    >
      {target && (
        <>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="姓名" name="name" required rules={rules('name')}>
                <Input maxLength={50} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                label="身份证号"
                name="idNumber"
                required={!editing}
                rules={rules('idNumber')}
                validateTrigger="onBlur"
                extra={
                  <>
                    {editing?.idNumber && <div>当前：{editing.idNumber}（不修改请留空）</div>}
                    {canFill && (
                      <Button type="link" size="small" style={{ padding: 0 }} onClick={fillFromId}>
                        根据身份证号填写出生日期和性别
                      </Button>
                    )}
                  </>
                }
              >
                <Input
                  maxLength={18}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={editing ? '不修改请留空' : '18 位身份证号'}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                label="性别"
                name="gender"
                required
                rules={rules('gender', { select: true })}
                dependencies={['idNumber']}
              >
                <Select options={GENDER_OPTIONS} placeholder="请选择" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="出生日期" name="birthDate" required rules={rules('birthDate')} dependencies={['idNumber']}>
                <DateStringPicker max={todayString()} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="民族" name="ethnicity" required rules={rules('ethnicity', { select: true })}>
                <Select options={ETHNICITY_OPTIONS} placeholder="请选择" showSearch={{ filterOption: filterByLabel }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                label="手机号"
                name="phone"
                rules={rules('phone')}
                validateTrigger="onBlur"
                extra={editing?.phone ? `当前：${editing.phone}（不修改请留空）` : undefined}
              >
                <Input maxLength={20} autoComplete="off" inputMode="tel" placeholder={editing ? '不修改请留空' : '选填'} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="学历" name="education" required rules={rules('education', { select: true })}>
                <Select options={EDUCATION_LEVEL_OPTIONS} placeholder="请选择" showSearch={{ filterOption: filterByLabel }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="职业" name="occupation" rules={rules('occupation')}>
                <Input maxLength={50} placeholder="选填" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="工作单位" name="workUnit" rules={rules('workUnit')}>
                <Input maxLength={100} placeholder="选填" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="职务" name="post" rules={rules('post')}>
                <Input maxLength={50} placeholder="选填" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="领导干部级别" name="cadreRank" rules={rules('cadreRank', { select: true })}>
                <Select options={CADRE_RANK_OPTIONS} placeholder="不是领导干部时不填" allowClear />
              </Form.Item>
            </Col>
            {!editing && (
              <>
                <Col xs={24} sm={12}>
                  <Form.Item label="所在组织" name="orgId" required rules={rules('orgId', { select: true })}>
                    <OrgSelect />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item label="状态" name="status" required rules={rules('status', { select: true })}>
                    <Select options={STAGE_OPTIONS} placeholder="请选择" showSearch={{ filterOption: filterByLabel }} />
                  </Form.Item>
                </Col>
              </>
            )}
            {dateFields.map(dateItem)}
            <Col xs={24}>
              <Form.Item label="其他情况" style={{ marginBottom: 0 }}>
                <Row>
                  <Col xs={24} sm={8}>
                    <Form.Item name="isInDifficulty" valuePropName="checked" noStyle>
                      <Checkbox>生活困难</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item name="isLostContact" valuePropName="checked" noStyle>
                      <Checkbox>失去联系</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item name="isMobile" valuePropName="checked" noStyle>
                      <Checkbox>流动党员</Checkbox>
                    </Form.Item>
                  </Col>
                </Row>
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </FormModal>
  )
}
