import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, request, test, type Page } from '@playwright/test'
import { idNumberCheckDigit } from '@xianfeng/contract'
import { clockFile } from '../clock.ts'
import { demoPassword, logIn } from './accounts.ts'

const E2E_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.data')
const SCREENS = 'test-results/screens'

/** Sets the day for the server (its clock file) and for the browser (its fake clock). */
async function setDay(page: Page, day: string) {
  fs.writeFileSync(clockFile(E2E_DATA_DIR), day)
  await page.clock.setFixedTime(new Date(`${day}T10:00:00+08:00`))
}

let sequence = 400 + (Date.now() % 90)
const idNumber = (birthDate: string) => {
  const first17 = `420102${birthDate.replaceAll('-', '')}${String(sequence++ * 2 + 1).padStart(3, '0')}`
  return first17 + idNumberCheckDigit(first17)
}

async function session(baseURL: string, loginName: string, password = demoPassword(loginName)) {
  const ctx = await request.newContext({ baseURL })
  const res = await ctx.post('/api/auth/login', { data: { loginName, password } })
  expect(res.status(), await res.text()).toBe(200)
  const me = ((await res.json()) as { me: { csrfToken: string; currentGrant: { orgId: string } } }).me
  const call = async <T>(method: string, url: string, data?: object): Promise<T> => {
    const r = await ctx.fetch(url, { method, headers: { 'x-csrf-token': me.csrfToken }, ...(data && { data }) })
    expect(r.status(), `${method} ${url}: ${await r.text()}`).toBeLessThan(300)
    return (await r.json()) as T
  }
  return { ctx, call, grantOrgId: me.currentGrant.orgId }
}

/** Clicks an option of the open antd Select dropdown. */
async function pickOption(page: Page, text: string) {
  const option = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: text })
    .first()
  await option.waitFor({ state: 'visible' })
  await option.click()
}

test.afterAll(() => fs.rmSync(clockFile(E2E_DATA_DIR), { force: true }))

