import { NotificationOutlined } from '@ant-design/icons'
import { API, NOTICE_KINDS } from '@xianfeng/contract'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Card, Descriptions, Empty, Flex, List, Pagination, Skeleton, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../api.ts'
import { QueryError } from '../../components/query-error.tsx'
import { Brand } from '../../layout/brand.tsx'

const PAGE_SIZE = 10

/**
 * `/public/development-notices` (公开，无须登录): 发展对象和预备党员转正的公示, while in their period —
 * what the notice states and where to send an objection, nothing else about the person.
 */
export function PublicNoticesPage() {
  const [page, setPage] = useState(1)
  const list = useQuery({
    queryKey: ['public', 'development-notices', page],
    queryFn: () => api(API.development.publicNotices, { query: { page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  })

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <header style={{ background: '#c8161d', padding: '12px 16px' }}>
        <Flex justify="space-between" align="center" gap={12} style={{ maxWidth: 960, margin: '0 auto' }}>
          <Brand dark />
          <Link to="/login" style={{ color: '#fff', whiteSpace: 'nowrap' }}>
            工作人员登录
          </Link>
        </Flex>
      </header>
      <main style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
        <Typography.Title level={3} style={{ marginTop: 8, marginBottom: 4 }}>
          <NotificationOutlined style={{ color: '#c8161d', marginRight: 8 }} />
          发展党员公示
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          公示期内，党员和群众可以通过所列联系方式向党组织反映公示对象的情况和问题。公示期满后不再显示。
        </Typography.Paragraph>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Card>
            <Skeleton active />
          </Card>
        ) : list.data.items.length === 0 ? (
          <Card>
            <Empty description="目前没有正在公示的发展对象或预备党员" />
          </Card>
        ) : (
          <>
            <List
              aria-label="正在公示"
              dataSource={list.data.items}
              renderItem={(n) => (
                <List.Item key={n.id}>
                  <Card
                    size="small"
                    style={{ width: '100%' }}
                    title={n.title}
                    extra={<Tag color="red">{NOTICE_KINDS[n.kind]}</Tag>}
                  >
                    <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                      <Descriptions.Item label="姓名">{n.name}</Descriptions.Item>
                      <Descriptions.Item label="性别">{n.gender}</Descriptions.Item>
                      <Descriptions.Item label="出生年月">{n.birthMonth}</Descriptions.Item>
                      {n.education && <Descriptions.Item label="学历">{n.education}</Descriptions.Item>}
                      {n.workUnit && <Descriptions.Item label="工作单位">{n.workUnit}</Descriptions.Item>}
                      <Descriptions.Item label="所在党组织">{n.orgName}</Descriptions.Item>
                      {n.facts.map((f) => (
                        <Descriptions.Item key={f.label} label={f.label}>
                          {f.value}
                        </Descriptions.Item>
                      ))}
                      <Descriptions.Item label="公示期">
                        {n.startsOn} 至 {n.endsOn}
                      </Descriptions.Item>
                      <Descriptions.Item label="反映意见">{n.contact}</Descriptions.Item>
                    </Descriptions>
                  </Card>
                </List.Item>
              )}
            />
            {list.data.total > PAGE_SIZE && (
              <Flex justify="center">
                <Pagination
                  current={page}
                  pageSize={PAGE_SIZE}
                  total={list.data.total}
                  showSizeChanger={false}
                  onChange={setPage}
                />
              </Flex>
            )}
          </>
        )}
      </main>
    </div>
  )
}
