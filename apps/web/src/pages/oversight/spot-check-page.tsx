import { API, CheckerAssign, SPOT_CHECK_GENERATOR_TEXT, type FindingView, type SpotCheckItemView } from '@xianfeng/contract'
import { useMutation, useQuery } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { WIDE_ONLY } from '../../lib/use-is-mobile.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { FindingModal, FindingStatusTag, RectifyModal, type RectifyKind } from './finding-modals.tsx'
import { oversightKeys } from './oversight-keys.ts'

const itemLabel = (i: SpotCheckItemView) => (i.person ? `${i.person.name}（${i.county.name}）` : i.county.name)

function CheckerModal({ item, onClose }: { item: SpotCheckItemView | null; onClose: () => void }) {
  return (
    <FormModal<{ checker?: string; assignedOn?: string }, unknown>
      title={item ? `指派检查人：${itemLabel(item)}` : ''}
      open={item !== null}
      onClose={onClose}
      name="oversight-checker"
      okText="指派"
      initialValues={{ checker: item?.checker ?? undefined, assignedOn: todayString() }}
      submit={async (v) => api(API.oversight.assignChecker, { params: { id: item!.id }, body: formBody(CheckerAssign, v) })}
      refresh={[oversightKeys.all]}
      success={() => '已指派检查人'}
    >
      {item && (
        <>
          <Form.Item label="检查人" {...zodItem(CheckerAssign, 'checker')}>
            <Input maxLength={100} placeholder="姓名及单位，几人的用顿号分隔" />
          </Form.Item>
          <Form.Item label="指派日期" {...zodItem(CheckerAssign, 'assignedOn')}>
            <DateStringPicker max={todayString()} />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}

function Findings({ items, onAct }: { items: FindingView[]; onAct: (f: FindingView, kind: RectifyKind) => void }) {
  if (!items.length) return <Typography.Text type="secondary">无</Typography.Text>
  return (
    <Flex vertical gap={6}>
      {items.map((f) => (
        <div key={f.id}>
          <FindingStatusTag f={f} /> {f.description}
          {f.rectifyBy && <Typography.Text type="secondary">（限 {f.rectifyBy} 前）</Typography.Text>}
          {f.actions.start && (
            <Button size="small" type="link" onClick={() => onAct(f, 'start')}>
              开始整改
            </Button>
          )}
          {f.actions.close && (
            <Button size="small" type="link" onClick={() => onAct(f, 'close')}>
              销号
            </Button>
          )}
        </div>
      ))}
    </Flex>
  )
}

/** One spot check: how it was drawn (seed, generator, frames), the redraw check, each sampled item with its checker and findings. */
export function SpotCheckPage() {
  const { id } = useParams() as { id: string }
  const { message } = App.useApp()
  const [assigning, setAssigning] = useState<SpotCheckItemView | null>(null)
  const [finding, setFinding] = useState<{ id: string; label: string } | null>(null)
  const [acting, setActing] = useState<{ f: FindingView; kind: RectifyKind } | null>(null)
  const q = useQuery({
    queryKey: [...oversightKeys.spotChecks, 'detail', id],
    queryFn: () => api(API.oversight.spotCheck, { params: { id } }),
  })
  const redraw = useMutation({
    mutationFn: () => api(API.oversight.redrawSpotCheck, { params: { id } }),
    onError: (e) => void message.error(e.message),
  })
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />
  if (!q.data) return <PageLoading />
  const s = q.data.spotCheck
  const columns: TableColumnsType<SpotCheckItemView> = [
    { title: '顺序', dataIndex: 'drawOrder', width: 60 },
    { title: '县（市、区）', key: 'county', width: 150, render: (_, i) => i.county.name },
    ...(s.items.some((i) => i.kind === 'member')
      ? [{ title: '党员', key: 'person', width: 100, render: (_: unknown, i: SpotCheckItemView) => i.person?.name ?? '' }]
      : []),
    {
      title: '检查人',
      key: 'checker',
      width: 200,
      render: (_, i) =>
        i.checker ? (
          <span>
            {i.checker}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              （{i.checkerAssignedOn} 指派）
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">未指派</Typography.Text>
        ),
      ...WIDE_ONLY,
    },
    {
      title: '检查发现',
      key: 'findings',
      width: 380,
      render: (_, i) => <Findings items={i.findings} onAct={(f, kind) => setActing({ f, kind })} />,
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, i) =>
        s.canManage && (
          <Space size={4} wrap>
            <Button size="small" onClick={() => setAssigning(i)}>
              {i.checker ? '更换检查人' : '指派检查人'}
            </Button>
            <Button size="small" onClick={() => setFinding({ id: i.id, label: itemLabel(i) })}>
              登记发现
            </Button>
          </Space>
        ),
    },
  ]
  const r = redraw.data
  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={
          <Space>
            <Link to="/oversight/spot-checks">抽查</Link>/<span>{s.title}</span>
          </Space>
        }
        extra={
          <Button loading={redraw.isPending} onClick={() => redraw.mutate()}>
            用同一种子重新抽取
          </Button>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'org', label: '组织单位', children: s.org.name },
            { key: 'year', label: '年度', children: s.year },
            {
              key: 'seed',
              label: '随机种子',
              children: (
                <Typography.Text code copyable>
                  {s.seed}
                </Typography.Text>
              ),
            },
            { key: 'asOf', label: '抽样框日期', children: s.frameAsOf },
            {
              key: 'cf',
              label: '县级抽样框',
              children: (
                <span>
                  {s.countyFrame.size} 个，抽 {s.countySampleSize} 个 · SHA-256{' '}
                  <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>
                    {s.countyFrame.sha256}
                  </Typography.Text>
                </span>
              ),
            },
            {
              key: 'mf',
              label: '党员抽样框（抽中县内）',
              children: (
                <span>
                  {s.memberFrame.size} 人，每县抽 {s.memberSampleSize} 人 · SHA-256{' '}
                  <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>
                    {s.memberFrame.sha256}
                  </Typography.Text>
                </span>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
          抽样算法（{s.generator}）：{SPOT_CHECK_GENERATOR_TEXT}
        </Typography.Paragraph>
        {r && (
          <Alert
            style={{ marginTop: 12 }}
            type={r.isSampleSame ? 'success' : 'warning'}
            showIcon
            message={
              r.isSampleSame
                ? `同一种子重新抽取：与记录的样本一致（抽样框${r.isFrameSame ? '未变' : '已变化'}）`
                : `同一种子重新抽取：与记录的样本不一致——抽样框${r.isFrameSame ? '未变' : `已变化（县级 ${r.countyFrame.size} 个、党员 ${r.memberFrame.size} 人）`}`
            }
            description={
              <span>
                县（市、区）：
                {r.counties.map((c, i) => (
                  <Tag key={c.id}>
                    {i + 1}. {c.name}
                  </Tag>
                ))}
                {r.members.length > 0 && (
                  <>
                    <br />
                    党员：
                    {r.members.map((m) => (
                      <Tag key={`${m.county.id}/${m.id}`}>{m.name}</Tag>
                    ))}
                  </>
                )}
              </span>
            }
          />
        )}
      </Card>
      {(['county', 'member'] as const).map((kind) => {
        const rows = s.items.filter((i) => i.kind === kind)
        if (kind === 'member' && !rows.length) return null
        return (
          <Card
            key={kind}
            size="small"
            title={kind === 'county' ? `抽中的县（市、区）（${rows.length}）` : `抽中的流动党员（${rows.length}）`}
          >
            <Table<SpotCheckItemView>
              rowKey="id"
              size="small"
              pagination={false}
              columns={kind === 'county' ? columns.filter((c) => c.key !== 'person') : columns}
              dataSource={rows}
              scroll={{ x: 1000 }}
            />
          </Card>
        )
      })}
      <CheckerModal item={assigning} onClose={() => setAssigning(null)} />
      <FindingModal item={finding} onClose={() => setFinding(null)} />
      <RectifyModal finding={acting?.f ?? null} kind={acting?.kind ?? 'start'} onClose={() => setActing(null)} />
    </Flex>
  )
}
