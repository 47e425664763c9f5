import fs from 'node:fs'
import { expect, test, type Locator, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { apiSession, logIn } from './accounts.ts'

const SHOTS = 'test-results/screens'
const HEADER = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '正确答案', '解析', '标签']
const TAG = '竞赛测试'

async function questionFile(path: string, rows: (string | null)[][]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('试题')
  ws.addRow(HEADER)
  for (const r of rows) ws.addRow(r)
  await wb.xlsx.writeFile(path)
  return path
}

async function logOut(page: Page) {
  await page.getByText('退出登录').first().click()
  await expect(page).toHaveURL(/\/login$/)
}

test('组织者从 Excel 导入试题并发布竞赛；党员在手机上答题看到成绩；组织者看到按组织的成绩', async ({ page }, info) => {
  fs.mkdirSync(SHOTS, { recursive: true })
  const bad = await questionFile(info.outputPath('bad.xlsx'), [
    ['单选题', '党的最高理想和最终目标是（ ）', '实现共产主义', '全面建成小康社会', '', '', '', '', 'E', '', TAG],
    ['问答题', '请简述党的宗旨', '', '', '', '', '', '', '', '', TAG],
  ])
  const good = await questionFile(info.outputPath('good.xlsx'), [
    ['单选题', '党的最高理想和最终目标是（ ）', '实现共产主义', '全面建成小康社会', '', '', '', '', 'A', '见党章总纲', TAG],
    ['多选题', '党的组织生活制度包括（ ）', '三会一课', '组织生活会', '民主评议党员', '年终聚餐', '', '', 'ABC', '', TAG],
    ['判断题', '预备党员的预备期为一年。', '', '', '', '', '', '', '正确', '', TAG],
  ])

  // The organizer: a file with errors is refused whole, each error named by row and column.
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '学习教育' }).click()
  await page.getByRole('menuitem', { name: '题库' }).click()
  await expect(page).toHaveURL(/\/contests\/questions$/)
  await page.getByRole('button', { name: '导入' }).click()
  const dialog = page.getByRole('dialog', { name: '从 Excel 导入试题' })
  await dialog.locator('input[type=file]').setInputFiles(bad)
  await dialog.getByRole('button', { name: '开始导入' }).click()
  await expect(dialog.getByText('发现 2 处错误，整份文件未导入')).toBeVisible()
  const errors = dialog.getByRole('table')
  await expect(errors.getByRole('row', { name: /2\s*正确答案\s*正确答案中的 E 不是已填写的选项/ })).toBeVisible()
  await expect(errors.getByRole('row', { name: /3\s*题型\s*题型“问答题”应为单选题、多选题或判断题/ })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/contests-import-errors.png` })
  await dialog.getByRole('button', { name: '重新选择文件' }).click()
  await dialog.locator('input[type=file]').setInputFiles(good)
  await dialog.getByRole('button', { name: '开始导入' }).click()
  await expect(dialog.getByText('已导入 3 道试题')).toBeVisible()
  await dialog.getByRole('button', { name: '完成' }).click()
  await expect(page.getByRole('cell', { name: '党的组织生活制度包括（ ）' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/contests-questions.png`, fullPage: true })

  // One question by hand: a blank form and repeated options are refused in Chinese.
  await page.getByRole('button', { name: '新增试题' }).click()
  const questionForm = page.getByRole('dialog', { name: '新增试题' })
  await questionForm.getByRole('button', { name: '保存' }).click()
  await expect(questionForm.getByText('请填写题干')).toBeVisible()
  await questionForm.getByLabel('题干').fill('党的根本宗旨是（ ）')
  await questionForm.getByRole('textbox', { name: '选项A' }).fill('全心全意为人民服务')
  await questionForm.getByRole('textbox', { name: '选项B' }).fill('全心全意为人民服务')
  await questionForm.getByRole('button', { name: '删除选项D' }).click()
  await questionForm.getByRole('button', { name: '删除选项C' }).click()
  await questionForm.getByRole('button', { name: '保存' }).click()
  await expect(questionForm.getByText('请选择正确答案')).toBeVisible()
  await questionForm.getByLabel('A. 全心全意为人民服务').check()
  await expect(questionForm.getByText('请选择正确答案')).toBeHidden()
  await questionForm.getByRole('button', { name: '保存' }).click()
  await expect(questionForm.getByText('选项不能重复')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/contests-question-form-errors.png` })
  await questionForm.getByRole('textbox', { name: '选项B' }).fill('发展生产力')
  await expect(questionForm.getByText('选项不能重复')).toBeHidden()
  await questionForm.getByRole('button', { name: '保存' }).click()
  await expect(page.getByText('已新增试题')).toBeVisible()
  await expect(page.getByRole('cell', { name: '党的根本宗旨是（ ）' })).toBeVisible()

  // A quiz drawing all three by tag; an empty form is refused field by field.
  await page.getByRole('menuitem', { name: '知识竞赛' }).click()
  await page.getByRole('button', { name: '新建竞赛' }).click()
  const form = page.getByRole('dialog', { name: '新建竞赛' })
  await form.getByRole('button', { name: '保存' }).click()
  await expect(form.getByText('请填写竞赛名称')).toBeVisible()
  const title = `党章知识竞赛 ${Date.now() % 100000}`
  await form.getByLabel('竞赛名称').fill(title)
  await form.getByText('按标签随机抽题').click()
  await form.getByLabel('抽题标签').click()
  await page.locator('.ant-select-item-option').filter({ hasText: TAG }).click()
  await form.getByLabel('抽题数量').fill('3')
  await form.getByLabel('答题时限').fill('15')
  await page.screenshot({ path: `${SHOTS}/contests-quiz-form.png` })
  await form.getByRole('button', { name: '保存' }).click()
  await expect(form).toBeHidden()
  const row = page.getByRole('row', { name: new RegExp(title) })
  await expect(row.getByText('草稿')).toBeVisible()
  await row.getByRole('button', { name: '发布' }).click()
  await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click()
  await expect(row.getByText('已发布')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/contests-quizzes.png` })
  await logOut(page)

  // The member, on a phone: start, answer all three, hand in, see the score.
  await page.setViewportSize({ width: 375, height: 740 })
  await logIn(page, 'member_demo')
  await page.getByRole('button', { name: '打开菜单' }).click()
  await page.getByRole('menuitem', { name: '参加竞赛' }).click()
  await expect(page).toHaveURL(/\/contests\/take$/)
  const card = page.locator('.ant-card').filter({ hasText: title })
  await expect(card.getByText('3 道题 · 限时 15 分钟')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/contests-take-list-phone.png`, fullPage: true })
  await card.getByRole('button', { name: '开始答题' }).click()
  await page.locator('.ant-popconfirm').getByRole('button', { name: '开始' }).click()
  await expect(page.getByRole('timer')).toContainText(/剩余 1[45]:\d\d/)
  await page.getByLabel('A. 实现共产主义').check()
  for (const o of ['A. 三会一课', 'B. 组织生活会', 'C. 民主评议党员']) await page.getByLabel(o).check()
  await page.getByLabel('正确', { exact: true }).check()
  await expect(page.getByText('已答 3 道')).toBeVisible()
  // a reload keeps the choices and the server's deadline
  await page.reload()
  await expect(page.getByText('已答 3 道')).toBeVisible()
  await expect(page.getByRole('timer')).toContainText(/剩余 1[45]:\d\d/)
  await page.screenshot({ path: `${SHOTS}/contests-answering-phone.png`, fullPage: true })
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(375)
  await page.getByRole('button', { name: '交卷', exact: true }).click()
  await page.locator('.ant-popconfirm').getByRole('button', { name: '交卷' }).click()
  await expect(page.getByText('得分 100 分')).toBeVisible()
  await expect(page.getByText('解析：见党章总纲')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/contests-score-phone.png`, fullPage: true })
  await page.setViewportSize({ width: 1280, height: 720 })
  await logOut(page)

  // The organizer reads the result by org: one participant, average 100.
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '学习教育' }).click()
  await page.getByRole('menuitem', { name: '知识竞赛' }).click()
  await page
    .getByRole('row', { name: new RegExp(title) })
    .getByRole('link', { name: '成绩' })
    .click()
  const total = page.getByRole('row', { name: /（合计）/ })
  await expect(total).toContainText('100 分')
  await expect(total.getByRole('cell').nth(2)).toHaveText('1')
  await page.screenshot({ path: `${SHOTS}/contests-results-orgs.png`, fullPage: true })
  await page.getByRole('tab', { name: '按人员' }).click()
  await expect(page.getByRole('tabpanel', { name: '按人员' }).getByRole('cell', { name: '100 分' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/contests-results-people.png`, fullPage: true })
})

/** Waits until the list of the previous pick has closed, so the next list's options are not mistaken for its own. */
const listsClosed = (page: Page) => expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0)

/** Picks an option of an antd Select, again while a previous list is still closing, until the value shows. */
async function pick(page: Page, select: Locator, option: string) {
  await expect(async () => {
    await listsClosed(page)
    await select.click()
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .click({ timeout: 3000 })
    await expect(page.locator('.ant-select').filter({ has: select })).toContainText(option, { timeout: 2000 })
  }).toPass({ timeout: 20_000 })
}

test('组织者停用一道过时的试题并写明原因：题库中显示已停用、可按状态筛选，新建竞赛时选不到也抽不到；恢复后又可用', async ({
  page,
  request,
}) => {
  fs.mkdirSync(SHOTS, { recursive: true })
  const stamp = Date.now() % 100000
  const stem = `停用测试：党的根本宗旨是（ ）${stamp}`
  const tag = `停用测试${stamp}`
  const api = await apiSession(request, 'jiangan_org')
  await api.post('/api/contests/questions', {
    orgId: api.orgId,
    type: 'single',
    stem,
    options: ['全心全意为人民服务', '发展经济'],
    answer: [0],
    tags: [tag],
  })

  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '学习教育' }).click()
  await page.getByRole('menuitem', { name: '题库' }).click()
  await page.getByRole('searchbox', { name: '按题干搜索' }).fill(stem)
  await page.getByRole('searchbox', { name: '按题干搜索' }).press('Enter')
  const row = page.getByRole('row', { name: new RegExp(stem.replace(/[()（）]/g, '.')) })
  await expect(row.getByText('在用')).toBeVisible()

  // a reason is required
  await row.getByRole('button', { name: '停用' }).click()
  const dialog = page.getByRole('dialog', { name: '停用试题' })
  await dialog.getByRole('button', { name: '停用' }).click()
  await expect(dialog.getByText('请填写停用原因')).toBeVisible()
  await dialog.getByLabel('停用原因').fill('提法已按新修订的党章更新')
  await page.screenshot({ path: `${SHOTS}/contests-question-retire.png` })
  await dialog.getByRole('button', { name: '停用' }).click()
  await expect(page.getByText('已停用试题')).toBeVisible()
  await expect(row.getByText('已停用')).toBeVisible()
  await row.getByText('已停用').hover()
  await expect(page.getByRole('tooltip')).toContainText('停用原因：提法已按新修订的党章更新')

  // the status filter
  await pick(page, page.getByLabel('状态'), '在用')
  await expect(page.getByText('没有符合条件的试题')).toBeVisible()
  await pick(page, page.getByLabel('状态'), '已停用')
  await expect(row).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/contests-questions-retired.png`, fullPage: true })

  // a new quiz: neither listed to pick by hand nor offered to draw by tag
  await page.getByRole('menuitem', { name: '知识竞赛' }).click()
  await page.getByRole('button', { name: '新建竞赛' }).click()
  const form = page.getByRole('dialog', { name: '新建竞赛' })
  await form.getByRole('combobox', { name: '试题' }).fill(String(stamp))
  await expect(page.locator('.ant-select-dropdown:visible')).toContainText('没有找到试题')
  await page.keyboard.press('Escape')
  await listsClosed(page)
  await form.getByText('按标签随机抽题').click()
  await form.getByLabel('抽题标签').click()
  await expect(page.locator('.ant-select-dropdown:visible')).toBeVisible()
  await expect(page.locator('.ant-select-dropdown:visible').getByText(tag)).toHaveCount(0)
  await page.keyboard.press('Escape')
  await form.getByRole('button', { name: '取消' }).click()
  await expect(form).toBeHidden()

  // restored, it is in use again
  await page.getByRole('menuitem', { name: '题库' }).click()
  await page.getByRole('searchbox', { name: '按题干搜索' }).fill(stem)
  await page.getByRole('searchbox', { name: '按题干搜索' }).press('Enter')
  await row.getByRole('button', { name: '恢复' }).click()
  await page.locator('.ant-popconfirm').getByRole('button', { name: '恢复' }).click()
  await expect(page.getByText('已恢复试题，可用于新的竞赛')).toBeVisible()
  await expect(row.getByText('在用')).toBeVisible()
})

