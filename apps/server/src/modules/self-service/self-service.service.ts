import { randomUUID } from 'node:crypto'
import {
  CONTACT_REQUEST_STATUSES,
  maskPhone,
  type ContactChangeCreate,
  type ContactChangeSearch,
  type ContactRequestStatus,
  type ContactRequestView,
  type MemberDetail,
  type OwnContactRequest,
  type OwnStudyLedger,
} from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { PiiCipher } from '../../platform/crypto/pii.ts'
import type { Db } from '../../platform/db.ts'
import { AppError, conflict, forbidden, invalidField, invalidState, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { todayInChina } from '../../platform/calendar.ts'
import type { ActivitiesService } from '../activities/index.ts'
import type { ComplianceService } from '../compliance/index.ts'
import type { PeopleService, PersonPhotosService } from '../people/index.ts'
import { selfServiceRepo, type RequestRow } from './self-service.repo.ts'

// The requested phone is sealed with the request's id in the context: a blob copied onto another
// request, or into people.phone_enc, does not open.
const REQUEST_PHONE = 'contact_change_requests.phone'
const PENDING_UNIQUE = 'contact_change_requests_pending_key'

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export interface SelfServiceDeps {
  db: Db
  audit: AuditService
  pii: PiiCipher
  people: Pick<PeopleService, 'ownRecord' | 'revealOwnIdNumber' | 'setPhoneInTx' | 'maskedPhoneOf' | 'phoneOf'>
  photos: Pick<PersonPhotosService, 'readLinked'>
  activities: Pick<ActivitiesService, 'attendedBy'>
  compliance: Pick<ComplianceService, 'paramsInForce'>
  today?: () => string
}

/** The rule a member's yearly study hours are held to. */
const HOURS_RULE = 'study.hours_yearly'

export function createSelfServiceService({
  db,
  audit,
  pii,
  people,
  photos,
  activities,
  compliance,
  today = todayInChina,
}: SelfServiceDeps) {
  const sealPhone = (requestId: string, phone: string) => pii.encrypt(phone, `${REQUEST_PHONE}:${requestId}`)
  const openPhone = (r: Pick<RequestRow, 'id' | 'phone_enc'>) => pii.decrypt(r.phone_enc, `${REQUEST_PHONE}:${r.id}`)

  /** The person the caller's account belongs to; every /api/self route acts on them alone. */
  async function linkedPerson(actor: Actor): Promise<string> {
    const personId = await selfServiceRepo.linkedPersonId(db, actor.userId)
    if (!personId) throw new AppError('not_found', '您的账号没有关联党员档案；如需使用党员自助，请联系所在党组织')
    return personId
  }

  const decision = (r: RequestRow) => ({
    status: r.status as ContactRequestStatus,
    note: r.note,
    createdAt: iso(r.created_at)!,
    decidedAt: iso(r.decided_at),
    decidedBy: r.decided_by_name,
    rejectReason: r.reject_reason,
  })

  const ownView = (r: RequestRow): OwnContactRequest => ({ id: r.id, phone: openPhone(r), ...decision(r) })

  const officerView = (r: RequestRow, ownPersonId: string | null, actor: Actor): ContactRequestView => ({
    id: r.id,
    person: { id: r.person_id, name: r.person_name },
    org: { id: r.org_id, name: r.org_name },
    currentPhone: people.maskedPhoneOf({ id: r.person_id, phone_enc: r.person_phone_enc }),
    phone: maskPhone(openPhone(r)),
    requestedBy: r.requested_by_name,
    isOwn: r.person_id === ownPersonId || r.requested_by === actor.userId,
    ...decision(r),
  })

  /** A request to decide: in the caller's scope (else 404), not their own (else 403). */
  async function decidable(actor: Actor, id: string) {
    const row = await selfServiceRepo.findInScope(db, id, scopePaths(actor))
    if (!row) throw notFound('申请')
    const ownPersonId = await selfServiceRepo.linkedPersonId(db, actor.userId)
    if (row.person_id === ownPersonId || row.requested_by === actor.userId)
      throw forbidden('不能审批本人的申请，请由所在党组织的其他负责人审批')
    return ownPersonId
  }

  const stillPending = (row: RequestRow | undefined) => {
    if (!row) throw notFound('申请')
    if (row.status !== 'pending')
      throw invalidState(`该申请${CONTACT_REQUEST_STATUSES[row.status as ContactRequestStatus]}，不能再处理`)
    return row
  }

  return {
    async record(actor: Actor): Promise<MemberDetail> {
      return people.ownRecord(await linkedPerson(actor))
    },

    async revealIdNumber(actor: Actor): Promise<string | null> {
      return people.revealOwnIdNumber(actor, await linkedPerson(actor))
    },

    async photo(actor: Actor) {
      return photos.readLinked(await linkedPerson(actor))
    },

    /** The member's own study ledger for a year (this year by default) against the hours rule in force for their org. */
    async studyLedger(actor: Actor, year?: number): Promise<OwnStudyLedger> {
      const personId = await linkedPerson(actor)
      const y = year ?? Number(today().slice(0, 4))
      const [items, person] = await Promise.all([activities.attendedBy(personId, y), selfServiceRepo.personState(db, personId)])
      // Tenths of an hour, summed as integers: 0.1 + 0.2 must show as 0.3.
      const totalHours = items.reduce((sum, i) => sum + Math.round((i.hours ?? 0) * 10), 0) / 10
      let requirement: OwnStudyLedger['requirement'] = null
      if (person && (person.status === 'full' || person.status === 'probationary')) {
        const rule = await compliance.paramsInForce(HOURS_RULE, person.org_id)
        const org = await selfServiceRepo.orgName(db, person.org_id)
        requirement = {
          ruleId: HOURS_RULE,
          title: rule.title,
          hours: rule.values.hours ?? 0,
          fromOrg: rule.fromOrg,
          org: { id: person.org_id, name: org },
        }
      }
      return { year: y, items, totalHours, requirement }
    },

    async ownRequests(actor: Actor): Promise<OwnContactRequest[]> {
      return (await selfServiceRepo.listOwn(db, await linkedPerson(actor))).map(ownView)
    },

    async request(actor: Actor, input: ContactChangeCreate): Promise<OwnContactRequest> {
      const personId = await linkedPerson(actor)
      const person = await selfServiceRepo.personState(db, personId)
      if (!person) throw notFound('党员档案')
      if (person.status === 'left') throw invalidState('您已离开党组织，档案不再变更，不能申请修改联系方式')
      if (people.phoneOf({ id: personId, phone_enc: person.phone_enc }) === input.phone)
        throw invalidField('phone', '新手机号', '新手机号与档案中的手机号相同')
      const pending = await selfServiceRepo.pendingOf(db, personId)
      const alreadyPending = () => conflict('您已有一份待审批的申请；请等待所在党组织审批，或先撤回那份申请再重新提交')
      if (pending) throw alreadyPending()
      const id = randomUUID()
      await db
        .transaction()
        .execute(async (tx) => {
          await selfServiceRepo.insert(tx, {
            id,
            person_id: personId,
            org_id: person.org_id,
            requested_by: actor.userId,
            phone_enc: sealPhone(id, input.phone),
            note: input.note ?? null,
          })
          await audit.record(tx, actor, {
            action: 'self_service.contact_change_requested',
            entityType: 'contact_change_request',
            entityId: id,
            orgId: person.org_id,
            after: { personId, phone: input.phone, note: input.note ?? null },
          })
        })
        .catch((e: unknown) => {
          throw isUniqueViolation(e, PENDING_UNIQUE) ? alreadyPending() : e
        })
      return ownView((await selfServiceRepo.findOwn(db, id, personId))!)
    },

    async withdraw(actor: Actor, id: string): Promise<OwnContactRequest> {
      const personId = await linkedPerson(actor)
      await db.transaction().execute(async (tx) => {
        const row = stillPending(await selfServiceRepo.findOwn(tx, id, personId, { lock: true }))
        await selfServiceRepo.decide(tx, id, { status: 'withdrawn', decided_by: actor.userId, reject_reason: null })
        await audit.record(tx, actor, {
          action: 'self_service.contact_change_withdrawn',
          entityType: 'contact_change_request',
          entityId: id,
          orgId: row.org_id,
          before: { status: 'pending' },
          after: { status: 'withdrawn' },
        })
      })
      return ownView((await selfServiceRepo.findOwn(db, id, personId))!)
    },

    /** The officer's to-do: requests of the people in the current scope. */
    async list(actor: Actor, query: ContactChangeSearch): Promise<ContactRequestView[]> {
      const rows = await selfServiceRepo.listInScope(db, { scope: scopePaths(actor), status: query.status, limit: query.limit })
      const ownPersonId = await selfServiceRepo.linkedPersonId(db, actor.userId)
      return rows.map((r) => officerView(r, ownPersonId, actor))
    },

    /** Applies the requested phone to the record in the same transaction as the decision. */
    async approve(actor: Actor, id: string): Promise<ContactRequestView> {
      const ownPersonId = await decidable(actor, id)
      await db.transaction().execute(async (tx) => {
        const row = stillPending(await selfServiceRepo.findInScope(tx, id, scopePaths(actor), { lock: true }))
        const phone = openPhone(row)
        await people.setPhoneInTx(tx, actor, row.person_id, phone, { contactChangeRequestId: id })
        await selfServiceRepo.decide(tx, id, { status: 'approved', decided_by: actor.userId, reject_reason: null })
        await audit.record(tx, actor, {
          action: 'self_service.contact_change_approved',
          entityType: 'contact_change_request',
          entityId: id,
          orgId: row.org_id,
          before: { status: 'pending' },
          after: { status: 'approved', personId: row.person_id, phone },
        })
      })
      return officerView((await selfServiceRepo.findInScope(db, id, scopePaths(actor)))!, ownPersonId, actor)
    },

    async reject(actor: Actor, id: string, reason: string): Promise<ContactRequestView> {
      const ownPersonId = await decidable(actor, id)
      await db.transaction().execute(async (tx) => {
        const row = stillPending(await selfServiceRepo.findInScope(tx, id, scopePaths(actor), { lock: true }))
        await selfServiceRepo.decide(tx, id, { status: 'rejected', decided_by: actor.userId, reject_reason: reason })
        await audit.record(tx, actor, {
          action: 'self_service.contact_change_rejected',
          entityType: 'contact_change_request',
          entityId: id,
          orgId: row.org_id,
          before: { status: 'pending' },
          after: { status: 'rejected', personId: row.person_id, reason },
        })
      })
      return officerView((await selfServiceRepo.findInScope(db, id, scopePaths(actor)))!, ownPersonId, actor)
    },
  }
}

export type SelfServiceService = ReturnType<typeof createSelfServiceService>
