import { expect, test, type Page } from '@playwright/test'
import { logIn } from './accounts.ts'

/** GB 11643-1999 check character: weights 2^(17-i) mod 11, sum + check ≡ 1 (mod 11). */
function checkDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (2 ** (17 - i) % 11) * Number(first17[i])
  return '10X98765432'.charAt(sum % 11)
}

/** The API in the logged-in page's session, for setting up what the test is not about. */
async function apiIn(page: Page) {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { me: { csrfToken: string } }
  return async <T>(url: string, data: object): Promise<T> => {
    const res = await page.request.post(url, { data, headers: { 'x-csrf-token': me.me.csrfToken } })
    expect(res.ok(), await res.text()).toBe(true)
    return (await res.json()) as T
  }
}

test('党组织管理员把一个党支部并入另一个：党员和党小组一并转入，原支部撤销，组织关系记录保留合并前的归属', async ({ page }) => {
  await logIn(page, 'jiangan_org')
  await expect(page.getByRole('menuitem', { name: '组织', exact: true })).toBeVisible()
  const post = await apiIn(page)
  const tag = Date.now() % 100_000
  const { items } = (await (await page.request.get('/api/orgs/tree')).json()) as { items: { id: string }[] }
  const district = items[0]!.id
  type Created = { org: { id: string; name: string } }
  const branch = (name: string, parentId = district, kind = 'branch') =>
    post<Created>('/api/orgs', { parentId, name, kind, level: 'grassroots', establishedOn: '2015-07-01' })
  const source = (await branch(`江岸区合并测试甲${tag}党支部`)).org
  const target = (await branch(`江岸区合并测试乙${tag}党支部`)).org
  await branch(`甲支部第一党小组${tag}`, source.id, 'party_cell')
  const people = ['欧阳合并', '司马合并']
  for (const [i, name] of people.entries()) {
    const first17 = `42010219950${i + 3}12${String(200 + (tag % 300) * 2 + i)
      .padStart(3, '0')
      .slice(-3)}`
    await post('/api/members', {
      orgId: source.id,
      status: 'applicant',
      appliedOn: '2024-03-01',
      name,
      gender: Number(first17[16]) % 2 === 1 ? '1' : '2',
      ethnicity: '01',
      birthDate: `1995-0${i + 3}-12`,
      idNumber: first17 + checkDigit(first17),
      education: '20',
    })
  }

  // The dissolve dialog says the branch still holds people and asks where they go.
  await page.goto(`/orgs/${source.id}`)
  await page.getByRole('button', { name: '撤销', exact: true }).click()
  const dissolve = page.getByRole('dialog', { name: '撤销组织' })
  await expect(dissolve.getByText('本组织还有 2 名党员和入党申请人，须选择接收组织')).toBeVisible()
  await dissolve.getByLabel('撤销原因').fill('单位注销')
  await dissolve.getByRole('button', { name: '确定' }).click()
  await expect(dissolve.getByText('请选择接收组织')).toBeVisible()
  await dissolve.screenshot({ path: '/tmp/orgops-shots/dissolve-dialog.png' })
  await dissolve.getByRole('button', { name: /取\s*消/ }).click()
  await expect(dissolve).toHaveCount(0)

  // Merge it into the other branch.
  await page.getByRole('button', { name: '合并', exact: true }).click()
  const merge = page.getByRole('dialog', { name: '合并支部' })
  await expect(merge.getByText(/合并后本支部撤销/)).toBeVisible()
  // Not into itself: the field says so before anything is sent.
  await merge.getByLabel('并入的支部').fill(source.name)
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: source.name }).first().click()
  await expect(merge.getByText('不能并入自己')).toBeVisible()
  await merge.getByLabel('并入的支部').fill(target.name)
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: target.name }).first().click()
  await expect(merge.getByText('不能并入自己')).toHaveCount(0)
  await merge.getByLabel('文号').fill('江组字〔2026〕12号')
  await expect(merge.getByText(`将把“${source.name}”并入“${target.name}”，并撤销“${source.name}”`)).toBeVisible()
  await expect(merge.getByText(`2 名党员和入党申请人的组织关系转入“${target.name}”`)).toBeVisible()
  await merge.screenshot({ path: '/tmp/orgops-shots/merge-dialog.png' })
  await merge.getByRole('button', { name: '合并', exact: true }).click()

  await expect(page.getByText(`已将“${source.name}”并入“${target.name}”，转入 2 名党员和入党申请人`)).toBeVisible()
  // Now on the target: it holds the party cell and the people.
  await expect(page).toHaveURL(new RegExp(`/orgs/${target.id}`))
  await page.getByRole('tab', { name: '下级组织' }).click()
  await expect(page.getByText(`甲支部第一党小组${tag}`)).toBeVisible()
  await page.getByRole('tab', { name: '党员' }).click()
  for (const name of people) await expect(page.getByText(name)).toBeVisible()
  await page.screenshot({ path: '/tmp/orgops-shots/merge-target.png', fullPage: true })

  // The member's org history: the source until the merge day, then the target, with reason and document.
  await page.getByText(people[0]!).click()
  const history = page.locator('.ant-card').filter({ hasText: '组织关系记录' })
  await expect(history.getByText(source.name)).toBeVisible()
  await expect(history.getByText('支部合并')).toBeVisible()
  await expect(history.getByText('江组字〔2026〕12号')).toBeVisible()
  await page.screenshot({ path: '/tmp/orgops-shots/merge-member-history.png', fullPage: true })

  // The source is dissolved and says where it went.
  await page.goto(`/orgs/${source.id}`)
  await expect(page.getByText(`并入“${target.name}”（江组字〔2026〕12号）`).first()).toBeVisible()
  await expect(page.getByRole('button', { name: '合并', exact: true })).toHaveCount(0)
  await page.getByRole('tab', { name: '变更记录' }).click()
  const log = page.getByRole('tabpanel')
  await expect(log.getByText('合并支部').first()).toBeVisible()
  await expect(log.getByText(target.name).first()).toBeVisible()
  await expect(log.getByText('转出党员和入党申请人数')).toBeVisible()
  await page.screenshot({ path: '/tmp/orgops-shots/merge-change-log.png', fullPage: true })
})
