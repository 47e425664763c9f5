import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { API, type AuditFilter, type AuditVerifyResult } from '@xianfeng/contract'
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { Alert, App, Button, Card, Flex, Space } from 'antd'
import { useState } from 'react'
import { api } from '../../api.ts'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { AuditFilterForm } from './audit-filter-form.tsx'
import { AuditTable } from './audit-table.tsx'

const DEFAULT_PAGE_SIZE = 50

function verifyMessage(result: AuditVerifyResult): string {
  if (result.ok) return `共 ${formatCount(result.rows)} 条，哈希链完整（用时 ${formatCount(result.elapsedMs)} 毫秒）`
  const reason = result.reason ?? '哈希值不一致'
  return result.firstBrokenSeq ? `第 ${result.firstBrokenSeq} 条记录被篡改：${reason}` : `哈希链校验未通过：${reason}`
}

export function AuditPage() {
  const { can } = useSession()
  const { message } = App.useApp()
  const [filter, setFilter] = useState<AuditFilter>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE)

  const list = useQuery({
    queryKey: ['audit', 'list', filter, page, pageSize],
    queryFn: () => api(API.audit.list, { query: { ...filter, page, pageSize } }),
    placeholderData: keepPreviousData,
  })

  const verify = useMutation({
    mutationFn: async () => (await api(API.audit.verify)).result,
  })

  const exportExcel = useMutation({
    mutationFn: () => api(API.audit.export, { query: filter }),
    onSuccess: () => void message.success('导出完成，文件已开始下载'),
    onError: (error) => void message.error(error.message),
  })

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title="查询条件">
        <AuditFilterForm
          onSearch={(next) => {
            setFilter(next)
            setPage(1)
          }}
        />
      </Card>
      <Card
        size="small"
        title="审计记录"
        styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
        extra={
          <Flex wrap gap={8}>
            {can('audit.verify') && (
              <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
                校验完整性
              </Button>
            )}
            {can('audit.export') && (
              <Button icon={<DownloadOutlined />} loading={exportExcel.isPending} onClick={() => exportExcel.mutate()}>
                导出 Excel
              </Button>
            )}
          </Flex>
        }
      >
        {verify.data && (
          <Alert
            type={verify.data.ok ? 'success' : 'error'}
            showIcon
            closable={{ onClose: () => verify.reset() }}
            title={verifyMessage(verify.data)}
            style={{ marginBottom: 16 }}
          />
        )}
        {verify.isError && (
          <Alert type="error" showIcon title={`校验失败：${verify.error.message}`} style={{ marginBottom: 16 }} />
        )}
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <AuditTable
            items={list.data?.items}
            loading={list.isFetching}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) => `共 ${formatCount(total)} 条`,
              onChange: (nextPage, nextSize) => {
                setPage(nextSize === pageSize ? nextPage : 1)
                setPageSize(nextSize)
              },
            }}
          />
        )}
      </Card>
    </Space>
  )
}
