import { expect, test, type Locator, type Page } from '@playwright/test'
import { logIn } from './accounts.ts'

/** Clicks an option of the open antd Select dropdown, and waits until the dropdown has closed. */
async function pickOption(page: Page, text: string) {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
  const option = open
    .locator('.ant-select-item-option')
    .filter({ hasText: new RegExp(`^${text}`) })
    .first()
  await option.waitFor({ state: 'visible' })
  await option.click()
  await expect(open).toHaveCount(0)
}

async function chooseByTyping(select: Locator, text: string) {
  await select.click()
  await select.fill(text)
  await select.press('Enter')
}

/** GB 11643-1999 check character: weights 2^(17-i) mod 11, sum + check ≡ 1 (mod 11). */
function checkDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (2 ** (17 - i) % 11) * Number(first17[i])
  return '10X98765432'.charAt(sum % 11)
}

test('党组织管理员在新建的党支部登记党员：身份证号校验码错误时提示，保存后可按拼音首字母和单字查到', async ({ page }) => {
  await logIn(page, 'jiangan_org')

  // A fresh branch to register her in.
  await page.getByRole('menuitem', { name: '组织' }).click()
  await page.getByRole('tree').getByText('中共武汉市江岸区委员会').click()
  await page.getByRole('button', { name: '新建下级组织' }).click()
  const orgDialog = page.getByRole('dialog', { name: '新建下级组织' })
  const orgName = `江岸区党员测试第${Date.now() % 1000}党支部`
  await orgDialog.getByLabel('组织名称').fill(orgName)
  await orgDialog.getByLabel('组织类别').click()
  await pickOption(page, '党支部')
  await orgDialog.getByRole('button', { name: /创\s*建/ }).click()
  await expect(page.getByText(`已新建“${orgName}”`)).toBeVisible()

  // A woman born 1990-03-15 in 江岸区: the sequence's last digit is even.
  const first17 = `42010219900315${String(100 + (Date.now() % 400) * 2).padStart(3, '0')}`
  const right = checkDigit(first17)
  const wrong = right === '0' ? '1' : '0'

  await page.getByRole('menuitem', { name: '党员' }).click()
  await page.getByRole('button', { name: '新增党员' }).click()
  const dialog = page.getByRole('dialog', { name: '新增党员' })
  await dialog.getByLabel('姓名').fill('詹筱蕙')
  await dialog.getByLabel('身份证号').fill(first17 + wrong)
  await dialog.getByLabel('身份证号').blur()
  await expect(dialog.getByText(`身份证号校验码不正确（应为 ${right}）`)).toBeVisible()

  await dialog.getByLabel('身份证号').fill(first17 + right)
  await dialog.getByLabel('身份证号').blur()
  await expect(dialog.getByText('身份证号校验码不正确')).toHaveCount(0)
  await dialog.getByRole('button', { name: '根据身份证号填写出生日期和性别' }).click()
  await expect(dialog.getByLabel('出生日期')).toHaveValue('1990-03-15')

  // Searchable selects: type, then Enter picks the first match.
  await chooseByTyping(dialog.getByLabel('民族'), '汉族')
  await chooseByTyping(dialog.getByLabel('学历'), '大学本科')
  await dialog.getByLabel('所在组织').fill('党员测试第')
  await pickOption(page, orgName)
  await chooseByTyping(dialog.getByLabel('状态'), '入党申请人')
  await dialog.getByLabel('申请入党日期').fill('2024-03-01')
  await dialog.getByLabel('申请入党日期').press('Enter')
  await dialog.getByRole('button', { name: /新\s*增/ }).click()
  await expect(page.getByText('已新增“詹筱蕙”')).toBeVisible()
  await expect(page.getByText(`**************${(first17 + right).slice(-4)}`)).toBeVisible()

  // Found by pinyin initials and by one character of her name; the list shows the ID masked.
  await page.getByRole('menuitem', { name: '党员' }).click()
  const search = page.getByRole('searchbox', { name: '查找人员' }).or(page.getByLabel('查找人员')).first()
  await search.fill('zxh')
  await search.press('Enter')
  const row = page.getByRole('row').filter({ hasText: '詹筱蕙' })
  await expect(row).toBeVisible()
  await expect(row).toContainText(`**************${(first17 + right).slice(-4)}`)
  await expect(row).not.toContainText(first17)
  await expect(row).toContainText(orgName)

  await search.fill('蕙')
  await search.press('Enter')
  await expect(page.getByRole('row').filter({ hasText: '詹筱蕙' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/members-search.png' })

  // On a phone the table scrolls sideways and the form stacks.
  await page.setViewportSize({ width: 375, height: 740 })
  await page.screenshot({ path: 'test-results/screens/members-search-375.png' })
  await page.getByRole('link', { name: '詹筱蕙' }).click()
  await expect(page.getByRole('button', { name: '变更状态' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/member-detail-375.png', fullPage: true })
  await page.getByRole('button', { name: '变更状态' }).click()
  await expect(page.getByRole('dialog', { name: '变更状态' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/member-status-375.png' })
})
