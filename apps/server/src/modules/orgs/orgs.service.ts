import { randomUUID } from 'node:crypto'
import {
  holdsMembers,
  MERGEABLE_KINDS,
  ORG_KINDS,
  PERMISSIONS,
  type EstablishmentMode,
  type HostUnitType,
  type OrgCreate,
  type OrgDetail,
  type OrgDissolve,
  type OrgKind,
  type OrgLevel,
  type OrgMerge,
  type OrgSummary,
  type OrgUpdate,
} from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { AuditLogService } from '../audit/index.ts'
import type { MemberRollService } from '../people/index.ts'
import { todayInChina } from '../../platform/calendar.ts'
import type { Db } from '../../platform/db.ts'
import { AppError, conflict, forbidden, invalidField, invalidState, notFound, onUniqueViolation } from '../../platform/errors.ts'
import { isPinyinQuery, pinyinOf } from '../../platform/pinyin.ts'
import { requestRulesRebuild } from '../../platform/rules/dirty.ts'
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

/** The reason each moved person's org history gives. */
const MEMBER_MOVE_REASONS = { merged: '支部合并', dissolved: '组织撤销' } as const

/** The relation of `a` to `b` in the tree: the same org, or `b` inside `a`'s subtree. */
const isSelfOrBelow = (a: { path: string }, b: { path: string }) => b.path === a.path || b.path.startsWith(`${a.path}.`)

