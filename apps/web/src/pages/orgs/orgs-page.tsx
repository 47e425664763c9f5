import type { OrgDetail } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Card, Col, Empty, Row } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { orgDetailQuery } from '../../lib/org-queries.ts'
import { useSession } from '../../lib/session.ts'
import { useIsMobile } from '../../lib/use-is-mobile.ts'
import { OrgDetailPanel } from './org-detail-panel.tsx'
import { OrgDissolveModal } from './org-dissolve-modal.tsx'
import { OrgFormModal, type OrgFormTarget } from './org-form-modal.tsx'
import { OrgMergeModal } from './org-merge-modal.tsx'
import { OrgMoveModal } from './org-move-modal.tsx'
import { OrgTreePanel } from './org-tree-panel.tsx'
import { useOrgTree } from './use-org-tree.ts'
import { useOrgView } from './use-org-view.ts'

/**
 * `/orgs/:id?` — the selected org lives in the URL, so a reload or a shared link opens it; so do
 * the detail tab (`?tab=changes`) and the day of a historical tree (`?asOf=2024-12-31`).
 */
export function OrgsPage() {
  const { me } = useSession()
  // A new scope has other roots: start the tree afresh.
  return <OrgsView key={me.currentGrant?.id ?? 'none'} />
}

function OrgsView() {
  const { id } = useParams()
  const navigate = useNavigate()
  const isMobile = useIsMobile()
  const { asOf, orgPath } = useOrgView()
  const tree = useOrgTree(asOf)
  const [formTarget, setFormTarget] = useState<OrgFormTarget | null>(null)
  const [moving, setMoving] = useState<OrgDetail | null>(null)
  const [merging, setMerging] = useState<OrgDetail | null>(null)
  const [dissolving, setDissolving] = useState<OrgDetail | null>(null)
  const detailRef = useRef<HTMLDivElement>(null)

  // Opened by link or from the search results: expand the tree down to the org.
  const detail = useQuery({ ...orgDetailQuery(id ?? ''), enabled: Boolean(id) })
  const ancestorKey = detail.data?.ancestors.map((a) => a.id).join('/')
  const { reveal } = tree
  const hasRoots = Boolean(tree.roots.data)
  useEffect(() => {
    if (ancestorKey === undefined || !hasRoots) return
    void reveal(ancestorKey ? ancestorKey.split('/') : [])
  }, [ancestorKey, hasRoots, reveal])

  // On a phone the detail sits below the tree; bring it into view when an org is chosen.
  useEffect(() => {
    if (isMobile && id) detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }, [id, isMobile])

  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10} lg={8} xxl={6}>
          <OrgTreePanel tree={tree} selectedId={id} onSelect={(orgId) => void navigate(orgPath(orgId))} />
        </Col>
        <Col xs={24} md={14} lg={16} xxl={18}>
          <div ref={detailRef} style={{ scrollMarginTop: 72 }}>
            {id ? (
              <OrgDetailPanel
                orgId={id}
                onCreateChild={(parent) => setFormTarget({ mode: 'create', parent })}
                onEdit={(org) => setFormTarget({ mode: 'edit', org })}
                onMove={setMoving}
                onMerge={setMerging}
                onDissolve={setDissolving}
              />
            ) : (
              <Card>
                <Empty description={isMobile ? '请在上方选择一个组织' : '请在左侧选择一个组织'} />
              </Card>
            )}
          </div>
        </Col>
      </Row>
      <OrgFormModal
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(org) => {
          setFormTarget(null)
          if (org.id !== id) void navigate(`/orgs/${org.id}`)
        }}
      />
      {/* The org stays selected after either: its detail and the tree refresh in place. */}
      <OrgMoveModal org={moving} onClose={() => setMoving(null)} />
      <OrgDissolveModal org={dissolving} onClose={() => setDissolving(null)} />
      {/* After a merge the branch that took the members over is the one to look at. */}
      <OrgMergeModal
        org={merging}
        onClose={() => setMerging(null)}
        onMerged={(target) => {
          setMerging(null)
          void navigate(orgPath(target.id))
        }}
      />
    </>
  )
}
