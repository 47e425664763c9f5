import { API, type TransferTodo } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Card, List, Tag, Typography } from 'antd'
import { Link } from 'react-router'
import { api } from '../../api.ts'
import { QueryError } from '../../components/query-error.tsx'
import { transferKeys } from './transfer-modals.tsx'

const KIND_TAGS: Record<TransferTodo['kind'], { label: string; color: string }> = {
  receive: { label: '待接收', color: 'processing' },
  returned: { label: '被退回', color: 'warning' },
  expired: { label: '已过期', color: 'red' },
  receipt_due: { label: '待回执', color: 'default' },
  away_without_transfer: { label: '外出未转接', color: 'orange' },
}

/** 组织关系转接待办: letters to answer, returns and expired letters to deal with, members away without a transfer. */
export function TransferTodoList({
  hideWhenEmpty = true,
  linkToRegister = false,
}: {
  hideWhenEmpty?: boolean
  linkToRegister?: boolean
}) {
  const todos = useQuery({ queryKey: [...transferKeys.all, 'todos'], queryFn: () => api(API.transfers.todos) })
  if (todos.isError) return <QueryError error={todos.error} onRetry={() => void todos.refetch()} />
  const items = todos.data?.items ?? []
  if (hideWhenEmpty && items.length === 0) return null
  return (
    <Card
      size="small"
      title="组织关系转接待办"
      aria-label="组织关系转接待办"
      extra={linkToRegister ? <Link to="/transfers">转接登记簿</Link> : undefined}
      loading={todos.isPending}
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">没有待办的组织关系转接。</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(t) => (
            <List.Item
              key={`${t.kind}-${t.transferId ?? t.person.id}`}
              extra={<Typography.Text type="secondary">{t.since}</Typography.Text>}
            >
              <span>
                <Tag color={KIND_TAGS[t.kind].color}>{KIND_TAGS[t.kind].label}</Tag>
                {t.text}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}
