import { AUDIT_ACTIONS, type API, type OrgDetail, type ResponseOf } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Button, Empty, Skeleton, Timeline, Typography, theme, type TimelineItemProps } from 'antd'
import { Fragment, useMemo, useState } from 'react'
import { Link } from 'react-router'
import { QueryError } from '../../components/query-error.tsx'
import { orgDetailQuery } from '../../lib/org-queries.ts'
import { asRecord, COMPANION_NAMES, diffRows, isBlank, ORG_REF_FIELDS, valueText, type DiffRow } from './org-change-diff.ts'
import { orgChangesQuery } from './org-tree-queries.ts'
import { useOrgView } from './use-org-view.ts'

type ChangeEntry = ResponseOf<typeof API.orgs.changes>['items'][number]

const PAGE_SIZE = 20
/** The server lists at most this many rows of one org. */
const SERVER_LIMIT = 500

const shanghaiTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** `2024/05/01 09:30:00`, China time, wherever the browser is. */
function formatShanghai(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : shanghaiTime.format(date)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** What the change log knows about org ids it shows: names, and the one parent outside the scope. */
interface OrgNames {
  names: Map<string, string>
  /** The parent of a scope root: the scope does not show it, so it is not looked up. */
  outside: string | undefined
}

function orgNames(org: OrgDetail, entries: ChangeEntry[]): OrgNames {
  const names = new Map<string, string>()
  // Names recorded by moves and merges, oldest first so the newest wins; today's names win over all of them.
  for (const entry of [...entries].reverse()) {
    const after = asRecord(entry.after)
    for (const [idKey, nameKey] of Object.entries(COMPANION_NAMES)) {
      const [id, name] = [after?.[idKey], after?.[nameKey]]
      if (typeof id === 'string' && typeof name === 'string') names.set(id, name)
    }
  }
  for (const a of org.ancestors) names.set(a.id, a.name)
  if (org.attachedTo) names.set(org.attachedTo.id, org.attachedTo.name)
  names.set(org.id, org.name)
  return { names, outside: org.ancestors.length === 0 && org.parentId ? org.parentId : undefined }
}

/** An org named by id: by the name already known, else looked up; linked to the org unless `plain`. */
function OrgRef({ id, name, known, plain }: { id: string; name?: string | undefined; known: OrgNames; plain: boolean }) {
  const { orgPath } = useOrgView()
  const knownName = name ?? known.names.get(id)
  const isOutside = id === known.outside
  const lookup = useQuery({ ...orgDetailQuery(id), enabled: !knownName && !isOutside })
  if (isOutside && !knownName) return <Typography.Text type="secondary">授权范围外的组织</Typography.Text>
  const shown = knownName ?? lookup.data?.name
  if (shown) return plain ? <>{shown}</> : <Link to={orgPath(id)}>{shown}</Link>
  if (lookup.isFetching) return <Typography.Text type="secondary">…</Typography.Text>
  return (
    <Typography.Text type="secondary" title={id}>
      组织 {id.slice(0, 8)}
    </Typography.Text>
  )
}

interface FieldValueProps {
  field: string
  value: unknown
  /** The org's name, when the row recorded it. */
  name?: string | undefined
  known: OrgNames
  /** A value replaced by the change: struck through, so not a link. */
  old?: boolean
}

function FieldValue({ field, value, name, known, old = false }: FieldValueProps) {
  if (isBlank(value)) return <Typography.Text type="secondary">（空）</Typography.Text>
  if (ORG_REF_FIELDS.has(field) && typeof value === 'string' && UUID.test(value))
    return <OrgRef id={value} name={name} known={known} plain={old} />
  return <>{valueText(field, value)}</>
}

function DiffLine({ row, after, known }: { row: DiffRow; after: unknown; known: OrgNames }) {
  // A move records the new parent's name beside its id, a merge the target's.
  const nameKey = COMPANION_NAMES[row.key]
  const recordedName = nameKey ? asRecord(after)?.[nameKey] : undefined
  const afterName = typeof recordedName === 'string' ? recordedName : undefined
  if (row.kind === 'set') return <FieldValue field={row.key} value={row.value} name={afterName} known={known} />
  return (
    <>
      <Typography.Text type="secondary" delete={!isBlank(row.before)}>
        <FieldValue field={row.key} value={row.before} known={known} old />
      </Typography.Text>
      <span aria-label="改为" style={{ marginInline: 6 }}>
        →
      </span>
      <FieldValue field={row.key} value={row.after} name={afterName} known={known} />
    </>
  )
}

function ChangeBody({ entry, known }: { entry: ChangeEntry; known: OrgNames }) {
  const { token } = theme.useToken()
  const rows = diffRows(entry.before, entry.after)
  if (rows.length === 0) {
    if (entry.before == null && entry.after == null) return null
    const records = (entry.before == null || asRecord(entry.before)) && (entry.after == null || asRecord(entry.after))
    if (records) return <Typography.Text type="secondary">没有字段变化</Typography.Text>
    return <pre className="xf-json">{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
  }
  return (
    <dl
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content minmax(0, 1fr)',
        columnGap: 12,
        rowGap: 4,
        margin: 0,
        padding: '8px 12px',
        background: token.colorFillQuaternary,
        borderRadius: token.borderRadius,
      }}
    >
      {rows.map((row) => (
        <Fragment key={row.key}>
          <dt style={{ color: token.colorTextSecondary, whiteSpace: 'nowrap' }}>{row.label}</dt>
          <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>
            <DiffLine row={row} after={entry.after} known={known} />
          </dd>
        </Fragment>
      ))}
    </dl>
  )
}

