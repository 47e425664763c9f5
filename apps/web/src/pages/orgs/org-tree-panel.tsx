import { HistoryOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Empty, Input, Skeleton, Tag, Tree, Typography, theme } from 'antd'
import { useQuery } from '@tanstack/react-query'
import { useState, type CSSProperties } from 'react'
import { Link } from 'react-router'
import { DateStringPicker } from '../../components/date-string-picker.tsx'
import { QueryError } from '../../components/query-error.tsx'
import { chinaToday } from '../../lib/china-date.ts'
import { normalizeKeyword, orgSearchQuery } from '../../lib/org-queries.ts'
import type { OrgTree, OrgTreeNode } from './use-org-tree.ts'
import { useOrgView } from './use-org-view.ts'

interface Props {
  tree: OrgTree
  selectedId: string | undefined
  onSelect: (id: string) => void
}

const AS_OF_INPUT_ID = 'org-tree-as-of'

/** Read by screen readers, not shown. */
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
}

/**
 * The search box over the scope's org tree; a search shows a result list in place of the tree.
 * 截至日期 shows the tree as it stood at the end of a past day (read-only).
 */
export function OrgTreePanel({ tree, selectedId, onSelect }: Props) {
  const [q, setQ] = useState('')
  const { asOf, setAsOf } = useOrgView()

  return (
    <Card
      size="small"
      title="组织"
      styles={{ body: { padding: 12 } }}
      extra={
        <div style={{ width: 136 }}>
          <label htmlFor={AS_OF_INPUT_ID} style={visuallyHidden}>
            截至日期
          </label>
          <DateStringPicker id={AS_OF_INPUT_ID} placeholder="截至日期" value={asOf} max={chinaToday()} onChange={setAsOf} />
        </div>
      }
    >
      {asOf && (
        <Alert
          type="info"
          icon={<HistoryOutlined aria-hidden />}
          showIcon
          style={{ marginBottom: 12, paddingBlock: 6, paddingInline: 10 }}
          title={
            <>
              正在查看 {asOf} 终了时的组织树
              <Button type="link" size="small" style={{ paddingInline: 6, height: 'auto' }} onClick={() => setAsOf(undefined)}>
                回到今天
              </Button>
            </>
          }
        />
      )}
      <Input.Search
        aria-label="查找组织"
        placeholder="输入组织名称查找"
        allowClear
        maxLength={50}
        onSearch={(value) => setQ(normalizeKeyword(value))}
        onChange={(e) => {
          if (e.target.value === '') setQ('')
        }}
        style={{ marginBottom: 12 }}
      />
      {q ? (
        <SearchResults q={q} selectedId={selectedId} />
      ) : (
        <OrgTreeView tree={tree} selectedId={selectedId} onSelect={onSelect} />
      )}
    </Card>
  )
}

/** A dissolved org stays in the tree, greyed, with a small 已撤销 tag. */
function OrgName({ name, dissolved }: { name: string; dissolved: boolean }) {
  const { token } = theme.useToken()
  if (!dissolved) return <span>{name}</span>
  return (
    <span style={{ color: token.colorTextTertiary }}>
      {name}
      <Tag
        variant="filled"
        style={{ marginInlineStart: 6, marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}
      >
        已撤销
      </Tag>
    </span>
  )
}

function OrgTreeView({ tree, selectedId, onSelect }: Props) {
  const { roots } = tree
  const { message } = App.useApp()
  if (roots.isPending) return <Skeleton active paragraph={{ rows: 6 }} />
  if (roots.isError) return <QueryError error={roots.error} onRetry={() => void roots.refetch()} />
  if (tree.treeData.length === 0)
    return <Empty description={tree.asOf ? `${tree.asOf} 终了时授权范围内还没有组织` : '当前授权范围内没有组织'} />

  return (
    <div style={{ overflowX: 'auto' }}>
      <Tree<OrgTreeNode>
        blockNode
        showLine
        treeData={tree.treeData}
        loadData={(node) =>
          tree.loadChildren(node.key).catch((error: unknown) => {
            void message.error(error instanceof Error ? error.message : '下级组织加载失败')
          })
        }
        loadedKeys={tree.loadedKeys}
        expandedKeys={tree.expandedKeys}
        onExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(_keys, info) => onSelect(info.node.key)}
        titleRender={(node) => <OrgName name={node.title} dissolved={node.org.status === 'dissolved'} />}
      />
    </div>
  )
}

function SearchResults({ q, selectedId }: { q: string; selectedId: string | undefined }) {
  const results = useQuery(orgSearchQuery(q, 50))
  const { orgPath } = useOrgView()
  if (results.isPending) return <Skeleton active paragraph={{ rows: 4 }} />
  if (results.isError) return <QueryError error={results.error} onRetry={() => void results.refetch()} />
  if (results.data.length === 0) return <Empty description={`没有找到包含“${q}”的组织`} />

  return (
    <ul aria-label="查找结果" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {results.data.map((org, i) => (
        <li
          key={org.id}
          style={{
            padding: '8px',
            borderTop: i === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)',
            borderRadius: 4,
            background: org.id === selectedId ? 'rgba(200, 22, 29, 0.06)' : undefined,
          }}
        >
          <Link to={orgPath(org.id)}>
            <OrgName name={org.name} dissolved={org.status === 'dissolved'} />
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {org.pathNames.join(' / ')}
            </Typography.Text>
          </div>
        </li>
      ))}
    </ul>
  )
}
