import { PlusOutlined } from '@ant-design/icons'
import {
  API,
  RULE_PERIODS,
  RULE_SOURCE_KINDS,
  SEED_ARTICLES,
  type RuleInfo,
  type RuleOverrideView,
  type ParamSource,
} from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Descriptions, Flex, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { api } from '../../api.ts'
import { PageLoading } from '../../components/page-loading.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { OverrideCreateModal, OverrideEndModal } from './rule-override-modals.tsx'

type Rule = RuleInfo & { inForce: ParamSource }

const SOURCE_COLORS = { seed: 'red', national: 'gold', local: 'blue' } as const

const rulesListQuery = {
  queryKey: ['rules', 'list'] as const,
  queryFn: async () => (await api(API.rules.list)).rules,
}

function sourceOf(p: ParamSource): string {
  return p.fromOrg ? `“${p.fromOrg.name}”的调整` : '注册表默认值'
}

/** `每月次数 1 次` for each parameter in force. */
function inForceText(rule: Rule): string {
  if (rule.params.length === 0) return '无参数'
  return rule.params.map((p) => `${p.label} ${rule.inForce.values[p.key] ?? p.default} ${p.unit}`).join('，')
}

/**
 * 规则: the registry — each rule's quoted sentence, source, who it applies to, its period and
 * parameters (default, value in force here, and where that comes from) — and which of the seed's
 * 28 articles have rules. `/rules?tab=coverage&rule=…`.
 */
export function RulesPage() {
  const [params, setParams] = useSearchParams()
  const rules = useQuery(rulesListQuery)
  const tab = params.get('tab') === 'coverage' ? 'coverage' : 'rules'
  const expanded = params.get('rule')
  const set = (next: { tab?: string; rule?: string | null }) => {
    const out = new URLSearchParams(params)
    if (next.tab !== undefined) {
      if (next.tab === 'rules') out.delete('tab')
      else out.set('tab', next.tab)
    }
    if (next.rule !== undefined) {
      if (next.rule) out.set('rule', next.rule)
      else out.delete('rule')
    }
    setParams(out, { replace: true })
  }

  if (rules.isPending) return <PageLoading />
  if (rules.isError) return <QueryError error={rules.error} onRetry={() => void rules.refetch()} />
  const list = rules.data
  return (
    <Card size="small" title="规则">
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ tab: key })}
        items={[
          {
            key: 'rules',
            label: `全部规则（${list.length}）`,
            children: <RulesTable rules={list} expanded={expanded} onExpand={(id) => set({ rule: id })} />,
          },
          {
            key: 'coverage',
            label: '文件条款覆盖',
            children: <CoverageView rules={list} onOpen={(id) => set({ tab: 'rules', rule: id })} />,
          },
        ]}
      />
    </Card>
  )
}

function RulesTable({
  rules,
  expanded,
  onExpand,
}: {
  rules: Rule[]
  expanded: string | null
  onExpand: (id: string | null) => void
}) {
  // On a phone the list keeps the title and the period; the rest is in the opened rule.
  const isMobile = useIsMobile()
  const columns: TableColumnsType<Rule> = [
    {
      title: '规则',
      key: 'title',
      width: isMobile ? undefined : 240,
      render: (_, r) => (
        <Flex vertical>
          <Typography.Text strong>{r.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: r.id }}>
            {r.id}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: '周期', key: 'period', width: 80, render: (_, r) => (r.period ? RULE_PERIODS[r.period] : '常设检查') },
  ]
  if (!isMobile)
    columns.push(
      { title: '适用对象', key: 'appliesTo', dataIndex: 'appliesTo' },
      {
        title: '出处',
        key: 'source',
        width: 220,
        render: (_, r) => (
          <Flex vertical gap={2} align="flex-start">
            <Tag color={SOURCE_COLORS[r.sourceKind]}>{RULE_SOURCE_KINDS[r.sourceKind]}</Tag>
            <span>{r.source}</span>
          </Flex>
        ),
      },
      {
        title: '现行参数',
        key: 'params',
        width: 200,
        render: (_, r) => (
          <Flex vertical>
            <span>{inForceText(r)}</span>
            {r.params.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                来自{sourceOf(r.inForce)}
              </Typography.Text>
            )}
          </Flex>
        ),
      },
    )
  return (
    <Table<Rule>
      size="small"
      rowKey="id"
      dataSource={rules}
      pagination={false}
      {...(!isMobile && { scroll: { x: 900 } })}
      expandable={{
        expandedRowKeys: expanded ? [expanded] : [],
        onExpand: (open, r) => onExpand(open ? r.id : null),
        expandedRowRender: (r) => <RuleDetail rule={r} />,
        expandRowByClick: true,
      }}
      columns={columns}
    />
  )
}

