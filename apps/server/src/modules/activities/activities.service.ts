import {
  type ActivityCreate,
  type ActivityKind,
  type ActivitySummary,
  type ActivityUpdate,
  type ActivityView,
  type Presence,
} from '@xianfeng/contract'
import { sql } from 'kysely'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import { todayInChina } from '../../platform/calendar.ts'
import type { Db } from '../../platform/db.ts'
import { invalidField, invalidState, notFound } from '../../platform/errors.ts'
import { pathWithin } from '../../platform/ltree.ts'
import { markRulesDirty } from '../../platform/rules/dirty.ts'
import type { OrgsService } from '../orgs/index.ts'
import type { PeopleService } from '../people/index.ts'
import { activitiesRepo, type ActivityRow, type ActivityWrite } from './activities.repo.ts'

const summary = (r: ActivityRow): ActivitySummary => ({
  id: r.id,
  org: { id: r.org_id, name: r.org_name },
  kinds: r.kinds as ActivityKind[],
  heldOn: r.held_on,
  hours: r.hours,
  topic: r.topic,
  speaker: r.speaker_display,
  present: r.present,
  absent: r.absent,
  voided: r.voided_at !== null,
})

const toWrite = (a: ActivityUpdate): ActivityWrite => ({
  kinds: a.kinds,
  held_on: a.heldOn,
  hours: a.hours,
  topic: a.topic,
  speaker_person_id: a.speakerPersonId,
  speaker_name: a.speakerPersonId ? null : a.speakerName,
  location: a.location,
  minutes: a.minutes,
})

/**
 * Organizational life and study records (seed §5–7): one record per meeting, lecture or study
 * event, of one or several kinds, with its attendance. Every write marks the orgs whose rules the
 * record counts for — its own org, the attendees' orgs (study hours), the speaker's (a secretary's
 * lecture) — so the rules are evaluated again by the job queue.
 */
