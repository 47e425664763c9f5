import {
  API,
  StudyPlanUpsert,
  TRAINING_FIELD_CODES,
  TRAINING_FIELDS,
  TRAINING_LEVEL_CODES,
  TRAINING_LEVELS,
  TrainingPlanInput,
  type StudyPlanView,
  type TrainingPlanView,
} from '@xianfeng/contract'
import { Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd'
import { api } from '../../api.ts'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { MemberSelect } from '../members/member-select.tsx'
import { FixedValue } from './fixed-value.tsx'
import { studyKeys, thisYear } from './study-queries.ts'

type PlanValues = Partial<StudyPlanUpsert> & { owner: 'org' | 'person' }

export type PlanTarget = { mode: 'create' } | { mode: 'edit'; plan: StudyPlanView }

/** 学习计划: an org's plan for the year, or a member's own; one of each a year, saved in place. */
export function StudyPlanModal({ target: openTarget, onClose }: { target: PlanTarget | null; onClose: () => void }) {
  const target = useLastValue(openTarget)
  const editing = target?.mode === 'edit' ? target.plan : undefined
  const [form] = Form.useForm<PlanValues>()
  const owner = Form.useWatch('owner', form)
  const orgId = Form.useWatch('orgId', form)
  return (
    <FormModal<PlanValues, StudyPlanView>
      title={editing ? '修改学习计划' : '制定学习计划'}
      open={openTarget !== null}
      onClose={onClose}
      okText="保存"
      width={680}
      name="study-plan"
      form={form}
      onValuesChange={(changed: Partial<PlanValues>) => {
        if ('orgId' in changed) form.setFieldValue('personId', undefined)
      }}
      submit={async ({ owner: kind, ...values }) =>
        (
          await api(API.studyPlans.saveStudyPlan, {
            body: formBody(StudyPlanUpsert, { ...values, personId: kind === 'person' ? values.personId : undefined }),
          })
        ).plan
      }
      refresh={[studyKeys.plans]}
      success={(p) => `已保存“${p.title}”`}
      initialValues={
        editing
          ? {
              owner: editing.person ? 'person' : 'org',
              orgId: editing.org.id,
              personId: editing.person?.id ?? null,
              year: editing.year,
              title: editing.title,
              content: editing.content,
            }
          : { owner: 'org', year: thisYear() }
      }
    >
      {target && (
        <>
          <Form.Item label="计划类型" name="owner">
            <Radio.Group
              disabled={!!editing}
              options={[
                { value: 'org', label: '组织的学习计划' },
                { value: 'person', label: '党员个人学习计划' },
              ]}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="组织" {...zodItem(StudyPlanUpsert, 'orgId', { select: true })}>
                {editing ? <FixedValue text={editing.org.name} /> : <OrgSelect />}
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="年度" {...zodItem(StudyPlanUpsert, 'year')}>
                <InputNumber precision={0} style={{ width: '100%' }} disabled={!!editing} />
              </Form.Item>
            </Col>
          </Row>
          {owner === 'person' && (
            <Form.Item
              label="党员"
              name="personId"
              rules={[{ required: true, message: '请选择党员' }]}
              extra={editing ? undefined : orgId ? '该组织（含下级组织）的党员' : '请先选择组织'}
            >
              {editing?.person ? (
                <FixedValue text={editing.person.name} />
              ) : orgId ? (
                <MemberSelect key={orgId} orgId={orgId} />
              ) : (
                <Select disabled placeholder="请先选择组织" />
              )}
            </Form.Item>
          )}
          <Form.Item label="标题" {...zodItem(StudyPlanUpsert, 'title')}>
            <Input maxLength={200} placeholder={`如：${thisYear()} 年度党员学习计划`} />
          </Form.Item>
          <Form.Item label="计划内容" {...zodItem(StudyPlanUpsert, 'content')}>
            <Input.TextArea rows={6} maxLength={10000} showCount placeholder="学习的内容、时间安排、方式和要求" />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

type TrainingValues = Partial<TrainingPlanInput>

export type TrainingTarget = { mode: 'create' } | { mode: 'edit'; plan: TrainingPlanView }

/** 培训规划: one training programme of a field at a level, with its planned sessions, hours and trainees. */
export function TrainingPlanModal({ target: openTarget, onClose }: { target: TrainingTarget | null; onClose: () => void }) {
  const target = useLastValue(openTarget)
  const editing = target?.mode === 'edit' ? target.plan : undefined
  return (
    <FormModal<TrainingValues, TrainingPlanView>
      title={editing ? '修改培训规划' : '新增培训规划'}
      open={openTarget !== null}
      onClose={onClose}
      okText="保存"
      width={720}
      name="training-plan"
      initialValues={editing ? { ...editing, orgId: editing.org.id } : { year: thisYear() }}
      submit={async (values) => {
        const body = formBody(TrainingPlanInput, values)
        if (editing) return (await api(API.studyPlans.updateTrainingPlan, { params: { id: editing.id }, body })).plan
        return (await api(API.studyPlans.createTrainingPlan, { body })).plan
      }}
      refresh={[studyKeys.training]}
      success={(p) => `已保存“${p.title}”`}
    >
      {target && (
        <>
          <Row gutter={16}>
            <Col xs={24} sm={16}>
              <Form.Item label="组织" {...zodItem(TrainingPlanInput, 'orgId', { select: true })}>
                <CurrentOrgSelect current={editing?.org ?? null} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item label="年度" {...zodItem(TrainingPlanInput, 'year')}>
                <InputNumber precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="培训领域" {...zodItem(TrainingPlanInput, 'field', { select: true })}>
                <Select
                  placeholder="请选择"
                  options={TRAINING_FIELD_CODES.map((c) => ({ value: c, label: TRAINING_FIELDS[c] }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="培训层级" {...zodItem(TrainingPlanInput, 'level', { select: true })}>
                <Select
                  placeholder="请选择"
                  options={TRAINING_LEVEL_CODES.map((c) => ({ value: c, label: TRAINING_LEVELS[c] }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="培训名称" {...zodItem(TrainingPlanInput, 'title')}>
            <Input maxLength={200} placeholder="如：农村党员市场经济知识培训" />
          </Form.Item>
          <Form.Item label="培训对象" {...zodItem(TrainingPlanInput, 'audience')}>
            <Input maxLength={200} placeholder="如：村党支部书记、农村党员" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item label="计划期数" {...zodItem(TrainingPlanInput, 'plannedSessions')}>
                <InputNumber style={{ width: '100%' }} placeholder="如：4" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item label="计划学时" {...zodItem(TrainingPlanInput, 'plannedHours')}>
                <InputNumber style={{ width: '100%' }} placeholder="如：32" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item label="计划人数" {...zodItem(TrainingPlanInput, 'plannedTrainees')}>
                <InputNumber style={{ width: '100%' }} placeholder="如：300" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </FormModal>
  )
}
