import fs from 'node:fs'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { logIn } from './accounts.ts'

const SHOTS = process.env.COMMITTEE_SHOTS_DIR ?? 'test-results/screens'

/** Today in China, and the day `years` years and `days` days earlier, as 'YYYY-MM-DD'. */
function chinaDay(opts: { years?: number; days?: number } = {}): string {
  const now = new Date(Date.now() + 8 * 3600_000)
  now.setUTCFullYear(now.getUTCFullYear() - (opts.years ?? 0))
  now.setUTCDate(now.getUTCDate() - (opts.days ?? 0))
  return now.toISOString().slice(0, 10)
}

async function pickDate(input: Locator, date: string) {
  await input.fill(date)
  await input.press('Enter')
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click()
  await expect(page.getByRole('tab', { name, selected: true })).toBeVisible()
}

test('党组织管理员为党支部登记本届班子和书记，在班子成员页看到，预警页随之出现并消除换届提醒', async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true })
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '组织', exact: true }).click()

  // The branch of 江岸区教育局, found by name
  const search = page.getByRole('searchbox', { name: '查找组织' }).or(page.getByLabel('查找组织')).first()
  await search.fill('江岸区教育局支部')
  await search.press('Enter')
  await page
    .getByRole('link', { name: /中共武汉市江岸区教育局支部委员会/ })
    .first()
    .click()
  await expect(
    page
      .getByRole('heading', { name: '中共武汉市江岸区教育局支部委员会' })
      .or(page.locator('.ant-card-head-title').filter({ hasText: '中共武汉市江岸区教育局支部委员会' }))
      .first(),
  ).toBeVisible()

  // No term yet: no term warning.
  await openTab(page, '预警')
  await expect(page.getByText(/已检查本组织及下级的 1 个党组织/)).toBeVisible()
  await expect(page.getByText(/届任期将于/)).toHaveCount(0)

  // A term elected almost three years ago: it ends within six months.
  await openTab(page, '班子成员')
  await expect(page.getByText('尚未登记本届班子')).toBeVisible()
  await page.getByRole('button', { name: '登记本届班子' }).click()
  const startDialog = page.getByRole('dialog', { name: '登记本届班子' })
  await expect(startDialog.getByText(/党的总支部委员会、支部委员会每届任期一般为 3 年/)).toBeVisible()
  const electedOn = chinaDay({ years: 3, days: -40 })
  await pickDate(startDialog.getByLabel('选举日期'), electedOn)
  await startDialog.getByRole('button', { name: /登\s*记/ }).click()
  await expect(page.getByText('已登记第 1 届班子')).toBeVisible()
  await expect(page.getByText('第 1 届').first()).toBeVisible()
  await expect(page.getByText(electedOn).first()).toBeVisible()
  await expect(page.getByText(/剩余 1 个月/)).toBeVisible()

  // The secretary: the first full member the search offers.
  await page.getByRole('button', { name: '增加成员' }).click()
  const addDialog = page.getByRole('dialog', { name: /增加成员/ })
  await addDialog.getByLabel('人员').click()
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first()
  await option.waitFor({ state: 'visible' })
  const name = (await option.innerText()).split('\n')[0]!.trim()
  await option.click()
  await expect(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).toHaveCount(0)
  // Searchable: type, then Enter picks the first match (a click on a just-opened dropdown can be lost).
  await addDialog.getByLabel('职务').click()
  await addDialog.getByLabel('职务').fill('书记')
  await addDialog.getByLabel('职务').press('Enter')
  await addDialog.getByRole('button', { name: /增\s*加/ }).click()
  await expect(page.getByText(`已登记${name}任书记`)).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('书记')
  await expect(row).toContainText('在任')
  await expect(page.getByText('1 人', { exact: true })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/committee-tab.png`, fullPage: true })

  // The warning to prepare the elections appears, citing its rule.
  await openTab(page, '预警')
  const reminder = page.getByText(/第 1 届任期将于 \d{4}-\d{2}-\d{2} 届满（还有 \d+ 天）：请做好换届准备/)
  await expect(reminder).toBeVisible()
  await expect(page.getByText(/一般提前 6 个月/).first()).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/committee-warnings.png`, fullPage: true })

  // 换届 today: the old term and its secretary end, the reminder goes.
  await openTab(page, '班子成员')
  await page.getByRole('button', { name: '换届' }).click()
  const renewDialog = page.getByRole('dialog', { name: '换届：登记新一届班子' })
  await expect(renewDialog.getByText('登记后，第 1 届班子在新一届的选举日期结束，其成员同日离任。')).toBeVisible()
  await expect(renewDialog.getByLabel('届次')).toHaveValue('2')
  await page.screenshot({ path: `${SHOTS}/committee-renew-dialog.png` })
  await pickDate(renewDialog.getByLabel('选举日期'), chinaDay())
  await renewDialog.getByRole('button', { name: /登\s*记/ }).click()
  await expect(page.getByText('已登记第 2 届班子')).toBeVisible()
  await expect(page.getByText('尚未登记成员')).toBeVisible()
  await page.getByText(/^第 1 届（/).click()
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('换届')
  await page.screenshot({ path: `${SHOTS}/committee-tab-renewed.png`, fullPage: true })
  // On a phone the facts stack and the tables scroll sideways.
  await page.setViewportSize({ width: 375, height: 740 })
  await page.screenshot({ path: `${SHOTS}/committee-tab-375.png`, fullPage: true })
  await page.setViewportSize({ width: 1280, height: 720 })

  await openTab(page, '预警')
  await expect(page.getByText(/已检查本组织及下级的 1 个党组织/)).toBeVisible()
  await expect(page.getByText(/届任期将于/)).toHaveCount(0)
})
