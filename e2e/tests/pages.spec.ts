import { expect, test } from '@playwright/test'
import { logIn } from './accounts.ts'

test('组织部门管理员只看到本市范围，菜单按权限显示', async ({ page }) => {
  await logIn(page, 'wuhan_org')
  await expect(page.getByText('中共武汉市委员会').first()).toBeVisible()
  await expect(page.getByRole('menuitem', { name: '账号与授权' })).toBeVisible()
  await expect(page.getByRole('menuitem', { name: '审计日志' })).toBeVisible()
  await page.getByRole('menuitem', { name: '组织', exact: true }).click()
  const tree = page.getByRole('tree')
  await expect(tree.getByText('中共武汉市委员会')).toBeVisible()
  await expect(tree.getByText('中共湖北省委员会')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/screens/home-wuhan.png', fullPage: true })
})

test('审计员只能使用审计日志，并能校验哈希链', async ({ page }) => {
  await logIn(page, 'auditor')
  await expect(page.getByRole('menuitem', { name: '审计日志' })).toBeVisible()
  await expect(page.getByRole('menuitem', { name: '组织', exact: true })).toHaveCount(0)
  await page.getByRole('menuitem', { name: '审计日志' }).click()
  await expect(page.getByText('登录成功').first()).toBeVisible()
  await page.getByRole('button', { name: '校验完整性' }).click()
  await expect(page.getByText(/哈希链完整/)).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/audit.png', fullPage: true })
})

test('API 文档页可以打开', async ({ page }) => {
  await page.goto('/api/docs')
  await expect(page.getByText('先锋 Xianfeng 党建管理信息系统 API')).toBeVisible()
  await expect(page.getByText('/api/orgs/tree').first()).toBeVisible()
})

test('组织的预警页列出不符合支部设置规定的党支部，并注明依据', async ({ page }) => {
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '组织', exact: true }).click()
  await page.getByRole('tree').getByText('中共武汉市江岸区委员会').click()
  await page.getByRole('tab', { name: '预警' }).click()
  await expect(page.getByText(/已检查本组织及下级的 \d+ 个党组织（其中党支部 \d+ 个）.*发现 \d+ 条预警/)).toBeVisible()
  await expect(page.getByText(/超过 50 人/).first()).toBeVisible()
  await expect(page.getByText(/不足 3 人/).first()).toBeVisible()
  await expect(page.getByText('依据：《中国共产党支部工作条例（试行）》第四条', { exact: false }).first()).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/org-warnings.png' })
})

test('组织树可查看过去某日终了时的状态：演示组织树从各组织的成立日期算起', async ({ page }) => {
  await logIn(page, 'jiangan_org')
  await expect(page.getByRole('menuitem', { name: '组织', exact: true })).toBeVisible()
  await page.goto('/orgs?asOf=2025-12-31')
  await expect(page.getByText('正在查看 2025-12-31 终了时的组织树')).toBeVisible()
  const tree = page.getByRole('tree')
  await expect(tree.getByText('中共武汉市江岸区委员会')).toBeVisible()
  await tree
    .locator('.ant-tree-treenode')
    .filter({ hasText: '中共武汉市江岸区委员会' })
    .locator('.ant-tree-switcher')
    .first()
    .click()
  await expect(tree.getByText('中共大智街道委员会')).toBeVisible()
  // Before the district committee was established there is nothing to show.
  await page.goto('/orgs?asOf=1949-09-30')
  await expect(page.getByText('1949-09-30 终了时授权范围内还没有组织')).toBeVisible()
})