export function createOrgsService({
  db,
  audit,
  auditLog,
  members,
}: {
  db: Db
  audit: AuditService
  auditLog: Pick<AuditLogService, 'entriesFor'>
  members: Pick<MemberRollService, 'heldCount' | 'moveAll'>
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
      memberCount: await members.heldCount(row.id),
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

  const kindOf = (r: OrgRow) => ({ kind: r.kind as OrgKind, level: r.level as OrgLevel })

  /** The org that takes over another's people and child orgs: in scope, active, outside its subtree. */
  async function receivingOrg(actor: Actor, org: OrgRow, receivingId: string, f: { field: string; label: string }) {
    const to = await load(actor, receivingId).catch(() => {
      throw invalidField(f.field, f.label, `${f.label}不存在或不在您的授权范围内`)
    })
    if (isSelfOrBelow(org, to)) throw invalidField(f.field, f.label, `${f.label}不能是“${org.name}”自己或它的下级组织`)
    if (to.status !== 'active') throw invalidField(f.field, f.label, `“${to.name}”已撤销，不能接收`)
    return to
  }

  /**
   * Whether `to` may take over on `on`: not in the future when people move (as for a transfer), and
   * not before `to` existed. Moving people needs the right to maintain them as well.
   */
  function checkMove(actor: Actor, m: { on: string; to: OrgRow; movesPeople: boolean; field: string; label: string }) {
    if (m.movesPeople && !actor.grant?.permissions.includes('members.write'))
      throw forbidden(`转移党员和入党申请人需要“${PERMISSIONS['members.write']}”的权限`)
    if (m.movesPeople && m.on > todayInChina()) throw invalidField(m.field, m.label, `${m.label}不能晚于今天`)
    if (m.to.established_on && m.on < m.to.established_on)
      throw invalidField(m.field, m.label, `${m.label}不能早于“${m.to.name}”的成立日期 ${m.to.established_on}`)
  }

  /**
   * One transaction: the org's people and active child orgs go to `to` (if given), the org is
   * dissolved on `on`, one audit row. The org is locked and checked again: of two requests for the
   * same org, the second finds it dissolved.
   */
  async function dissolveInto(
    actor: Actor,
    org: OrgRow,
    to: OrgRow | null,
    op: {
      on: string
      reason: string
      memberReason: string
      documentNo: string | null
      dateField: { field: string; label: string }
      action: 'orgs.org_dissolved' | 'orgs.org_merged'
      after: Record<string, unknown>
    },
  ) {
    return db.transaction().execute(async (tx) => {
      const locked = await orgsRepo.lockWithActiveChildren(tx, org.id)
      if (locked.status !== 'active') throw invalidState(`“${org.name}”已经撤销`)
      let movedMembers = 0
      let movedOrgs = 0
      if (to) {
        movedMembers = await members.moveAll(tx, {
          fromOrg: { id: org.id, name: org.name },
          toOrgId: to.id,
          on: op.on,
          reason: op.memberReason,
          documentNo: op.documentNo,
          dateField: op.dateField,
        })
        for (const child of locked.children) movedOrgs += await orgsRepo.moveSubtree(tx, child.id, child.path, to.id, to.path)
      } else if (locked.children.length > 0 || (await members.heldCount(org.id)) > 0) {
        throw invalidState(`“${org.name}”刚有了下级组织或人员，请刷新后重试`)
      }
      await orgsRepo.dissolve(tx, org.id, op.on, op.reason)
      await audit.record(tx, actor, {
        action: op.action,
        entityType: 'org',
        entityId: org.id,
        orgId: org.id,
        before: { status: org.status },
        after: { status: 'dissolved', ...op.after, movedMembers, movedOrgs },
      })
      return { movedMembers, movedOrgs }
    })
  }

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

    /** Active orgs anywhere in the tree by name or pinyin (a transfer's destination), with the names above each. */
    async searchAnywhere(q: string, limit: number) {
      const rows = await orgsRepo.searchActiveAnywhere(db, q, limit, isPinyinQuery(q))
      return rows.map((r) => ({ id: r.id, name: r.name, pathNames: r.path_names ?? [] }))
    },

    /** An org by id whatever the scope: its name, path and state, for a transfer naming it. */
    findAnywhere: (id: string) => orgsRepo.findAnywhere(db, id),

    /** Whether `orgId` is `ancestor` itself or lies under it. */
    isAtOrUnder: (orgId: string, ancestor: Pick<OrgRow, 'path'>) => orgsRepo.isAtOrUnder(db, orgId, ancestor.path),
    /**
     * The 党委 and 党工委 above an org, nearest first: the committees that file, pre-examine and
     * approve what its branch decides (发展党员), whatever the caller's scope.
     */
    committeesAbove: (orgId: string) => orgsRepo.kindsAbove(db, orgId, ['committee', 'working_committee']),

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
        // the rules' roll-ups follow the tree: recounted once the move is committed
        await requestRulesRebuild(tx)
        return moved
      })
      return { org: await detail(actor, await load(actor, id)), movedOrgs }
    },

    /**
     * Dissolves the org. While it holds people or has active child orgs it needs a receiving org: they
     * move there in the same transaction, each person with a period in their org history.
     */
    async dissolve(actor: Actor, id: string, input: OrgDissolve) {
      const org = await load(actor, id)
      if (org.status !== 'active') throw invalidState(`“${org.name}”已经撤销`)
      if (!org.parent_id) throw invalidState('根组织不能撤销')
      if (org.established_on && input.dissolvedOn < org.established_on)
        throw invalidField('dissolvedOn', '撤销日期', `撤销日期不能早于成立日期 ${org.established_on}`)
      const [children, held] = await Promise.all([orgsRepo.activeChildCount(db, id), members.heldCount(id)])
      let receiving: OrgRow | null = null
      if (input.receivingOrgId) {
        const field = { field: 'receivingOrgId', label: '接收组织' }
        receiving = await receivingOrg(actor, org, input.receivingOrgId, field)
        if (held > 0 && !holdsMembers(kindOf(receiving)))
          throw invalidField(
            field.field,
            field.label,
            `“${receiving.name}”是${ORG_KINDS[receiving.kind as OrgKind]}，不能接收党员的组织关系，请选择基层党委、党总支、党支部或联合党支部`,
          )
      } else {
        if (children > 0)
          throw invalidState(`“${org.name}”还有 ${children} 个正常状态的下级组织，请先撤销或移走它们，或选择接收组织`)
        if (held > 0) throw invalidState(`“${org.name}”还有 ${held} 名党员和入党申请人，请选择接收组织，或先将他们转出`)
      }
      if (receiving)
        checkMove(actor, { on: input.dissolvedOn, to: receiving, movesPeople: held > 0, field: 'dissolvedOn', label: '撤销日期' })
      const moved = await dissolveInto(actor, org, receiving, {
        on: input.dissolvedOn,
        reason: input.reason,
        memberReason: MEMBER_MOVE_REASONS.dissolved,
        documentNo: input.documentNo ?? null,
        dateField: { field: 'dissolvedOn', label: '撤销日期' },
        action: 'orgs.org_dissolved',
        after: { ...input, ...(receiving && { receivingOrgName: receiving.name }) },
      })
      return { org: await detail(actor, await load(actor, id)), ...moved }
    },

    /**
     * Merges a branch into another: everyone it holds and its active child orgs (党小组) go to the
     * target, and it is dissolved on the merge date — one transaction, one audit row. The people's org
     * history keeps the source until the day before.
     */
    async merge(actor: Actor, id: string, input: OrgMerge) {
      const source = await load(actor, id)
      const field = { field: 'targetId', label: '并入的支部' }
      if (input.targetId === source.id) throw invalidField(field.field, field.label, '不能并入自己')
      if (source.status !== 'active') throw invalidState(`“${source.name}”已经撤销`)
      if (!MERGEABLE_KINDS.includes(source.kind as OrgKind))
        throw invalidState(
          source.kind === 'temporary_branch'
            ? `“${source.name}”是临时党支部：临时党支部不接转组织关系，不能合并，任务完成后请撤销`
            : `“${source.name}”是${ORG_KINDS[source.kind as OrgKind]}，只有党支部和联合党支部可以合并`,
        )
      const target = await receivingOrg(actor, source, input.targetId, field)
      if (!MERGEABLE_KINDS.includes(target.kind as OrgKind))
        throw invalidField(
          field.field,
          field.label,
          `“${target.name}”是${ORG_KINDS[target.kind as OrgKind]}，只能并入党支部或联合党支部`,
        )
      const dateField = { field: 'mergedOn', label: '合并日期' }
      if (source.established_on && input.mergedOn < source.established_on)
        throw invalidField(
          dateField.field,
          dateField.label,
          `合并日期不能早于“${source.name}”的成立日期 ${source.established_on}`,
        )
      if (input.mergedOn > todayInChina()) throw invalidField(dateField.field, dateField.label, '合并日期不能晚于今天')
      checkMove(actor, { on: input.mergedOn, to: target, movesPeople: (await members.heldCount(source.id)) > 0, ...dateField })
      const moved = await dissolveInto(actor, source, target, {
        on: input.mergedOn,
        reason: `并入“${target.name}”${input.documentNo ? `（${input.documentNo}）` : ''}`,
        memberReason: MEMBER_MOVE_REASONS.merged,
        documentNo: input.documentNo ?? null,
        dateField,
        action: 'orgs.org_merged',
        after: { ...input, targetName: target.name },
      })
      return {
        org: await detail(actor, await load(actor, id)),
        target: await detail(actor, await load(actor, target.id)),
        ...moved,
      }
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
