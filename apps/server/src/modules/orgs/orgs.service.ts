import { randomUUID } from 'node:crypto'
import type { OrgCreate, OrgDetail, OrgKind, OrgLevel, OrgSummary, OrgUpdate } from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'
import { conflict, invalidState, notFound, onUniqueViolation } from '../../platform/errors.ts'
import { orgsRepo, type OrgRow } from './orgs.repo.ts'

const toSummary = (r: OrgRow): OrgSummary => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  kind: r.kind as OrgKind,
  level: r.level as OrgLevel,
  divisionCode: r.division_code,
  status: r.status as 'active' | 'dissolved',
  childCount: Number(r.child_count ?? 0),
})

const auditable = (r: OrgRow) => ({
  name: r.name,
  shortName: r.short_name,
  kind: r.kind,
  level: r.level,
  divisionCode: r.division_code,
  parentId: r.parent_id,
})

export function createOrgsService({ db, audit }: { db: Db; audit: AuditService }) {
  async function load(actor: Actor, id: string): Promise<OrgRow> {
    const row = await orgsRepo.findInScope(db, id, scopePaths(actor))
    if (!row) throw notFound('组织')
    return row
  }

  async function detail(actor: Actor, row: OrgRow): Promise<OrgDetail> {
    const ancestors = await orgsRepo.ancestors(db, row.path, scopePaths(actor))
    return {
      ...toSummary(row),
      shortName: row.short_name,
      ancestors,
      createdAt: row.created_at.toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    }
  }

  return {
    /** The org, if the actor's current scope covers it; otherwise not_found (never forbidden). */
    assertInScope: load,

    async tree(actor: Actor, parentId?: string): Promise<OrgSummary[]> {
      const scope = scopePaths(actor)
      if (!parentId) return (await orgsRepo.byPaths(db, scope)).map(toSummary)
      await load(actor, parentId)
      return (await orgsRepo.children(db, parentId, scope)).map(toSummary)
    },

    async search(actor: Actor, q: string, limit: number) {
      const rows = await orgsRepo.search(db, q, scopePaths(actor), limit)
      return rows.map((r) => ({ ...toSummary(r), pathNames: r.path_names }))
    },

    async get(actor: Actor, id: string): Promise<OrgDetail> {
      return detail(actor, await load(actor, id))
    },

    async create(actor: Actor, input: OrgCreate): Promise<OrgDetail> {
      const parent = await load(actor, input.parentId)
      if (parent.status !== 'active') throw invalidState(`上级组织“${parent.name}”已撤销，不能在其下新建组织`)
      if (input.divisionCode && (await orgsRepo.existsDivisionCode(db, input.divisionCode, input.kind)))
        throw conflict(`行政区划代码 ${input.divisionCode} 已有同类别的组织使用`)
      const id = randomUUID()
      await db
        .transaction()
        .execute(async (tx) => {
          await orgsRepo.insert(tx, {
            id,
            parentId: parent.id,
            parentPath: parent.path,
            name: input.name,
            shortName: input.shortName ?? null,
            kind: input.kind,
            level: input.level,
            divisionCode: input.divisionCode ?? null,
          })
          await audit.record(tx, actor, {
            action: 'orgs.org_created',
            entityType: 'org',
            entityId: id,
            orgId: id,
            after: { ...input },
          })
        })
        .catch(
          onUniqueViolation('orgs_division_code_key', () => conflict(`行政区划代码 ${input.divisionCode} 已有同类别的组织使用`)),
        )
      return detail(actor, await load(actor, id))
    },

    async update(actor: Actor, id: string, patch: OrgUpdate): Promise<OrgDetail> {
      const before = await load(actor, id)
      if (before.status !== 'active') throw invalidState(`组织“${before.name}”已撤销，不能修改`)
      const kind = patch.kind ?? before.kind
      if (patch.divisionCode && (await orgsRepo.existsDivisionCode(db, patch.divisionCode, kind, id)))
        throw conflict(`行政区划代码 ${patch.divisionCode} 已有同类别的组织使用`)
      await db
        .transaction()
        .execute(async (tx) => {
          await orgsRepo.update(tx, id, {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.shortName !== undefined && { short_name: patch.shortName }),
            ...(patch.kind !== undefined && { kind: patch.kind }),
            ...(patch.level !== undefined && { level: patch.level }),
            ...(patch.divisionCode !== undefined && { division_code: patch.divisionCode }),
          })
          const after = await orgsRepo.findInScope(tx, id, scopePaths(actor))
          await audit.record(tx, actor, {
            action: 'orgs.org_updated',
            entityType: 'org',
            entityId: id,
            orgId: id,
            before: auditable(before),
            after: after && auditable(after),
          })
        })
        .catch(
          onUniqueViolation('orgs_division_code_key', () => conflict(`行政区划代码 ${patch.divisionCode} 已有同类别的组织使用`)),
        )
      return detail(actor, await load(actor, id))
    },

    async counts(actor: Actor) {
      const scope = scopePaths(actor)
      const [byLevel, byKind] = await Promise.all([orgsRepo.countsByLevel(db, scope), orgsRepo.countsByKind(db, scope)])
      return {
        byLevel: byLevel.map((r) => ({ level: r.level as OrgLevel, count: Number(r.n) })),
        byKind: byKind.map((r) => ({ kind: r.kind as OrgKind, count: Number(r.n) })),
        total: byLevel.reduce((s, r) => s + Number(r.n), 0),
      }
    },
  }
}

export type OrgsService = ReturnType<typeof createOrgsService>