test('市委发布的竞赛：区委在竞赛列表中看到，只能查看成绩，成绩从本区算起、只含本区党员', async ({ page, request }) => {
  fs.mkdirSync(SHOTS, { recursive: true })
  const title = `全市党章知识竞赛 ${Date.now() % 100000}`
  const city = await apiSession(request, 'wuhan_org')
  const { question } = await city.post<{ question: { id: string } }>('/api/contests/questions', {
    orgId: city.orgId,
    type: 'true_false',
    stem: '预备党员的预备期为一年。',
    options: ['正确', '错误'],
    answer: [0],
  })
  const { quiz } = await city.post<{ quiz: { id: string } }>('/api/contests/quizzes', {
    orgId: city.orgId,
    title,
    selection: 'fixed',
    questionIds: [question.id],
    timeLimitMinutes: 10,
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
  })
  await city.post(`/api/contests/quizzes/${quiz.id}/publish`)
  // a member of the district takes part (the same context, now as the member)
  const member = await apiSession(request, 'member_demo')
  const { attempt } = await member.post<{ attempt: { id: string; questions: { id: string }[] } }>(
    `/api/contests/quizzes/${quiz.id}/attempts`,
  )
  await member.post(`/api/contests/attempts/${attempt.id}/submit`, {
    answers: [{ questionId: attempt.questions[0]!.id, choice: [0] }],
  })

  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '学习教育' }).click()
  await page.getByRole('menuitem', { name: '知识竞赛' }).click()
  const row = page.getByRole('row', { name: new RegExp(title) })
  await expect(row.getByText('上级组织（中共武汉市委员会）发布，可查看本范围的成绩')).toBeVisible()
  await expect(row.getByRole('button', { name: '结束' })).toHaveCount(0)
  await row.getByRole('link', { name: '成绩' }).click()
  await expect(
    page.getByText('这项竞赛由中共武汉市委员会组织，这里只显示中共武汉市江岸区委员会及其下级组织党员的成绩'),
  ).toBeVisible()
  const total = page.getByRole('row', { name: /中共武汉市江岸区委员会（合计）/ })
  await expect(total).toContainText('100 分')
  await expect(total.getByRole('cell').nth(2)).toHaveText('1')
  await page.screenshot({ path: `${SHOTS}/contests-results-from-above.png`, fullPage: true })
  await page.getByRole('tab', { name: '按人员' }).click()
  await expect(page.getByRole('tabpanel', { name: '按人员' }).getByRole('cell', { name: '100 分' })).toBeVisible()
})