function RuleDetail({ rule }: { rule: Rule }) {
  // On a phone the opened rule stays within the screen; its tables scroll sideways.
  const isMobile = useIsMobile()
  return (
    <Flex vertical gap={12} style={{ padding: '4px 8px', ...(isMobile && { maxWidth: 'calc(100vw - 72px)' }) }}>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'quote',
            label: '原文',
            children: (
              <blockquote style={{ margin: 0, paddingInlineStart: 8, borderInlineStart: '3px solid #c8161d' }}>
                “{rule.quote}”
              </blockquote>
            ),
          },
          { key: 'source', label: '出处', children: `${rule.source}（${RULE_SOURCE_KINDS[rule.sourceKind]}）` },
          {
            key: 'articles',
            label: '落实湖北文件',
            children: rule.seedArticles.length
              ? rule.seedArticles.map((n) => `第${n}条 ${SEED_ARTICLES[n] ?? ''}`).join('；')
              : '—',
          },
          { key: 'applies', label: '适用对象', children: rule.appliesTo },
          {
            key: 'period',
            label: '周期',
            children: rule.period ? `${RULE_PERIODS[rule.period]}（按期计算达标情况）` : '常设检查（在相关页面随时提示）',
          },
          { key: 'version', label: '版本', children: `第 ${rule.version} 版，自 ${rule.effectiveFrom} 起施行` },
        ]}
      />
      {rule.params.length > 0 && (
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 520 }}
          dataSource={rule.params}
          columns={[
            { title: '参数', dataIndex: 'label' },
            { title: '默认值', key: 'default', render: (_, p) => `${p.default} ${p.unit}` },
            { title: '可调范围', key: 'range', render: (_, p) => `${p.min}–${p.max} ${p.unit}` },
            { title: '现行值', key: 'inForce', render: (_, p) => `${rule.inForce.values[p.key] ?? p.default} ${p.unit}` },
            { title: '来源', key: 'from', render: () => sourceOf(rule.inForce) },
          ]}
        />
      )}
      {rule.params.length > 0 && <OverridesSection rule={rule} />}
    </Flex>
  )
}

function OverridesSection({ rule }: { rule: Rule }) {
  const { can } = useSession()
  const canConfigure = can('rules.configure')
  const overrides = useQuery({
    queryKey: ['rules', 'overrides', rule.id],
    queryFn: async () => (await api(API.rules.overrides, { params: { ruleId: rule.id } })).items,
  })
  const [creating, setCreating] = useState<RuleInfo | null>(null)
  const [ending, setEnding] = useState<RuleOverrideView | null>(null)
  const label = (key: string) => rule.params.find((p) => p.key === key)
  return (
    <section aria-label={`${rule.title}的参数调整`}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text strong>参数调整（含已结束的）</Typography.Text>
        {canConfigure && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(rule)}>
            新增参数调整
          </Button>
        )}
      </Flex>
      {overrides.isError ? (
        <QueryError error={overrides.error} onRetry={() => void overrides.refetch()} />
      ) : (
        <Table<RuleOverrideView>
          size="small"
          rowKey="id"
          pagination={false}
          loading={overrides.isFetching}
          dataSource={overrides.data}
          scroll={{ x: 720 }}
          locale={{ emptyText: '当前范围内没有调整，各组织都按注册表默认值' }}
          columns={[
            { title: '组织', dataIndex: ['org', 'name'] },
            {
              title: '参数',
              key: 'params',
              render: (_, o) =>
                Object.entries(o.params)
                  .map(([k, v]) => {
                    const p = label(k)
                    return p ? `${p.label} ${v} ${p.unit}` : `${k} ${v}`
                  })
                  .join('，'),
            },
            { title: '理由', dataIndex: 'reason' },
            { title: '生效日期', dataIndex: 'effectiveFrom', width: 110 },
            {
              title: '状态',
              key: 'ended',
              width: 150,
              render: (_, o) => (o.endedOn ? <Tag>自 {o.endedOn} 起结束</Tag> : <Tag color="green">现行</Tag>),
            },
            { title: '登记时间', dataIndex: 'createdAt', width: 170, render: (t: string) => formatDateTime(t) },
            ...(canConfigure
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 70,
                    render: (_: unknown, o: RuleOverrideView) =>
                      o.endedOn ? null : (
                        <Button size="small" danger type="link" onClick={() => setEnding(o)}>
                          结束
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <OverrideCreateModal rule={creating} onClose={() => setCreating(null)} />
      <OverrideEndModal override={ending} onClose={() => setEnding(null)} />
    </section>
  )
}

function CoverageView({ rules, onOpen }: { rules: Rule[]; onOpen: (id: string) => void }) {
  const articles = Object.entries(SEED_ARTICLES).map(([n, heading]) => ({
    n: Number(n),
    heading,
    rules: rules.filter((r) => r.seedArticles.includes(Number(n))),
  }))
  const covered = articles.filter((a) => a.rules.length > 0).length
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">
        湖北文件（鄂发〔2006〕13号）共 {articles.length} 条，已有规则落实的 {covered} 条，尚无规则的 {articles.length - covered}{' '}
        条。
      </Typography.Text>
      <Table
        size="small"
        rowKey="n"
        pagination={false}
        dataSource={articles}
        scroll={{ x: 600 }}
        columns={[
          { title: '条款', key: 'n', width: 70, render: (_, a) => `第${a.n}条` },
          { title: '标题', dataIndex: 'heading', width: 280 },
          {
            title: '落实的规则',
            key: 'rules',
            render: (_, a) =>
              a.rules.length === 0 ? (
                <Typography.Text type="secondary">尚无规则</Typography.Text>
              ) : (
                <Flex wrap gap={4}>
                  {a.rules.map((r) => (
                    <Tag
                      key={r.id}
                      color="red"
                      role="button"
                      tabIndex={0}
                      style={{ cursor: 'pointer' }}
                      onClick={() => onOpen(r.id)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') onOpen(r.id)
                      }}
                    >
                      {r.title}
                    </Tag>
                  ))}
                </Flex>
              ),
          },
        ]}
      />
    </Flex>
  )
}
