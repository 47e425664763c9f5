import type { RoleView } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Select, Typography } from 'antd'
import { rolesQuery } from './account-queries.ts'

interface Props {
  id?: string
  value?: string
  onChange?: (value: string | undefined) => void
}

/** The roles the server offers, each with its description. Used inside Form.Item. */
export function RoleSelect({ id, value, onChange }: Props) {
  const roles = useQuery(rolesQuery)
  return (
    <Select<string, { value: string; label: string; role: RoleView }>
      id={id}
      value={value}
      onChange={onChange}
      placeholder="请选择角色"
      loading={roles.isPending}
      status={roles.isError ? 'error' : undefined}
      notFoundContent={roles.isError ? roles.error.message : '没有可选的角色'}
      options={(roles.data ?? []).map((role) => ({ value: role.id, label: role.name, role }))}
      optionRender={(option) => (
        <div>
          <div>{option.data.role.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
            {option.data.role.description}
          </Typography.Text>
        </div>
      )}
    />
  )
}
