import type {
  AttemptSubmit,
  AttemptView,
  OpenQuiz,
  OrgResult,
  PersonResult,
  QuestionInput,
  QuestionRetire,
  QuestionType,
  QuestionView,
  QuizInput,
  QuizSelection,
  QuizStatus,
  QuizView,
} from '@xianfeng/contract'
import { sql, type RawBuilder } from 'kysely'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'
import { AppError, conflict, invalidField, invalidState, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { pathAbove, pathWithin } from '../../platform/ltree.ts'
import type { OrgsService } from '../orgs/index.ts'
import {
  contestsRepo,
  type AttemptQuestionCopy,
  type AttemptRow,
  type QuestionFilterSql,
  type QuestionRow,
  type QuizRow,
  type QuizViewer,
} from './contests.repo.ts'
import { questionTemplate, questionWorkbook, readQuestionSheet } from './question-sheet.ts'

const iso = (d: Date) => d.toISOString()
/** A moment as people in China read it: 2026-11-28 14:05:09. */
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')

const questionView = (r: QuestionRow): QuestionView => ({
  id: r.id,
  org: { id: r.org_id, name: r.org_name },
  type: r.type as QuestionType,
  stem: r.stem,
  options: r.options,
  answer: r.answer,
  explanation: r.explanation,
  tags: r.tags,
  updatedAt: iso(r.updated_at),
  retiredAt: r.retired_at ? iso(r.retired_at) : null,
  retireReason: r.retire_reason,
})

const quizView = (r: QuizRow, actor: Actor): QuizView => ({
  id: r.id,
  org: { id: r.org_id, name: r.org_name },
  title: r.title,
  description: r.description,
  selection: r.selection as QuizSelection,
  questionIds: r.question_ids,
  tag: r.tag,
  questionCount: r.question_count,
  timeLimitMinutes: r.time_limit_minutes,
  opensAt: iso(r.opens_at),
  closesAt: iso(r.closes_at),
  attemptsAllowed: r.attempts_allowed,
  status: r.status as QuizStatus,
  publishedAt: r.published_at ? iso(r.published_at) : null,
  closedAt: r.closed_at ? iso(r.closed_at) : null,
  submittedCount: r.submitted_count,
  canManage: r.can_manage,
  resultsOrg: resultsRoot(r, actor),
})

/** Where the actor's view of a quiz's results starts: its org, or for a quiz from above, the actor's own org. */
function resultsRoot(r: QuizRow, actor: Actor) {
  if (r.can_manage || !actor.grant) return { id: r.org_id, name: r.org_name, path: r.org_path }
  return { id: actor.grant.orgId, name: actor.grant.orgName, path: actor.grant.orgPath }
}

/** Multiple choice counts only when exactly the right set is chosen. */
const isRight = (answer: number[], chosen: number[] | undefined) =>
  chosen !== undefined && chosen.length === answer.length && [...chosen].sort((a, b) => a - b).every((c, i) => c === answer[i])

function attemptView(r: AttemptRow): AttemptView {
  const submitted = r.submitted_at !== null
  return {
    id: r.id,
    quiz: { id: r.quiz_id, title: r.quiz_title },
    attemptNo: r.attempt_no,
    status: submitted ? 'submitted' : r.now > r.deadline ? 'expired' : 'in_progress',
    startedAt: iso(r.started_at),
    deadline: iso(r.deadline),
    serverNow: iso(r.now),
    submittedAt: r.submitted_at ? iso(r.submitted_at) : null,
    questions: r.questions.map((q) => {
      const chosen = submitted ? (r.answers?.[q.id] ?? []) : null
      return {
        id: q.id,
        type: q.type as QuestionType,
        stem: q.stem,
        options: q.options,
        // the answers stay on the server until the attempt is handed in
        chosen,
        answer: submitted ? q.answer : null,
        explanation: submitted ? q.explanation : null,
        isCorrect: submitted ? isRight(q.answer, chosen ?? []) : null,
      }
    }),
    questionCount: r.question_count,
    correctCount: r.correct_count,
    score: r.score,
  }
}

const noPerson = () => new AppError('not_found', '您的账号没有关联党员档案，不能参加竞赛；如有需要，请联系所在党组织')

/**
 * Knowledge contests (seed §6): question bank, quizzes and attempts. Managers act within their scope;
 * a member takes the quizzes published for their org or an org above it. Nothing here feeds a rule
 * or an assessment.
 */
export function createContestsService({
  db,
  audit,
  orgs,
}: {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope'>
}) {
  const scopeOf = (actor: Actor) => pathWithin('o.path', scopePaths(actor))
  /** The quizzes an officer sees: their scope's, and those an org above has published for the scope's members. */
  const quizzesSeenBy = (actor: Actor) =>
    sql<boolean>`(${scopeOf(actor)} OR (z.status <> 'draft' AND ${pathAbove('o.path', scopePaths(actor))}))`
  const viewerOf = (actor: Actor): QuizViewer => ({ manage: scopeOf(actor), attempts: pathWithin('ao.path', scopePaths(actor)) })

  async function filteredScope(actor: Actor, orgId?: string): Promise<RawBuilder<boolean>> {
    if (!orgId) return scopeOf(actor)
    const org = await orgs.assertInScope(actor, orgId)
    return sql<boolean>`(${scopeOf(actor)} AND o.path <@ ${org.path}::ltree)`
  }

  /** A quiz of the actor's scope, to change. */
  async function loadQuiz(actor: Actor, id: string) {
    const row = await contestsRepo.quiz(db, viewerOf(actor), id, scopeOf(actor))
    if (!row) throw notFound('竞赛')
    return row
  }

  /** A quiz of the actor's scope or published from above it, to read. */
  async function seenQuiz(actor: Actor, id: string) {
    const row = await contestsRepo.quiz(db, viewerOf(actor), id, quizzesSeenBy(actor))
    if (!row) throw notFound('竞赛')
    return row
  }

  /** The quiz's fields as stored, after the checks that need the database. */
  async function checkQuiz(actor: Actor, input: QuizInput) {
    const org = await orgs.assertInScope(actor, input.orgId)
    let questionCount: number
    if (input.selection === 'fixed') {
      const found = await contestsRepo.questionStates(db, input.questionIds, scopeOf(actor))
      const missing = input.questionIds.filter((id) => !found.has(id)).length
      if (missing > 0) throw invalidField('questionIds', '试题', `有 ${missing} 道试题不存在或不在您的授权范围内`)
      const retired = input.questionIds.filter((id) => found.get(id)?.isRetired).length
      if (retired > 0) throw invalidField('questionIds', '试题', `有 ${retired} 道试题已停用，不能用于新的竞赛`)
      questionCount = input.questionIds.length
    } else {
      questionCount = input.questionCount!
      const pool = await contestsRepo.poolCount(db, org.path, input.tag!)
      if (pool < questionCount)
        throw invalidField(
          'questionCount',
          '抽题数量',
          `标签“${input.tag}”下在用的试题只有 ${pool} 道（本组织、上级和下级组织的题库），少于抽题数量 ${questionCount}`,
        )
    }
    return {
      org,
      write: {
        orgId: org.id,
        title: input.title,
        description: input.description,
        selection: input.selection,
        questionIds: input.selection === 'fixed' ? input.questionIds : [],
        tag: input.selection === 'random' ? input.tag : null,
        questionCount,
        timeLimitMinutes: input.timeLimitMinutes,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        attemptsAllowed: input.attemptsAllowed,
      },
    }
  }

  async function quizTransition(actor: Actor, id: string, to: 'published' | 'closed') {
    return db.transaction().execute(async (tx) => {
      const row = await contestsRepo.quiz(tx, viewerOf(actor), id, scopeOf(actor), true)
      if (!row) throw notFound('竞赛')
      if (to === 'published' && row.status !== 'draft') throw invalidState('只有草稿状态的竞赛可以发布')
      if (to === 'closed' && row.status !== 'published') throw invalidState('只有已发布的竞赛可以结束')
      if (to === 'published' && row.closes_at.getTime() <= Date.now())
        throw invalidState('竞赛的结束时间已过，请先修改开放时间再发布')
      if (to === 'published') {
        // questions retired since the draft was saved do not go into it
        const retired = await contestsRepo.retiredCount(tx, row.question_ids)
        if (retired > 0) throw invalidState(`竞赛中有 ${retired} 道试题已停用，请修改竞赛后再发布`)
        if (row.selection === 'random') {
          const pool = await contestsRepo.poolCount(tx, row.org_path, row.tag!)
          if (pool < row.question_count)
            throw invalidState(
              `标签“${row.tag}”下在用的试题只有 ${pool} 道，少于抽题数量 ${row.question_count}，请修改竞赛后再发布`,
            )
        }
      }
      await contestsRepo.setQuizStatus(tx, id, to)
      await audit.record(tx, actor, {
        action: to === 'published' ? 'contests.quiz_published' : 'contests.quiz_closed',
        entityType: 'contest_quiz',
        entityId: id,
        orgId: row.org_id,
        before: { status: row.status },
        after: { status: to },
      })
      return quizView((await contestsRepo.quiz(tx, viewerOf(actor), id, scopeOf(actor)))!, actor)
    })
  }

  async function setRetired(actor: Actor, id: string, retire: QuestionRetire | null) {
    await db.transaction().execute(async (tx) => {
      const row = await contestsRepo.question(tx, id, scopeOf(actor), true)
      if (!row) throw notFound('试题')
      if (retire && row.retired_at) throw invalidState('这道试题已经停用')
      if (!retire && !row.retired_at) throw invalidState('这道试题在用，不需要恢复')
      await contestsRepo.setRetired(tx, id, retire && { by: actor.userId, reason: retire.reason })
      await audit.record(tx, actor, {
        action: retire ? 'contests.question_retired' : 'contests.question_restored',
        entityType: 'contest_question',
        entityId: id,
        orgId: row.org_id,
        before: { retireReason: row.retire_reason },
        after: { retireReason: retire?.reason ?? null },
      })
    })
    return questionView((await contestsRepo.question(db, id, scopeOf(actor)))!)
  }

  /** The person linked to the account and their current party membership. */
  async function linkedPerson(actor: Actor) {
    const personId = await contestsRepo.linkedPersonId(db, actor.userId)
    if (!personId) throw noPerson()
    return personId
  }

  async function taker(actor: Actor) {
    const personId = await linkedPerson(actor)
    const m = await contestsRepo.membership(db, personId)
    return { personId, membership: m ?? null }
  }

  async function ownAttempt(actor: Actor, id: string) {
    const personId = await linkedPerson(actor)
    const row = await contestsRepo.attempt(db, id, personId)
    if (!row) throw notFound('答卷')
    return { row, personId }
  }

  return {
    // Question bank -------------------------------------------------------------------------------

    async questions(actor: Actor, q: QuestionFilterSql & { orgId?: string; page: number; pageSize: number }) {
      const { rows, total } = await contestsRepo.questions(db, await filteredScope(actor, q.orgId), q, {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      })
      return { items: rows.map(questionView), total }
    },

    async questionTags(actor: Actor) {
      return { items: await contestsRepo.tags(db, scopeOf(actor)) }
    },

    async saveQuestion(actor: Actor, id: string | null, input: QuestionInput): Promise<QuestionView> {
      const before = id ? await contestsRepo.question(db, id, scopeOf(actor)) : undefined
      if (id && !before) throw notFound('试题')
      const org = await orgs.assertInScope(actor, input.orgId)
      const write = { ...input, orgId: org.id }
      const saved = await db.transaction().execute(async (tx) => {
        const saved = id ?? (await contestsRepo.insertQuestions(tx, [write], actor.userId))[0]!
        if (id) await contestsRepo.updateQuestion(tx, id, write)
        await audit.record(tx, actor, {
          action: id ? 'contests.question_updated' : 'contests.question_created',
          entityType: 'contest_question',
          entityId: saved,
          orgId: org.id,
          before: before ? questionView(before) : undefined,
          after: { ...input },
        })
        return saved
      })
      return questionView((await contestsRepo.question(db, saved, scopeOf(actor)))!)
    },

    /** 停用: the question stays in the quizzes and attempts that have it, and goes into no new quiz. */
    retireQuestion: (actor: Actor, id: string, input: QuestionRetire) => setRetired(actor, id, input),
    restoreQuestion: (actor: Actor, id: string) => setRetired(actor, id, null),

    template: questionTemplate,

    /** All rows or none: any bad row refuses the whole file and is listed with its column. */
    async importQuestions(actor: Actor, orgId: string, file: Buffer) {
      const org = await orgs.assertInScope(actor, orgId)
      const { questions, errors } = await readQuestionSheet(file)
      if (errors.length > 0) return { imported: 0, errors }
      await db.transaction().execute(async (tx) => {
        const ids = await contestsRepo.insertQuestions(
          tx,
          questions.map((q) => ({ ...q, orgId: org.id })),
          actor.userId,
        )
        await audit.record(tx, actor, {
          action: 'contests.questions_imported',
          entityType: 'org',
          entityId: org.id,
          orgId: org.id,
          after: { count: ids.length, tags: [...new Set(questions.flatMap((q) => q.tags))] },
        })
      })
      return { imported: questions.length, errors: [] }
    },

    async exportQuestions(actor: Actor, q: QuestionFilterSql & { orgId?: string }) {
      const { rows } = await contestsRepo.questions(db, await filteredScope(actor, q.orgId), q, null)
      await db.transaction().execute(async (tx) => {
        await audit.record(tx, actor, {
          action: 'contests.questions_exported',
          entityType: 'contest_question',
          orgId: q.orgId ?? actor.grant?.orgId ?? null,
          after: { filter: q, count: rows.length },
        })
      })
      return questionWorkbook(rows.map((r) => ({ ...questionView(r) })))
    },

    // Quizzes -------------------------------------------------------------------------------------

    async quizzes(actor: Actor, q: { orgId?: string; status?: QuizStatus; page: number; pageSize: number }) {
      // an org picked in the scope narrows to its subtree; otherwise the quizzes from above are listed too
      const where = q.orgId ? await filteredScope(actor, q.orgId) : quizzesSeenBy(actor)
      const { rows, total } = await contestsRepo.quizzes(db, viewerOf(actor), where, q, {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      })
      return { items: rows.map((r) => quizView(r, actor)), total }
    },

    quiz: async (actor: Actor, id: string) => quizView(await seenQuiz(actor, id), actor),

    async saveQuiz(actor: Actor, id: string | null, input: QuizInput): Promise<QuizView> {
      const before = id ? await loadQuiz(actor, id) : undefined
      if (before && before.status !== 'draft') throw invalidState('竞赛已发布，不能再修改；如需调整请结束后另建一项')
      const { org, write } = await checkQuiz(actor, input)
      const saved = await db.transaction().execute(async (tx) => {
        if (id) {
          const locked = await contestsRepo.quiz(tx, viewerOf(actor), id, scopeOf(actor), true)
          if (locked?.status !== 'draft') throw invalidState('竞赛已发布，不能再修改')
        }
        const saved = await contestsRepo.saveQuiz(tx, id, write, actor.userId)
        await audit.record(tx, actor, {
          action: id ? 'contests.quiz_updated' : 'contests.quiz_created',
          entityType: 'contest_quiz',
          entityId: saved,
          orgId: org.id,
          before: before ? quizView(before, actor) : undefined,
          after: { ...write },
        })
        return saved
      })
      return quizView(await loadQuiz(actor, saved), actor)
    },

    publish: (actor: Actor, id: string) => quizTransition(actor, id, 'published'),
    close: (actor: Actor, id: string) => quizTransition(actor, id, 'closed'),

    /** The people of the actor's scope (or of the org picked in it) who took part, whoever organized the quiz. */
    async personResults(actor: Actor, id: string, q: { orgId?: string; page: number; pageSize: number }) {
      const quiz = await seenQuiz(actor, id)
      const scope = await filteredScope(actor, q.orgId)
      const { rows, total } = await contestsRepo.personResults(
        db,
        quiz.id,
        sql<boolean>`(${scope} AND o.path <@ ${quiz.org_path}::ltree)`,
        {
          limit: q.pageSize,
          offset: (q.page - 1) * q.pageSize,
        },
      )
      const items: PersonResult[] = rows.map((r) => ({
        rank: r.rank,
        person: { id: r.person_id, name: r.person_name },
        org: { id: r.org_id, name: r.org_name },
        attempts: r.attempts,
        bestScore: r.best_score,
        lastSubmittedAt: iso(r.last_submitted_at),
      }))
      return { items, total }
    },

    async orgResults(actor: Actor, id: string, q: { orgId?: string }) {
      const quiz = await seenQuiz(actor, id)
      // a quiz from above is read from the actor's own org down, never its other branches
      let path = resultsRoot(quiz, actor).path
      if (q.orgId) {
        const org = await orgs.assertInScope(actor, q.orgId)
        if (!(org.path === quiz.org_path || org.path.startsWith(`${quiz.org_path}.`)))
          throw invalidField('orgId', '组织', `“${org.name}”不在这项竞赛面向的组织范围内`)
        path = org.path
      }
      const rows = await contestsRepo.orgResults(db, quiz.id, path)
      const toResult = (r: (typeof rows)[number]): OrgResult => ({
        org: { id: r.id, name: r.name },
        members: r.members,
        participants: r.participants,
        averageScore: r.average_score,
      })
      const total = rows.find((r) => r.is_total)!
      return { total: toResult(total), items: rows.filter((r) => !r.is_total).map(toResult) }
    },

    // Taking a quiz -------------------------------------------------------------------------------

    async openQuizzes(actor: Actor): Promise<{ items: OpenQuiz[] }> {
      const { personId, membership } = await taker(actor)
      if (!membership) return { items: [] }
      const rows = await contestsRepo.openTo(db, personId, membership.org_path)
      return {
        items: rows.map((r) => ({
          id: r.id,
          title: r.title,
          description: r.description,
          org: { id: r.org_id, name: r.org_name },
          questionCount: r.question_count,
          timeLimitMinutes: r.time_limit_minutes,
          opensAt: iso(r.opens_at),
          closesAt: iso(r.closes_at),
          attemptsAllowed: r.attempts_allowed,
          attemptsUsed: r.attempts_used,
          bestScore: r.best_score,
          inProgressAttemptId: r.in_progress_id,
          isOpen: r.is_open,
        })),
      }
    },

    async start(actor: Actor, quizId: string): Promise<AttemptView> {
      const { personId, membership } = await taker(actor)
      if (!membership) throw notFound('竞赛')
      const quiz = (await contestsRepo.openTo(db, personId, membership.org_path)).find((r) => r.id === quizId)
      if (!quiz) throw notFound('竞赛')
      if (quiz.in_progress_id) return attemptView((await contestsRepo.attempt(db, quiz.in_progress_id, personId))!)
      if (!quiz.is_open) {
        if (quiz.status === 'published' && quiz.opens_at.getTime() > Date.now())
          throw invalidState(`竞赛尚未开始，开始时间为 ${chinaTime(quiz.opens_at)}`)
        throw invalidState('竞赛已结束')
      }
      if (quiz.attempts_used >= quiz.attempts_allowed) throw invalidState(`每人可答 ${quiz.attempts_allowed} 次，您已答完`)
      let questions: AttemptQuestionCopy[]
      if (quiz.selection === 'fixed') questions = await contestsRepo.questionsByIds(db, quiz.question_ids)
      else questions = await contestsRepo.drawRandom(db, quiz.org_path, quiz.tag!, quiz.question_count)
      if (questions.length === 0) throw invalidState('这项竞赛没有可用的试题，请联系组织者')
      const id = await db
        .transaction()
        .execute(async (tx) => {
          const id = await contestsRepo.insertAttempt(tx, {
            quizId,
            personId,
            orgId: membership.org_id,
            userId: actor.userId,
            attemptNo: quiz.attempts_used + 1,
            questions,
            timeLimitMinutes: quiz.time_limit_minutes,
            closesAt: quiz.closes_at,
          })
          await audit.record(tx, actor, {
            action: 'contests.attempt_started',
            entityType: 'contest_attempt',
            entityId: id,
            orgId: membership.org_id,
            after: { quizId, attemptNo: quiz.attempts_used + 1, questionCount: questions.length },
          })
          return id
        })
        .catch((e: unknown) => {
          if (isUniqueViolation(e, 'contest_attempts_no_key')) throw conflict('刚刚已经开始了一次答题，请刷新页面')
          throw e
        })
      return attemptView((await contestsRepo.attempt(db, id, personId))!)
    },

    attempt: async (actor: Actor, id: string) => attemptView((await ownAttempt(actor, id)).row),

    async submit(actor: Actor, id: string, input: AttemptSubmit): Promise<AttemptView> {
      const { personId } = await ownAttempt(actor, id)
      await db.transaction().execute(async (tx) => {
        const row = (await contestsRepo.attempt(tx, id, personId, true))!
        if (row.submitted_at) throw invalidState('这份答卷已经交过了')
        // time is the server's: the database clock at this transaction, against the deadline set at the start
        if (row.now > row.deadline) throw invalidState(`答题时间已到（截止时间 ${chinaTime(row.deadline)}），答案未被接受`)
        const known = new Set(row.questions.map((q) => q.id))
        const answers: Record<string, number[]> = {}
        for (const a of input.answers) {
          if (!known.has(a.questionId)) throw invalidField('answers', '答案', '答案中有不属于这份答卷的试题')
          answers[a.questionId] = [...new Set(a.choice)].sort((x, y) => x - y)
        }
        const correct = row.questions.filter((q) => isRight(q.answer, answers[q.id])).length
        const score = Math.round((100 * correct) / row.question_count)
        if (!(await contestsRepo.submit(tx, id, { answers, correct, score })))
          throw invalidState(`答题时间已到（截止时间 ${chinaTime(row.deadline)}），答案未被接受`)
        await audit.record(tx, actor, {
          action: 'contests.attempt_submitted',
          entityType: 'contest_attempt',
          entityId: id,
          after: { quizId: row.quiz_id, correct, questionCount: row.question_count, score },
        })
      })
      return attemptView((await contestsRepo.attempt(db, id, personId))!)
    },
  }
}

export type ContestsService = ReturnType<typeof createContestsService>
