import type {
  ReviewResult,
  StudyReportUpsert,
  StudyReportView,
  WritingCreate,
  WritingKind,
  WritingView,
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
import { cadreStudyRepo, type ReportRow, type WritingRow } from './cadre-study.repo.ts'

const writingView = (r: WritingRow): WritingView => ({
  id: r.id,
  person: { id: r.person_id, name: r.person_name },
  org: { id: r.org_id, name: r.org_name },
  kind: r.kind as WritingKind,
  title: r.title,
  writtenOn: r.written_on,
  publishedIn: r.published_in,
  voided: r.voided_at !== null,
  voidReason: r.void_reason,
})

const reportView = (r: ReportRow): StudyReportView => ({
  id: r.id,
  person: { id: r.person_id, name: r.person_name },
  org: { id: r.org_id, name: r.org_name },
  year: r.year,
  summary: r.summary,
  reportedOn: r.reported_on,
  reviewResult: r.review_result as ReviewResult | null,
  examScore: r.exam_score,
})

/**
 * Leading cadres' study records (seed §7): writings and the yearly 述学 report. A record belongs to
 * the org of the cadre's member record, which puts it in that org's scope and its rules.
 */
export function createCadreStudyService({
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
  const scopeOf = (actor: Actor) => pathWithin('o.path', scopePaths(actor))

  /** The person's member record; someone outside the scope answers like someone who does not exist. */
  async function member(actor: Actor, personId: string, label: string) {
    const m = await cadreStudyRepo.memberInScope(db, personId, scopeOf(actor))
    if (!m) throw notFound(label)
    return m
  }

  async function filter(
    actor: Actor,
    q: { orgId?: string | undefined; personId?: string | undefined; year?: number | undefined },
  ) {
    let scope = scopeOf(actor)
    if (q.orgId) {
      const org = await orgs.assertInScope(actor, q.orgId)
      scope = sql<boolean>`(${scope} AND o.path <@ ${org.path}::ltree)`
    }
    return { scope, ...(q.personId && { personId: q.personId }), ...(q.year !== undefined && { year: q.year }) }
  }

  return {
    async writings(actor: Actor, q: { orgId?: string; personId?: string; year?: number; page: number; pageSize: number }) {
      const { rows, total } = await cadreStudyRepo.writings(db, await filter(actor, q), {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      })
      return { items: rows.map(writingView), total }
    },

    async createWriting(actor: Actor, input: WritingCreate): Promise<WritingView> {
      const m = await member(actor, input.personId, '作者')
      if (input.writtenOn > today()) throw invalidField('writtenOn', '完成日期', `完成日期不能晚于今天（${today()}）`)
      const id = await db.transaction().execute(async (tx) => {
        const id = await cadreStudyRepo.insertWriting(tx, { ...input, orgId: m.org_id, createdBy: actor.userId })
        await audit.record(tx, actor, {
          action: 'activities.writing_recorded',
          entityType: 'cadre_writing',
          entityId: id,
          orgId: m.org_id,
          after: { ...input },
        })
        await markRulesDirty(tx, [m.org_id], [input.writtenOn])
        return id
      })
      return writingView((await cadreStudyRepo.writing(db, id, scopeOf(actor)))!)
    },

    async voidWriting(actor: Actor, id: string, reason: string): Promise<WritingView> {
      const row = await cadreStudyRepo.writing(db, id, scopeOf(actor))
      if (!row) throw notFound('学习体会或理论文章')
      if (row.voided_at) throw invalidState('这条记录已经作废')
      await db.transaction().execute(async (tx) => {
        await cadreStudyRepo.voidWriting(tx, id, reason)
        await audit.record(tx, actor, {
          action: 'activities.writing_voided',
          entityType: 'cadre_writing',
          entityId: id,
          orgId: row.org_id,
          before: { voided: false },
          after: { voided: true, reason },
        })
        await markRulesDirty(tx, [row.org_id], [row.written_on])
      })
      return writingView((await cadreStudyRepo.writing(db, id, scopeOf(actor)))!)
    },

    async reports(actor: Actor, q: { orgId?: string; personId?: string; year?: number; page: number; pageSize: number }) {
      const { rows, total } = await cadreStudyRepo.reports(db, await filter(actor, q), {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      })
      return { items: rows.map(reportView), total }
    },

    async saveReport(actor: Actor, input: StudyReportUpsert): Promise<StudyReportView> {
      const m = await member(actor, input.personId, '述学人')
      if (input.reportedOn > today()) throw invalidField('reportedOn', '述学日期', `述学日期不能晚于今天（${today()}）`)
      if (Number(input.reportedOn.slice(0, 4)) < input.year)
        throw invalidField('reportedOn', '述学日期', `${input.year} 年度的述学不能早于该年度`)
      const before = await cadreStudyRepo.report(db, input.personId, input.year)
      await db.transaction().execute(async (tx) => {
        await cadreStudyRepo.upsertReport(tx, { ...input, orgId: m.org_id, createdBy: actor.userId })
        await audit.record(tx, actor, {
          action: before ? 'activities.study_report_updated' : 'activities.study_report_recorded',
          entityType: 'study_report',
          ...(before && { entityId: before.id }),
          orgId: m.org_id,
          before: before ? reportView(before) : undefined,
          after: { ...input },
        })
      })
      return reportView((await cadreStudyRepo.report(db, input.personId, input.year))!)
    },
  }
}

export type CadreStudyService = ReturnType<typeof createCadreStudyService>
