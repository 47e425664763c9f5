import { DownloadOutlined } from '@ant-design/icons'
import {
  API,
  CASE_STATUSES,
  DEVELOPMENT_CATEGORIES,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEPS,
  NOTICE_KINDS,
  STEP_ACTORS,
  STEP_OUTCOMES,
  type CaseView,
  type NoticeView,
  type StepInfo,
  type StepNo,
} from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Space, Tag, Timeline, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { api } from '../../api.ts'
import { NotFoundResult } from '../../components/not-found-result.tsx'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { isApiError } from '../../api.ts'
import { useSession } from '../../lib/session.ts'
import { caseQuery } from './development-queries.ts'
import { EndCaseModal, NoticeModal, ObjectionModal, ResolveModal } from './notice-modals.tsx'
import { StepModal } from './step-modal.tsx'

/**
 * The notice the case awaits, if any: of the candidate once the branch committee has reviewed them
 * (step 12) until the vote passes; of the conversion once the member has applied (step 22) in the
 * current round until its vote passes.
 */
function noticeToPublish(v: CaseView): 'admission' | 'conversion' | null {
  if (v.status !== 'open') return null
  const has = (step: number, round = 1, outcome?: string) =>
    v.steps.some((s) => s.step === step && s.round === round && (outcome === undefined || s.outcome === outcome))
  const noticed = (kind: string, round = 1) => v.notices.some((n) => n.kind === kind && n.round === round)
  if (has(12) && !v.steps.some((s) => s.step === 15 && s.outcome === 'passed') && !noticed('admission')) return 'admission'
  const round = 1 + v.steps.filter((s) => s.step === 24 && s.outcome === 'extend').length
  if (has(22, round) && !has(23, round, 'passed') && !noticed('conversion', round)) return 'conversion'
  return null
}

const NOTICE_STATES = { scheduled: '未开始', in_force: '公示中', ended: '已期满' } as const

