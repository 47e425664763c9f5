import { CONTACT_REQUEST_STATUSES, type ContactRequestStatus } from '@xianfeng/contract'
import { Tag } from 'antd'

const COLORS: Record<ContactRequestStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
}

export function RequestStatusTag({ status }: { status: ContactRequestStatus }) {
  return <Tag color={COLORS[status]}>{CONTACT_REQUEST_STATUSES[status]}</Tag>
}
