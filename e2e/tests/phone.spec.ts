import { expect, test } from '@playwright/test'
import { logIn } from './accounts.ts'

test('手机宽度下可以登录并通过抽屉菜单打开组织页', async ({ page }) => {
  await logIn(page, 'jiangan_org')
  await expect(page.getByText('中共武汉市江岸区委员会').first()).toBeVisible()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(375)
  await page.screenshot({ path: 'test-results/screens/phone-home.png', fullPage: true })
})
