import { PERMISSIONS, type RoleView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Flex, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { QueryError } from '../../components/query-error.tsx'
import { rolesQuery } from './account-queries.ts'

const permissionName = (code: string) => (code in PERMISSIONS ? PERMISSIONS[code as keyof typeof PERMISSIONS] : code)

const columns: TableColumnsType<RoleView> = [
  {
    title: '角色',
    key: 'name',
    width: 160,
    render: (_, role) => (
      <Flex wrap gap={4} align="center">
        <Typography.Text strong>{role.name}</Typography.Text>
        {role.isBuiltin && <Tag>内置</Tag>}
      </Flex>
    ),
  },
  { title: '说明', dataIndex: 'description', key: 'description', width: 260 },
  {
    title: '权限',
    key: 'permissions',
    render: (_, role) =>
      role.permissions.length === 0 ? (
        <Typography.Text type="secondary">仅本人信息</Typography.Text>
      ) : (
        <Flex wrap gap={4}>
          {role.permissions.map((p) => (
            <Tag key={p} title={p}>
              {permissionName(p)}
            </Tag>
          ))}
        </Flex>
      ),
  },
]

export function RolesTab() {
  const roles = useQuery(rolesQuery)
  if (roles.isError) return <QueryError error={roles.error} onRetry={() => void roles.refetch()} />
  return (
    <Table<RoleView>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={roles.data}
      loading={roles.isPending}
      pagination={false}
      scroll={{ x: 800 }}
    />
  )
}
