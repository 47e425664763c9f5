import { TrophyOutlined } from '@ant-design/icons'
import { API } from '@xianfeng/contract'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Card, Empty, Flex, List, Pagination, Skeleton, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../api.ts'
import { QueryError } from '../../components/query-error.tsx'
import { Brand } from '../../layout/brand.tsx'
import { formatCount } from '../../lib/format.ts'

const PAGE_SIZE = 10

/**
 * `/public/exemplars` (公开，无须登录): the 学习标兵 published by the level above the nominating orgs —
 * the name, the org, the year and the deeds as published, and nothing else about the person.
 */
export function PublicExemplarsPage() {
  const [page, setPage] = useState(1)
  const list = useQuery({
    queryKey: ['public', 'exemplars', page],
    queryFn: () => api(API.studyPlans.publicExemplars, { query: { page, pageSize: PAGE_SIZE } }),
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
          <TrophyOutlined style={{ color: '#c8161d', marginRight: 8 }} />
          学习标兵公示
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          以下学习标兵由所在党组织推荐，经上级党组织审核后公布。
          {list.data && list.data.total > 0 && ` 共 ${formatCount(list.data.total)} 名。`}
        </Typography.Paragraph>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Card>
            <Skeleton active />
          </Card>
        ) : list.data.items.length === 0 ? (
          <Card>
            <Empty description="暂无已公布的学习标兵" />
          </Card>
        ) : (
          <>
            <List
              aria-label="已公布的学习标兵"
              grid={{ gutter: 16, xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
              dataSource={list.data.items}
              renderItem={(e) => (
                <List.Item key={e.id}>
                  <Card size="small" title={e.name} extra={<Tag color="red">{e.year} 年度学习标兵</Tag>}>
                    <Typography.Text type="secondary">{e.orgName}</Typography.Text>
                    <Typography.Paragraph style={{ marginTop: 8, marginBottom: 8, whiteSpace: 'pre-wrap' }}>
                      {e.deeds}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      公布日期：{e.publishedOn}
                    </Typography.Text>
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
