import { expect, test, type Page } from '@playwright/test'
import { logIn } from './accounts.ts'

/** Clicks an option of the open antd Select dropdown. */
const pickOption = (page: Page, text: string) =>
  page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${text}`) })
    .first()
    .click()

test('组织部门管理员新建账号，新账号用一次性密码登录后必须先改密码', async ({ page }) => {
  const loginName = `e2e_${Date.now().toString(36)}`
  await logIn(page, 'wuhan_org')
  await page.getByRole('menuitem', { name: '账号与授权' }).click()
  await page.getByRole('button', { name: '新建账号' }).click()
  const dialog = page.getByRole('dialog', { name: '新建账号' })

  // The browser checks the same schema as the server before anything is sent.
  await dialog.getByLabel('登录名').fill('张三丰')
  await dialog.getByRole('button', { name: /确\s*定|创\s*建|保\s*存/ }).click()
  await expect(dialog.getByText('登录名只能包含英文字母、数字、点、下划线和短横线')).toBeVisible()

  await dialog.getByLabel('登录名').fill(loginName)
  await dialog.getByLabel('姓名').fill('江岸区党员 周一')
  await dialog.getByLabel('角色').click()
  await pickOption(page, '普通党员')
  await dialog.getByLabel('授权组织').fill('江岸')
  await pickOption(page, '中共武汉市江岸区委员会')
  await dialog.getByRole('button', { name: /确\s*定|创\s*建|保\s*存/ }).click()

  const secret = page.getByRole('dialog').filter({ hasText: '只显示这一次' })
  await expect(secret).toBeVisible()
  const password = (await secret.locator('code').first().innerText()).trim()
  expect(password.length).toBeGreaterThanOrEqual(10)
  await page.screenshot({ path: 'test-results/screens/account-created.png' })
  await secret.getByRole('button', { name: '我已记下' }).click()
  await expect(page.getByRole('cell', { name: loginName, exact: true }).first()).toBeVisible()

  await page.getByText('退出登录').first().click()
  await logIn(page, loginName, password)
  await expect(page.getByText('请先修改密码')).toBeVisible()
  await page.getByLabel('当前密码').fill(password)
  await page.getByLabel('新密码').fill('password123')
  await page.getByLabel('确认密码').fill('password123')
  await page.getByRole('button', { name: '确认修改' }).click()
  await expect(page.getByText('这个密码太常见，容易被猜中，请换一个').first()).toBeVisible()
  const fresh = `Jiangan-${Date.now()}`
  await page.getByLabel('新密码').fill(fresh)
  await page.getByLabel('确认密码').fill(fresh)
  await page.getByRole('button', { name: '确认修改' }).click()
  await expect(page.getByText('江岸区党员 周一').first()).toBeVisible()
  await expect(page.getByText('请先修改密码')).toHaveCount(0)
})

test('在组织树中新建下级党支部，名称过短时显示中文提示', async ({ page }) => {
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '组织', exact: true }).click()
  await page.getByRole('tree').getByText('中共武汉市江岸区委员会').click()
  await page.getByRole('button', { name: '新建下级组织' }).click()
  const dialog = page.getByRole('dialog', { name: '新建下级组织' })
  await dialog.getByLabel('组织名称').fill('甲')
  await dialog.getByRole('button', { name: /创\s*建/ }).click()
  await expect(dialog.getByText('组织名称至少 2 个字符')).toBeVisible()
  const name = `江岸区测试第${Date.now() % 1000}党支部`
  await dialog.getByLabel('组织名称').fill(name)
  await dialog.getByLabel('组织类别').click()
  await pickOption(page, '党支部')
  await dialog.getByRole('button', { name: /创\s*建/ }).click()
  await expect(page.getByText(`已新建“${name}”`)).toBeVisible()
  await expect(page.getByRole('tree').getByText(name)).toBeVisible()

  // The new branch is selected: dissolve it, which needs a reason.
  await page.getByRole('tree').getByText(name).click()
  await page.getByRole('button', { name: '撤销', exact: true }).click()
  const dissolve = page.getByRole('dialog', { name: '撤销组织' })
  await dissolve.getByRole('button', { name: '确定' }).click()
  await expect(dissolve.getByText('请填写撤销原因')).toBeVisible()
  await dissolve.getByLabel('撤销原因').fill('所在单位注销')
  await dissolve.getByRole('button', { name: '确定' }).click()
  await expect(page.getByText(`已撤销“${name}”`)).toBeVisible()
  await expect(page.getByText('所在单位注销').first()).toBeVisible()
  await expect(page.getByRole('button', { name: '撤销', exact: true })).toHaveCount(0)
  await page.screenshot({ path: 'test-results/screens/org-dissolved.png' })
})
