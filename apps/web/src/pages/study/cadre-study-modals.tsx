import {
  API,
  REVIEW_RESULT_CODES,
  REVIEW_RESULTS,
  StudyReportUpsert,
  WRITING_KIND_CODES,
  WRITING_KINDS,
  WritingCreate,
  type StudyReportView,
  type WritingView,
} from '@xianfeng/contract'
import { Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { useSession } from '../../lib/session.ts'
import { useLastValue } from '../../lib/use-last-value.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { MemberSelect } from '../members/member-select.tsx'
import { FixedValue } from './fixed-value.tsx'
import { studyKeys, thisYear } from './study-queries.ts'

type WritingValues = Partial<WritingCreate>

/** 登记学习体会或理论文章 of a leading cadre of the scope. */
export function WritingFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { me } = useSession()
  const scopeOrg = me.currentGrant?.orgId
  return (
    <FormModal<WritingValues, WritingView>
      title="登记学习体会或理论文章"
      open={open}
      onClose={onClose}
      okText="登记"
      width={640}
      name="cadre-writing"
      initialValues={{ kind: 'reflection' }}
      submit={async (values) => (await api(API.cadreStudy.createWriting, { body: formBody(WritingCreate, values) })).writing}
      refresh={[studyKeys.writings]}
      success={(w) => `已登记“${w.title}”`}
    >
      {open && scopeOrg && (
        <>
          <Form.Item label="作者" extra="授权范围内的领导干部党员" {...zodItem(WritingCreate, 'personId', { select: true })}>
            <MemberSelect orgId={scopeOrg} />
          </Form.Item>
          <Form.Item label="类别" {...zodItem(WritingCreate, 'kind', { select: true })}>
            <Radio.Group options={WRITING_KIND_CODES.map((k) => ({ value: k, label: WRITING_KINDS[k] }))} />
          </Form.Item>
          <Form.Item label="题目" {...zodItem(WritingCreate, 'title')}>
            <Input maxLength={200} placeholder="如：学习党章的几点体会" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="完成日期" {...zodItem(WritingCreate, 'writtenOn', { select: true })}>
                <DateStringPicker max={todayString()} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="发表在" extra="选填；报刊、网站或内部刊物的名称" {...zodItem(WritingCreate, 'publishedIn')}>
                <Input maxLength={100} placeholder="如：湖北日报" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </FormModal>
  )
}

const VoidBody = API.cadreStudy.voidWriting.body

/** 作废 a writing entered by mistake: it stays on record with the reason. */
export function VoidWritingModal({ target: openTarget, onClose }: { target: WritingView | null; onClose: () => void }) {
  const target = useLastValue(openTarget)
  return (
    <FormModal<{ reason?: string }, WritingView>
      title="作废记录"
      open={openTarget !== null}
      onClose={onClose}
      okText="作废"
      danger
      name="cadre-writing-void"
      submit={async (values) =>
        (await api(API.cadreStudy.voidWriting, { params: { id: target!.id }, body: formBody(VoidBody, values) })).writing
      }
      refresh={[studyKeys.writings]}
      success={(w) => `已作废“${w.title}”`}
    >
      {target && (
        <>
          <Typography.Paragraph>
            {target.person.name}的{WRITING_KINDS[target.kind]}“{target.title}”作废后不再计入，记录和原因会保留。
          </Typography.Paragraph>
          <Form.Item label="作废原因" {...zodItem(VoidBody, 'reason')}>
            <Input maxLength={200} placeholder="如：重复登记" />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

type ReportValues = Partial<StudyReportUpsert>

export type ReportTarget = { mode: 'create' } | { mode: 'edit'; report: StudyReportView }

/** 登记或修改述学报告 with its 评学 result and 考学 score: one a person a year. */
export function ReportFormModal({ target: openTarget, onClose }: { target: ReportTarget | null; onClose: () => void }) {
  const target = useLastValue(openTarget)
  const editing = target?.mode === 'edit' ? target.report : undefined
  const { me } = useSession()
  const scopeOrg = me.currentGrant?.orgId
  return (
    <FormModal<ReportValues, StudyReportView>
      title={editing ? '修改述学报告' : '登记述学报告'}
      open={openTarget !== null}
      onClose={onClose}
      okText="保存"
      width={680}
      name="study-report"
      submit={async (values) => (await api(API.cadreStudy.saveReport, { body: formBody(StudyReportUpsert, values) })).report}
      refresh={[studyKeys.reports]}
      success={(r) => `已保存${r.person.name}的 ${r.year} 年度述学报告`}
      initialValues={
        editing
          ? {
              personId: editing.person.id,
              year: editing.year,
              summary: editing.summary,
              reportedOn: editing.reportedOn,
              reviewResult: editing.reviewResult,
              examScore: editing.examScore,
            }
          : { year: thisYear() }
      }
    >
      {target && scopeOrg && (
        <>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="述学人" {...zodItem(StudyReportUpsert, 'personId', { select: true })}>
                {editing ? <FixedValue text={editing.person.name} /> : <MemberSelect orgId={scopeOrg} />}
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item label="年度" {...zodItem(StudyReportUpsert, 'year')}>
                <InputNumber precision={0} style={{ width: '100%' }} disabled={!!editing} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item label="述学日期" {...zodItem(StudyReportUpsert, 'reportedOn', { select: true })}>
                <DateStringPicker max={todayString()} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="述学内容" {...zodItem(StudyReportUpsert, 'summary')}>
            <Input.TextArea rows={5} maxLength={5000} showCount placeholder="本年度学习的内容、方式、体会和运用" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item
                label="评学结果"
                extra="选填；评学后填写"
                {...zodItem(StudyReportUpsert, 'reviewResult', { select: true })}
              >
                <Select
                  allowClear
                  placeholder="尚未评学"
                  options={REVIEW_RESULT_CODES.map((c) => ({ value: c, label: REVIEW_RESULTS[c] }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="考学成绩" extra="选填；百分制，最多 1 位小数" {...zodItem(StudyReportUpsert, 'examScore')}>
                <InputNumber style={{ width: '100%' }} placeholder="尚未考学" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </FormModal>
  )
}
