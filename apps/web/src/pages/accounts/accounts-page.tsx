import { Card, Tabs } from 'antd'
import { useSearchParams } from 'react-router'
import { RolesTab } from './roles-tab.tsx'
import { UsersTab } from './users-tab.tsx'

const DEFAULT_PAGE_SIZE = 20

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : fallback
}

/** `/accounts?tab=roles`, `/accounts?q=张&page=2`: the view survives a reload. */
export function AccountsPage() {
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') === 'roles' ? 'roles' : 'users'
  const paging = {
    q: params.get('q') ?? '',
    page: positiveInt(params.get('page'), 1),
    pageSize: Math.min(positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE), 100),
  }

  const update = (next: Record<string, string | number | undefined>) => {
    const merged = new URLSearchParams(params)
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '') merged.delete(key)
      else merged.set(key, String(value))
    }
    setParams(merged, { replace: true })
  }

  return (
    <Card>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'roles' ? 'roles' : undefined })}
        items={[
          {
            key: 'users',
            label: '账号',
            children: (
              <UsersTab
                paging={paging}
                onPagingChange={(next) =>
                  update({
                    q: next.q,
                    page: next.page === 1 ? undefined : next.page,
                    pageSize: next.pageSize === DEFAULT_PAGE_SIZE ? undefined : next.pageSize,
                  })
                }
              />
            ),
          },
          { key: 'roles', label: '角色', children: <RolesTab /> },
        ]}
      />
    </Card>
  )
}
