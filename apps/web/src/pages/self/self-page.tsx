import { API, MEMBER_DATE_LABELS, type MemberDetail } from '@xianfeng/contract'
import { useMutation, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Flex, List, Skeleton, Space, Tag, Typography, type DescriptionsProps } from 'antd'
import { useState, type ReactNode } from 'react'
import { api, routeUrl } from '../../api.ts'
import { PersonPhoto } from '../../components/person-photo.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { NONE, educationName, ethnicityName, genderName, statusColor, statusName } from '../members/member-labels.ts'
import { ContactChangeCard } from './contact-change-card.tsx'
import { selfRecordQuery, selfRequestsQuery } from './self-queries.ts'
import { StudyLedgerCard } from './study-ledger-card.tsx'

const mono = { fontFamily: 'monospace', whiteSpace: 'nowrap' } as const

function fields(m: MemberDetail, idNumber: ReactNode): DescriptionsProps['items'] {
  const items: DescriptionsProps['items'] = [
    { key: 'gender', label: '性别', children: genderName(m.gender) },
    { key: 'ethnicity', label: '民族', children: ethnicityName(m.ethnicity) },
    { key: 'birthDate', label: '出生日期', children: m.birthDate },
    { key: 'idNumber', label: '身份证号', children: idNumber },
    { key: 'phone', label: '手机号', children: <span style={mono}>{m.phone ?? '未登记'}</span> },
    { key: 'education', label: '学历', children: educationName(m.education) },
    { key: 'workUnit', label: '工作单位', children: m.workUnit ?? NONE },
    { key: 'post', label: '职务', children: m.post ?? NONE },
    { key: 'org', label: '所在组织', children: m.org.name },
  ]
  for (const f of ['appliedOn', 'activistOn', 'candidateOn', 'admittedOn', 'fullOn'] as const)
    if (m[f]) items.push({ key: f, label: MEMBER_DATE_LABELS[f], children: m[f] })
  return items
}

/** `/me` (我的档案): the member's own record, their photo, and asking for a phone change. */
export function SelfPage() {
  const isMobile = useIsMobile()
  const record = useQuery(selfRecordQuery)
  const requests = useQuery(selfRequestsQuery)
  const [idNumber, setIdNumber] = useState<string | null>(null)
  const reveal = useMutation({
    mutationFn: () => api(API.self.reveal),
    onSuccess: (r) => setIdNumber(r.idNumber),
  })

  if (record.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    )
  if (record.isError) return <QueryError error={record.error} onRetry={() => void record.refetch()} />

  const m = record.data
  const photo = m.photo ? routeUrl(API.self.photo, { query: { v: m.photo.version } }) : null
  const idCell = (
    <Space size={4} wrap>
      <span style={mono}>{idNumber ?? m.idNumber ?? NONE}</span>
      {!idNumber && m.idNumber && (
        <Button type="link" size="small" loading={reveal.isPending} onClick={() => reveal.mutate()} style={{ padding: 0 }}>
          显示完整号码
        </Button>
      )}
    </Space>
  )

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title="我的档案">
        <Flex gap={16} align="center" wrap style={{ marginBottom: 16 }}>
          <PersonPhoto src={photo} name={m.name} width={84} />
          <Space orientation="vertical" size={4}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {m.name}
            </Typography.Title>
            <span>
              <Tag color={statusColor(m.status)}>{statusName(m.status)}</Tag>
            </span>
            <Typography.Text type="secondary">{m.org.name}</Typography.Text>
          </Space>
        </Flex>
        {reveal.isError && <Alert type="error" showIcon title={reveal.error.message} style={{ marginBottom: 12 }} />}
        {idNumber && (
          <Alert type="info" showIcon title="正在显示您完整的身份证号，本次查看已记入审计日志" style={{ marginBottom: 12 }} />
        )}
        <Descriptions
          bordered
          size="small"
          // On a phone the labels go above their values: side by side they would not fit 375 px.
          layout={isMobile ? 'vertical' : 'horizontal'}
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={fields(m, idCell)}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          照片和其他信息由所在党组织维护；如有错误，请联系党组织更正。
        </Typography.Paragraph>
      </Card>
      <StudyLedgerCard />
      {requests.isError ? (
        <QueryError error={requests.error} onRetry={() => void requests.refetch()} />
      ) : requests.isPending ? (
        <Card size="small">
          <Skeleton active />
        </Card>
      ) : (
        <ContactChangeCard currentPhone={m.phone} requests={requests.data} isActive={m.status !== 'left'} />
      )}
      <Card size="small" title="状态变更记录">
        <List
          size="small"
          dataSource={m.statusHistory}
          locale={{ emptyText: '暂无记录' }}
          renderItem={(e) => (
            <List.Item key={`${e.recordedAt}-${e.toStatus}`}>
              <Space wrap size={8}>
                <span style={mono}>{e.effectiveOn}</span>
                <span>
                  {e.fromStatus ? `${statusName(e.fromStatus)} → ${statusName(e.toStatus)}` : `登记为${statusName(e.toStatus)}`}
                </span>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="组织关系记录">
        <List
          size="small"
          dataSource={m.orgHistory}
          locale={{ emptyText: '暂无记录' }}
          renderItem={(e) => (
            <List.Item key={`${e.org.id}-${e.validFrom}`}>
              <Space orientation="vertical" size={0}>
                <span>{e.org.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.validFrom} 至 {e.validTo ?? '今'}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  )
}