export function createActivitiesService({
  db,
  audit,
  orgs,
  people,
  today = todayInChina,
}: {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope'>
  people: Pick<PeopleService, 'membersOfOrgAsOf'>
  today?: () => string
}) {
  async function load(actor: Actor, id: string) {
    const row = await activitiesRepo.find(db, id, pathWithin('o.path', scopePaths(actor)))
    if (!row) throw notFound('活动记录')
    return row
  }

  async function view(actor: Actor, id: string): Promise<ActivityView> {
    const r = await load(actor, id)
    const attendance = await activitiesRepo.attendance(db, id)
    return {
      ...summary(r),
      speakerPersonId: r.speaker_person_id,
      speakerName: r.speaker_name,
      location: r.location,
      minutes: r.minutes,
      attendance: attendance.map((a) => ({
        personId: a.person_id,
        name: a.name,
        presence: a.presence as Presence,
        absenceReason: a.absence_reason,
      })),
      voidReason: r.void_reason,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }
  }

  /** A party cell records its members from its branch; any other org from its own subtree. */
  async function rosterOrg(actor: Actor, orgId: string) {
    const org = await orgs.assertInScope(actor, orgId)
    if (org.kind === 'party_cell' && org.parent_id) {
      const parent = await orgs.assertInScope(actor, org.parent_id).catch(() => null)
      if (parent) return { org, roster: parent }
    }
    return { org, roster: org }
  }

  /** Checks a record before writing; returns the orgs whose rules it counts for. */
  async function check(actor: Actor, orgId: string, input: ActivityUpdate) {
    const { org, roster } = await rosterOrg(actor, orgId)
    if (org.status !== 'active') throw invalidState(`“${org.name}”已撤销，不能再登记活动`)
    if (input.heldOn > today()) throw invalidField('heldOn', '活动日期', `活动日期不能晚于今天（${today()}）`)
    if (org.established_on && input.heldOn < org.established_on)
      throw invalidField('heldOn', '活动日期', `活动日期不能早于“${org.name}”的成立日期 ${org.established_on}`)
    if (input.speakerPersonId && !(await activitiesRepo.personExists(db, input.speakerPersonId)))
      throw invalidField('speakerPersonId', '主讲人', '主讲人不在人员名册中')
    if (input.kinds.includes('party_lecture') && !input.speakerPersonId && !input.speakerName)
      throw invalidField('speakerName', '主讲人', '党课请填写主讲人')
    const ids = input.attendance.map((a) => a.personId)
    const eligible = await activitiesRepo.eligible(db, ids, roster.path)
    if (eligible.length !== new Set(ids).size) {
      const ok = new Set(eligible.map((e) => e.person_id))
      const index = input.attendance.findIndex((a) => !ok.has(a.personId))
      throw invalidField(
        `attendance.${index}.personId`,
        '参加人员',
        `第 ${index + 1} 位参加人员不是“${roster.name}”的党员或入党积极分子等，不能登记出席情况`,
      )
    }
    const speakerOrgs = input.speakerPersonId ? await activitiesRepo.speakerOrgs(db, input.speakerPersonId) : []
    return { org, counted: [org.id, ...eligible.map((e) => e.org_id), ...speakerOrgs] }
  }

  return {
    /**
     * What a person attended in a year, for their own ledger: no scope check, so only the
     * self-service module calls it, for the person the account is linked to.
     */
    async attendedBy(personId: string, year: number) {
      const rows = await activitiesRepo.attendedBy(db, personId, `${year}-01-01`, `${year}-12-31`)
      return rows.map((r) => ({
        activityId: r.id,
        heldOn: r.held_on,
        org: { id: r.org_id, name: r.org_name },
        kinds: r.kinds as ActivityKind[],
        topic: r.topic,
        hours: r.hours,
        presence: r.presence,
      }))
    },

    async list(
      actor: Actor,
      q: {
        orgId?: string | undefined
        kind?: ActivityKind | undefined
        from?: string | undefined
        to?: string | undefined
        includeVoided?: 'true' | 'false' | undefined
        page: number
        pageSize: number
      },
    ) {
      let scope = pathWithin('o.path', scopePaths(actor))
      if (q.orgId) {
        const org = await orgs.assertInScope(actor, q.orgId)
        scope = sql<boolean>`(${scope} AND o.path <@ ${org.path}::ltree)`
      }
      const { rows, total } = await activitiesRepo.list(
        db,
        {
          scope,
          ...(q.kind && { kind: q.kind }),
          ...(q.from && { from: q.from }),
          ...(q.to && { to: q.to }),
          includeVoided: q.includeVoided === 'true',
        },
        { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
      )
      return { items: rows.map(summary), total }
    },

    get: view,

    async roster(actor: Actor, orgId: string) {
      const { roster } = await rosterOrg(actor, orgId)
      const rows = await people.membersOfOrgAsOf(actor, roster.id, today())
      return rows.map((r) => ({ personId: r.personId, name: r.name, status: r.status as Exclude<typeof r.status, 'left'> }))
    },

    async create(actor: Actor, input: ActivityCreate): Promise<ActivityView> {
      const { org, counted } = await check(actor, input.orgId, input)
      const id = await db.transaction().execute(async (tx) => {
        const id = await activitiesRepo.insert(tx, org.id, toWrite(input), actor.userId)
        await activitiesRepo.replaceAttendance(tx, id, input.attendance)
        await audit.record(tx, actor, {
          action: 'activities.activity_recorded',
          entityType: 'activity',
          entityId: id,
          orgId: org.id,
          after: { ...input, minutes: input.minutes ? `（${input.minutes.length} 字）` : null },
        })
        await markRulesDirty(tx, counted, [input.heldOn])
        return id
      })
      return view(actor, id)
    },

    async update(actor: Actor, id: string, input: ActivityUpdate): Promise<ActivityView> {
      const before = await view(actor, id)
      if (before.voided) throw invalidState('这条记录已作废，不能修改')
      const { counted } = await check(actor, before.org.id, input)
      const beforeCounted = await activitiesRepo.memberOrgs(
        db,
        before.attendance.map((a) => a.personId),
      )
      const beforeSpeaker = before.speakerPersonId ? await activitiesRepo.speakerOrgs(db, before.speakerPersonId) : []
      await db.transaction().execute(async (tx) => {
        await activitiesRepo.update(tx, id, toWrite(input))
        await activitiesRepo.replaceAttendance(tx, id, input.attendance)
        await audit.record(tx, actor, {
          action: 'activities.activity_updated',
          entityType: 'activity',
          entityId: id,
          orgId: before.org.id,
          before: { ...before, minutes: null },
          after: { ...input, minutes: input.minutes ? `（${input.minutes.length} 字）` : null },
        })
        await markRulesDirty(tx, [...counted, ...beforeCounted, ...beforeSpeaker], [before.heldOn, input.heldOn])
      })
      return view(actor, id)
    },

    async void(actor: Actor, id: string, reason: string): Promise<ActivityView> {
      const before = await view(actor, id)
      if (before.voided) throw invalidState('这条记录已经作废')
      const counted = await activitiesRepo.memberOrgs(
        db,
        before.attendance.map((a) => a.personId),
      )
      const speaker = before.speakerPersonId ? await activitiesRepo.speakerOrgs(db, before.speakerPersonId) : []
      await db.transaction().execute(async (tx) => {
        await activitiesRepo.void(tx, id, reason)
        await audit.record(tx, actor, {
          action: 'activities.activity_voided',
          entityType: 'activity',
          entityId: id,
          orgId: before.org.id,
          before: { voided: false },
          after: { voided: true, reason },
        })
        await markRulesDirty(tx, [before.org.id, ...counted, ...speaker], [before.heldOn])
      })
      return view(actor, id)
    },
  }
}

export type ActivitiesService = ReturnType<typeof createActivitiesService>
