import type {
  AttemptView,
  OpenQuiz,
  OrgResult,
  PersonResult,
  QuestionImportError,
  QuestionView,
  QuizView,
} from '@xianfeng/contract'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from '../../platform/excel.ts'
import {
  auditRows,
  createTestApp,
  login,
  makeOrg,
  makeOrgTree,
  makeUser,
  type OrgNode,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'
import { makeMember } from '../people/people.factories.ts'

type Row = (string | number | null)[]
const HEADER = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '正确答案', '解析', '标签']

async function workbook(rows: Row[], header: string[] = HEADER) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('试题')
  ws.addRow(header)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const GOOD: Row[] = [
  ['单选题', '党的最高理想和最终目标是（ ）', '实现共产主义', '全面建成小康社会', '', '', '', '', 'A', '见党章总纲', '党章'],
  [
    '多选题',
    '组织生活制度包括（ ）',
    '三会一课',
    '组织生活会',
    '民主评议党员',
    '年终聚餐',
    '',
    '',
    'A,B、C',
    '',
    '党章、组织生活',
  ],
  ['判断题', '预备党员的预备期为一年。', '', '', '', '', '', '', '正确', '', '党章'],
]

describe('knowledge contests', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let branch: OrgNode
  let manager: Session
  let outsider: Session
  let taker: Session
  let farMember: Session
  let people: { branch: { id: string }[] }

  const importFile = (s: Session, orgId: string, file: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/contests/questions/import?orgId=${orgId}`,
      headers: { ...s.headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: file,
    })

  const linkedMember = async (org: OrgNode) => {
    const person = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, { status: 'full' })
    const u = await makeUser(t.db, { role: 'member', org })
    await t.db.updateTable('users').set({ person_id: person.id }).where('id', '=', u.id).execute()
    return { person, session: await login(t.app, u.loginName, u.password) }
  }

  const quizInput = (extra: object = {}) => ({
    orgId: tree.own.id,
    title: '党章知识竞赛',
    selection: 'fixed',
    questionIds: [] as string[],
    timeLimitMinutes: 10,
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    attemptsAllowed: 2,
    ...extra,
  })

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    branch = await makeOrg(t.db, tree.own, '区机关第一党支部', 'grassroots', 'branch')
    const m = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    manager = await login(t.app, m.loginName, m.password)
    const o = await makeUser(t.db, { role: 'org_admin', org: tree.sibling })
    outsider = await login(t.app, o.loginName, o.password)
    const linked = await linkedMember(branch)
    taker = linked.session
    // a second member of the branch who does not take part, and one in another county
    people = {
      branch: [linked.person, await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, branch, { status: 'full' })],
    }
    farMember = (await linkedMember(tree.sibling)).session
  })

  it('keeps questions with a checked answer, naming the field of a bad one', async () => {
    const bad = await call(t.app, manager, 'POST', '/api/contests/questions', {
      orgId: tree.own.id,
      type: 'single',
      stem: '单选题两个答案',
      options: ['甲', '乙', '丙'],
      answer: [0, 2],
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0]).toMatchObject({ field: 'answer', message: '单选题只能有 1 个正确答案' })
    const ok = await call(t.app, manager, 'POST', '/api/contests/questions', {
      orgId: tree.own.id,
      type: 'true_false',
      stem: '党员应按期交纳党费。',
      options: ['正确', '错误'],
      answer: [0],
      tags: ['党费'],
    })
    expect(ok.statusCode, ok.body).toBe(201)
    const q = (ok.json() as { question: QuestionView }).question
    const edited = await call(t.app, manager, 'PUT', `/api/contests/questions/${q.id}`, {
      orgId: tree.own.id,
      type: 'true_false',
      stem: '党员应按月交纳党费。',
      options: ['正确', '错误'],
      answer: [0],
      tags: ['党费'],
    })
    expect((edited.json() as { question: QuestionView }).question.stem).toBe('党员应按月交纳党费。')
    expect(await auditRows(t.db, 'contests.question_updated')).toHaveLength(1)
    // another county's officer does not see it
    expect(
      (
        await call(t.app, outsider, 'PUT', `/api/contests/questions/${q.id}`, {
          ...edited.json().question,
          orgId: tree.sibling.id,
        })
      ).statusCode,
    ).toBe(404)
  })

  it('imports a whole file or nothing, naming the row and column of each error', async () => {
    const res = await importFile(
      manager,
      tree.own.id,
      await workbook([
        GOOD[0]!,
        ['填空题', '题型不对', 'a', 'b', '', '', '', '', 'A', '', ''],
        ['单选题', '', 'a', 'b', '', '', '', '', 'C', '', ''],
        ['多选题', '多选只有一个答案', 'a', 'b', 'c', '', '', '', 'B', '', ''],
        ['单选题', '选项有空', 'a', '', 'c', '', '', '', 'A', '', ''],
        ['判断题', '判断题答案', '', '', '', '', '', '', '也许', '', ''],
      ]),
    )
    expect(res.statusCode, res.body).toBe(200)
    const { imported, errors } = res.json() as { imported: number; errors: QuestionImportError[] }
    expect(imported).toBe(0)
    expect(errors).toEqual([
      { row: 3, column: '题型', message: '题型“填空题”应为单选题、多选题或判断题' },
      { row: 4, column: '题干', message: '请填写题干' },
      { row: 4, column: '正确答案', message: '正确答案中的 C 不是已填写的选项' },
      { row: 5, column: '正确答案', message: '多选题至少有 2 个正确答案' },
      { row: 6, column: '选项B', message: '选项B为空，选项应从 A 起连续填写' },
      { row: 7, column: '正确答案', message: '判断题的正确答案应为“正确”或“错误”，不是“也许”' },
    ])
    const missing = await importFile(
      manager,
      tree.own.id,
      await workbook(
        [GOOD[0]!],
        HEADER.filter((h) => h !== '正确答案'),
      ),
    )
    expect(missing.json().errors).toEqual([{ row: 1, column: '正确答案', message: '表头缺少“正确答案”列，请使用导入模板' }])
    const notExcel = await importFile(manager, tree.own.id, Buffer.from('题型,题干'))
    expect(notExcel.json().errors[0].message).toContain('不是有效的 Excel')

    const good = await importFile(manager, tree.own.id, await workbook(GOOD))
    expect(good.json()).toEqual({ imported: 3, errors: [] })
    expect(await auditRows(t.db, 'contests.questions_imported')).toHaveLength(1)
    const list = (await call(t.app, manager, 'GET', '/api/contests/questions?tag=%E5%85%9A%E7%AB%A0')).json() as {
      items: QuestionView[]
    }
    expect(list.items.map((q) => [q.type, q.answer, q.tags])).toEqual(
      expect.arrayContaining([
        ['single', [0], ['党章']],
        ['multiple', [0, 1, 2], ['党章', '组织生活']],
        ['true_false', [0], ['党章']],
      ]),
    )
    // prose keeps its full-width punctuation as typed
    expect(list.items.map((q) => q.stem)).toContain('党的最高理想和最终目标是（ ）')
    // out of scope: the org of another county
    expect((await importFile(outsider, tree.own.id, await workbook(GOOD))).statusCode).toBe(404)

    // the export reads back as the same questions, and the template as its samples
    const exported = await call(t.app, manager, 'GET', `/api/contests/questions/export?tag=${encodeURIComponent('党章')}`)
    expect(exported.statusCode).toBe(200)
    const again = await importFile(manager, branch.id, exported.rawPayload)
    expect(again.json()).toEqual({ imported: 3, errors: [] })
    const template = await call(t.app, manager, 'GET', '/api/contests/questions/template')
    expect((await importFile(manager, branch.id, template.rawPayload)).json()).toEqual({ imported: 3, errors: [] })
  })

  it('publishes a quiz, scores a member’s attempt on the server and reports it by person and by org', async () => {
    const bank = (
      (await call(t.app, manager, 'GET', `/api/contests/questions?orgId=${tree.own.id}&tag=%E5%85%9A%E7%AB%A0`)).json() as {
        items: QuestionView[]
      }
    ).items.filter((q) => q.org.id === tree.own.id)
    expect(bank).toHaveLength(3)
    const created = await call(t.app, manager, 'POST', '/api/contests/quizzes', quizInput({ questionIds: bank.map((q) => q.id) }))
    expect(created.statusCode, created.body).toBe(201)
    const quiz = (created.json() as { quiz: QuizView }).quiz
    expect(quiz).toMatchObject({ status: 'draft', questionCount: 3 })
    // a draft is not open to members
    expect((await call(t.app, taker, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)).statusCode).toBe(404)
    const published = await call(t.app, manager, 'POST', `/api/contests/quizzes/${quiz.id}/publish`)
    expect((published.json() as { quiz: QuizView }).quiz.status).toBe('published')
    expect(
      (await call(t.app, manager, 'PUT', `/api/contests/quizzes/${quiz.id}`, quizInput({ questionIds: [bank[0]!.id] })))
        .statusCode,
    ).toBe(422)

    // the member sees it, starts, and gets no answers
    const open = (await call(t.app, taker, 'GET', '/api/contests/open')).json() as { items: OpenQuiz[] }
    expect(open.items.map((q) => [q.title, q.isOpen])).toEqual([['党章知识竞赛', true]])
    const started = await call(t.app, taker, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)
    expect(started.statusCode, started.body).toBe(201)
    const attempt = (started.json() as { attempt: AttemptView }).attempt
    expect(attempt.status).toBe('in_progress')
    expect(attempt.questions.every((q) => q.answer === null && q.explanation === null)).toBe(true)
    expect(started.body).not.toContain('见党章总纲')
    expect(Date.parse(attempt.deadline) - Date.parse(attempt.startedAt)).toBe(10 * 60_000)
    // starting again continues the same attempt
    const resumed = (await call(t.app, taker, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)).json() as {
      attempt: AttemptView
    }
    expect(resumed.attempt.id).toBe(attempt.id)
    // nobody else may read or hand in the attempt
    expect((await call(t.app, farMember, 'GET', `/api/contests/attempts/${attempt.id}`)).statusCode).toBe(404)

    // right single, multiple with one option missing (wrong: the exact set counts), right true-false
    const byType = (type: string) => attempt.questions.find((q) => q.type === type)!
    const submitted = await call(t.app, taker, 'POST', `/api/contests/attempts/${attempt.id}/submit`, {
      answers: [
        { questionId: byType('single').id, choice: [0] },
        { questionId: byType('multiple').id, choice: [0, 1] },
        { questionId: byType('true_false').id, choice: [0] },
      ],
    })
    expect(submitted.statusCode, submitted.body).toBe(200)
    const result = (submitted.json() as { attempt: AttemptView }).attempt
    expect(result).toMatchObject({ status: 'submitted', correctCount: 2, score: 67 })
    expect(result.questions.find((q) => q.type === 'multiple')).toMatchObject({
      isCorrect: false,
      answer: [0, 1, 2],
      chosen: [0, 1],
    })
    expect(result.questions.find((q) => q.type === 'single')!.explanation).toBe('见党章总纲')
    expect((await call(t.app, taker, 'POST', `/api/contests/attempts/${attempt.id}/submit`, { answers: [] })).statusCode).toBe(
      422,
    )

    // second attempt: all right; a third is refused
    const second = (
      (await call(t.app, taker, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)).json() as { attempt: AttemptView }
    ).attempt
    expect(second.attemptNo).toBe(2)
    const all = await call(t.app, taker, 'POST', `/api/contests/attempts/${second.id}/submit`, {
      answers: second.questions.map((q) => ({
        questionId: q.id,
        choice: q.type === 'multiple' ? [2, 0, 1] : [0],
      })),
    })
    expect((all.json() as { attempt: AttemptView }).attempt.score).toBe(100)
    const third = await call(t.app, taker, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)
    expect(third.statusCode).toBe(422)
    expect(third.json().error.message).toBe('每人可答 2 次，您已答完')

    // a member of another county is not in the quiz's audience
    expect((await call(t.app, farMember, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)).statusCode).toBe(404)
    expect(((await call(t.app, farMember, 'GET', '/api/contests/open')).json() as { items: unknown[] }).items).toEqual([])

    // results: by person (best score), by org (participants of members, average of best scores)
    const byPerson = (await call(t.app, manager, 'GET', `/api/contests/quizzes/${quiz.id}/results/people`)).json() as {
      items: PersonResult[]
    }
    expect(byPerson.items).toEqual([
      expect.objectContaining({
        rank: 1,
        person: expect.objectContaining({ id: people.branch[0]!.id }),
        attempts: 2,
        bestScore: 100,
      }),
    ])
    const byOrg = (await call(t.app, manager, 'GET', `/api/contests/quizzes/${quiz.id}/results/orgs`)).json() as {
      total: OrgResult
      items: OrgResult[]
    }
    expect(byOrg.total).toMatchObject({ org: { id: tree.own.id }, members: 2, participants: 1, averageScore: 100 })
    expect(byOrg.items.find((r) => r.org.id === branch.id)).toMatchObject({ members: 2, participants: 1, averageScore: 100 })
    expect(byOrg.items.find((r) => r.org.id === tree.descendant.id)).toMatchObject({
      members: 0,
      participants: 0,
      averageScore: null,
    })

    // an officer outside the quiz's subtree gets not found, never the results
    for (const url of [
      `/api/contests/quizzes/${quiz.id}`,
      `/api/contests/quizzes/${quiz.id}/results/people`,
      `/api/contests/quizzes/${quiz.id}/results/orgs`,
    ])
      expect((await call(t.app, outsider, 'GET', url)).statusCode, url).toBe(404)
    expect((await call(t.app, outsider, 'POST', `/api/contests/quizzes/${quiz.id}/close`)).statusCode).toBe(404)
    // nothing of this feeds the rules
    expect(await t.db.selectFrom('rule_dirty').selectAll().execute()).toEqual([])

    const closed = await call(t.app, manager, 'POST', `/api/contests/quizzes/${quiz.id}/close`)
    expect((closed.json() as { quiz: QuizView }).quiz.status).toBe('closed')
    expect(await auditRows(t.db, 'contests.attempt_submitted')).toHaveLength(2)
  })

  it('refuses answers after the deadline, on the server’s clock', async () => {
    const q = await call(t.app, manager, 'POST', '/api/contests/questions', {
      orgId: tree.own.id,
      type: 'single',
      stem: '限时题',
      options: ['甲', '乙'],
      answer: [1],
      tags: ['限时'],
    })
    const quiz = (
      (
        await call(
          t.app,
          manager,
          'POST',
          '/api/contests/quizzes',
          quizInput({ title: '限时竞赛', questionIds: [q.json().question.id] }),
        )
      ).json() as {
        quiz: QuizView
      }
    ).quiz
    await call(t.app, manager, 'POST', `/api/contests/quizzes/${quiz.id}/publish`)
    const attempt = (
      (await call(t.app, taker, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)).json() as { attempt: AttemptView }
    ).attempt
    // eleven minutes later: the attempt began 11 minutes ago with a 10-minute limit
    await sql`UPDATE contest_attempts SET started_at = now() - interval '11 minutes', deadline = now() - interval '1 minute'
      WHERE id = ${attempt.id}`.execute(t.db)
    const late = await call(t.app, taker, 'POST', `/api/contests/attempts/${attempt.id}/submit`, {
      answers: [{ questionId: attempt.questions[0]!.id, choice: [1] }],
    })
    expect(late.statusCode).toBe(422)
    expect(late.json().error.message).toMatch(/^答题时间已到（截止时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d），答案未被接受$/)
    const view = (await call(t.app, taker, 'GET', `/api/contests/attempts/${attempt.id}`)).json() as { attempt: AttemptView }
    expect(view.attempt).toMatchObject({ status: 'expired', score: null })
    // the expired attempt used the only... second of two tries remains
    const open = ((await call(t.app, taker, 'GET', '/api/contests/open')).json() as { items: OpenQuiz[] }).items.find(
      (x) => x.id === quiz.id,
    )
    expect(open).toMatchObject({ attemptsUsed: 1, inProgressAttemptId: null, bestScore: null })
  })

  it('draws N random questions from a tag, refusing a quiz the bank cannot fill', async () => {
    const short = await call(
      t.app,
      manager,
      'POST',
      '/api/contests/quizzes',
      quizInput({ selection: 'random', tag: '党章', questionCount: 50 }),
    )
    expect(short.statusCode).toBe(400)
    expect(short.json().error.details[0].field).toBe('questionCount')
    const noTag = await call(
      t.app,
      manager,
      'POST',
      '/api/contests/quizzes',
      quizInput({ selection: 'random', questionCount: 2 }),
    )
    expect(noTag.json().error.details[0]).toMatchObject({ field: 'tag', message: '请填写抽题标签' })
    const window = await call(
      t.app,
      manager,
      'POST',
      '/api/contests/quizzes',
      quizInput({ selection: 'random', tag: '党章', questionCount: 2, closesAt: new Date(Date.now() - 120_000).toISOString() }),
    )
    expect(window.json().error.details[0]).toMatchObject({ field: 'closesAt', message: '结束时间应晚于开始时间' })
    const created = await call(
      t.app,
      manager,
      'POST',
      '/api/contests/quizzes',
      quizInput({ title: '随机抽题', selection: 'random', tag: '党章', questionCount: 2 }),
    )
    expect(created.statusCode, created.body).toBe(201)
    const quiz = (created.json() as { quiz: QuizView }).quiz
    await call(t.app, manager, 'POST', `/api/contests/quizzes/${quiz.id}/publish`)
    const attempt = (
      (await call(t.app, taker, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)).json() as { attempt: AttemptView }
    ).attempt
    expect(attempt.questions).toHaveLength(2)
    expect(new Set(attempt.questions.map((q) => q.id)).size).toBe(2)
  })

  describe('retiring a question (停用)', () => {
    const TAG = '停用测试'
    const newQuestion = async (stem: string, tags: string[] = [TAG]) => {
      const res = await call(t.app, manager, 'POST', '/api/contests/questions', {
        orgId: tree.own.id,
        type: 'single',
        stem,
        options: ['甲', '乙'],
        answer: [0],
        tags,
      })
      expect(res.statusCode, res.body).toBe(201)
      return (res.json() as { question: QuestionView }).question
    }
    const retire = (s: Session, id: string, reason: unknown = '表述已过时') =>
      call(t.app, s, 'POST', `/api/contests/questions/${id}/retire`, { reason })
    const list = async (query: string) =>
      (
        (await call(t.app, manager, 'GET', `/api/contests/questions?tag=${encodeURIComponent(TAG)}${query}`)).json() as {
          items: QuestionView[]
          total: number
        }
      ).items.map((q) => q.stem)

    it('retires with a reason and restores, each in the audit log; the bank lists and filters it as retired', async () => {
      const q = await newQuestion('停用与恢复')
      const blank = await retire(manager, q.id, '  ')
      expect(blank.statusCode).toBe(400)
      expect(blank.json().error.details[0]).toMatchObject({ field: 'reason' })
      expect(blank.json().error.details[0].message).toContain('停用原因')
      // another county's officer does not reach it
      expect((await retire(outsider, q.id)).statusCode).toBe(404)
      expect((await call(t.app, outsider, 'POST', `/api/contests/questions/${q.id}/restore`)).statusCode).toBe(404)

      const retired = await retire(manager, q.id)
      expect(retired.statusCode, retired.body).toBe(200)
      expect((retired.json() as { question: QuestionView }).question).toMatchObject({ retireReason: '表述已过时' })
      expect((retired.json() as { question: QuestionView }).question.retiredAt).not.toBeNull()
      expect((await retire(manager, q.id)).statusCode).toBe(422)
      const [row] = await auditRows(t.db, 'contests.question_retired')
      expect(row).toMatchObject({ entity_id: q.id, org_id: tree.own.id })
      expect(row!.after).toEqual({ retireReason: '表述已过时' })

      expect(await list('')).toContain('停用与恢复')
      expect(await list('&status=retired')).toEqual(['停用与恢复'])
      expect(await list('&status=in_use')).not.toContain('停用与恢复')
      const tags = (await call(t.app, manager, 'GET', '/api/contests/question-tags')).json() as {
        items: { tag: string; count: number }[]
      }
      expect(tags.items.find((x) => x.tag === TAG)).toEqual({ tag: TAG, count: 0 })

      const restored = await call(t.app, manager, 'POST', `/api/contests/questions/${q.id}/restore`)
      expect(restored.statusCode, restored.body).toBe(200)
      expect((restored.json() as { question: QuestionView }).question).toMatchObject({ retiredAt: null, retireReason: null })
      expect((await call(t.app, manager, 'POST', `/api/contests/questions/${q.id}/restore`)).statusCode).toBe(422)
      const [back] = await auditRows(t.db, 'contests.question_restored')
      expect(back).toMatchObject({ entity_id: q.id })
      expect(back!.before).toEqual({ retireReason: '表述已过时' })
      expect(await list('&status=in_use')).toContain('停用与恢复')
      // retiring again goes through: it is a fresh retirement
      expect((await retire(manager, q.id, '重复')).statusCode).toBe(200)
    })

    it('keeps a retired question in past quizzes and results, and out of every new quiz', async () => {
      const kept = await newQuestion('保留在旧竞赛中', [`${TAG}甲`])
      const other = await newQuestion('仍在用', [`${TAG}甲`])
      const old = (
        (
          await call(
            t.app,
            manager,
            'POST',
            '/api/contests/quizzes',
            quizInput({ title: '停用前的竞赛', questionIds: [kept.id, other.id] }),
          )
        ).json() as { quiz: QuizView }
      ).quiz
      expect((await call(t.app, manager, 'POST', `/api/contests/quizzes/${old.id}/publish`)).statusCode).toBe(200)
      const attempt = (
        (await call(t.app, taker, 'POST', `/api/contests/quizzes/${old.id}/attempts`)).json() as { attempt: AttemptView }
      ).attempt
      await call(t.app, taker, 'POST', `/api/contests/attempts/${attempt.id}/submit`, {
        answers: attempt.questions.map((q) => ({ questionId: q.id, choice: [0] })),
      })
      // a draft that picked it before it was retired
      const draft = (
        (
          await call(
            t.app,
            manager,
            'POST',
            '/api/contests/quizzes',
            quizInput({ title: '停用前的草稿', questionIds: [kept.id] }),
          )
        ).json() as {
          quiz: QuizView
        }
      ).quiz

      expect((await retire(manager, kept.id)).statusCode).toBe(200)

      // the past quiz, its attempt and its results are as they were
      const seen = (await call(t.app, manager, 'GET', `/api/contests/quizzes/${old.id}`)).json() as { quiz: QuizView }
      expect(seen.quiz.questionIds).toEqual([kept.id, other.id])
      const answered = (await call(t.app, taker, 'GET', `/api/contests/attempts/${attempt.id}`)).json() as {
        attempt: AttemptView
      }
      expect(answered.attempt).toMatchObject({ status: 'submitted', score: 100 })
      expect(answered.attempt.questions.find((q) => q.id === kept.id)).toMatchObject({ stem: '保留在旧竞赛中', isCorrect: true })
      const results = (await call(t.app, manager, 'GET', `/api/contests/quizzes/${old.id}/results/people`)).json() as {
        items: PersonResult[]
      }
      expect(results.items.map((r) => r.bestScore)).toEqual([100])

      // picked by hand: refused, naming the field
      const picked = await call(t.app, manager, 'POST', '/api/contests/quizzes', quizInput({ questionIds: [kept.id, other.id] }))
      expect(picked.statusCode).toBe(400)
      expect(picked.json().error.details[0]).toMatchObject({
        field: 'questionIds',
        message: '有 1 道试题已停用，不能用于新的竞赛',
      })
      // nor may the draft that had it be published
      const publish = await call(t.app, manager, 'POST', `/api/contests/quizzes/${draft.id}/publish`)
      expect(publish.statusCode).toBe(422)
      expect(publish.json().error.message).toBe('竞赛中有 1 道试题已停用，请修改竞赛后再发布')

      // drawn by tag: the pool counts only questions in use, and a draw never holds a retired one
      const tooMany = await call(
        t.app,
        manager,
        'POST',
        '/api/contests/quizzes',
        quizInput({ selection: 'random', tag: `${TAG}甲`, questionCount: 2 }),
      )
      expect(tooMany.statusCode).toBe(400)
      expect(tooMany.json().error.details[0].field).toBe('questionCount')
      expect(tooMany.json().error.details[0].message).toContain('在用的试题只有 1 道')
      const random = (
        (
          await call(
            t.app,
            manager,
            'POST',
            '/api/contests/quizzes',
            quizInput({ title: '停用后的抽题', selection: 'random', tag: `${TAG}甲`, questionCount: 1, attemptsAllowed: 5 }),
          )
        ).json() as { quiz: QuizView }
      ).quiz
      await call(t.app, manager, 'POST', `/api/contests/quizzes/${random.id}/publish`)
      for (let i = 0; i < 5; i++) {
        const drawn = (
          (await call(t.app, taker, 'POST', `/api/contests/quizzes/${random.id}/attempts`)).json() as { attempt: AttemptView }
        ).attempt
        expect(drawn.questions.map((q) => q.id)).toEqual([other.id])
        await call(t.app, taker, 'POST', `/api/contests/attempts/${drawn.id}/submit`, { answers: [] })
      }

      // restored, it may be picked again
      await call(t.app, manager, 'POST', `/api/contests/questions/${kept.id}/restore`)
      expect((await call(t.app, manager, 'POST', `/api/contests/quizzes/${draft.id}/publish`)).statusCode).toBe(200)
    })
  })

  describe('results of a quiz organized above the scope', () => {
    let cityOfficer: Session
    let branchSecretary: Session
    let neighbourSecretary: Session
    let farOfficer: Session
    let quiz: QuizView
    const takers: Record<'branch' | 'neighbour' | 'sibling', { id: string }> = {} as never

    beforeAll(async () => {
      const city = await makeUser(t.db, { role: 'org_admin', org: tree.cityA })
      cityOfficer = await login(t.app, city.loginName, city.password)
      const secretary = await makeUser(t.db, { role: 'org_admin', org: branch })
      branchSecretary = await login(t.app, secretary.loginName, secretary.password)
      const neighbour = await makeUser(t.db, { role: 'org_dept_admin', org: tree.descendant })
      neighbourSecretary = await login(t.app, neighbour.loginName, neighbour.password)
      const far = await makeUser(t.db, { role: 'org_admin', org: tree.otherCity })
      farOfficer = await login(t.app, far.loginName, far.password)

      const q = await call(t.app, cityOfficer, 'POST', '/api/contests/questions', {
        orgId: tree.cityA.id,
        type: 'true_false',
        stem: '全市竞赛的试题',
        options: ['正确', '错误'],
        answer: [0],
      })
      quiz = (
        (
          await call(
            t.app,
            cityOfficer,
            'POST',
            '/api/contests/quizzes',
            quizInput({ orgId: tree.cityA.id, title: '全市党章知识竞赛', questionIds: [q.json().question.id] }),
          )
        ).json() as { quiz: QuizView }
      ).quiz
      // a draft of the city is nobody's business below it
      expect((await call(t.app, branchSecretary, 'GET', `/api/contests/quizzes/${quiz.id}`)).statusCode).toBe(404)
      await call(t.app, cityOfficer, 'POST', `/api/contests/quizzes/${quiz.id}/publish`)

      // one member each of the branch, of its neighbour branch and of the sibling county takes part
      for (const [key, org, choice] of [
        ['branch', branch, 0],
        ['neighbour', tree.descendant, 1],
        ['sibling', tree.sibling, 0],
      ] as const) {
        const m = await linkedMember(org)
        takers[key] = m.person
        const a = (
          (await call(t.app, m.session, 'POST', `/api/contests/quizzes/${quiz.id}/attempts`)).json() as { attempt: AttemptView }
        ).attempt
        await call(t.app, m.session, 'POST', `/api/contests/attempts/${a.id}/submit`, {
          answers: [{ questionId: a.questions[0]!.id, choice: [choice] }],
        })
      }
    })

    const people = async (s: Session, query = '') => {
      const res = await call(t.app, s, 'GET', `/api/contests/quizzes/${quiz.id}/results/people${query}`)
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { items: PersonResult[]; total: number }).items.map((r) => [r.person.id, r.bestScore])
    }
    const orgs = async (s: Session, query = '') => {
      const res = await call(t.app, s, 'GET', `/api/contests/quizzes/${quiz.id}/results/orgs${query}`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as { total: OrgResult; items: OrgResult[] }
    }

    it('shows a branch secretary their own branch’s members only', async () => {
      const seen = (await call(t.app, branchSecretary, 'GET', `/api/contests/quizzes/${quiz.id}`)).json() as { quiz: QuizView }
      expect(seen.quiz).toMatchObject({ canManage: false, resultsOrg: { id: branch.id }, submittedCount: 1 })
      const listed = (await call(t.app, branchSecretary, 'GET', '/api/contests/quizzes')).json() as { items: QuizView[] }
      expect(listed.items.map((q) => q.title)).toContain('全市党章知识竞赛')

      expect(await people(branchSecretary)).toEqual([[takers.branch.id, 100]])
      const byOrg = await orgs(branchSecretary)
      expect(byOrg.total).toMatchObject({ org: { id: branch.id }, participants: 1, averageScore: 100 })
      expect(JSON.stringify(byOrg)).not.toContain(tree.descendant.id)
      // another branch of the same county: not found, by person or by org
      for (const url of [`/results/people?orgId=${tree.descendant.id}`, `/results/orgs?orgId=${tree.descendant.id}`])
        expect((await call(t.app, branchSecretary, 'GET', `/api/contests/quizzes/${quiz.id}${url}`)).statusCode, url).toBe(404)

      // and the neighbour branch's officer sees the neighbour only
      expect(await people(neighbourSecretary)).toEqual([[takers.neighbour.id, 0]])
      expect((await orgs(neighbourSecretary)).total).toMatchObject({ org: { id: tree.descendant.id }, participants: 1 })
    })

    it('shows the county its subtree, the city everyone, and changes nothing from below', async () => {
      expect(await people(manager)).toEqual([
        [takers.branch.id, 100],
        [takers.neighbour.id, 0],
      ])
      const county = await orgs(manager)
      expect(county.total).toMatchObject({ org: { id: tree.own.id }, participants: 2, averageScore: 50 })
      expect(county.items.find((r) => r.org.id === branch.id)).toMatchObject({ participants: 1, averageScore: 100 })
      expect(await people(manager, `?orgId=${branch.id}`)).toEqual([[takers.branch.id, 100]])
      expect((await call(t.app, manager, 'GET', `/api/contests/quizzes/${quiz.id}`)).json().quiz).toMatchObject({
        canManage: false,
        resultsOrg: { id: tree.own.id },
        submittedCount: 2,
      })

      expect(await people(cityOfficer)).toHaveLength(3)
      expect((await orgs(cityOfficer)).total).toMatchObject({ org: { id: tree.cityA.id }, participants: 3 })
      expect((await call(t.app, cityOfficer, 'GET', `/api/contests/quizzes/${quiz.id}`)).json().quiz).toMatchObject({
        canManage: true,
        submittedCount: 3,
      })

      // below the organizer nobody edits, closes or publishes it
      expect((await call(t.app, branchSecretary, 'POST', `/api/contests/quizzes/${quiz.id}/close`)).statusCode).toBe(404)
      expect(
        (await call(t.app, manager, 'PUT', `/api/contests/quizzes/${quiz.id}`, quizInput({ questionIds: quiz.questionIds })))
          .statusCode,
      ).toBe(404)
      // another city's officer does not see the quiz at all
      for (const url of ['', '/results/people', '/results/orgs'])
        expect((await call(t.app, farOfficer, 'GET', `/api/contests/quizzes/${quiz.id}${url}`)).statusCode, url).toBe(404)
      expect(
        ((await call(t.app, farOfficer, 'GET', '/api/contests/quizzes')).json() as { items: QuizView[] }).items.map((q) => q.id),
      ).not.toContain(quiz.id)
      // nor does the sibling county's officer see this county's members
      expect(await people(outsider)).toEqual([[takers.sibling.id, 100]])
    })
  })
})