function ChangeHeader({ entry }: { entry: ChangeEntry }) {
  return (
    <div style={{ marginBottom: 6 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <time dateTime={entry.occurredAt}>{formatShanghai(entry.occurredAt)}</time>
      </Typography.Text>
      <div>
        <Typography.Text strong title={entry.action}>
          {AUDIT_ACTIONS[entry.action] ?? entry.action}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
          操作人：{entry.actorLogin ?? '系统'}
        </Typography.Text>
      </div>
    </div>
  )
}

/** The org's change log, newest first: who did what when, and field by field what changed. */
export function OrgChangesTab({ org }: { org: OrgDetail }) {
  const { token } = theme.useToken()
  const changes = useQuery(orgChangesQuery(org.id))
  const [shown, setShown] = useState(PAGE_SIZE)
  const entries = changes.data
  const known = useMemo(() => orgNames(org, entries ?? []), [org, entries])

  if (changes.isPending) return <Skeleton active paragraph={{ rows: 5 }} />
  if (changes.isError) return <QueryError error={changes.error} onRetry={() => void changes.refetch()} />
  if (changes.data.length === 0) return <Empty description="暂无变更记录" />

  const items = changes.data
  // The theme's primary colour is red: an ordinary edit is blue, a dissolution grey.
  const colors: Record<string, string> = {
    'orgs.org_created': 'green',
    'orgs.org_updated': token.colorInfo,
    'orgs.org_moved': token.colorWarning,
    'orgs.org_dissolved': 'gray',
    'orgs.org_merged': 'gray',
  }
  const timeline: TimelineItemProps[] = items.slice(0, shown).map((entry, i) => ({
    key: `${entry.occurredAt}-${i}`,
    color: colors[entry.action] ?? 'gray',
    content: (
      <>
        <ChangeHeader entry={entry} />
        <ChangeBody entry={entry} known={known} />
      </>
    ),
  }))
  const rest = items.length - shown

  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
        共 {items.length} 条，新的在前；时间为北京时间。
      </Typography.Paragraph>
      <Timeline items={timeline} />
      {rest > 0 ? (
        <Button block onClick={() => setShown((n) => n + PAGE_SIZE)}>
          显示更早的记录（还有 {rest} 条）
        </Button>
      ) : (
        items.length >= SERVER_LIMIT && (
          <Typography.Paragraph type="secondary">
            只列出最近 {SERVER_LIMIT} 条，更早的记录请到审计日志中查询。
          </Typography.Paragraph>
        )
      )}
    </div>
  )
}