/** One case: where it stands, what comes next and from when, every step done, the notices. */
export function CasePage() {
  const { id = '' } = useParams()
  const { can } = useSession()
  const canWrite = can('development.write')
  const c = useQuery(caseQuery(id))
  const [recording, setRecording] = useState<number | null>(null)
  const [publishing, setPublishing] = useState<'admission' | 'conversion' | null>(null)
  const [objecting, setObjecting] = useState<NoticeView | null>(null)
  const [resolving, setResolving] = useState<string | null>(null)
  const [downloading, setDownloading] = useState(false)
  const [ending, setEnding] = useState(false)
  const { message } = App.useApp()

  if (c.isPending) return <PageLoading />
  if (c.isError)
    return isApiError(c.error) && c.error.status === 404 ? (
      <NotFoundResult />
    ) : (
      <QueryError error={c.error} onRetry={() => void c.refetch()} />
    )
  const v: CaseView = c.data
  const noticeDue = noticeToPublish(v)

  const dossier = async () => {
    setDownloading(true)
    try {
      await api(API.development.dossier, { params: { id } })
    } catch (e) {
      void message.error(e instanceof Error ? e.message : '导出失败')
    } finally {
      setDownloading(false)
    }
  }

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={
          <Space wrap>
            <Link to="/development">发展党员</Link>/<span>{v.person.name}</span>
            <Tag color={v.status === 'open' ? 'processing' : v.status === 'completed' ? 'success' : 'default'}>
              {CASE_STATUSES[v.status]}
            </Tag>
          </Space>
        }
        extra={
          <Button icon={<DownloadOutlined aria-hidden />} loading={downloading} onClick={() => void dossier()}>
            全程纪实表
          </Button>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label="姓名">
            <Link to={`/members/${v.person.id}`}>{v.person.name}</Link>（{v.person.gender}，{v.person.birthDate} 出生）
          </Descriptions.Item>
          <Descriptions.Item label="名册状态">{v.person.status}</Descriptions.Item>
          <Descriptions.Item label="所在党组织">{v.org.name}</Descriptions.Item>
          <Descriptions.Item label="上级党委">{v.superior?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="阶段">
            {v.status === 'open' ? DEVELOPMENT_STAGES[v.stage as 1] : CASE_STATUSES[v.status]}
          </Descriptions.Item>
          <Descriptions.Item label="类别">
            {v.categories.map((k) => DEVELOPMENT_CATEGORIES[k]).join('、') || '—'}
          </Descriptions.Item>
          {v.admittedOn && <Descriptions.Item label="入党日期">{v.admittedOn}</Descriptions.Item>}
          {v.probationEndsOn && <Descriptions.Item label="预备期满">{v.probationEndsOn}</Descriptions.Item>}
          {v.fullOn && <Descriptions.Item label="转正日期（党龄起算）">{v.fullOn}</Descriptions.Item>}
          {v.endedOn && <Descriptions.Item label="终止">{`${v.endedOn}：${v.endReason ?? ''}`}</Descriptions.Item>}
        </Descriptions>
      </Card>

      {v.next && (
        <Card size="small" title="下一步" aria-label="下一步">
          <Flex vertical gap={8}>
            <Typography.Text strong>
              第 {v.next.step} 步“{v.next.name}”（由{STEP_ACTORS[v.next.by]}
              {v.next.org ? `“${v.next.org.name}”` : ''}办理）
            </Typography.Text>
            {v.next.possibleFrom && <Typography.Text>可办理日期：{v.next.possibleFrom} 起</Typography.Text>}
            {v.next.deadline && <Typography.Text>期限：{v.next.deadline} 前</Typography.Text>}
            {v.next.blockedBy && <Alert type="warning" showIcon title={v.next.blockedBy} />}
            {v.overdue.map((o) => (
              <Alert key={o} type="error" showIcon title={o} />
            ))}
            {canWrite && (
              <Space wrap>
                <Button type="primary" onClick={() => setRecording(v.next!.step)}>
                  记录第 {v.next.step} 步
                </Button>
                {v.stage === 2 && v.steps.some((s) => s.step === 5) && (
                  <Button onClick={() => setRecording(6)}>记录培养教育考察</Button>
                )}
                {v.stage === 5 && v.steps.some((s) => s.step === 20) && (
                  <Button onClick={() => setRecording(21)}>记录继续教育考察</Button>
                )}
                {noticeDue && (
                  <Button onClick={() => setPublishing(noticeDue)}>
                    发布{noticeDue === 'admission' ? '发展对象' : '转正'}公示
                  </Button>
                )}
                <Button danger onClick={() => setEnding(true)}>
                  终止发展
                </Button>
              </Space>
            )}
          </Flex>
        </Card>
      )}

      <Card size="small" title="公示">
        {v.notices.length === 0 ? (
          <Empty description="尚未发布公示" image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Flex vertical gap={12}>
            {v.notices.map((n) => (
              <Card
                key={n.id}
                size="small"
                type="inner"
                title={`${NOTICE_KINDS[n.kind]}：${n.startsOn} 至 ${n.endsOn}（${n.workingDays} 个工作日）`}
                extra={
                  <Space>
                    <Tag color={n.state === 'in_force' ? 'red' : 'default'}>{NOTICE_STATES[n.state]}</Tag>
                    {canWrite && (
                      <Button size="small" onClick={() => setObjecting(n)}>
                        登记反映意见
                      </Button>
                    )}
                  </Space>
                }
              >
                <Typography.Text type="secondary">受理意见：{n.contact}</Typography.Text>
                {n.objections.map((o) => (
                  <Flex key={o.id} gap={8} align="baseline" wrap style={{ marginTop: 8 }}>
                    <Typography.Text>
                      {o.receivedOn} 收到：{o.content}
                    </Typography.Text>
                    {o.resolvedOn ? (
                      <Typography.Text type="secondary">
                        {o.resolvedOn} 处理：{o.resolution}
                      </Typography.Text>
                    ) : (
                      <>
                        <Tag color="orange">尚未处理</Tag>
                        {canWrite && (
                          <Button size="small" onClick={() => setResolving(o.id)}>
                            登记处理情况
                          </Button>
                        )}
                      </>
                    )}
                  </Flex>
                ))}
              </Card>
            ))}
          </Flex>
        )}
      </Card>

      <Card size="small" title="各步骤记录">
        <Timeline
          items={v.steps.map((s) => ({
            key: s.id,
            color: s.outcome === 'failed' ? 'red' : s.lateReason ? 'orange' : 'green',
            content: (
              <Flex vertical gap={2}>
                <Typography.Text strong>
                  {s.doneOn} 第 {s.step} 步“{s.name}”{s.round > 1 ? `（第 ${s.round} 轮）` : ''}
                  {(DEVELOPMENT_STEPS[s.step as StepNo] as StepInfo).periodic ? `（第 ${s.seq} 次）` : ''}
                  {s.outcome && (
                    <Tag style={{ marginLeft: 8 }} color={s.outcome === 'failed' || s.outcome === 'cancel' ? 'red' : 'green'}>
                      {STEP_OUTCOMES[s.outcome]}
                    </Tag>
                  )}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.org.name}
                  {s.actorName ? ` · 经办人 ${s.actorName}` : ''}
                  {s.recordedBy ? ` · ${s.recordedBy} 记录` : ''}
                </Typography.Text>
                {s.facts.map((f) => (
                  <Typography.Text key={f}>{f}</Typography.Text>
                ))}
                {s.vote?.arithmetic.map((line) => (
                  <Typography.Text key={line} type="secondary">
                    {line}
                  </Typography.Text>
                ))}
                {s.documents.length > 0 && <Typography.Text type="secondary">材料：{s.documents.join('、')}</Typography.Text>}
                {s.lateReason && <Typography.Text type="warning">逾期原因：{s.lateReason}</Typography.Text>}
                {s.warnings.map((w) => (
                  <Typography.Text key={w} type="warning">
                    {w}
                  </Typography.Text>
                ))}
                {s.note && <Typography.Text>{s.note}</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      </Card>

      <StepModal caseView={v} step={recording} onClose={() => setRecording(null)} />
      <NoticeModal caseView={v} kind={publishing} onClose={() => setPublishing(null)} />
      <ObjectionModal caseId={v.id} notice={objecting} onClose={() => setObjecting(null)} />
      <ResolveModal caseId={v.id} objectionId={resolving} onClose={() => setResolving(null)} />
      <EndCaseModal caseView={v} open={ending} onClose={() => setEnding(false)} />
    </Flex>
  )
}
