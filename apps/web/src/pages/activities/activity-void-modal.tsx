import { API, type ActivityView } from '@xianfeng/contract'
import { Form, Input, Typography } from 'antd'
import { api } from '../../api.ts'
import { FormModal } from '../../components/form-modal.tsx'
import { useLastValue } from '../../lib/use-last-value.ts'
import { zodItem } from '../../lib/zod-form.ts'
import { activityKeys } from './activity-queries.ts'

const VoidBody = API.activities.void.body

/** 作废: the record stays, with its reason, and no longer counts for any rule. */
export function ActivityVoidModal({ activity: open, onClose }: { activity: ActivityView | null; onClose: () => void }) {
  const activity = useLastValue(open)
  return (
    <FormModal<{ reason: string }, ActivityView>
      title="作废记录"
      open={open !== null}
      onClose={onClose}
      okText="作废"
      danger
      name="activity-void"
      submit={async (values) =>
        (await api(API.activities.void, { params: { id: activity!.id }, body: { reason: values.reason.trim() } })).activity
      }
      refresh={[activityKeys.all, ['compliance']]}
      success={(voided) => `已作废“${voided.topic}”`}
    >
      {activity && (
        <>
          <Typography.Paragraph>
            作废“{activity.heldOn} {activity.topic}”：记录和出席情况仍然保留，但不再计入任何规则。误登的记录才作废。
          </Typography.Paragraph>
          <Form.Item label="作废原因" {...zodItem(VoidBody, 'reason')}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} placeholder="如：重复登记" />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
