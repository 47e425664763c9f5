import { PlusOutlined } from '@ant-design/icons'
import type { UserView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Flex, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { usersQuery } from './account-queries.ts'
import { GrantAddModal } from './grant-add-modal.tsx'
import { OneTimePasswordModal, type OneTimeSecret } from './one-time-password-modal.tsx'
import { PersonLinkModal } from './person-link-modal.tsx'
import { UserCreateModal } from './user-create-modal.tsx'
import { useUserRowActions } from './user-row-actions.ts'

interface Paging {
  q: string
  page: number
  pageSize: number
}

interface Props {
  paging: Paging
  onPagingChange: (paging: Paging) => void
}

function StatusTag({ user }: { user: UserView }) {
  if (user.isDisabled) return <Tag color="default">停用</Tag>
  if (user.mustChangePassword) return <Tag color="orange">须改密码</Tag>
  return <Tag color="green">正常</Tag>
}

export function UsersTab({ paging, onPagingChange }: Props) {
  const { me, can } = useSession()
  const canWrite = can('accounts.write')
  const users = useQuery(usersQuery(paging.q, paging.page, paging.pageSize))
  const [creating, setCreating] = useState(false)
  const [granting, setGranting] = useState<UserView | null>(null)
  const [linking, setLinking] = useState<UserView | null>(null)
  const [secret, setSecret] = useState<OneTimeSecret | null>(null)
  const actions = useUserRowActions(setSecret)

  const columns: TableColumnsType<UserView> = [
    { title: '登录名', dataIndex: 'loginName', key: 'loginName', width: 140, fixed: 'left' },
    { title: '姓名', dataIndex: 'displayName', key: 'displayName', width: 110 },
    {
      title: '授权',
      key: 'grants',
      render: (_, user) =>
        user.grants.length === 0 ? (
          <Typography.Text type="secondary">无</Typography.Text>
        ) : (
          <Flex wrap gap={4}>
            {user.grants.map((grant) => (
              <Tag
                key={grant.id}
                color="red"
                variant="outlined"
                closable={canWrite ? { 'aria-label': `撤销授权 ${grant.roleName} @ ${grant.orgName}` } : false}
                onClose={(e) => {
                  // The tag stays until the server confirms the removal.
                  e.preventDefault()
                  actions.confirmRemoveGrant(user, grant)
                }}
              >
                {grant.roleName} @ {grant.orgName}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: '党员档案',
      key: 'person',
      width: 110,
      render: (_, user) => user.person?.name ?? <Typography.Text type="secondary">未关联</Typography.Text>,
    },
    { title: '状态', key: 'status', width: 90, render: (_, user) => <StatusTag user={user} /> },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      width: 170,
      render: (value: string | null) =>
        value ? formatDateTime(value) : <Typography.Text type="secondary">从未登录</Typography.Text>,
    },
  ]
  if (canWrite) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 240,
      render: (_, user) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setGranting(user)}>
            授权
          </Button>
          {user.person ? (
            <Button type="link" size="small" onClick={() => actions.confirmUnlinkPerson(user)}>
              解除关联
            </Button>
          ) : (
            <Button type="link" size="small" onClick={() => setLinking(user)}>
              关联党员
            </Button>
          )}
          <Button type="link" size="small" onClick={() => actions.confirmResetPassword(user)}>
            重置密码
          </Button>
          {user.isDisabled ? (
            <Button type="link" size="small" onClick={() => actions.confirmSetDisabled(user, false)}>
              启用
            </Button>
          ) : (
            <Button
              type="link"
              size="small"
              danger
              disabled={user.id === me.id}
              title={user.id === me.id ? '不能停用自己的账号' : undefined}
              onClick={() => actions.confirmSetDisabled(user, true)}
            >
              停用
            </Button>
          )}
        </Space>
      ),
    })
  }

  return (
    <>
      <Flex wrap gap={12} justify="space-between" style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label="查找账号"
          placeholder="按登录名或姓名查找"
          allowClear
          maxLength={50}
          key={paging.q}
          defaultValue={paging.q}
          onSearch={(value) => onPagingChange({ ...paging, q: value.trim(), page: 1 })}
          style={{ width: 280, maxWidth: '100%' }}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建账号
          </Button>
        )}
      </Flex>
      {users.isError ? (
        <QueryError error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<UserView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items}
          loading={users.isFetching}
          scroll={{ x: 1040 }}
          locale={{ emptyText: paging.q ? `没有找到与“${paging.q}”匹配的账号` : '暂无账号' }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => `共 ${total} 个账号`,
            onChange: (page, pageSize) => onPagingChange({ ...paging, page: pageSize === paging.pageSize ? page : 1, pageSize }),
          }}
        />
      )}
      <UserCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={({ user, initialPassword }) => {
          setCreating(false)
          setSecret({
            title: '账号已创建',
            label: '初始密码',
            loginName: user.loginName,
            displayName: user.displayName,
            password: initialPassword,
          })
        }}
      />
      <GrantAddModal user={granting} onClose={() => setGranting(null)} />
      <PersonLinkModal user={linking} onClose={() => setLinking(null)} />
      <OneTimePasswordModal secret={secret} onClose={() => setSecret(null)} />
    </>
  )
}
