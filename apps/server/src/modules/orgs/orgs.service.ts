import { randomUUID } from 'node:crypto'
import type {
  EstablishmentMode,
  HostUnitType,
  OrgCreate,
  OrgDetail,
  OrgDissolve,
  OrgKind,
  OrgLevel,
  OrgSummary,
  OrgUpdate,
} from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { AuditLogService } from '../audit/index.ts'
import type { Db } from '../../platform/db.ts'
import { AppError, conflict, invalidField, invalidState, notFound, onUniqueViolation } from '../../platform/errors.ts'
import { isPinyinQuery, pinyinOf } from '../../platform/pinyin.ts'
import { orgsRepo, type OrgListRow, type OrgRow, type OrgWrite } from './orgs.repo.ts'

const toSummary = (r: OrgListRow): OrgSummary => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  kind: r.kind as OrgKind,
  level: r.level as OrgLevel,
  divisionCode: r.division_code,
  status: r.status as 'active' | 'dissolved',
  childCount: Number(r.child_count ?? 0),
})

/** What the audit log keeps of an org: its record without bookkeeping columns. */
const auditable = (r: OrgListRow) => ({
  name: r.name,
  shortName: r.short_name,
  kind: r.kind,
  level: r.level,
  divisionCode: r.division_code,
  parentId: r.parent_id,
  hostUnitType: r.host_unit_type,
  hostUnitName: r.host_unit_name,
  establishmentMode: r.establishment_mode,
  coveredUnits: r.covered_units,
  attachedToOrgId: r.attached_to_org_id,
  address: r.address,
  contactPhone: r.contact_phone,
  establishedOn: r.established_on,
  status: r.status,
  dissolvedOn: r.dissolved_on,
  dissolvedReason: r.dissolved_reason,
})

/** Contract fields → columns; only the keys present in the input. */
function toColumns(input: Partial<OrgCreate> | OrgUpdate): OrgWrite {
  const out: OrgWrite = {}
  const set = <K extends keyof OrgWrite>(key: K, value: OrgWrite[K] | undefined) => {
    if (value !== undefined) out[key] = value
  }
  set('name', input.name)
  set('short_name', input.shortName)
  set('kind', input.kind)
  set('level', input.level)
  set('division_code', input.divisionCode)
  set('host_unit_type', input.hostUnitType)
  set('host_unit_name', input.hostUnitName)
  set('establishment_mode', input.establishmentMode)
  set('covered_units', input.coveredUnits === null ? [] : input.coveredUnits)
  set('attached_to_org_id', input.attachedToOrgId)
  set('address', input.address)
  set('contact_phone', input.contactPhone)
  set('established_on', input.establishedOn)
  if (input.name !== undefined) {
    const p = pinyinOf(input.name)
    out.name_pinyin = p.full
    out.name_initials = p.initials
  }
  return out
}

