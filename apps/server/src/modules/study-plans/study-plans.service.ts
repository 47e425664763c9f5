import type {
  PublicExemplar,
  ExemplarNominate,
  ExemplarStatus,
  ExemplarView,
  StudyPlanUpsert,
  StudyPlanView,
  TrainingField,
  TrainingLevel,
  TrainingPlanInput,
  TrainingPlanView,
} from '@xianfeng/contract'
import { sql, type RawBuilder } from 'kysely'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import { todayInChina } from '../../platform/calendar.ts'
import type { Db } from '../../platform/db.ts'
import { conflict, forbidden, invalidField, invalidState, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { pathWithin } from '../../platform/ltree.ts'
import type { OrgsService } from '../orgs/index.ts'
import { studyPlansRepo, type ExemplarRow, type StudyPlanRow, type TrainingPlanRow } from './study-plans.repo.ts'

type ExemplarAction = 'approve' | 'reject' | 'publish'

/**
 * 学习标兵's workflow: the nominating org's superior decides and publishes. Who may act: a user whose
 * current scope is an org above the nominating org (not the org itself), and not the nominator.
 */
const EXEMPLAR_WORKFLOW: { from: ExemplarStatus; action: ExemplarAction; to: ExemplarStatus }[] = [
  { from: 'nominated', action: 'approve', to: 'approved' },
  { from: 'nominated', action: 'reject', to: 'rejected' },
  { from: 'approved', action: 'publish', to: 'published' },
]

const ACTION_NAMES: Record<ExemplarAction, string> = { approve: '审核通过', reject: '审核不通过', publish: '公布' }

const isAbove = (actor: Actor, orgPath: string) => actor.grant !== null && orgPath.startsWith(`${actor.grant.orgPath}.`)

const planView = (r: StudyPlanRow): StudyPlanView => ({
  id: r.id,
  org: { id: r.org_id, name: r.org_name },
  person: r.person_id ? { id: r.person_id, name: r.person_name ?? '' } : null,
  year: r.year,
  title: r.title,
  content: r.content,
  updatedAt: r.updated_at.toISOString(),
})

const trainingView = (r: TrainingPlanRow): TrainingPlanView => ({
  id: r.id,
  org: { id: r.org_id, name: r.org_name },
  year: r.year,
  field: r.field as TrainingField,
  level: r.level as TrainingLevel,
  title: r.title,
  audience: r.audience,
  plannedSessions: r.planned_sessions,
  plannedHours: r.planned_hours,
  plannedTrainees: r.planned_trainees,
})

/** Study plans, training plans and study exemplars (seed §6–7). */
export function createStudyPlansService({
  db,
  audit,
  orgs,
  today = todayInChina,
}: {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope'>
  today?: () => string
}) {
  async function scopeOf(actor: Actor, orgId?: string): Promise<RawBuilder<boolean>> {
    const scope = pathWithin('o.path', scopePaths(actor))
    if (!orgId) return scope
    const org = await orgs.assertInScope(actor, orgId)
    return sql<boolean>`(${scope} AND o.path <@ ${org.path}::ltree)`
  }

  /** Why the caller may not take the next step of a nomination that still awaits one (null: they may, or none is left). */
  const actionsNote = (actor: Actor, r: ExemplarRow): string | null => {
    if (!EXEMPLAR_WORKFLOW.some((t) => t.from === r.status)) return null
    const next = r.status === 'nominated' ? '审核' : '公布'
    if (!isAbove(actor, r.org_path)) return `由“${r.org_name}”的上级组织${next}；请切换到上级组织的授权范围`
    if (r.nominated_by === actor.userId) return `这是您提出的推荐，须由上级组织的其他人员${next}`
    return null
  }

  const exemplarView = (actor: Actor, r: ExemplarRow): ExemplarView => ({
    id: r.id,
    org: { id: r.org_id, name: r.org_name },
    person: { id: r.person_id, name: r.person_name },
    year: r.year,
    deeds: r.deeds,
    status: r.status as ExemplarStatus,
    nominatedAt: r.nominated_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    publishedAt: r.published_at?.toISOString() ?? null,
    actions:
      isAbove(actor, r.org_path) && r.nominated_by !== actor.userId
        ? EXEMPLAR_WORKFLOW.filter((t) => t.from === r.status).map((t) => t.action)
        : [],
    actionsNote: actionsNote(actor, r),
  })

  async function transition(actor: Actor, id: string, action: ExemplarAction, note: string | null) {
    const scope = pathWithin('o.path', scopePaths(actor))
    return db.transaction().execute(async (tx) => {
      const row = await studyPlansRepo.exemplar(tx, id, scope, true)
      if (!row) throw notFound('学习标兵推荐')
      const step = EXEMPLAR_WORKFLOW.find((t) => t.from === row.status && t.action === action)
      if (!step)
        throw invalidState(
          `这项推荐目前是“${row.status === 'nominated' ? '已推荐' : row.status === 'approved' ? '已审核通过' : row.status === 'rejected' ? '未通过' : '已公布'}”，不能${ACTION_NAMES[action]}`,
        )
      if (!isAbove(actor, row.org_path))
        throw forbidden(`学习标兵由“${row.org_name}”的上级组织${ACTION_NAMES[action]}，请切换到上级组织的授权范围`)
      if (row.nominated_by === actor.userId) throw forbidden('不能审核或公布自己提出的推荐')
      if (action === 'reject' && !note) throw invalidField('note', '审核意见', '审核不通过时请填写理由')
      if (action === 'publish') await studyPlansRepo.publish(tx, id)
      else await studyPlansRepo.decide(tx, id, { status: step.to as 'approved' | 'rejected', note, by: actor.userId })
      await audit.record(tx, actor, {
        action: `activities.exemplar_${action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'published'}`,
        entityType: 'study_exemplar',
        entityId: id,
        orgId: row.org_id,
        before: { status: row.status },
        after: { status: step.to, ...(note && { note }) },
      })
      return exemplarView(actor, (await studyPlansRepo.exemplar(tx, id, scope))!)
    })
  }

  async function checkPerson(orgPath: string, personId: string, field: string, label: string) {
    const m = await studyPlansRepo.memberUnder(db, personId, orgPath)
    if (!m) throw invalidField(field, label, `${label}不是该组织的党员`)
    return m
  }

  return {
    async studyPlans(actor: Actor, q: { orgId?: string; year?: number; page: number; pageSize: number }) {
      const { rows, total } = await studyPlansRepo.studyPlans(db, await scopeOf(actor, q.orgId), q.year, {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      })
      return { items: rows.map(planView), total }
    },

    async saveStudyPlan(actor: Actor, input: StudyPlanUpsert): Promise<StudyPlanView> {
      const org = await orgs.assertInScope(actor, input.orgId)
      if (input.personId) await checkPerson(org.path, input.personId, 'personId', '党员')
      const before = await studyPlansRepo.studyPlan(db, org.id, input.personId, input.year)
      await db.transaction().execute(async (tx) => {
        if (before)
          await studyPlansRepo.updateStudyPlan(tx, before.id, { orgId: org.id, title: input.title, content: input.content })
        else await studyPlansRepo.insertStudyPlan(tx, { ...input, orgId: org.id, by: actor.userId })
        await audit.record(tx, actor, {
          action: before ? 'activities.study_plan_updated' : 'activities.study_plan_recorded',
          entityType: 'study_plan',
          ...(before && { entityId: before.id }),
          orgId: org.id,
          before: before ? planView(before) : undefined,
          after: { ...input },
        })
      })
      return planView((await studyPlansRepo.studyPlan(db, org.id, input.personId, input.year))!)
    },

    async trainingPlans(actor: Actor, q: { orgId?: string; year?: number; page: number; pageSize: number }) {
      const scope = await scopeOf(actor, q.orgId)
      const year = q.year ?? Number(today().slice(0, 4))
      const [{ rows, total }, held] = await Promise.all([
        studyPlansRepo.trainingPlans(db, scope, q.year, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
        studyPlansRepo.trainingHeld(db, scope, year),
      ])
      return { items: rows.map(trainingView), total, held }
    },

    async saveTrainingPlan(actor: Actor, id: string | null, input: TrainingPlanInput): Promise<TrainingPlanView> {
      const scope = pathWithin('o.path', scopePaths(actor))
      const before = id ? await studyPlansRepo.trainingPlan(db, id, scope) : undefined
      if (id && !before) throw notFound('培训规划')
      const org = await orgs.assertInScope(actor, input.orgId)
      const saved = await db.transaction().execute(async (tx) => {
        const saved = await studyPlansRepo.saveTrainingPlan(
          tx,
          id,
          {
            org_id: org.id,
            year: input.year,
            field: input.field,
            level: input.level,
            title: input.title,
            audience: input.audience,
            planned_sessions: input.plannedSessions,
            planned_hours: input.plannedHours,
            planned_trainees: input.plannedTrainees,
          },
          actor.userId,
        )
        await audit.record(tx, actor, {
          action: id ? 'activities.training_plan_updated' : 'activities.training_plan_created',
          entityType: 'training_plan',
          entityId: saved,
          orgId: org.id,
          before: before ? trainingView(before) : undefined,
          after: { ...input },
        })
        return saved
      })
      return trainingView((await studyPlansRepo.trainingPlan(db, saved, scope))!)
    },

    async exemplars(actor: Actor, q: { orgId?: string; year?: number; status?: ExemplarStatus; page: number; pageSize: number }) {
      const { rows, total } = await studyPlansRepo.exemplars(
        db,
        await scopeOf(actor, q.orgId),
        { ...(q.year !== undefined && { year: q.year }), ...(q.status && { status: q.status }) },
        { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
      )
      return { items: rows.map((r) => exemplarView(actor, r)), total }
    },

    async nominate(actor: Actor, input: ExemplarNominate): Promise<ExemplarView> {
      const org = await orgs.assertInScope(actor, input.orgId)
      await checkPerson(org.path, input.personId, 'personId', '推荐人选')
      const id = await db
        .transaction()
        .execute(async (tx) => {
          const id = await studyPlansRepo.nominate(tx, { ...input, orgId: org.id, by: actor.userId })
          await audit.record(tx, actor, {
            action: 'activities.exemplar_nominated',
            entityType: 'study_exemplar',
            entityId: id,
            orgId: org.id,
            after: { ...input },
          })
          return id
        })
        .catch((e: unknown) => {
          if (isUniqueViolation(e, 'study_exemplars_person_year_key'))
            throw conflict(`这名党员已是 ${input.year} 年度的学习标兵推荐人选`)
          throw e
        })
      return exemplarView(actor, (await studyPlansRepo.exemplar(db, id, pathWithin('o.path', scopePaths(actor))))!)
    },

    /** The public portal's list: published ones only, whoever asks. */
    async published(q: { year?: number; page: number; pageSize: number }): Promise<{ items: PublicExemplar[]; total: number }> {
      const { rows, total } = await studyPlansRepo.published(db, q.year, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize })
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          orgName: r.org_name,
          year: r.year,
          deeds: r.deeds,
          publishedOn: todayInChina(r.published_at.getTime()),
        })),
        total,
      }
    },

    decide: (actor: Actor, id: string, approve: boolean, note: string | null) =>
      transition(actor, id, approve ? 'approve' : 'reject', note),
    publish: (actor: Actor, id: string) => transition(actor, id, 'publish', null),
  }
}

export type StudyPlansService = ReturnType<typeof createStudyPlansService>