test('组织关系转接：江岸区的党员转往宜昌市西陵区的党支部，信息不全时拒绝并指出缺项，对方在待办中看到并接收，党员随之转入', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000)
  fs.mkdirSync(SCREENS, { recursive: true })
  await setDay(page, '2026-03-02')
  const tag = String(Date.now() % 100000)

  // The origin: a branch of 江岸区 with two members, one of them without a phone number
  const jiangan = await session(baseURL!, 'jiangan_org')
  const fromBranch = (
    await jiangan.call<{ org: { id: string; name: string } }>('POST', '/api/orgs', {
      parentId: jiangan.grantOrgId,
      name: `转出测试党支部${tag}`,
      kind: 'branch',
      level: 'grassroots',
    })
  ).org
  const member = async (name: string, phone?: string) =>
    (
      await jiangan.call<{ member: { personId: string } }>('POST', '/api/members', {
        orgId: fromBranch.id,
        name,
        gender: '1',
        ethnicity: '01',
        birthDate: '1990-05-06',
        idNumber: idNumber('1990-05-06'),
        education: '20',
        ...(phone && { phone }),
        status: 'full',
        appliedOn: '2012-03-01',
        activistOn: '2013-03-01',
        candidateOn: '2014-03-01',
        admittedOn: '2015-03-01',
        fullOn: '2016-03-01',
      })
    ).member.personId
  const moving = `转接${tag}`
  const incomplete = `缺项${tag}`
  const movingId = await member(moving, '13912345678')
  await member(incomplete)

  // The destination: a branch of 西陵区 (宜昌) and an officer of that county, made by the province
  const province = await session(baseURL!, 'hubei_org')
  const counties = await province.call<{ items: { id: string; name: string; level: string }[] }>(
    'GET',
    `/api/orgs?q=${encodeURIComponent('西陵区')}&limit=10`,
  )
  const xiling = counties.items.find((o) => o.level === 'county')!
  const toBranch = (
    await province.call<{ org: { id: string; name: string } }>('POST', '/api/orgs', {
      parentId: xiling.id,
      name: `接收测试党支部${tag}`,
      kind: 'branch',
      level: 'grassroots',
    })
  ).org
  const roles = await province.call<{ items: { id: string; code: string }[] }>('GET', '/api/roles')
  const loginName = `xiling_${tag}`
  const created = await province.call<{ initialPassword: string }>('POST', '/api/users', {
    loginName,
    displayName: '西陵区委组织部 周静',
    roleId: roles.items.find((r) => r.code === 'org_admin')!.id,
    orgId: xiling.id,
  })
  const password = `Xiling-${tag}-transfer`
  const first = await session(baseURL!, loginName, created.initialPassword)
  await first.call('POST', '/api/auth/password', { currentPassword: created.initialPassword, newPassword: password })

  // 江岸区 starts the transfer in the register
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '组织关系转接' }).click()
  await expect(page.getByRole('tab', { name: '转出' })).toBeVisible()
  await page.getByRole('button', { name: '开具介绍信' }).click()
  const dialog = page.getByRole('dialog', { name: '开具组织关系介绍信' })
  await dialog.getByLabel('所在党组织').fill(fromBranch.name)
  await pickOption(page, fromBranch.name)
  await dialog.getByLabel('党员').fill(incomplete)
  await pickOption(page, incomplete)
  await dialog.getByLabel('转接原因').click()
  await pickOption(page, '工作单位变动')
  // bad input: no destination
  await dialog.getByRole('button', { name: /^开\s*具$/ }).click()
  await expect(dialog.getByText('转往本平台内的组织，请选择接收党组织')).toBeVisible()
  await dialog.getByLabel('接收党组织').fill('接收测试党支部')
  await pickOption(page, toBranch.name)
  // the record lacks a phone number: nothing leaves, and the field is named
  await dialog.getByRole('button', { name: /^开\s*具$/ }).click()
  await expect(dialog.getByText(`${incomplete}的党员信息不完整，补全后才能转出：缺少手机号`)).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/transfer-incomplete.png` })
  await dialog.getByLabel('党员').fill(moving)
  await pickOption(page, moving)
  await dialog.getByRole('button', { name: /^开\s*具$/ }).click()
  await expect(dialog).toHaveCount(0)
  const row = page.getByRole('row').filter({ hasText: moving })
  await expect(row.getByText('待接收')).toBeVisible()
  await expect(row.getByText('2026-06-02')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/transfer-register-outgoing.png`, fullPage: true })
  const [letter] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: '介绍信' }).click()])
  expect(letter.suggestedFilename()).toMatch(/组织关系介绍信.*\.pdf$/)

  // until received, the member is still on 江岸区's roll
  const before = await jiangan.call<{ member: { org: { id: string } } }>('GET', `/api/members/${movingId}`)
  expect(before.member.org.id).toBe(fromBranch.id)

  // 西陵区 sees it on the home page's to-do list and receives it
  await setDay(page, '2026-03-09')
  await page.getByText('退出登录').first().click()
  await logIn(page, loginName, password)
  const todo = page.getByRole('region', { name: '组织关系转接待办' }).or(page.locator('[aria-label="组织关系转接待办"]')).first()
  await expect(todo.getByText(`接收或退回${moving}的组织关系`)).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/transfer-home-todo.png`, fullPage: true })
  await page.getByRole('menuitem', { name: '组织关系转接' }).click()
  await page.getByRole('tab', { name: '转入' }).click()
  const incoming = page.getByRole('row').filter({ hasText: moving })
  await incoming.getByRole('button', { name: '接收' }).click()
  const receive = page.getByRole('dialog', { name: '接收组织关系' })
  await expect(receive.getByLabel('接收日期')).toHaveValue('2026-03-09')
  await page.screenshot({ path: `${SCREENS}/transfer-receive.png` })
  await receive.getByRole('button', { name: /^接\s*收$/ }).click()
  await expect(receive).toHaveCount(0)
  await expect(incoming.getByText('已接收')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/transfer-register-incoming.png`, fullPage: true })

  // the member is now with the 西陵区 branch, with both periods in the org history
  const xilingApi = await session(baseURL!, loginName, password)
  const after = await xilingApi.call<{ member: { org: { id: string }; orgHistory: { org: { id: string } }[] } }>(
    'GET',
    `/api/members/${movingId}`,
  )
  expect(after.member.org.id).toBe(toBranch.id)
  expect(after.member.orgHistory.map((h) => h.org.id)).toEqual(expect.arrayContaining([fromBranch.id, toBranch.id]))
  for (const c of [jiangan, province, first, xilingApi]) await c.ctx.dispose()
})
