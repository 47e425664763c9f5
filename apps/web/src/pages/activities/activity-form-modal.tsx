import { DeleteOutlined } from '@ant-design/icons'
import {
  API,
  ActivityCreate,
  PRESENCE_CODES,
  PRESENCES,
  type ActivityKind,
  type ActivityView,
  type Presence,
} from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Col, Empty, Form, Input, InputNumber, Row, Select, Spin, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { api } from '../../api.ts'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { orgDetailQuery } from '../../lib/org-queries.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { zodItem } from '../../lib/zod-form.ts'
import { activityKeys, KIND_OPTIONS, rosterQuery } from './activity-queries.ts'

export type ActivityFormTarget =
  { mode: 'create'; orgId: string | undefined; kinds: ActivityKind[] } | { mode: 'edit'; activity: ActivityView }

interface AttendanceRow {
  personId: string
  name: string
  presence: Presence
  absenceReason?: string | null
}

interface Values {
  orgId?: string
  kinds: ActivityKind[]
  heldOn?: string
  hours?: number | null
  topic?: string
  speakerPersonId?: string | null
  speakerName?: string | null
  location?: string | null
  minutes?: string | null
  attendance: AttendanceRow[]
}

const PRESENCE_OPTIONS = PRESENCE_CODES.map((code) => ({ value: code, label: PRESENCES[code] }))
const blank = (s: string | null | undefined) => (s && s.trim() !== '' ? s.trim() : null)

function initialValues(target: ActivityFormTarget): Values {
  if (target.mode === 'create') return { orgId: target.orgId, kinds: target.kinds, heldOn: todayString(), attendance: [] }
  const a = target.activity
  return {
    orgId: a.org.id,
    kinds: a.kinds,
    heldOn: a.heldOn,
    hours: a.hours,
    topic: a.topic,
    speakerPersonId: a.speakerPersonId,
    speakerName: a.speakerName,
    location: a.location,
    minutes: a.minutes,
    attendance: a.attendance.map((x) => ({ ...x })),
  }
}

function toBody(values: Values) {
  return {
    kinds: values.kinds,
    heldOn: values.heldOn ?? '',
    hours: values.hours ?? null,
    topic: (values.topic ?? '').trim(),
    speakerPersonId: values.speakerPersonId ?? null,
    speakerName: blank(values.speakerName),
    location: blank(values.location),
    minutes: blank(values.minutes),
    attendance: (values.attendance ?? []).map((x) => ({
      personId: x.personId,
      presence: x.presence,
      absenceReason: x.presence === 'absent' ? blank(x.absenceReason) : null,
    })),
  }
}

/** 登记 and 修改 one record of organizational life, with the attendance of everyone on the roster. */
export function ActivityFormModal({
  target: openTarget,
  onClose,
  onSaved,
}: {
  target: ActivityFormTarget | null
  onClose: () => void
  onSaved?: (activity: ActivityView) => void
}) {
  const target = useLastValue(openTarget)
  const [form] = Form.useForm<Values>()

  const submit = async (values: Values) => {
    // The roster's rows are not inputs of their own: take the whole list as it stands.
    const body = toBody({ ...values, attendance: form.getFieldValue('attendance') as AttendanceRow[] })
    if (target!.mode === 'create')
      return (await api(API.activities.create, { body: { ...body, orgId: values.orgId ?? '' } })).activity
    return (await api(API.activities.update, { params: { id: target!.activity.id }, body })).activity
  }

  const isEdit = target?.mode === 'edit'
  return (
    <FormModal<Values, ActivityView>
      title={isEdit ? '修改组织生活记录' : '登记组织生活'}
      open={openTarget !== null}
      onClose={onClose}
      okText={isEdit ? '保存' : '登记'}
      width={820}
      name="activity-form"
      form={form}
      initialValues={target ? initialValues(target) : undefined}
      submit={submit}
      refresh={[activityKeys.all, ['compliance']]}
      success={(activity) => (isEdit ? `已保存“${activity.topic}”` : `已登记“${activity.topic}”`)}
      {...(onSaved && { onSaved })}
    >
      {target && <ActivityFields target={target} />}
    </FormModal>
  )
}

