import {
  API,
  CONTACT_REQUEST_STATUS_CODES,
  CONTACT_REQUEST_STATUSES,
  ContactChangeReject,
  type ContactRequestStatus,
  type ContactRequestView,
} from '@xianfeng/contract'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { App, Button, Card, Form, Input, Popconfirm, Segmented, Space, Table, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../api.ts'
import { FormModal } from '../../components/form-modal.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { memberKeys } from '../members/member-queries.ts'
import { RequestStatusTag } from '../self/request-status-tag.tsx'

const approvalKeys = {
  all: ['contact-requests'] as const,
  list: (status: ContactRequestStatus) => ['contact-requests', status] as const,
}

const mono = { fontFamily: 'monospace', whiteSpace: 'nowrap' } as const

/** `/approvals` (待审批): members' contact-change requests in the current scope, to approve or reject. */
export function ApprovalsPage() {
  const [status, setStatus] = useState<ContactRequestStatus>('pending')
  const [rejecting, setRejecting] = useState<ContactRequestView | null>(null)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const list = useQuery({
    queryKey: approvalKeys.list(status),
    queryFn: async () => (await api(API.contactRequests.list, { query: { status } })).items,
    placeholderData: keepPreviousData,
  })
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: approvalKeys.all })
    void queryClient.invalidateQueries({ queryKey: memberKeys.all })
  }
  const approve = useMutation({
    mutationFn: (r: ContactRequestView) => api(API.contactRequests.approve, { params: { id: r.id } }),
    onSuccess: ({ request }) => {
      refresh()
      void message.success(`已通过${request.person.name}的申请，档案中的手机号已更新`)
    },
    onError: (e) => void message.error(e.message),
  })

  const columns: TableColumnsType<ContactRequestView> = [
    {
      title: '党员',
      key: 'person',
      width: 150,
      fixed: 'left',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/members/${r.person.id}`}>{r.person.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.org.name}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '手机号变更',
      key: 'phone',
      width: 220,
      render: (_, r) => (
        <span style={mono}>
          {r.currentPhone ?? '未登记'} → {r.phone}
        </span>
      ),
    },
    { title: '说明', key: 'note', render: (_, r) => r.note ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: '提交时间', key: 'createdAt', width: 170, render: (_, r) => formatDateTime(r.createdAt) },
  ]
  if (status === 'pending')
    columns.push({
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_, r) =>
        r.isOwn ? (
          <Typography.Text type="secondary">本人申请，由他人审批</Typography.Text>
        ) : (
          <Space size={0} wrap>
            <Popconfirm
              title={`通过${r.person.name}的申请？`}
              description="新手机号将写入党员档案。"
              okText="通过"
              cancelText="取消"
              onConfirm={() => approve.mutateAsync(r).catch(() => undefined)}
            >
              <Button type="link" size="small">
                通过
              </Button>
            </Popconfirm>
            <Button type="link" size="small" danger onClick={() => setRejecting(r)}>
              驳回
            </Button>
          </Space>
        ),
    })
  else
    columns.push(
      { title: '状态', key: 'status', width: 90, render: (_, r) => <RequestStatusTag status={r.status} /> },
      {
        title: '处理',
        key: 'decision',
        width: 220,
        render: (_, r) => (
          <Space orientation="vertical" size={0}>
            <span>
              {formatDateTime(r.decidedAt)}
              {r.decidedBy && r.status !== 'withdrawn' && ` ${r.decidedBy}`}
            </span>
            {r.rejectReason && <Typography.Text type="danger">理由：{r.rejectReason}</Typography.Text>}
          </Space>
        ),
      },
    )

  return (
    <Card size="small" title="联系方式变更审批">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Segmented<ContactRequestStatus>
          aria-label="审批状态"
          value={status}
          onChange={setStatus}
          options={CONTACT_REQUEST_STATUS_CODES.map((value) => ({ value, label: CONTACT_REQUEST_STATUSES[value] }))}
        />
        <Typography.Text type="secondary">
          党员本人通过“我的档案”提交的手机号修改申请；手机号已脱敏。通过后新号码随即写入档案并记入审计日志。
        </Typography.Text>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ContactRequestView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data}
            loading={list.isFetching}
            scroll={{ x: 760 }}
            pagination={false}
            locale={{ emptyText: status === 'pending' ? '没有待审批的申请' : `没有${CONTACT_REQUEST_STATUSES[status]}的申请` }}
          />
        )}
      </Space>
      <RejectModal request={rejecting} onClose={() => setRejecting(null)} onDone={refresh} />
    </Card>
  )
}

function RejectModal({
  request,
  onClose,
  onDone,
}: {
  request: ContactRequestView | null
  onClose: () => void
  onDone: () => void
}) {
  return (
    <FormModal<{ reason?: string }, ContactRequestView>
      title="驳回申请"
      open={request !== null}
      onClose={onClose}
      okText="驳回"
      danger
      name="contact-change-reject"
      submit={async (values) =>
        (await api(API.contactRequests.reject, { params: { id: request!.id }, body: formBody(ContactChangeReject, values) }))
          .request
      }
      success={(r) => `已驳回${r.person.name}的申请`}
      onSaved={onDone}
    >
      {request && (
        <>
          <Form.Item label="申请">
            {request.person.name}：<span style={mono}>{request.phone}</span>
          </Form.Item>
          <Form.Item label="驳回理由" {...zodItem(ContactChangeReject, 'reason')}>
            <Input.TextArea rows={3} maxLength={200} showCount placeholder="党员本人能看到这条理由" />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
