import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { apiSession, logIn } from './accounts.ts'

const SCREENS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'screens')

test('手机宽度下可以登录并通过抽屉菜单打开组织页', async ({ page }) => {
  await logIn(page, 'jiangan_org')
  await expect(page.getByText('中共武汉市江岸区委员会').first()).toBeVisible()
  await expect(page.getByText('加载中')).toHaveCount(0)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(375)
  await page.screenshot({ path: `${SCREENS}/phone-home.png`, fullPage: true })

  await page.getByRole('button', { name: '打开菜单' }).click()
  await page.getByRole('menuitem', { name: '组织', exact: true }).click()
  await expect(page.getByRole('tree').getByText('中共武汉市江岸区委员会')).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  await page.screenshot({ path: `${SCREENS}/phone-orgs.png`, fullPage: true })
})

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const year = () => Number(today().slice(0, 4))

/**
 * One of everything the pages list, entered through the API as the district's officer, and a
 * member's answered attempt at a quiz: the pages are then looked at with real rows in them.
 */
async function seed(request: APIRequestContext) {
  const api = await apiSession(request, 'jiangan_org')
  const people = await api.get<{ items: { personId: string; org: { id: string } }[] }>('/api/members?status=full&limit=20')
  const person = people.items[0]!
  // one nomination a person a year: someone another test has not put forward yet
  const nominated = await api.get<{ items: { person: { id: string } }[] }>(`/api/exemplars?year=${year()}&pageSize=100`)
  const nominee = people.items.find((p) => !nominated.items.some((e) => e.person.id === p.personId))!
  await api.post('/api/activities', {
    orgId: api.orgId,
    kinds: ['theme_day', 'study_day'],
    heldOn: today(),
    hours: 2,
    topic: '主题党日：学习新修订的党章，交流学习体会',
    speakerName: '李强',
  })
  await api.post('/api/cadre-writings', {
    personId: person.personId,
    kind: 'article',
    title: '坚持用党的创新理论武装头脑、指导实践',
    writtenOn: today(),
    publishedIn: '湖北日报',
  })
  await api.put('/api/study-reports', {
    personId: person.personId,
    year: year(),
    summary: '本年度坚持每月参加中心组学习，系统学习党章党规，撰写理论文章一篇。',
    reportedOn: today(),
    reviewResult: 'good',
    examScore: 92.5,
  })
  await api.put('/api/study-plans', {
    orgId: api.orgId,
    year: year(),
    title: `${year()} 年度江岸区委理论学习计划`,
    content: '每月集中学习一次，每季度开展一次专题研讨。',
  })
  await api.post('/api/training-plans', {
    orgId: api.orgId,
    year: year(),
    field: 'theory',
    level: 'county',
    title: '党员集中轮训',
    audience: '全区党员',
    plannedSessions: 4,
    plannedHours: 32,
    plannedTrainees: 500,
  })
  await api.post('/api/exemplars', {
    orgId: nominee.org.id,
    personId: nominee.personId,
    year: year(),
    deeds: '坚持每月学习日集中学习，撰写学习体会 12 篇，带动支部党员共同学习。',
  })
  const question = async (stem: string) =>
    (
      await api.post<{ question: { id: string } }>('/api/contests/questions', {
        orgId: api.orgId,
        type: 'single',
        stem,
        options: ['全心全意为人民服务', '发展经济'],
        answer: [0],
        tags: ['党章'],
      })
    ).question.id
  const kept = await question('中国共产党的根本宗旨是（ ）')
  const retired = await question('党的根本宗旨（旧题，表述已过时）是（ ）')
  await api.post(`/api/contests/questions/${retired}/retire`, { reason: '表述已过时' })
  const { quiz } = await api.post<{ quiz: { id: string } }>('/api/contests/quizzes', {
    orgId: api.orgId,
    title: '党章党规知识竞赛（手机宽度）',
    selection: 'fixed',
    questionIds: [kept],
    timeLimitMinutes: 10,
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  })
  await api.post(`/api/contests/quizzes/${quiz.id}/publish`)

  // the same context, now as the member (the login replaces the officer's session)
  const taker = await apiSession(request, 'member_demo')
  const { attempt } = await taker.post<{ attempt: { id: string; questions: { id: string }[] } }>(
    `/api/contests/quizzes/${quiz.id}/attempts`,
  )
  await taker.post(`/api/contests/attempts/${attempt.id}/submit`, {
    answers: attempt.questions.map((q) => ({ questionId: q.id, choice: [0] })),
  })
  return { quizId: quiz.id }
}

/**
 * The page at phone width: nothing wider than the screen, the table's key columns on screen without
 * scrolling it, and a screenshot to look at.
 */
