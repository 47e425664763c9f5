import { expect, test } from '@playwright/test'
import { demoPassword, logIn } from './accounts.ts'

test('管理员登录，浏览组织树，打开一个组织，退出', async ({ page }) => {
  await logIn(page, 'admin')
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByText('系统管理员').first()).toBeVisible()
  await expect(page.getByText('中共湖北省委员会').first()).toBeVisible()

  await page.getByRole('menuitem', { name: '组织', exact: true }).click()
  const tree = page.getByRole('tree')
  await expect(tree.getByText('中共湖北省委员会')).toBeVisible()
  // Expand the province and open Wuhan.
  await tree.locator('.ant-tree-switcher').first().click()
  await tree.getByText('中共武汉市委员会').click()
  await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]{36}$/)
  await expect(page.getByText('4201').first()).toBeVisible()
  await expect(page.getByText('党委').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/orgs.png', fullPage: true })

  // A reload keeps the selected org (its id is in the URL).
  await page.reload()
  await expect(page.getByText('中共武汉市委员会').first()).toBeVisible()

  await page.getByText('退出登录').first().click()
  await expect(page).toHaveURL(/\/login$/)
  await page.goto('/orgs')
  await expect(page).toHaveURL(/\/login/)
})

test('连续五次输错密码后提示账号锁定，正确密码也无法登录', async ({ page }) => {
  for (let i = 0; i < 5; i++) {
    await logIn(page, 'jijian', `wrong-password-${i}`)
    await expect(page.getByRole('alert')).toBeVisible()
  }
  await expect(page.getByRole('alert')).toContainText('登录失败次数过多')
  await expect(page.getByRole('alert')).toContainText('15 分钟')
  await logIn(page, 'jijian', demoPassword('jijian'))
  await expect(page.getByRole('alert')).toContainText('登录失败次数过多')
  await expect(page).toHaveURL(/\/login/)
})

test('登录表单在浏览器内校验必填项', async ({ page }) => {
  await page.goto('/login')
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page.getByText('请填写登录名')).toBeVisible()
  await expect(page.getByText('请填写密码')).toBeVisible()
})
