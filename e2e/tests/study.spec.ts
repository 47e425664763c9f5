import { expect, test, type Page } from '@playwright/test'
import { expectLoggedIn, logIn } from './accounts.ts'

const SCREENS = 'test-results/screens'

const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:visible .ant-select-item-option')

/** Waits until the list of the previous pick has closed, so the next list's options are not mistaken for its own. */
const listsClosed = (page: Page) => expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0)

async function logOut(page: Page) {
  await page.getByText('退出登录').first().click()
  await expect(page).toHaveURL(/\/login$/)
}

/** Desktop, then the page at a 375-px phone width, then back. */
async function screens(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true })
  const size = page.viewportSize()!
  await page.setViewportSize({ width: 375, height: 740 })
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${SCREENS}/${name}-phone.png`, fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  await page.setViewportSize(size)
}

test('区委推荐学习标兵，市委审核通过并公布，未登录的公众在公示页面看到', async ({ page, browser }) => {
  const deeds = `坚持每月学习日集中学习，撰写学习体会 12 篇（${Date.now() % 100000}）`

  // The nominating org's officer: 江岸区委.
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '学习教育' }).click()
  await page.getByRole('menuitem', { name: '学习标兵' }).click()
  await expect(page).toHaveURL(/\/study\/exemplars$/)
  await page.getByRole('button', { name: '推荐学习标兵' }).click()
  const dialog = page.getByRole('dialog', { name: '推荐学习标兵' })
  // nothing filled in: every field says what it needs
  await dialog.getByLabel('年度').fill('1999')
  await dialog.getByRole('button', { name: '推荐' }).click()
  await expect(dialog.getByText('请选择推荐组织')).toBeVisible()
  await expect(dialog.getByText('请选择推荐人选')).toBeVisible()
  await expect(dialog.getByText('年度不能早于 2000 年')).toBeVisible()
  await expect(dialog.getByText('请填写主要事迹')).toBeVisible()
  await dialog.getByLabel('年度').fill(String(new Date().getFullYear()))

  await dialog.getByLabel('推荐组织').click()
  await openDropdown(page).filter({ hasText: '江岸区' }).first().click()
  await listsClosed(page)
  await dialog.getByLabel('推荐人选').click()
  const first = openDropdown(page).first()
  await expect(first).toBeVisible()
  const name = (await first.innerText()).split('\n')[0]!.trim()
  await first.click()
  await dialog.getByLabel('主要事迹').fill(deeds)
  await dialog.getByRole('button', { name: '推荐' }).click()
  await expect(page.getByText(`已推荐“${name}”，等待上级组织审核`)).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: deeds })
  await expect(row.getByText('已推荐')).toBeVisible()
  // the nominating org may not decide: no buttons, and the reason
  await expect(row.getByRole('button')).toHaveCount(0)
  await expect(row.getByText(/的上级组织审核；请切换到上级组织的授权范围/)).toBeVisible()
  await screens(page, 'exemplars-nominated')
  await logOut(page)

  // The level above: 武汉市委.
  await logIn(page, 'wuhan_org')
  await expectLoggedIn(page)
  await page.goto('/study/exemplars')
  const above = page.getByRole('row').filter({ hasText: deeds })
  await above.getByRole('button', { name: '不通过' }).click()
  const reject = page.getByRole('dialog', { name: '审核不通过' })
  await reject.getByRole('button', { name: '不通过' }).click()
  await expect(reject.getByText('审核不通过时请填写理由')).toBeVisible()
  await reject.getByRole('button', { name: '取消' }).click()
  await above.getByRole('button', { name: '通过', exact: true }).click()
  const approve = page.getByRole('dialog', { name: '审核通过' })
  await approve.getByLabel('审核意见').fill('事迹突出，同意')
  await approve.getByRole('button', { name: '通过', exact: true }).click()
  await expect(page.getByText(`“${name}”已审核通过，可以公布`)).toBeVisible()
  await expect(above.getByText('已审核通过')).toBeVisible()
  await above.getByRole('button', { name: '公布' }).click()
  await page.getByRole('tooltip').getByRole('button', { name: '公布' }).click()
  await expect(page.getByText(`已公布“${name}”，公众可在学习标兵公示页面看到`)).toBeVisible()
  await expect(above.getByText('已公布')).toBeVisible()
  await screens(page, 'exemplars-published')

  // The public, in a fresh browser without a session: from the login page to the list.
  const anonymous = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const visitor = await anonymous.newPage()
  await visitor.goto('/login')
  await visitor.getByRole('link', { name: '查看学习标兵公示（无须登录）' }).click()
  await expect(visitor).toHaveURL(/\/public\/exemplars$/)
  const card = visitor.locator('.ant-card').filter({ hasText: deeds })
  await expect(card.getByText(name, { exact: true })).toBeVisible()
  await expect(card.getByText(/年度学习标兵$/)).toBeVisible()
  await expect(card.getByText(/^公布日期：\d{4}-\d{2}-\d{2}$/)).toBeVisible()
  await expect(card.getByText(/江岸区/)).toBeVisible()
  await screens(visitor, 'public-exemplars')
  await anonymous.close()
})

test('区委登记一位领导干部的学习体会：漏填的字段逐一提示，登记后可作废并留原因', async ({ page }) => {
  const title = `学习党章的几点体会${Date.now() % 100000}`
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '学习教育' }).click()
  await page.getByRole('menuitem', { name: '领导干部学习' }).click()
  await expect(page).toHaveURL(/\/study\/cadres$/)
  await page.getByRole('button', { name: '登记学习体会或文章' }).click()
  const dialog = page.getByRole('dialog', { name: '登记学习体会或理论文章' })
  await dialog.getByRole('button', { name: '登记' }).click()
  await expect(dialog.getByText('请选择作者')).toBeVisible()
  await expect(dialog.getByText('请填写题目')).toBeVisible()
  await expect(dialog.getByText('请选择完成日期')).toBeVisible()

  await dialog.getByLabel('作者').click()
  const first = openDropdown(page).first()
  await expect(first).toBeVisible()
  const author = (await first.innerText()).split('\n')[0]!.trim()
  await first.click()
  await dialog.getByRole('radio', { name: '理论文章' }).check()
  await dialog.getByLabel('题目').fill(title)
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  await dialog.getByLabel('完成日期').fill(today)
  await dialog.getByLabel('完成日期').press('Enter')
  await dialog.getByLabel('发表在').fill('湖北日报')
  await dialog.getByRole('button', { name: '登记' }).click()
  await expect(page.getByText(`已登记“${title}”`)).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: title })
  await expect(row.getByText(author)).toBeVisible()
  await expect(row.getByText('理论文章')).toBeVisible()
  await expect(row.getByText('湖北日报')).toBeVisible()
  await screens(page, 'cadre-writings')

  await row.getByRole('button', { name: '作废' }).click()
  const voiding = page.getByRole('dialog', { name: '作废记录' })
  await voiding.getByRole('button', { name: '作废' }).click()
  await expect(voiding.getByText('请填写作废原因')).toBeVisible()
  await voiding.getByLabel('作废原因').fill('重复登记')
  await voiding.getByRole('button', { name: '作废' }).click()
  await expect(row.getByText('已作废')).toBeVisible()
  await expect(row.getByText('原因：重复登记')).toBeVisible()

  // 述学 with a score out of range: the field says so
  await page.getByRole('tab', { name: '述学·评学·考学' }).click()
  await page.getByRole('button', { name: '登记述学报告' }).click()
  const report = page.getByRole('dialog', { name: '登记述学报告' })
  await report.getByLabel('考学成绩').fill('150')
  await report.getByRole('button', { name: '保存' }).click()
  await expect(report.getByText('考学成绩不能大于 100')).toBeVisible()
  await expect(report.getByText('请选择述学人')).toBeVisible()
  await expect(report.getByText('请填写述学内容')).toBeVisible()
  await screens(page, 'study-report-errors')
})

test('党员在“我的档案”看到本人今年的学习台账和所在组织适用的学时要求', async ({ page }) => {
  await logIn(page, 'member_demo')
  await page.getByRole('menuitem', { name: '我的档案' }).click()
  const card = page.locator('.ant-card').filter({ hasText: '我的学习台账' })
  await expect(card.getByText(/^\d{4} 年已累计 [\d.]+ 学时，要求不少于 \d+ 学时/)).toBeVisible()
  await expect(card.getByText(/^依据：/)).toBeVisible()
  await card.scrollIntoViewIfNeeded()
  await screens(page, 'self-study-ledger')
})

test('组织制定学习计划和培训规划：漏填和不合理的数字逐项提示', async ({ page }) => {
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '学习教育' }).click()
  await page.getByRole('menuitem', { name: '学习计划' }).click()
  await page.getByRole('button', { name: '制定学习计划' }).click()
  const dialog = page.getByRole('dialog', { name: '制定学习计划' })
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(dialog.getByText('请选择组织')).toBeVisible()
  await expect(dialog.getByText('请填写标题')).toBeVisible()
  await expect(dialog.getByText('请填写计划内容')).toBeVisible()
  await dialog.getByLabel('组织', { exact: true }).click()
  await openDropdown(page).filter({ hasText: '江岸区' }).first().click()
  await dialog.getByLabel('标题').fill('江岸区委年度学习计划')
  await dialog.getByLabel('计划内容').fill('每月学习日集中学习党章党规，每季度一次专题研讨')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(page.getByText('已保存“江岸区委年度学习计划”')).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: '江岸区委年度学习计划' }).getByText('组织计划')).toBeVisible()
  await screens(page, 'study-plans')

  await page.getByRole('tab', { name: '培训规划' }).click()
  await page.getByRole('button', { name: '新增培训规划' }).click()
  const training = page.getByRole('dialog', { name: '新增培训规划' })
  await training.getByLabel('计划学时').fill('0')
  await training.getByLabel('计划期数').fill('0')
  await training.getByRole('button', { name: '保存' }).click()
  await expect(training.getByText('计划学时必须大于 0')).toBeVisible()
  await expect(training.getByText('计划期数至少 1 期')).toBeVisible()
  await expect(training.getByText('请选择培训领域')).toBeVisible()
  await expect(training.getByText('请填写培训名称')).toBeVisible()
  await screens(page, 'training-plan-errors')
})
