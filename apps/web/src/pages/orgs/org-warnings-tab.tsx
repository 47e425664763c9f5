import { useQuery } from '@tanstack/react-query'
import { Alert, Empty, List, Tag, Typography } from 'antd'
import { API } from '@xianfeng/contract'
import { api } from '../../api.ts'
import { QueryError } from '../../components/query-error.tsx'
import { PageLoading } from '../../components/page-loading.tsx'

/** The 预警 tab: setting and term warnings for this org and the orgs under it, each with its rule. */
export function OrgWarningsTab({ orgId }: { orgId: string }) {
  const warnings = useQuery({
    queryKey: ['orgs', 'warnings', orgId],
    queryFn: () => api(API.grassroots.warnings, { params: { id: orgId } }),
  })
  if (warnings.isPending) return <PageLoading />
  if (warnings.isError) return <QueryError error={warnings.error} onRetry={() => void warnings.refetch()} />
  const { items, checkedOrgs, checkedBranches, truncated } = warnings.data
  return (
    <>
      <Typography.Paragraph type="secondary">
        已检查本组织及下级的 {checkedOrgs} 个党组织（其中党支部 {checkedBranches} 个）的党员人数、支委会设置和任期
        {items.length > 0 ? `，发现 ${items.length} 条预警` : '，未发现问题'}。
      </Typography.Paragraph>
      {truncated && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="下级党组织较多，只检查了前 5000 个；请到下级组织查看其余部分。"
        />
      )}
      {items.length === 0 ? (
        <Empty description="组织设置和换届符合要求" />
      ) : (
        <List
          dataSource={items}
          rowKey={(w) => `${w.orgId}-${w.rule}`}
          renderItem={(w) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <>
                    <Tag color="warning">预警</Tag>
                    {w.orgName}
                  </>
                }
                description={
                  <>
                    <div>{w.message}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      依据：{w.source}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </>
  )
}
