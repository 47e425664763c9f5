import { expect, test, type Download, type Locator, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { logIn } from './accounts.ts'

const PROVINCE = '中共湖北省委员会'
const CITY = '中共武汉市委员会'

/** `1,234` → 1234. */
const count = (text: string) => Number(text.replace(/[,\s人个]/g, ''))

/** The value of one of the summary cards (党员总数, 党组织数, …). */
async function summary(page: Page, title: string | RegExp): Promise<number> {
  const card = page.locator('.ant-statistic').filter({ has: page.locator('.ant-statistic-header', { hasText: title }) })
  return count(await card.locator('.ant-statistic-content-value').innerText())
}

interface ChildRow {
  name: string
  members: number
  orgs: number
}

/** The rows of the sub-org table, and its 本级直属 and 合计 rows. */
async function childrenTable(section: Locator) {
  const rows: ChildRow[] = []
  let own: number | undefined
  let total: number | undefined
  // By role: the hidden row antd measures column widths with is left out.
  for (const row of await section.getByRole('row').all()) {
    const cells = (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim())
    if (cells.length === 0) continue
    if (cells[0] === '本级直属') own = count(cells[1]!)
    else if (cells[0] === '合计') total = count(cells[1]!)
    else if (cells.length === 5) rows.push({ name: cells[0]!, members: count(cells[2]!), orgs: count(cells[4]!) })
  }
  return { rows, own: own ?? 0, total: total ?? NaN }
}

/** The switch of one population: its label ends with the population's count. */
function populationSwitch(page: Page, name: string): Locator {
  return page
    .locator('label.ant-segmented-item')
    .filter({ has: page.getByRole('radio', { name: new RegExp(`^${name} [\\d,]+$`) }) })
}

/** The first sheet of a downloaded workbook as label → value. */
async function overviewSheet(download: Download): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(await download.path())
  const sheet = wb.worksheets[0]!
  const values = new Map<string, string>()
  sheet.eachRow((row) => values.set(String(row.getCell(1).value), String(row.getCell(2).value)))
  return values
}

