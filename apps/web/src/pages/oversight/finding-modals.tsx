import {
  API,
  FINDING_STATUSES,
  FindingClose,
  FindingInput,
  FindingStart,
  type FindingStatus,
  type FindingView,
} from '@xianfeng/contract'
import { Form, Input, Space, Tag, Typography } from 'antd'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { oversightKeys } from './oversight-keys.ts'

const COLORS: Record<FindingStatus, string> = { open: 'red', rectifying: 'processing', closed: 'success' }

export function FindingStatusTag({ f }: { f: FindingView }) {
  return (
    <Space size={4}>
      <Tag color={COLORS[f.status]}>{FINDING_STATUSES[f.status]}</Tag>
      {f.isOverdue && <Tag color="red">已过整改期限</Tag>}
    </Space>
  )
}

/** 登记检查发现 on a sampled item. */
export function FindingModal({ item, onClose }: { item: { id: string; label: string } | null; onClose: () => void }) {
  return (
    <FormModal<{ foundOn?: string; description?: string; rectifyBy?: string }, FindingView>
      title={item ? `登记检查发现：${item.label}` : ''}
      open={item !== null}
      onClose={onClose}
      name="oversight-finding"
      okText="登记"
      width={600}
      initialValues={{ foundOn: todayString() }}
      submit={async (v) =>
        (await api(API.oversight.recordFinding, { params: { id: item!.id }, body: formBody(FindingInput, v) })).finding
      }
      refresh={[oversightKeys.all]}
      success={() => '已登记，待整改'}
    >
      {item && (
        <>
          <Form.Item label="发现日期" {...zodItem(FindingInput, 'foundOn')}>
            <DateStringPicker max={todayString()} />
          </Form.Item>
          <Form.Item label="发现的问题" {...zodItem(FindingInput, 'description')}>
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
          <Form.Item label="整改期限" {...zodItem(FindingInput, 'rectifyBy')}>
            <DateStringPicker />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

export type RectifyKind = 'start' | 'close'

/** 开始整改 (措施) or 整改销号 (结果及佐证). */
export function RectifyModal({
  finding,
  kind,
  onClose,
}: {
  finding: FindingView | null
  kind: RectifyKind
  onClose: () => void
}) {
  const common = { open: finding !== null, onClose, refresh: [oversightKeys.all], width: 600 }
  const summary = finding && (
    <Typography.Paragraph type="secondary">
      {finding.county.name}
      {finding.person ? ` · ${finding.person.name}` : ''}：{finding.description}
      {finding.measures ? `（整改措施：${finding.measures}）` : ''}
    </Typography.Paragraph>
  )
  if (kind === 'start')
    return (
      <FormModal<{ startedOn?: string; measures?: string }, FindingView>
        {...common}
        title="开始整改"
        name="oversight-rectify-start"
        okText="开始整改"
        initialValues={{ startedOn: todayString() }}
        submit={async (v) =>
          (await api(API.oversight.startRectification, { params: { id: finding!.id }, body: formBody(FindingStart, v) })).finding
        }
        success={() => '已转为整改中'}
      >
        {finding && (
          <>
            {summary}
            <Form.Item label="开始整改日期" {...zodItem(FindingStart, 'startedOn')}>
              <DateStringPicker max={todayString()} />
            </Form.Item>
            <Form.Item label="整改措施" {...zodItem(FindingStart, 'measures')}>
              <Input.TextArea rows={4} maxLength={1000} showCount />
            </Form.Item>
          </>
        )}
      </FormModal>
    )
  return (
    <FormModal<{ closedOn?: string; evidence?: string }, FindingView>
      {...common}
      title="整改销号"
      name="oversight-rectify-close"
      okText="销号"
      initialValues={{ closedOn: todayString() }}
      submit={async (v) =>
        (await api(API.oversight.closeFinding, { params: { id: finding!.id }, body: formBody(FindingClose, v) })).finding
      }
      success={() => '已销号'}
    >
      {finding && (
        <>
          {summary}
          <Form.Item label="销号日期" {...zodItem(FindingClose, 'closedOn')}>
            <DateStringPicker max={todayString()} />
          </Form.Item>
          <Form.Item
            label="整改结果及佐证"
            extra="写明核实的方式和佐证材料（如核对表、会议记录的编号）"
            {...zodItem(FindingClose, 'evidence')}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
