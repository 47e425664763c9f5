import { DownloadOutlined, PlusOutlined } from '@ant-design/icons'
import { API, MeetingInput, SEED_DEPARTMENTS, type MeetingView } from '@xianfeng/contract'
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { App, Button, Card, Flex, Form, Input, Select, Space, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { api } from '../../api.ts'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { PagedTable } from '../../components/paged-table.tsx'
import { WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { useSession } from '../../lib/session.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { oversightKeys, recentYears } from './oversight-keys.ts'

interface Values {
  orgId?: string
  heldOn?: string
  title?: string
  departments?: string[]
  decisions?: string
  venue?: string
}

/** 登记或修改一次部门协调会议. */
function MeetingModal({ meeting, open, onClose }: { meeting: MeetingView | null; open: boolean; onClose: () => void }) {
  const { me } = useSession()
  const submit = async (v: Values) => {
    const body = formBody(MeetingInput, v)
    return meeting
      ? (await api(API.oversight.updateMeeting, { params: { id: meeting.id }, body })).meeting
      : (await api(API.oversight.createMeeting, { body })).meeting
  }
  return (
    <FormModal<Values, MeetingView>
      title={meeting ? '修改协调会议记录' : '登记部门协调会议'}
      open={open}
      onClose={onClose}
      name="oversight-meeting"
      okText="保存"
      width={640}
      initialValues={
        meeting
          ? { ...meeting, orgId: meeting.org.id, venue: meeting.venue ?? undefined }
          : { orgId: me.currentGrant?.orgId, heldOn: todayString() }
      }
      submit={submit}
      refresh={[oversightKeys.meetings]}
      success={(m) => `已保存“${m.title}”`}
    >
      {open && (
        <>
          <Form.Item label="召集单位" {...zodItem(MeetingInput, 'orgId', { select: true })}>
            <CurrentOrgSelect
              current={
                meeting ? meeting.org : me.currentGrant ? { id: me.currentGrant.orgId, name: me.currentGrant.orgName } : null
              }
            />
          </Form.Item>
          <Form.Item label="召开日期" {...zodItem(MeetingInput, 'heldOn')}>
            <DateStringPicker max={todayString()} />
          </Form.Item>
          <Form.Item label="会议名称" {...zodItem(MeetingInput, 'title')}>
            <Input maxLength={100} placeholder="如：流动党员管理工作联席会议" />
          </Form.Item>
          <Form.Item
            label="参加部门"
            extra="可从文件所列部门中选，也可直接输入其他部门后回车"
            {...zodItem(MeetingInput, 'departments', { select: true })}
          >
            <Select mode="tags" options={SEED_DEPARTMENTS.map((d) => ({ value: d, label: d }))} placeholder="选择或输入部门" />
          </Form.Item>
          <Form.Item label="议定事项" {...zodItem(MeetingInput, 'decisions')}>
            <Input.TextArea rows={5} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item label="地点" {...zodItem(MeetingInput, 'venue')}>
            <Input maxLength={100} />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

/**
 * 部门协调会议 (seed §23: 公安、民政、人事… 等部门协作，定期研究和通报): the register of meetings with the
 * departments that took part and what was decided. Nothing is imported from those departments.
 */
export function MeetingsPage() {
  const { can } = useSession()
  const { message } = App.useApp()
  const [orgId, setOrgId] = useState<string | undefined>(undefined)
  const [year, setYear] = useState<number | undefined>(undefined)
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const [editing, setEditing] = useState<{ meeting: MeetingView | null } | null>(null)
  const filter = { orgId, year }
  const list = useQuery({
    queryKey: [...oversightKeys.meetings, filter, page],
    queryFn: () => api(API.oversight.listMeetings, { query: { ...filter, ...page } }),
    placeholderData: keepPreviousData,
  })
  const exporting = useMutation({
    mutationFn: () => api(API.oversight.exportMeetings, { query: filter }),
    onError: (e) => void message.error(e.message),
  })
  const columns: TableColumnsType<MeetingView> = [
    { title: '召开日期', dataIndex: 'heldOn', width: 110 },
    { title: '会议名称', dataIndex: 'title', width: 220 },
    { title: '召集单位', key: 'org', width: 180, render: (_, m) => m.org.name, ...WIDE_ONLY },
    {
      title: '参加部门',
      key: 'departments',
      width: 260,
      render: (_, m) => (
        <Space size={[4, 4]} wrap>
          {m.departments.map((d) => (
            <Tag key={d}>{d}</Tag>
          ))}
        </Space>
      ),
      ...WIDE_ONLY,
    },
    {
      title: '议定事项',
      dataIndex: 'decisions',
      width: 360,
      render: (d: string) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d}</Typography.Paragraph>,
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, m) =>
        m.canEdit && (
          <Button size="small" onClick={() => setEditing({ meeting: m })}>
            修改
          </Button>
        ),
    },
  ]
  return (
    <Card
      size="small"
      title="流动党员管理部门协调会议"
      styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 } }}
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={exporting.isPending} onClick={() => exporting.mutate()}>
            导出 Excel
          </Button>
          {can('oversight.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ meeting: null })}>
              登记会议
            </Button>
          )}
        </Space>
      }
    >
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">
          依据鄂发〔2006〕13号第 23
          条：加强公安、民政、人事、劳动和社会保障、农业、人口和计划生育、税务、工商等部门的协作，定期研究和通报流动党员管理工作。
          这里只登记会议和议定事项，不从各部门导入数据。
        </Typography.Text>
        <Flex gap={12} wrap align="center">
          <div style={{ width: 260 }}>
            <OrgSelect
              value={orgId}
              onChange={(v) => {
                setOrgId(v)
                setPage((p) => ({ ...p, page: 1 }))
              }}
              placeholder="全部（当前授权范围）"
            />
          </div>
          <Select<number>
            allowClear
            aria-label="年度"
            placeholder="全部年度"
            style={{ width: 120 }}
            value={year}
            options={recentYears(todayString()).map((y) => ({ value: y, label: `${y} 年` }))}
            onChange={(v) => {
              setYear(v)
              setPage((p) => ({ ...p, page: 1 }))
            }}
          />
        </Flex>
        <PagedTable<MeetingView>
          query={list}
          columns={columns}
          page={page}
          onPage={setPage}
          scrollX={1200}
          emptyText="还没有登记协调会议"
          unit="次"
        />
      </Flex>
      <MeetingModal meeting={editing?.meeting ?? null} open={editing !== null} onClose={() => setEditing(null)} />
    </Card>
  )
}