test('省委组织部查看全省统计：总数等于各市之和，点击市级组织下钻，切换统计对象，导出 Excel 与页面一致，手机宽度可用', async ({
  page,
}) => {
  // 省委组织部's demo officer: 组织部门管理员 over the whole province
  await logIn(page, 'hubei_org')
  await page.getByRole('menuitem', { name: '统计' }).click()
  await expect(page).toHaveURL(/\/stats$/)

  // The scope's root, its party members and the sub-org table that adds up to them.
  await expect(page.getByRole('heading', { name: PROVINCE, level: 4 })).toBeVisible()
  await expect(
    page.getByText(/^当前统计：按现在的组织关系统计党员（正式党员和预备党员），年龄按 \d{4} 年 12 月 31 日计算。$/),
  ).toBeVisible()
  await expect(page.getByText(/^数据读取于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/)).toBeVisible()
  const children = page.getByRole('region', { name: '下级组织统计' })
  await expect(children.getByRole('link', { name: CITY })).toBeVisible()
  const provinceTotal = await summary(page, /^党员总数$/)
  const provinceOrgs = await summary(page, '党组织数')
  expect(provinceTotal).toBeGreaterThan(0)
  const province = await childrenTable(children)
  expect(province.rows.length).toBeGreaterThanOrEqual(14)
  expect(province.rows.reduce((n, r) => n + r.members, 0) + province.own).toBe(provinceTotal)
  expect(province.own).toBe(0)
  expect(province.total).toBe(provinceTotal)
  await page.waitForTimeout(500) // the charts' entry animation
  await page.screenshot({ path: 'test-results/screens/stats-province.png' })

  // Down to the city by its row: the figures become that row's, the breadcrumb leads back up.
  const city = province.rows.find((r) => r.name === CITY)!
  await children.getByRole('row').filter({ hasText: CITY }).getByRole('cell').nth(2).click()
  await expect(page).toHaveURL(/\/stats\?org=[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { name: CITY, level: 4 })).toBeVisible()
  const trail = page.getByRole('navigation', { name: '组织层级' })
  await expect(trail.getByRole('link', { name: PROVINCE })).toBeVisible()
  await expect(trail.getByText(CITY)).toBeVisible()
  await expect(children.getByRole('link', { name: '中共武汉市江岸区委员会' })).toBeVisible()
  expect(await summary(page, /^党员总数$/)).toBe(city.members)
  expect(await summary(page, '党组织数')).toBe(city.orgs)
  expect(city.orgs).toBeLessThan(provinceOrgs)
  const wuhan = await childrenTable(children)
  expect(wuhan.rows.reduce((n, r) => n + r.members, 0) + wuhan.own).toBe(city.members)

  // The place is in the URL: back goes up to the province, forward and a reload come back.
  await page.goBack()
  await expect(page.getByRole('heading', { name: PROVINCE, level: 4 })).toBeVisible()
  await page.goForward()
  await expect(page.getByRole('heading', { name: CITY, level: 4 })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: CITY, level: 4 })).toBeVisible()

  // Another population: the total is the count on its switch.
  const full = populationSwitch(page, '正式党员')
  const fullCount = count((await full.innerText()).replace('正式党员', ''))
  await full.click()
  await expect(page).toHaveURL(/population=full/)
  await expect(page.locator('.ant-statistic-header', { hasText: '正式党员总数' })).toBeVisible()
  expect(await summary(page, '正式党员总数')).toBe(fullCount)
  expect(fullCount).toBeLessThan(city.members)
  expect((await childrenTable(children)).total).toBe(fullCount)
  await expect(page.getByRole('columnheader', { name: '正式党员人数' }).first()).toBeVisible()

  // The workbook's overview sheet carries the same figures.
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: '导出 Excel' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${CITY}-统计-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`))
  const overview = await overviewSheet(download)
  expect(overview.get('党组织')).toBe(`${PROVINCE} / ${CITY}`)
  expect(overview.get('统计对象')).toBe('正式党员')
  expect(Number(overview.get('人数'))).toBe(fullCount)
  expect(Number(overview.get('正式党员'))).toBe(fullCount)
  const probationary = populationSwitch(page, '预备党员')
  expect(Number(overview.get('预备党员'))).toBe(count((await probationary.innerText()).replace('预备党员', '')))

  // The figures at the end of last year: members by their org relation on that day.
  await page.locator('label.ant-segmented-item').filter({ hasText: '年末' }).click()
  const lastYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) - 1
  await expect(page).toHaveURL(new RegExp(`asOf=${lastYear}-12-31`))
  await expect(
    page.getByText(
      `年末统计：按 ${lastYear} 年 12 月 31 日当天的正式组织关系统计正式党员，年龄按 ${lastYear} 年 12 月 31 日计算`,
    ),
  ).toBeVisible()
  await expect(page.getByText(/，按人员和组织的历史记录统计$/)).toBeVisible()
  await expect(page.getByRole('combobox', { name: '统计年度' })).toBeVisible()
  await page.locator('label.ant-segmented-item').filter({ hasText: '当前' }).click()
  await expect(page).not.toHaveURL(/asOf=/)

  // A phone: nothing wider than the screen, the charts shrink, the tables scroll inside themselves.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(page.getByRole('button', { name: '打开菜单' })).toBeVisible()
  await expect(page.getByRole('combobox', { name: '统计对象' })).toBeVisible()
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: '页面宽度不应超过手机屏幕' })
    .toBeLessThanOrEqual(390)
  const chartWidth = await page.getByRole('img', { name: /柱状图$/ }).evaluate((el) => el.getBoundingClientRect().width)
  expect(chartWidth).toBeLessThanOrEqual(390)
  await page.waitForTimeout(500)
  await page.screenshot({ path: 'test-results/screens/stats-phone.png' })
  await page.screenshot({ path: 'test-results/screens/stats-phone-full.png', fullPage: true })
})