async function checkPhone(page: Page, name: string, keyColumns: Locator[]) {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0)
  for (const column of keyColumns) await expect(column).toBeInViewport()
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }))
  // a phone browser widens its layout viewport to content that does not fit: innerWidth grows with it
  expect(scrollWidth, `${name}: the page is wider than the screen`).toBeLessThanOrEqual(
    Math.min(innerWidth, page.viewportSize()!.width),
  )
  await page.screenshot({ path: `${SCREENS}/phone-${name}.png`, fullPage: true })
  // and the first screen as the phone shows it, unscaled
  await page.screenshot({ path: `${SCREENS}/phone-${name}-top.png` })
}

const header = (scope: Page | Locator, name: string) => scope.getByRole('columnheader', { name, exact: true }).first()

test.describe('390×844 的手机', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('学习教育、知识竞赛、达标情况和组织生活各页不需横向滚动，列表的名称和状态不用滚动就能看到', async ({ page, request }) => {
    test.setTimeout(120_000)
    fs.mkdirSync(SCREENS, { recursive: true })
    const { quizId } = await seed(request)
    await logIn(page, 'jiangan_org')
    await expect(page.getByRole('button', { name: '打开菜单' })).toBeVisible()

    await page.goto('/study/cadres')
    await expect(page.getByRole('cell', { name: '坚持用党的创新理论武装头脑、指导实践' })).toBeVisible()
    await checkPhone(page, 'study-writings', [header(page, '作者'), header(page, '题目'), header(page, '状态')])
    await page.getByRole('tab', { name: '述学·评学·考学' }).click()
    const reports = page.getByRole('tabpanel', { name: '述学·评学·考学' })
    await expect(reports.getByRole('cell', { name: '良好' }).first()).toBeVisible()
    await checkPhone(page, 'study-reports', [header(reports, '述学人'), header(reports, '评学结果')])

    await page.goto('/study/plans')
    await expect(page.getByRole('cell', { name: `${year()} 年度江岸区委理论学习计划` })).toBeVisible()
    await checkPhone(page, 'study-plans', [header(page, '标题'), header(page, '计划')])
    await page.getByRole('tab', { name: '培训规划' }).click()
    const training = page.getByRole('tabpanel', { name: '培训规划' })
    await expect(training.getByRole('cell', { name: '党员集中轮训' }).first()).toBeVisible()
    await checkPhone(page, 'study-training', [header(training, '培训名称'), header(training, '领域')])

    await page.goto('/study/exemplars')
    await expect(page.getByRole('cell', { name: '已推荐' }).first()).toBeVisible()
    await checkPhone(page, 'study-exemplars', [header(page, '姓名'), header(page, '状态')])

    await page.goto('/contests/questions')
    await expect(page.getByRole('cell', { name: '中国共产党的根本宗旨是（ ）' })).toBeVisible()
    const retiredRow = page.getByRole('row', { name: /旧题，表述已过时/ })
    await expect(retiredRow.getByText('已停用')).toBeInViewport()
    await checkPhone(page, 'contests-questions', [header(page, '题干'), header(page, '状态')])

    await page.goto('/contests/quizzes')
    const quizRow = page.getByRole('row', { name: /党章党规知识竞赛（手机宽度）/ })
    await expect(quizRow.getByText('已发布')).toBeInViewport()
    await checkPhone(page, 'contests-quizzes', [header(page, '竞赛名称'), header(page, '状态')])

    await page.goto(`/contests/quizzes/${quizId}/results`)
    await expect(page.getByRole('row', { name: /（合计）/ })).toContainText('100 分')
    await checkPhone(page, 'contests-results-orgs', [header(page, '组织'), header(page, '参加人数'), header(page, '平均成绩')])
    await page.getByRole('tab', { name: '按人员' }).click()
    const people = page.getByRole('tabpanel', { name: '按人员' })
    await expect(people.getByRole('cell', { name: '100 分' })).toBeVisible()
    await checkPhone(page, 'contests-results-people', [header(people, '姓名'), header(people, '最好成绩')])

    await page.goto('/compliance')
    const matrix = page.getByLabel('规则 × 下级组织')
    await expect(matrix.getByText('（本级）')).toBeVisible()
    await checkPhone(page, 'compliance', [header(matrix, '组织')])

    await page.goto('/activities')
    await expect(page.getByText('主题党日：学习新修订的党章，交流学习体会')).toBeVisible()
    await checkPhone(page, 'activities', [header(page, '日期'), header(page, '主题')])

    // the member's own list of quizzes
    await page.context().clearCookies()
    await logIn(page, 'member_demo')
    await expect(page.getByRole('button', { name: '打开菜单' })).toBeVisible()
    await page.goto('/contests/take')
    await expect(page.getByText('党章党规知识竞赛（手机宽度）')).toBeVisible()
    await checkPhone(page, 'contests-take', [])
  })
})
