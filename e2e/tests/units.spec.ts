import { creditCodeCheckChar } from '@xianfeng/contract'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { logIn } from './accounts.ts'

/** Clicks an option of the open antd Select dropdown. */
const pickOption = (page: Page, text: string) =>
  page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${text}`) })
    .first()
    .click()

/** `党组织覆盖率 50%（1 / 2）` → covered and units. */
async function overall(page: Page): Promise<{ covered: number; units: number }> {
  const text = await page.getByText(/^党组织覆盖率/).innerText()
  const match = /（([\d,]+) \/ ([\d,]+)）/.exec(text)
  if (!match) throw new Error(`unexpected coverage line: ${text}`)
  return { covered: Number(match[1]!.replace(/,/g, '')), units: Number(match[2]!.replace(/,/g, '')) }
}

/** `1 / 2（50%）` of a type card's 已建立党组织. */
async function typeCovered(card: Locator): Promise<{ covered: number; units: number }> {
  const text = await card.getByText(/^[\d,]+ \/ [\d,]+（/).innerText()
  const [covered, units] = text
    .split('（')[0]!
    .split('/')
    .map((s) => Number(s.trim().replace(/,/g, '')))
  return { covered: covered!, units: units! }
}

test('党组织管理员登记新领域单位：校验位错误时字段提示应为的校验位，改正后单位列为未覆盖并计入覆盖率', async ({ page }) => {
  const name = `江岸区测试商贸有限公司${Date.now() % 100000}`
  const prefix = `91420102${String(Date.now()).slice(-9)}`
  const check = creditCodeCheckChar(prefix)
  const wrong = prefix + (check === '0' ? '1' : '0')

  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '新领域单位' }).click()
  await expect(page.getByText(/^党组织覆盖率/)).toBeVisible()
  const card = page.getByRole('region', { name: '非公有制企业覆盖情况' })
  const before = await overall(page)
  const beforeType = await typeCovered(card)

  await page.getByRole('button', { name: '登记单位' }).click()
  const dialog = page.getByRole('dialog', { name: '登记单位' })
  await dialog.getByLabel('单位名称').fill(name)
  // Lower case is accepted (the contract upper-cases the code); the check character is what is wrong.
  await dialog.getByLabel('统一社会信用代码').fill(wrong.toLowerCase())
  await dialog.getByRole('button', { name: '登记', exact: true }).click()
  await expect(dialog.getByText(`统一社会信用代码校验位不正确（应为 ${check}）`)).toBeVisible()

  await dialog.getByLabel('统一社会信用代码').fill(prefix + check)
  await expect(dialog.getByText('统一社会信用代码校验位不正确')).toHaveCount(0)
  await dialog.getByLabel('单位类型').click()
  await pickOption(page, '非公有制企业')
  await dialog.getByLabel('属地党组织').fill('江岸')
  await pickOption(page, '中共武汉市江岸区委员会')
  await dialog.getByLabel('从业人员数').fill('12')
  await dialog.getByLabel('已选派党建工作指导员').click()
  await dialog.getByLabel('党建工作指导员', { exact: true }).fill('王建国')
  await dialog.getByRole('button', { name: '登记', exact: true }).click()
  await expect(page.getByText(`已登记“${name}”`)).toBeVisible()
  await expect(dialog).toBeHidden()

  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row.getByText('未覆盖')).toBeVisible()
  await expect(row.getByText(prefix + check)).toBeVisible()
  await expect(row.getByText('王建国')).toBeVisible()

  // The coverage cards count the new unit: one more unit, no more covered.
  await expect.poll(() => overall(page)).toEqual({ covered: before.covered, units: before.units + 1 })
  await expect.poll(() => typeCovered(card)).toEqual({ covered: beforeType.covered, units: beforeType.units + 1 })

  // The 未覆盖 filter lists it.
  await page.getByRole('radiogroup').getByText('未覆盖').click()
  await expect(page.getByRole('row').filter({ hasText: name })).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/unit-registered.png', fullPage: true })
})
