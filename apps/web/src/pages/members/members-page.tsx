import { DownOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import {
  API,
  EDUCATION_LEVEL_OPTIONS,
  GENDER_OPTIONS,
  type EducationLevelCode,
  type GenderCode,
  type MemberStatus,
} from '@xianfeng/contract'
import { useInfiniteQuery } from '@tanstack/react-query'
import { Button, Card, Dropdown, Flex, Input, InputNumber, Select, Space, message } from 'antd'
import { useState } from 'react'
import { api, isApiError } from '../../api.ts'
import { OrgSelect } from '../../components/org-select.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { useDebounced } from '../../lib/use-debounced.ts'
import { useSession } from '../../lib/session.ts'
import { MemberFormModal, type MemberFormTarget } from './member-form-modal.tsx'
import { STATUS_OPTIONS } from './member-labels.ts'
import { MemberImportModal } from './member-import-modal.tsx'
import { filterQuery, memberSearchQuery, type MemberFilter } from './member-queries.ts'
import { MembersTable } from './members-table.tsx'

const num = (v: number | string | null) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

function emptyText(filter: MemberFilter): string {
  if (filter.q) return `没有找到与“${filter.q}”匹配的人员`
  const filtered = Object.entries(filter).some(([k, v]) => k !== 'q' && v !== undefined)
  return filtered ? '没有符合条件的人员' : '当前范围内尚未登记人员'
}

/** 党员名册: one search box (the server tells name, pinyin, ID number and phone apart), filters, keyset paging. */
export function MembersPage() {
  const { can } = useSession()
  const [filter, setFilter] = useState<MemberFilter>({ q: '' })
  // Numbers are typed digit by digit: wait until the typing stops.
  const query = useDebounced(filter, 300)
  const search = useInfiniteQuery(memberSearchQuery(query))
  const [target, setTarget] = useState<MemberFormTarget | null>(null)
  const [importing, setImporting] = useState(false)
  const [exporting, setExporting] = useState(false)

  /** Downloads what the list shows now, masked unless `reveal`. */
  const exportList = async (reveal: boolean) => {
    setExporting(true)
    try {
      await api(API.memberExcel.export, { query: { ...filterQuery(query), reveal: reveal ? 'true' : undefined } })
    } catch (e) {
      void message.error(isApiError(e) ? e.message : '导出失败，请重试')
    } finally {
      setExporting(false)
    }
  }
  const items = search.data?.pages.flatMap((p) => p.items) ?? []

  const set = (patch: Partial<MemberFilter>) => setFilter((f) => ({ ...f, ...patch }))

  return (
    <Card
      size="small"
      title="党员名册"
      styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
      extra={
        <Space wrap>
          {can('people.reveal_pii') ? (
            <Space.Compact>
              <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={() => void exportList(false)}>
                导出 Excel
              </Button>
              <Dropdown
                menu={{
                  items: [{ key: 'reveal', label: '导出完整身份证号和手机号（记入审计）' }],
                  onClick: () => void exportList(true),
                }}
              >
                <Button icon={<DownOutlined />} aria-label="更多导出方式" disabled={exporting} />
              </Dropdown>
            </Space.Compact>
          ) : (
            <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={() => void exportList(false)}>
              导出 Excel
            </Button>
          )}
          {can('members.write') && (
            <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
              导入
            </Button>
          )}
          {can('members.write') && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setTarget({ mode: 'create' })}>
              新增党员
            </Button>
          )}
        </Space>
      }
    >
      <Flex vertical gap={16}>
        <Flex wrap gap={12} align="center">
          <Input.Search
            aria-label="查找人员"
            placeholder="姓名、拼音首字母、身份证号或手机号"
            allowClear
            maxLength={50}
            onSearch={(value) => set({ q: value.trim() })}
            style={{ width: 300, maxWidth: '100%' }}
          />
          <Select<MemberStatus>
            aria-label="状态"
            placeholder="全部状态"
            allowClear
            value={filter.status}
            options={STATUS_OPTIONS}
            onChange={(status) => set({ status })}
            style={{ width: 150, maxWidth: '100%' }}
          />
          <Select<GenderCode>
            aria-label="性别"
            placeholder="全部性别"
            allowClear
            value={filter.gender}
            options={GENDER_OPTIONS}
            onChange={(gender) => set({ gender })}
            style={{ width: 110, maxWidth: '100%' }}
          />
          <Select<EducationLevelCode>
            aria-label="学历"
            placeholder="全部学历"
            allowClear
            value={filter.education}
            options={EDUCATION_LEVEL_OPTIONS}
            onChange={(education) => set({ education })}
            style={{ width: 160, maxWidth: '100%' }}
          />
          <Flex align="center" gap={6}>
            <span id="members-age">年龄</span>
            <InputNumber
              aria-label="最小年龄"
              min={0}
              max={150}
              precision={0}
              placeholder="从"
              value={filter.ageFrom ?? null}
              onChange={(v) => set({ ageFrom: num(v) })}
              style={{ width: 72 }}
            />
            <span>–</span>
            <InputNumber
              aria-label="最大年龄"
              min={0}
              max={150}
              precision={0}
              placeholder="到"
              value={filter.ageTo ?? null}
              onChange={(v) => set({ ageTo: num(v) })}
              style={{ width: 72 }}
            />
          </Flex>
          <InputNumber
            aria-label="入党年份"
            min={1921}
            max={2100}
            precision={0}
            placeholder="入党年份"
            value={filter.joinYear ?? null}
            onChange={(v) => set({ joinYear: num(v) })}
            style={{ width: 110 }}
          />
          <div style={{ width: 260, maxWidth: '100%' }}>
            <OrgSelect
              id="members-org-filter"
              placeholder="全部组织（输入名称查找）"
              value={filter.orgId}
              onChange={(orgId) => set({ orgId })}
            />
          </div>
        </Flex>
        {search.isError ? (
          <QueryError error={search.error} onRetry={() => void search.refetch()} />
        ) : (
          <MembersTable
            items={items}
            loading={search.isFetching}
            emptyText={emptyText(query)}
            hasMore={search.hasNextPage}
            loadingMore={search.isFetchingNextPage}
            onLoadMore={() => void search.fetchNextPage()}
          />
        )}
      </Flex>
      <MemberFormModal target={target} onClose={() => setTarget(null)} />
      {can('members.write') && <MemberImportModal open={importing} onClose={() => setImporting(false)} />}
    </Card>
  )
}