export function createOrgsService({
  db,
  audit,
  auditLog,
}: {
  db: Db
  audit: AuditService
  auditLog: Pick<AuditLogService, 'entriesFor'>
}) {
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
      hostUnitType: row.host_unit_type as HostUnitType | null,
      hostUnitName: row.host_unit_name,
      establishmentMode: row.establishment_mode as EstablishmentMode | null,
      coveredUnits: row.covered_units,
      attachedTo: row.attached_to_org_id ? { id: row.attached_to_org_id, name: row.attached_to_name ?? '' } : null,
      address: row.address,
      contactPhone: row.contact_phone,
      establishedOn: row.established_on,
      dissolvedOn: row.dissolved_on,
      dissolvedReason: row.dissolved_reason,
      ancestors,
      createdAt: row.created_at.toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    }
  }

  /** The rules that span several fields, checked on the record as it will be after the write. */
  async function checkRecord(actor: Actor, after: OrgWrite & { kind: string }, id?: string) {
    if (after.establishment_mode === 'joint' && (after.covered_units?.length ?? 0) < 2)
      throw invalidField('coveredUnits', '覆盖单位', '联合建的组织至少要列出 2 个覆盖单位')
    if (after.establishment_mode === 'attached') {
      if (!after.attached_to_org_id) throw invalidField('attachedToOrgId', '挂靠组织', '挂靠建的组织须选择挂靠组织')
      if (after.attached_to_org_id === id) throw invalidField('attachedToOrgId', '挂靠组织', '组织不能挂靠在自己名下')
      await load(actor, after.attached_to_org_id).catch(() => {
        throw invalidField('attachedToOrgId', '挂靠组织', '挂靠组织不存在或不在您的授权范围内')
      })
    }
    if (after.division_code && (await orgsRepo.existsDivisionCode(db, after.division_code, after.kind, id)))
      throw conflict(`行政区划代码 ${after.division_code} 已有同类别的组织使用`)
  }

  const divisionRace = (code: string | null | undefined) =>
    onUniqueViolation('orgs_division_code_key', () => conflict(`行政区划代码 ${code} 已有同类别的组织使用`))

  return {
    /** The org, if the actor's current scope covers it; otherwise not_found (never forbidden). */
    assertInScope: load,

    async tree(actor: Actor, parentId?: string, asOf?: string): Promise<OrgSummary[]> {
      const scope = scopePaths(actor)
      if (asOf) {
        // the end of that day, China time
        const at = new Date(`${asOf}T24:00:00+08:00`)
        const rows = await orgsRepo.treeAsOf(db, scope, at, parentId)
        return rows.map((r) => ({
          id: r.id,
          parentId: r.parent_id,
          name: r.name,
          kind: r.kind as OrgKind,
          level: r.level as OrgLevel,
          divisionCode: r.division_code,
          status: r.status as 'active' | 'dissolved',
          childCount: r.child_count,
        }))
      }
      if (!parentId) return (await orgsRepo.byPaths(db, scope)).map(toSummary)
      await load(actor, parentId)
      return (await orgsRepo.children(db, parentId, scope)).map(toSummary)
    },

    async search(actor: Actor, q: string, limit: number) {
      const rows = await orgsRepo.search(db, q, scopePaths(actor), limit, isPinyinQuery(q))
      return rows.map((r) => ({ ...toSummary(r), pathNames: r.path_names }))
    },

    /** The org's change log: its audit rows, newest first. */
    async changes(actor: Actor, id: string) {
      await load(actor, id)
      return auditLog.entriesFor('org', id)
    },

    /** The active orgs of the given kinds at or under the org (at most `limit`), for checks that apply to them. */
    async activeOrgsUnder(actor: Actor, id: string, kinds: readonly OrgKind[], limit: number) {
      const org = await load(actor, id)
      const rows = await orgsRepo.activeUnder(db, org.path, scopePaths(actor), kinds, limit)
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind as OrgKind,
        hostUnitType: r.host_unit_type as HostUnitType | null,
      }))
    },

    /** Whether `orgId` is `ancestor` itself or lies under it. */
    isAtOrUnder: (orgId: string, ancestor: Pick<OrgRow, 'path'>) => orgsRepo.isAtOrUnder(db, orgId, ancestor.path),

    async get(actor: Actor, id: string): Promise<OrgDetail> {
      return detail(actor, await load(actor, id))
    },

    async create(actor: Actor, input: OrgCreate): Promise<OrgDetail> {
      const parent = await load(actor, input.parentId)
      if (parent.status !== 'active') throw invalidState(`上级组织“${parent.name}”已撤销，不能在其下新建组织`)
      const columns = toColumns(input)
      await checkRecord(actor, { ...columns, kind: input.kind })
      const id = randomUUID()
      await db
        .transaction()
        .execute(async (tx) => {
          await orgsRepo.insert(tx, {
            ...columns,
            id,
            parentId: parent.id,
            parentPath: parent.path,
            name: input.name,
            kind: input.kind,
            level: input.level,
          })
          await audit.record(tx, actor, {
            action: 'orgs.org_created',
            entityType: 'org',
            entityId: id,
            orgId: id,
            after: { ...input },
          })
        })
        .catch(divisionRace(input.divisionCode))
      return detail(actor, await load(actor, id))
    },

    async update(actor: Actor, id: string, patch: OrgUpdate): Promise<OrgDetail> {
      const before = await load(actor, id)
      if (before.status !== 'active') throw invalidState(`组织“${before.name}”已撤销，不能修改`)
      const columns = toColumns(patch)
      if (Object.keys(columns).length === 0) throw new AppError('validation_failed', '没有要修改的内容')
      const { child_count: _c, attached_to_name: _a, created_at: _cr, updated_at: _u, ...current } = before
      await checkRecord(actor, { ...current, ...columns }, id)
      await db
        .transaction()
        .execute(async (tx) => {
          await orgsRepo.update(tx, id, columns)
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
        .catch(divisionRace(patch.divisionCode ?? before.division_code))
      return detail(actor, await load(actor, id))
    },

    /** Moves the org and its whole subtree under another parent, every path in one statement. */
    async move(actor: Actor, id: string, newParentId: string) {
      const org = await load(actor, id)
      const target = await load(actor, newParentId).catch(() => {
        throw invalidField('newParentId', '新的上级组织', '新的上级组织不存在或不在您的授权范围内')
      })
      if (!org.parent_id || !scopePaths(actor).some((p) => org.path.startsWith(`${p}.`)))
        throw invalidState(`“${org.name}”是您授权范围的根组织，只能由上级管理员移动`)
      if (target.path === org.path || target.path.startsWith(`${org.path}.`))
        throw invalidField('newParentId', '新的上级组织', '不能移到自己或自己的下级组织之下')
      if (target.status !== 'active') throw invalidState(`“${target.name}”已撤销，不能移入`)
      if (target.id === org.parent_id) throw invalidState(`“${org.name}”已经在“${target.name}”之下`)
      const movedOrgs = await db.transaction().execute(async (tx) => {
        const moved = await orgsRepo.moveSubtree(tx, org.id, org.path, target.id, target.path)
        await audit.record(tx, actor, {
          action: 'orgs.org_moved',
          entityType: 'org',
          entityId: org.id,
          orgId: org.id,
          before: { parentId: org.parent_id },
          after: { parentId: target.id, parentName: target.name, movedOrgs: moved },
        })
        return moved
      })
      return { org: await detail(actor, await load(actor, id)), movedOrgs }
    },

    async dissolve(actor: Actor, id: string, input: OrgDissolve): Promise<OrgDetail> {
      const org = await load(actor, id)
      if (org.status !== 'active') throw invalidState(`“${org.name}”已经撤销`)
      if (!org.parent_id) throw invalidState('根组织不能撤销')
      const children = await orgsRepo.activeChildCount(db, id)
      if (children > 0) throw invalidState(`“${org.name}”还有 ${children} 个正常状态的下级组织，请先撤销或移走它们`)
      if (org.established_on && input.dissolvedOn < org.established_on)
        throw invalidField('dissolvedOn', '撤销日期', `撤销日期不能早于成立日期 ${org.established_on}`)
      await db.transaction().execute(async (tx) => {
        await orgsRepo.dissolve(tx, id, input.dissolvedOn, input.reason)
        await audit.record(tx, actor, {
          action: 'orgs.org_dissolved',
          entityType: 'org',
          entityId: id,
          orgId: id,
          before: { status: org.status },
          after: { status: 'dissolved', ...input },
        })
      })
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
