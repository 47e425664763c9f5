import { API, type QuestionStatus, type QuestionType, type QuizStatus } from '@xianfeng/contract'
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { api } from '../../api.ts'

export interface QuestionsView {
  q: string
  type: QuestionType | undefined
  tag: string | undefined
  /** In use or retired; both when absent. */
  status?: QuestionStatus | undefined
  page: number
  pageSize: number
}

export const contestKeys = {
  all: ['contests'] as const,
  questions: ['contests', 'questions'] as const,
  quizzes: ['contests', 'quizzes'] as const,
  open: ['contests', 'open'] as const,
}

export const questionsQuery = (view: QuestionsView) =>
  queryOptions({
    queryKey: [...contestKeys.questions, view],
    queryFn: () =>
      api(API.contests.questions, {
        query: {
          q: view.q || undefined,
          type: view.type,
          tag: view.tag,
          status: view.status,
          page: view.page,
          pageSize: view.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
  })

export const tagsQuery = queryOptions({
  queryKey: [...contestKeys.questions, 'tags'],
  queryFn: async () => (await api(API.contests.questionTags)).items,
})

export const quizzesQuery = (view: { status: QuizStatus | undefined; page: number; pageSize: number }) =>
  queryOptions({
    queryKey: [...contestKeys.quizzes, view],
    queryFn: () => api(API.contests.quizzes, { query: view }),
    placeholderData: keepPreviousData,
  })

export const quizQuery = (id: string) =>
  queryOptions({
    queryKey: [...contestKeys.quizzes, 'one', id],
    queryFn: async () => (await api(API.contests.quiz, { params: { id } })).quiz,
  })

export const openQuizzesQuery = queryOptions({
  queryKey: contestKeys.open,
  queryFn: async () => (await api(API.contests.openQuizzes)).items,
})

/** A, B, C… */
export const letter = (i: number) => String.fromCharCode(65 + i)
/** The answer as a reader writes it: B, ACD, 正确. */
export const answerText = (type: QuestionType, options: string[], answer: number[]) =>
  type === 'true_false' ? answer.map((i) => options[i] ?? '').join('') : answer.map(letter).join('')
