import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../platform/db.ts'

export interface QuestionRow {
  id: string
  org_id: string
  org_name: string
  type: string
  stem: string
  options: string[]
  answer: number[]
  explanation: string | null
  tags: string[]
  updated_at: Date
  retired_at: Date | null
  retire_reason: string | null
}

export interface QuizRow {
  id: string
  org_id: string
  org_name: string
  org_path: string
  title: string
  description: string | null
  selection: string
  question_ids: string[]
  tag: string | null
  question_count: number
  time_limit_minutes: number
  opens_at: Date
  closes_at: Date
  attempts_allowed: number
  status: string
  published_at: Date | null
  closed_at: Date | null
  submitted_count: number
  can_manage: boolean
}

/**
 * Who reads a quiz: `manage` holds for the quizzes they may change (their org's `o`), `attempts` for
 * the attempts (`ao`: the org the person answered from) they may count.
 */
export interface QuizViewer {
  manage: RawBuilder<boolean>
  attempts: RawBuilder<boolean>
}

/** A question as copied into an attempt at its start. */
export interface AttemptQuestionCopy {
  id: string
  type: string
  stem: string
  options: string[]
  answer: number[]
  explanation: string | null
}

export interface AttemptRow {
  id: string
  quiz_id: string
  quiz_title: string
  person_id: string
  attempt_no: number
  questions: AttemptQuestionCopy[]
  started_at: Date
  deadline: Date
  submitted_at: Date | null
  answers: Record<string, number[]> | null
  correct_count: number | null
  question_count: number
  score: number | null
  now: Date
}

export interface QuestionWrite {
  orgId: string
  type: string
  stem: string
  options: string[]
  answer: number[]
  explanation: string | null
  tags: string[]
}

export interface QuizWrite {
  orgId: string
  title: string
  description: string | null
  selection: string
  questionIds: string[]
  tag: string | null
  questionCount: number
  timeLimitMinutes: number
  opensAt: string
  closesAt: string
  attemptsAllowed: number
}

type Page = { limit: number; offset: number }
const and = (parts: RawBuilder<unknown>[]) => sql.join(parts, sql` AND `)

const QUESTION = sql`
  SELECT q.id, q.org_id, o.name AS org_name, q.type, q.stem, q.options, q.answer::int[] AS answer, q.explanation, q.tags,
    q.updated_at, q.retired_at, q.retire_reason
  FROM contest_questions q JOIN orgs o ON o.id = q.org_id`
const quizSelect = (viewer: QuizViewer) => sql`
  SELECT z.id, z.org_id, o.name AS org_name, o.path::text AS org_path, z.title, z.description, z.selection,
    z.question_ids::text[] AS question_ids, z.tag, z.question_count, z.time_limit_minutes, z.opens_at, z.closes_at,
    z.attempts_allowed, z.status, z.published_at, z.closed_at,
    (SELECT count(*)::int FROM contest_attempts a JOIN orgs ao ON ao.id = a.org_id
     WHERE a.quiz_id = z.id AND a.submitted_at IS NOT NULL AND ${viewer.attempts}) AS submitted_count,
    ${viewer.manage} AS can_manage
  FROM contest_quizzes z JOIN orgs o ON o.id = z.org_id`
/** A member's view: they change nothing and count every attempt. */
const MEMBER: QuizViewer = { manage: sql<boolean>`false`, attempts: sql<boolean>`true` }
/** Questions that may go into a new quiz. */
const IN_USE = sql`q.retired_at IS NULL`
const ATTEMPT = sql`
  SELECT a.id, a.quiz_id, z.title AS quiz_title, a.person_id, a.attempt_no, a.questions, a.started_at, a.deadline,
    a.submitted_at, a.answers, a.correct_count, a.question_count, a.score, now() AS now
  FROM contest_attempts a JOIN contest_quizzes z ON z.id = a.quiz_id`

export interface QuestionFilterSql {
  q?: string
  type?: string
  tag?: string
  status?: 'in_use' | 'retired'
}

