import { expect, test } from '@playwright/test'
import { logIn } from './accounts.ts'

test('手机宽度下可以登录并通过抽屉菜单打开组织页', async ({ page }) => {
  await logIn(page, 'jiangan_org')
  await expect(page.getByText('中共武汉市江岸区委员会').first()).toBeVisible()
  await expect(page.getByText('加载中')).toHaveCount(0)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(375)
  await page.screenshot({ path: 'test-results/screens/phone-home.png', fullPage: true })

  await page.getByRole('button', { name: '打开菜单' }).click()
  await page.getByRole('menuitem', { name: '组织', exact: true }).click()
  await expect(page.getByRole('tree').getByText('中共武汉市江岸区委员会')).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  await page.screenshot({ path: 'test-results/screens/phone-orgs.png', fullPage: true })
})
