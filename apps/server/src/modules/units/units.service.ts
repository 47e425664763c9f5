import type { UnitCoverage, UnitCreate, UnitType, UnitUpdate, UnitView } from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'
import { AppError, conflict, invalidField, notFound, onUniqueViolation } from '../../platform/errors.ts'
import type { OrgsService } from '../orgs/index.ts'
import { unitsRepo, type UnitRow, type UnitWrite } from './units.repo.ts'

const toView = (r: UnitRow): UnitView => ({
  id: r.id,
  name: r.name,
  creditCode: r.credit_code,
  unitType: r.unit_type as UnitType,
  locatedOrg: { id: r.located_org_id, name: r.located_org_name },
  coveringOrg: r.covering_org_id ? { id: r.covering_org_id, name: r.covering_org_name ?? '' } : null,
  employeeCount: r.employee_count,
  hasInstructor: r.has_instructor,
  instructorName: r.instructor_name,
  address: r.address,
  updatedAt: new Date(r.updated_at).toISOString(),
})

function toColumns(input: Partial<UnitCreate> | UnitUpdate): UnitWrite {
  const out: UnitWrite = {}
  const set = <K extends keyof UnitWrite>(k: K, v: UnitWrite[K] | undefined) => {
    if (v !== undefined) out[k] = v
  }
  set('name', input.name)
  set('credit_code', input.creditCode)
  set('unit_type', input.unitType)
  set('located_org_id', input.locatedOrgId)
  set('covering_org_id', input.coveringOrgId)
  set('employee_count', input.employeeCount)
  set('has_instructor', input.hasInstructor)
  set('instructor_name', input.instructorName)
  set('address', input.address)
  return out
}

/** Units of the new economic and social organizations and their party coverage (seed §17). */
export function createUnitsService({
  db,
  audit,
  orgs,
}: {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope'>
}) {
  async function load(actor: Actor, id: string) {
    const row = await unitsRepo.findInScope(db, id, scopePaths(actor))
    if (!row) throw notFound('单位')
    return row
  }

  /** The orgs a unit points to must be ones the caller can see; an instructor needs a name. */
  async function check(actor: Actor, after: UnitWrite, id?: string) {
    // an org outside the scope answers like a missing one: 404
    if (after.located_org_id) await orgs.assertInScope(actor, after.located_org_id)
    if (after.covering_org_id) await orgs.assertInScope(actor, after.covering_org_id)
    if (after.has_instructor === false && after.instructor_name)
      throw invalidField('instructorName', '党建工作指导员', '未选派指导员时不填写指导员姓名')
    if (after.credit_code && (await unitsRepo.creditCodeTaken(db, after.credit_code, id)))
      throw conflict(`统一社会信用代码 ${after.credit_code} 已登记`)
  }

  const codeRace = (code: string | null | undefined) =>
    onUniqueViolation('units_credit_code_key', () => conflict(`统一社会信用代码 ${code} 已登记`))

  return {
    async list(
      actor: Actor,
      f: { q?: string | undefined; unitType?: UnitType | undefined; covered?: 'true' | 'false' | undefined },
      page: number,
      pageSize: number,
    ) {
      const { rows, total } = await unitsRepo.list(
        db,
        scopePaths(actor),
        { q: f.q, unitType: f.unitType, covered: f.covered === undefined ? undefined : f.covered === 'true' },
        { limit: pageSize, offset: (page - 1) * pageSize },
      )
      return { items: rows.map(toView), total }
    },

    async create(actor: Actor, input: UnitCreate): Promise<UnitView> {
      const columns = toColumns(input)
      await check(actor, columns)
      const id = await db
        .transaction()
        .execute(async (tx) => {
          const id = await unitsRepo.insert(tx, {
            ...columns,
            name: input.name,
            unit_type: input.unitType,
            located_org_id: input.locatedOrgId,
          })
          await audit.record(tx, actor, {
            action: 'units.unit_created',
            entityType: 'unit',
            entityId: id,
            orgId: input.locatedOrgId,
            after: { ...input },
          })
          return id
        })
        .catch(codeRace(input.creditCode))
      return toView(await load(actor, id))
    },

    async update(actor: Actor, id: string, patch: UnitUpdate): Promise<UnitView> {
      const before = await load(actor, id)
      const columns = toColumns(patch)
      if (Object.keys(columns).length === 0) throw new AppError('validation_failed', '没有要修改的内容')
      await check(
        actor,
        {
          ...columns,
          has_instructor: columns.has_instructor ?? before.has_instructor,
          instructor_name: columns.instructor_name === undefined ? before.instructor_name : columns.instructor_name,
        },
        id,
      )
      await db
        .transaction()
        .execute(async (tx) => {
          await unitsRepo.update(tx, id, columns)
          await audit.record(tx, actor, {
            action: 'units.unit_updated',
            entityType: 'unit',
            entityId: id,
            orgId: columns.located_org_id ?? before.located_org_id,
            before: toView(before),
            after: patch,
          })
        })
        .catch(codeRace(patch.creditCode))
      return toView(await load(actor, id))
    },

    async coverage(actor: Actor): Promise<UnitCoverage> {
      const rows = await unitsRepo.coverage(db, scopePaths(actor))
      return {
        byType: rows.map((r) => ({
          unitType: r.unit_type as UnitType,
          units: Number(r.units),
          covered: Number(r.covered),
          uncoveredWithInstructor: Number(r.uncovered_with_instructor ?? 0),
          employees: Number(r.employees ?? 0),
        })),
      }
    },
  }
}

export type UnitsService = ReturnType<typeof createUnitsService>