function ActivityFields({ target }: { target: ActivityFormTarget }) {
  const form = Form.useFormInstance<Values>()
  const orgId = Form.useWatch('orgId', form)
  const speakerPersonId = Form.useWatch('speakerPersonId', form)
  const presetOrg = useQuery({
    ...orgDetailQuery(target.mode === 'create' ? (target.orgId ?? '') : ''),
    enabled: target.mode === 'create' && target.orgId !== undefined,
  })
  const roster = useQuery({ ...rosterQuery(orgId ?? ''), enabled: !!orgId })
  // The roster fills the attendance once per org chosen, everyone 出席 to begin with.
  const [filledFor, setFilledFor] = useState<string | undefined>(target.mode === 'edit' ? target.activity.org.id : undefined)
  useEffect(() => {
    if (!orgId || filledFor === orgId || !roster.data || roster.isPlaceholderData) return
    form.setFieldValue(
      'attendance',
      roster.data.map((p) => ({ personId: p.personId, name: p.name, presence: 'present', absenceReason: null })),
    )
    setFilledFor(orgId)
  }, [orgId, filledFor, roster.data, roster.isPlaceholderData, form])

  const speakerOptions = (roster.data ?? []).map((p) => ({ value: p.personId, label: p.name }))
  if (
    target.mode === 'edit' &&
    target.activity.speakerPersonId &&
    !speakerOptions.some((o) => o.value === target.activity.speakerPersonId)
  )
    speakerOptions.unshift({ value: target.activity.speakerPersonId, label: target.activity.speaker ?? '' })

  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        {target.mode === 'edit' ? (
          <Form.Item label="组织">
            <Input readOnly value={target.activity.org.name} />
          </Form.Item>
        ) : (
          <Form.Item label="组织" {...zodItem(ActivityCreate, 'orgId', { select: true })}>
            <CurrentOrgSelect
              current={presetOrg.data ? { id: presetOrg.data.id, name: presetOrg.data.name } : null}
              placeholder="输入组织名称查找"
            />
          </Form.Item>
        )}
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="活动日期" {...zodItem(ActivityCreate, 'heldOn', { select: true })}>
          <DateStringPicker max={todayString()} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item
          label="活动类型"
          extra="一次活动可以同时属于几种类型：例如主题党日同时作为本月的学习日，两项都选，这一条记录就同时计入两条规则。"
          {...zodItem(ActivityCreate, 'kinds', { select: true })}
        >
          <Select mode="multiple" options={KIND_OPTIONS} placeholder="请选择（可多选）" optionFilterProp="label" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={16}>
        <Form.Item label="主题" {...zodItem(ActivityCreate, 'topic')}>
          <Input maxLength={200} placeholder="如：学习党的二十届四中全会精神" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item label="计入学时" extra="选填；最多 1 位小数" {...zodItem(ActivityCreate, 'hours')}>
          <InputNumber min={0} max={24} step={0.5} style={{ width: '100%' }} placeholder="如：2" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          label="主讲人"
          extra="本组织的人员从名单中选"
          {...zodItem(ActivityCreate, 'speakerPersonId', { select: true })}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={speakerOptions}
            placeholder={orgId ? '选填；输入姓名查找' : '请先选择组织'}
            onChange={(v: string | undefined) => {
              if (v) form.setFieldValue('speakerName', null)
            }}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          label="主讲人姓名"
          extra="不在名单中的主讲人（如上级领导、宣讲团成员）填写姓名；党课必须有主讲人"
          {...zodItem(ActivityCreate, 'speakerName')}
        >
          <Input maxLength={50} disabled={!!speakerPersonId} placeholder={speakerPersonId ? '已从名单中选择' : '选填'} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item label="地点" {...zodItem(ActivityCreate, 'location')}>
          <Input maxLength={100} placeholder="选填；如：党员活动室" />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item label="会议记录" {...zodItem(ActivityCreate, 'minutes')}>
          <Input.TextArea
            maxLength={20000}
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder="选填；议程、学习内容、决定事项等"
          />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <AttendanceList loading={roster.isFetching} hasOrg={!!orgId} />
      </Col>
    </Row>
  )
}

function AttendanceList({ loading, hasOrg }: { loading: boolean; hasOrg: boolean }) {
  const form = Form.useFormInstance<Values>()
  const attendance = Form.useWatch('attendance', form) ?? []
  const present = attendance.filter((a) => a.presence !== 'absent').length
  return (
    <Form.Item
      label={`出席情况（出席和线上参加 ${present} 人，缺席 ${attendance.length - present} 人）`}
      extra="名单取自本组织的党员和入党积极分子等，默认全部出席；缺席的请选“缺席”并填写原因，未到也未请假的可从名单中移除。"
    >
      <Spin spinning={loading} delay={150}>
        <Form.List name="attendance">
          {(fields, { remove }) =>
            fields.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={hasOrg ? '名单中没有人员' : '选择组织后列出名单'} />
            ) : (
              <div role="list" aria-label="出席名单" style={{ maxHeight: 360, overflowY: 'auto' }}>
                {fields.map((field) => (
                  <AttendanceRowItem key={field.key} index={field.name} onRemove={() => remove(field.name)} />
                ))}
              </div>
            )
          }
        </Form.List>
      </Spin>
    </Form.Item>
  )
}

function AttendanceRowItem({ index, onRemove }: { index: number; onRemove: () => void }) {
  const form = Form.useFormInstance<Values>()
  const name = form.getFieldValue(['attendance', index, 'name']) as string
  const presence = Form.useWatch(['attendance', index, 'presence'], form) as Presence | undefined
  return (
    <div
      role="listitem"
      aria-label={name}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 8,
        alignItems: 'flex-start',
        padding: '6px 0',
        borderBottom: '1px solid rgba(5,5,5,0.06)',
      }}
    >
      <Typography.Text style={{ width: 72, lineHeight: '32px' }} ellipsis>
        {name}
      </Typography.Text>
      <Form.Item name={[index, 'presence']} noStyle>
        <Select aria-label={`${name}的出席情况`} options={PRESENCE_OPTIONS} style={{ width: 112 }} />
      </Form.Item>
      {presence === 'absent' && (
        <Form.Item
          name={[index, 'absenceReason']}
          style={{ flex: 1, minWidth: 160, marginBottom: 0 }}
          rules={[
            { required: true, whitespace: true, message: '缺席的人员请填写缺席原因' },
            { max: 100, message: '缺席原因不能超过 100 个字符' },
          ]}
        >
          <Input aria-label={`${name}的缺席原因`} maxLength={100} placeholder="缺席原因，如：因病请假" />
        </Form.Item>
      )}
      <Button
        type="text"
        aria-label={`从名单中移除${name}`}
        title="从名单中移除"
        icon={<DeleteOutlined />}
        onClick={onRemove}
        style={{ marginLeft: 'auto' }}
      />
    </div>
  )
}
