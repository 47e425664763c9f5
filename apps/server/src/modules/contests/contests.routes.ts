import { contestsApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { chinaDateStamp as stamp, sendXlsx } from '../../platform/http/xlsx-reply.ts'
import type { ContestsService } from './contests.service.ts'

export const contestsRoutes = (s: ContestsService) => [
  bind(contestsApi.questions, async ({ actor, query }) => s.questions(actor, query)),
  bind(contestsApi.questionTags, async ({ actor }) => s.questionTags(actor)),
  bind(contestsApi.createQuestion, async ({ actor, body }) => ({ question: await s.saveQuestion(actor, null, body) })),
  bind(contestsApi.updateQuestion, async ({ actor, params, body }) => ({
    question: await s.saveQuestion(actor, params.id, body),
  })),
  bind(contestsApi.retireQuestion, async ({ actor, params, body }) => ({
    question: await s.retireQuestion(actor, params.id, body),
  })),
  bind(contestsApi.restoreQuestion, async ({ actor, params }) => ({ question: await s.restoreQuestion(actor, params.id) })),
  bind(contestsApi.questionTemplate, async ({ reply }) =>
    sendXlsx(reply, 'question-import-template.xlsx', '试题导入模板.xlsx', await s.template()),
  ),
  bind(contestsApi.importQuestions, async ({ actor, query, req }) => s.importQuestions(actor, query.orgId, req.body as Buffer)),
  bind(contestsApi.exportQuestions, async ({ actor, query, reply }) =>
    sendXlsx(reply, `questions-${stamp()}.xlsx`, `题库-${stamp()}.xlsx`, await s.exportQuestions(actor, query)),
  ),
  bind(contestsApi.quizzes, async ({ actor, query }) => s.quizzes(actor, query)),
  bind(contestsApi.quiz, async ({ actor, params }) => ({ quiz: await s.quiz(actor, params.id) })),
  bind(contestsApi.createQuiz, async ({ actor, body }) => ({ quiz: await s.saveQuiz(actor, null, body) })),
  bind(contestsApi.updateQuiz, async ({ actor, params, body }) => ({ quiz: await s.saveQuiz(actor, params.id, body) })),
  bind(contestsApi.publishQuiz, async ({ actor, params }) => ({ quiz: await s.publish(actor, params.id) })),
  bind(contestsApi.closeQuiz, async ({ actor, params }) => ({ quiz: await s.close(actor, params.id) })),
  bind(contestsApi.personResults, async ({ actor, params, query }) => s.personResults(actor, params.id, query)),
  bind(contestsApi.orgResults, async ({ actor, params, query }) => s.orgResults(actor, params.id, query)),
  bind(contestsApi.openQuizzes, async ({ actor }) => s.openQuizzes(actor)),
  bind(contestsApi.startAttempt, async ({ actor, params }) => ({ attempt: await s.start(actor, params.id) })),
  bind(contestsApi.attempt, async ({ actor, params }) => ({ attempt: await s.attempt(actor, params.id) })),
  bind(contestsApi.submitAttempt, async ({ actor, params, body }) => ({ attempt: await s.submit(actor, params.id, body) })),
]