const questionWhere = (scope: RawBuilder<boolean>, f: QuestionFilterSql) =>
  and([
    scope,
    f.type ? sql`q.type = ${f.type}` : sql`true`,
    f.tag ? sql`q.tags @> ARRAY[${f.tag}]::text[]` : sql`true`,
    f.status === 'in_use' ? IN_USE : f.status === 'retired' ? sql`q.retired_at IS NOT NULL` : sql`true`,
    f.q ? sql`q.stem ILIKE ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : sql`true`,
  ])

export const contestsRepo = {
  async questions(db: Executor, scope: RawBuilder<boolean>, f: QuestionFilterSql, page: Page | null) {
    const where = questionWhere(scope, f)
    const [{ rows }, total] = await Promise.all([
      sql<QuestionRow>`${QUESTION} WHERE ${where} ORDER BY q.created_at DESC, q.id
        ${page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``}`.execute(db),
      page
        ? sql<{
            n: number
          }>`SELECT count(*)::int AS n FROM contest_questions q JOIN orgs o ON o.id = q.org_id WHERE ${where}`.execute(db)
        : null,
    ])
    return { rows, total: total?.rows[0]!.n ?? rows.length }
  },

  async question(db: Executor, id: string, scope: RawBuilder<boolean>, lock = false) {
    const { rows } = await sql<QuestionRow>`${QUESTION} WHERE q.id = ${id} AND ${scope}
      ${lock ? sql`FOR UPDATE OF q` : sql``}`.execute(db)
    return rows[0]
  },

  /** Which of the ids are questions within the scope, and whether each is retired. */
  async questionStates(db: Executor, ids: string[], scope: RawBuilder<boolean>) {
    if (ids.length === 0) return new Map<string, { isRetired: boolean }>()
    const { rows } = await sql<{ id: string; is_retired: boolean }>`
      SELECT q.id, q.retired_at IS NOT NULL AS is_retired FROM contest_questions q JOIN orgs o ON o.id = q.org_id
      WHERE q.id = ANY(${ids}::uuid[]) AND ${scope}`.execute(db)
    return new Map(rows.map((r) => [r.id, { isRetired: r.is_retired }]))
  },

  /** How many of the ids are retired questions. */
  async retiredCount(db: Executor, ids: string[]) {
    if (ids.length === 0) return 0
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM contest_questions q WHERE q.id = ANY(${ids}::uuid[]) AND q.retired_at IS NOT NULL`.execute(
      db,
    )
    return rows[0]!.n
  },

  /** Each tag of the scope's questions with how many of them are in use. */
  async tags(db: Executor, scope: RawBuilder<boolean>) {
    const { rows } = await sql<{ tag: string; count: number }>`
      SELECT t.tag, (count(*) FILTER (WHERE ${IN_USE}))::int AS count
      FROM contest_questions q JOIN orgs o ON o.id = q.org_id, unnest(q.tags) AS t(tag)
      WHERE ${scope} GROUP BY t.tag ORDER BY t.tag`.execute(db)
    return rows
  },

  /** Retires the question (`retire`) or puts it back in use (null). */
  async setRetired(tx: Executor, id: string, retire: { by: string; reason: string } | null) {
    await sql`UPDATE contest_questions SET ${
      retire
        ? sql`retired_at = now(), retired_by = ${retire.by}, retire_reason = ${retire.reason}`
        : sql`retired_at = NULL, retired_by = NULL, retire_reason = NULL`
    } WHERE id = ${id}`.execute(tx)
  },

  async insertQuestions(tx: Executor, qs: QuestionWrite[], by: string) {
    if (qs.length === 0) return []
    const { rows } = await sql<{ id: string }>`
      INSERT INTO contest_questions (org_id, type, stem, options, answer, explanation, tags, created_by)
      SELECT x.org_id, x.type, x.stem, ARRAY(SELECT jsonb_array_elements_text(x.options)),
        ARRAY(SELECT jsonb_array_elements_text(x.answer)::smallint), x.explanation,
        ARRAY(SELECT jsonb_array_elements_text(x.tags)), ${by}
      FROM jsonb_to_recordset(${JSON.stringify(
        qs.map((q) => ({
          org_id: q.orgId,
          type: q.type,
          stem: q.stem,
          options: q.options,
          answer: q.answer,
          explanation: q.explanation,
          tags: q.tags,
        })),
      )}::jsonb) AS x(org_id uuid, type text, stem text, options jsonb, answer jsonb, explanation text, tags jsonb)
      RETURNING id`.execute(tx)
    return rows.map((r) => r.id)
  },

  async updateQuestion(tx: Executor, id: string, q: QuestionWrite) {
    await sql`UPDATE contest_questions SET org_id = ${q.orgId}, type = ${q.type}, stem = ${q.stem}, options = ${q.options}::text[],
      answer = ${q.answer}::smallint[], explanation = ${q.explanation}, tags = ${q.tags}::text[] WHERE id = ${id}`.execute(tx)
  },

  /**
   * Questions a quiz at `quizPath` may draw with the tag: those of the quiz's org, the orgs above it
   * (a shared bank flows down) and the orgs below it; retired questions are never drawn.
   */
  async poolCount(db: Executor, quizPath: string, tag: string) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM contest_questions q JOIN orgs o ON o.id = q.org_id
      WHERE q.tags @> ARRAY[${tag}]::text[] AND ${IN_USE}
        AND (o.path <@ ${quizPath}::ltree OR o.path @> ${quizPath}::ltree)`.execute(db)
    return rows[0]!.n
  },

  async drawRandom(db: Executor, quizPath: string, tag: string, n: number) {
    const { rows } = await sql<AttemptQuestionCopy>`
      SELECT q.id, q.type, q.stem, q.options, q.answer::int[] AS answer, q.explanation
      FROM contest_questions q JOIN orgs o ON o.id = q.org_id
      WHERE q.tags @> ARRAY[${tag}]::text[] AND ${IN_USE}
        AND (o.path <@ ${quizPath}::ltree OR o.path @> ${quizPath}::ltree)
      ORDER BY random() LIMIT ${n}`.execute(db)
    return rows
  },

  /** A fixed quiz's questions, in its order (retired ones too: they stay part of the quizzes that have them). */
  async questionsByIds(db: Executor, ids: string[]) {
    const { rows } = await sql<AttemptQuestionCopy>`
      SELECT q.id, q.type, q.stem, q.options, q.answer::int[] AS answer, q.explanation
      FROM contest_questions q WHERE q.id = ANY(${ids}::uuid[])`.execute(db)
    const byId = new Map(rows.map((r) => [r.id, r]))
    return ids.flatMap((id) => byId.get(id) ?? [])
  },

  async quizzes(db: Executor, viewer: QuizViewer, scope: RawBuilder<boolean>, f: { status?: string }, page: Page) {
    const where = and([scope, f.status ? sql`z.status = ${f.status}` : sql`true`])
    const [{ rows }, total] = await Promise.all([
      sql<QuizRow>`${quizSelect(viewer)} WHERE ${where} ORDER BY z.opens_at DESC, z.id LIMIT ${page.limit} OFFSET ${page.offset}`.execute(
        db,
      ),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM contest_quizzes z JOIN orgs o ON o.id = z.org_id WHERE ${where}`.execute(
        db,
      ),
    ])
    return { rows, total: total.rows[0]!.n }
  },

  async quiz(db: Executor, viewer: QuizViewer, id: string, scope: RawBuilder<boolean>, lock = false) {
    const { rows } =
      await sql<QuizRow>`${quizSelect(viewer)} WHERE z.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF z` : sql``}`.execute(db)
    return rows[0]
  },

  async saveQuiz(tx: Executor, id: string | null, q: QuizWrite, by: string) {
    if (id) {
      await sql`UPDATE contest_quizzes SET org_id = ${q.orgId}, title = ${q.title}, description = ${q.description},
        selection = ${q.selection}, question_ids = ${q.questionIds}::uuid[], tag = ${q.tag}, question_count = ${q.questionCount},
        time_limit_minutes = ${q.timeLimitMinutes}, opens_at = ${q.opensAt}, closes_at = ${q.closesAt},
        attempts_allowed = ${q.attemptsAllowed} WHERE id = ${id}`.execute(tx)
      return id
    }
    const { rows } = await sql<{ id: string }>`
      INSERT INTO contest_quizzes (org_id, title, description, selection, question_ids, tag, question_count, time_limit_minutes,
        opens_at, closes_at, attempts_allowed, created_by)
      VALUES (${q.orgId}, ${q.title}, ${q.description}, ${q.selection}, ${q.questionIds}::uuid[], ${q.tag}, ${q.questionCount},
        ${q.timeLimitMinutes}, ${q.opensAt}, ${q.closesAt}, ${q.attemptsAllowed}, ${by})
      RETURNING id`.execute(tx)
    return rows[0]!.id
  },

  async setQuizStatus(tx: Executor, id: string, status: 'published' | 'closed') {
    await sql`UPDATE contest_quizzes SET status = ${status},
      ${status === 'published' ? sql`published_at = now()` : sql`closed_at = now()`} WHERE id = ${id}`.execute(tx)
  },

  /** The person the account belongs to, read now (the session's copy may predate a new link). */
  async linkedPersonId(db: Executor, userId: string) {
    const { rows } = await sql<{ person_id: string | null }>`SELECT person_id FROM users WHERE id = ${userId}`.execute(db)
    return rows[0]?.person_id ?? null
  },

  /** The person's current party membership (probationary or full) and the org's path. */
  async membership(db: Executor, personId: string) {
    const { rows } = await sql<{ org_id: string; org_path: string }>`
      SELECT m.org_id, o.path::text AS org_path FROM members m JOIN orgs o ON o.id = m.org_id
      WHERE m.person_id = ${personId} AND m.status IN ('probationary', 'full')`.execute(db)
    return rows[0]
  },

  /** Published quizzes whose org is the person's org or above it, with the person's attempts. */
  async openTo(db: Executor, personId: string, orgPath: string) {
    const { rows } = await sql<
      QuizRow & {
        attempts_used: number
        best_score: number | null
        in_progress_id: string | null
        is_open: boolean
      }
    >`
      SELECT x.*,
        (SELECT count(*)::int FROM contest_attempts a WHERE a.quiz_id = x.id AND a.person_id = ${personId}) AS attempts_used,
        (SELECT max(a.score)::int FROM contest_attempts a WHERE a.quiz_id = x.id AND a.person_id = ${personId}) AS best_score,
        (SELECT a.id FROM contest_attempts a WHERE a.quiz_id = x.id AND a.person_id = ${personId}
           AND a.submitted_at IS NULL AND a.deadline > now()) AS in_progress_id,
        (x.status = 'published' AND now() >= x.opens_at AND now() < x.closes_at) AS is_open
      FROM (${quizSelect(MEMBER)} WHERE z.status IN ('published', 'closed') AND o.path @> ${orgPath}::ltree) x
      ORDER BY is_open DESC, x.closes_at DESC`.execute(db)
    return rows
  },

  async attemptsOf(tx: Executor, quizId: string, personId: string) {
    const { rows } = await sql<{ id: string; attempt_no: number; open: boolean }>`
      SELECT a.id, a.attempt_no, (a.submitted_at IS NULL AND a.deadline > now()) AS open
      FROM contest_attempts a WHERE a.quiz_id = ${quizId} AND a.person_id = ${personId} ORDER BY a.attempt_no`.execute(tx)
    return rows
  },

  async insertAttempt(
    tx: Executor,
    a: {
      quizId: string
      personId: string
      orgId: string
      userId: string
      attemptNo: number
      questions: AttemptQuestionCopy[]
      timeLimitMinutes: number
      closesAt: Date
    },
  ) {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO contest_attempts (quiz_id, person_id, org_id, user_id, attempt_no, questions, question_count, deadline)
      VALUES (${a.quizId}, ${a.personId}, ${a.orgId}, ${a.userId}, ${a.attemptNo}, ${JSON.stringify(a.questions)}::jsonb,
        ${a.questions.length}, least(now() + make_interval(mins => ${a.timeLimitMinutes}), ${a.closesAt}::timestamptz))
      RETURNING id`.execute(tx)
    return rows[0]!.id
  },

  async attempt(db: Executor, id: string, personId: string, lock = false) {
    const { rows } =
      await sql<AttemptRow>`${ATTEMPT} WHERE a.id = ${id} AND a.person_id = ${personId} ${lock ? sql`FOR UPDATE OF a` : sql``}`.execute(
        db,
      )
    return rows[0]
  },

  /** Records the answers and the score; the database's clock decides whether the deadline has passed. */
  async submit(tx: Executor, id: string, s: { answers: Record<string, number[]>; correct: number; score: number }) {
    const { rows } = await sql<{ id: string }>`
      UPDATE contest_attempts SET submitted_at = now(), answers = ${JSON.stringify(s.answers)}::jsonb,
        correct_count = ${s.correct}, score = ${s.score}
      WHERE id = ${id} AND submitted_at IS NULL AND now() <= deadline RETURNING id`.execute(tx)
    return rows.length === 1
  },

  /** Each person's submitted attempts at the quiz, best score first, within `where` on the person's org. */
  async personResults(db: Executor, quizId: string, scope: RawBuilder<boolean>, page: Page) {
    const base = sql`
      SELECT a.person_id, max(a.score)::int AS best_score, count(*)::int AS attempts, max(a.submitted_at) AS last_submitted_at
      FROM contest_attempts a JOIN members m ON m.person_id = a.person_id JOIN orgs o ON o.id = m.org_id
      WHERE a.quiz_id = ${quizId} AND a.submitted_at IS NOT NULL AND ${scope}
      GROUP BY a.person_id`
    const [{ rows }, total] = await Promise.all([
      sql<{
        rank: number
        person_id: string
        person_name: string
        org_id: string
        org_name: string
        attempts: number
        best_score: number
        last_submitted_at: Date
      }>`
        SELECT rank() OVER (ORDER BY r.best_score DESC)::int AS rank, r.person_id, p.name AS person_name,
          m.org_id, o.name AS org_name, r.attempts, r.best_score, r.last_submitted_at
        FROM (${base}) r JOIN people p ON p.id = r.person_id JOIN members m ON m.person_id = r.person_id
          JOIN orgs o ON o.id = m.org_id
        ORDER BY r.best_score DESC, r.last_submitted_at, r.person_id LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM (${base}) r`.execute(db),
    ])
    return { rows, total: total.rows[0]!.n }
  },

  /**
   * For the org at `path` and each of its direct children: party members (probationary, full) in the
   * subtree now, how many of them submitted an attempt, and the average of their best scores.
   */
  async orgResults(db: Executor, quizId: string, path: string) {
    const { rows } = await sql<{
      id: string
      name: string
      is_total: boolean
      members: number
      participants: number
      average_score: number | null
    }>`
      WITH units AS (
        SELECT o.id, o.name, o.path, true AS is_total, 0 AS sort_order FROM orgs o WHERE o.path = ${path}::ltree
        UNION ALL
        SELECT o.id, o.name, o.path, false, o.sort_order FROM orgs o
        WHERE o.path <@ ${path}::ltree AND nlevel(o.path) = nlevel(${path}::ltree) + 1 AND o.status <> 'dissolved'
      ),
      people_in AS (
        SELECT m.person_id, o.path FROM members m JOIN orgs o ON o.id = m.org_id
        WHERE m.status IN ('probationary', 'full') AND o.path <@ ${path}::ltree
      ),
      best AS (
        SELECT a.person_id, max(a.score) AS score FROM contest_attempts a
        WHERE a.quiz_id = ${quizId} AND a.submitted_at IS NOT NULL GROUP BY a.person_id
      )
      SELECT u.id, u.name, u.is_total, count(pi.person_id)::int AS members, count(b.person_id)::int AS participants,
        round(avg(b.score), 1)::float8 AS average_score
      FROM units u LEFT JOIN people_in pi ON pi.path <@ u.path LEFT JOIN best b ON b.person_id = pi.person_id
      GROUP BY u.id, u.name, u.is_total, u.sort_order
      ORDER BY u.is_total DESC, u.sort_order, u.name`.execute(db)
    return rows
  },
}
