import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, request, test, type Locator, type Page } from '@playwright/test'
import { clockFile } from '../clock.ts'
import { demoPassword, logIn } from './accounts.ts'

const E2E_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.data')
const SCREENS = 'test-results/screens'

/** Sets the day for the server (its clock file) and for the browser (its fake clock). */
async function setDay(page: Page, day: string) {
  fs.writeFileSync(clockFile(E2E_DATA_DIR), day)
  await page.clock.setFixedTime(new Date(`${day}T10:00:00+08:00`))
}

async function session(baseURL: string, loginName: string) {
  const ctx = await request.newContext({ baseURL })
  const res = await ctx.post('/api/auth/login', { data: { loginName, password: demoPassword(loginName) } })
  expect(res.status(), await res.text()).toBe(200)
  const me = ((await res.json()) as { me: { csrfToken: string; currentGrant: { orgId: string } } }).me
  const call = async <T>(method: string, url: string, data?: object): Promise<T> => {
    const r = await ctx.fetch(url, { method, headers: { 'x-csrf-token': me.csrfToken }, ...(data && { data }) })
    expect(r.status(), `${method} ${url}: ${await r.text()}`).toBeLessThan(300)
    return (await r.json()) as T
  }
  return { ctx, call, grantOrgId: me.currentGrant.orgId }
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true })

/** Submits a dialog and expects the refusal, naming the field, in it. */
async function refused(dialog: Locator, button: RegExp, text: string | RegExp) {
  await dialog.getByRole('button', { name: button }).click()
  await expect(dialog.getByText(text).first()).toBeVisible()
}

/** Opens a page of the 流动党员 menu group as a user does. */
async function openMenu(page: Page, label: string) {
  const group = page.getByRole('menuitem', { name: '流动党员' })
  await expect(group).toBeVisible()
  if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click()
  await expect(group).toHaveAttribute('aria-expanded', 'true')
  await page.getByRole('menuitem', { name: label }).click()
}

async function logOut(page: Page) {
  await page.getByText('退出登录').first().click()
  await expect(page.getByLabel('登录名')).toBeVisible()
}

test.beforeAll(() => fs.mkdirSync(SCREENS, { recursive: true }))
test.afterAll(() => fs.rmSync(clockFile(E2E_DATA_DIR), { force: true }))

test('年度流动党员工作报告逐级上报：江岸区报武汉市（被退回后重报），武汉市汇总所辖各区报省，省里看到各市状态', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000)
  await setDay(page, '2026-12-18')

  // The other districts of 武汉 write and submit theirs (the city's scope covers them)
  const wuhan = await session(baseURL!, 'wuhan_org')
  const overview = await wuhan.call<{ below: { id: string | null; org: { id: string; name: string } }[] }>(
    'GET',
    '/api/oversight/reports?year=2026',
  )
  const districts = overview.below.filter((b) => b.org.name !== '中共武汉市江岸区委员会')
  expect(districts.length).toBeGreaterThan(5)
  for (const d of districts) {
    const { report } = await wuhan.call<{ report: { id: string } }>('PUT', '/api/oversight/reports', {
      orgId: d.org.id,
      year: 2026,
      narrative: `${d.org.name}流动党员管理工作情况`,
    })
    await wuhan.call('POST', `/api/oversight/reports/${report.id}/submit`)
  }

  // 江岸区 writes its text; submitting without it is refused naming the field
  await logIn(page, 'jiangan_org')
  await openMenu(page, '年度工作报告')
  const own = page.locator('.ant-card').filter({ hasText: '本级报告：中共武汉市江岸区委员会（县级）2026 年度' })
  await expect(own.getByText('未开始')).toBeVisible()
  await expect(own.getByText('2026-12-20（注册表默认值）')).toBeVisible()
  await own.getByRole('button', { name: '撰写工作情况' }).click()
  let dialog = page.getByRole('dialog', { name: /江岸区委员会 2026 年度流动党员管理工作情况/ })
  await refused(dialog, /保存草稿/, '请填写工作情况')
  await shot(page, 'oversight-report-county-refused')
  await dialog.getByLabel('工作情况').fill('本区流动党员实行“双联双管”，全年与外出党员逐一联系。')
  await dialog.getByRole('button', { name: '保存草稿' }).click()
  await expect(dialog).toHaveCount(0)
  await own.getByRole('button', { name: '提交中共武汉市委员会' }).click()
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^提\s*交$/ })
    .click()
  await expect(own.getByText('已提交', { exact: true })).toBeVisible()
  await expect(own.getByText('数字（2026-12-18 提交时定格）')).toBeVisible()
  await expect(own.getByText('本年登记外出的党员')).toBeVisible()
  await shot(page, 'oversight-report-county-submitted')
  await logOut(page)

  // 武汉市 sees every district's status and returns 江岸区's with a reason
  await logIn(page, 'wuhan_org')
  await openMenu(page, '年度工作报告')
  const below = page.locator('.ant-card').filter({ hasText: '报到中共武汉市委员会的下一级报告' })
  const jianganRow = below.getByRole('row').filter({ hasText: '中共武汉市江岸区委员会' })
  await expect(jianganRow.getByText('已提交')).toBeVisible()
  await jianganRow.getByRole('button', { name: /^退\s*回$/ }).click()
  dialog = page.getByRole('dialog', { name: /退回中共武汉市江岸区委员会的 2026 年度报告/ })
  await refused(dialog, /^退\s*回$/, '请填写退回原因')
  await dialog.getByLabel('退回原因').fill('请补充外出党员联系情况')
  await dialog.getByRole('button', { name: /^退\s*回$/ }).click()
  await expect(dialog).toHaveCount(0)
  await expect(jianganRow.getByText('已退回')).toBeVisible()
  // the city cannot submit while 江岸区's is out: the message names it
  const cityCard = page.locator('.ant-card').filter({ hasText: '本级报告：中共武汉市委员会（市级）2026 年度' })
  await expect(cityCard.getByText(/尚有 1 个县（市、区）的报告未提交：中共武汉市江岸区委员会/)).toBeVisible()
  await cityCard.getByRole('button', { name: '撰写工作情况' }).click()
  dialog = page.getByRole('dialog', { name: /武汉市委员会 2026 年度流动党员管理工作情况/ })
  await dialog.getByLabel('工作情况').fill('全市流动党员管理工作总体情况。')
  await dialog.getByRole('button', { name: '保存草稿' }).click()
  await expect(dialog).toHaveCount(0)
  await cityCard.getByRole('button', { name: '提交中共湖北省委员会' }).click()
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^提\s*交$/ })
    .click()
  await expect(page.getByText(/尚有 1 个县（市、区）的 2026 年度报告未提交：中共武汉市江岸区委员会/)).toBeVisible()
  await shot(page, 'oversight-report-city-returned-county')
  await logOut(page)

  // 江岸区 sees why, amends and submits again
  await logIn(page, 'jiangan_org')
  await openMenu(page, '年度工作报告')
  await expect(own.getByText('已被中共武汉市委员会退回：请补充外出党员联系情况')).toBeVisible()
  await own.getByRole('button', { name: '修改工作情况' }).click()
  dialog = page.getByRole('dialog', { name: /江岸区委员会 2026 年度流动党员管理工作情况/ })
  await dialog.getByLabel('工作情况').fill('本区流动党员实行“双联双管”，全年与外出党员逐一联系，联系情况见台账。')
  await dialog.getByRole('button', { name: '保存草稿' }).click()
  await expect(dialog).toHaveCount(0)
  await own.getByRole('button', { name: '提交中共武汉市委员会' }).click()
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^提\s*交$/ })
    .click()
  await expect(own.getByText('已提交', { exact: true })).toBeVisible()
  await logOut(page)

  // 武汉市 now rolls its districts up and submits to the province
  await logIn(page, 'wuhan_org')
  await openMenu(page, '年度工作报告')
  await expect(cityCard.getByText(/尚有 .* 个县（市、区）的报告未提交/)).toHaveCount(0)
  await cityCard.getByRole('button', { name: '提交中共湖北省委员会' }).click()
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^提\s*交$/ })
    .click()
  await expect(cityCard.getByText('已提交', { exact: true })).toBeVisible()
  // the frozen figures carry each district's column beside the total
  await expect(cityCard.getByRole('columnheader', { name: '合计' })).toBeVisible()
  await expect(cityCard.getByRole('columnheader', { name: '中共武汉市江岸区委员会' })).toBeVisible()
  await shot(page, 'oversight-report-city-submitted')
  await logOut(page)

  // The province, after the cities' due day: 武汉市 submitted, the others overdue
  await setDay(page, '2027-01-05')
  await logIn(page, 'hubei_org')
  await openMenu(page, '年度工作报告')
  await page.getByLabel('年度').click()
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText('2026 年度').click()
  const cities = page.locator('.ant-card').filter({ hasText: '报到中共湖北省委员会的下一级报告' })
  await expect(cities.getByRole('row').filter({ hasText: '中共武汉市委员会' }).getByText('已提交')).toBeVisible()
  await expect(cities.getByRole('row').filter({ hasText: '中共宜昌市委员会' }).getByText('逾期未报')).toBeVisible()
  await expect(cities.getByText(/已提交的 1 \/ \d+ 份合计/)).toBeVisible()
  await shot(page, 'oversight-report-province')
  await wuhan.ctx.dispose()
})

test('省委组织部抽查：以记录的种子抽取县（市、区），同一种子再抽得到同样的样本；指派检查人、登记问题、整改到销号', async ({
  page,
}) => {
  test.setTimeout(180_000)
  await setDay(page, '2027-01-05')
  await logIn(page, 'hubei_org')
  await openMenu(page, '抽查与整改')
  await page.getByRole('button', { name: '抽取样本' }).click()
  let dialog = page.getByRole('dialog', { name: '抽取流动党员工作抽查样本' })
  await dialog.getByLabel('抽查名称').fill('')
  await dialog.getByLabel('随机种子').fill('2026 抽查')
  await dialog.getByLabel('抽查县（市、区）数').fill('999')
  await dialog.getByRole('button', { name: /^抽\s*取$/ }).click()
  await expect(dialog.getByText('请填写抽查名称')).toBeVisible()
  await expect(dialog.getByText('随机种子不能含空格')).toBeVisible()
  await expect(dialog.getByText('抽查县（市、区）数不能大于 200')).toBeVisible()
  await dialog.getByLabel('抽查名称').fill('2026 年流动党员管理工作抽查')
  await dialog.getByLabel('随机种子').fill('2026抽查')
  await dialog.getByLabel('抽查县（市、区）数').fill('200')
  // more than the frame holds: the server's refusal lands on the field
  await refused(dialog, /^抽\s*取$/, /不能超过抽样框中的 \d+ 个县（市、区）/)
  await shot(page, 'oversight-draw-refused')
  await dialog.getByLabel('抽查县（市、区）数').fill('3')
  await dialog.getByRole('button', { name: /^抽\s*取$/ }).click()
  await expect(dialog).toHaveCount(0)

  // the sample with its seed and frame digest
  await expect(page.getByText('抽中的县（市、区）（3）')).toBeVisible()
  await expect(page.getByText('2026抽查', { exact: true })).toBeVisible()
  const countyNames = async () =>
    (
      await page
        .locator('.ant-card')
        .filter({ hasText: '抽中的县（市、区）（3）' })
        .locator('tbody tr[data-row-key] td:nth-child(2)')
        .allInnerTexts()
    ).map((s) => s.trim())
  const first = await countyNames()
  expect(first).toHaveLength(3)
  await page.getByRole('button', { name: '用同一种子重新抽取' }).click()
  await expect(page.getByText('同一种子重新抽取：与记录的样本一致（抽样框未变）')).toBeVisible()
  for (const name of first) await expect(page.locator('.ant-alert').getByText(name)).toBeVisible()
  await shot(page, 'oversight-spot-check-redraw')
  const firstUrl = page.url()

  // drawn again as a new spot check with the same seed: the same counties in the same order
  await openMenu(page, '抽查与整改')
  await page.getByRole('button', { name: '抽取样本' }).click()
  dialog = page.getByRole('dialog', { name: '抽取流动党员工作抽查样本' })
  await dialog.getByLabel('抽查名称').fill('复核：同一种子再抽')
  await dialog.getByLabel('随机种子').fill('2026抽查')
  await dialog.getByLabel('抽查县（市、区）数').fill('3')
  await dialog.getByRole('button', { name: /^抽\s*取$/ }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByText('抽中的县（市、区）（3）')).toBeVisible()
  expect(page.url()).not.toBe(firstUrl)
  expect(await countyNames()).toEqual(first)

  // a checker for the first county, a finding, its rectification to closure
  const row = page
    .locator('.ant-card')
    .filter({ hasText: '抽中的县（市、区）（3）' })
    .getByRole('row')
    .filter({ hasText: first[0]! })
  await row.getByRole('button', { name: '指派检查人' }).click()
  dialog = page.getByRole('dialog', { name: `指派检查人：${first[0]}` })
  await refused(dialog, /^指\s*派$/, '请填写检查人')
  await dialog.getByLabel('检查人').fill('省委组织部 刘洋、王静')
  await dialog.getByRole('button', { name: /^指\s*派$/ }).click()
  await expect(dialog).toHaveCount(0)
  await expect(row.getByText('省委组织部 刘洋、王静')).toBeVisible()
  await row.getByRole('button', { name: '登记发现' }).click()
  dialog = page.getByRole('dialog', { name: `登记检查发现：${first[0]}` })
  await refused(dialog, /^登\s*记$/, '请填写发现的问题')
  await dialog.getByLabel('发现的问题').fill('流动党员台账未按季度更新')
  await dialog.getByLabel('整改期限').fill('2026-12-01')
  await dialog.getByLabel('整改期限').press('Enter')
  await refused(dialog, /^登\s*记$/, '整改期限不能早于发现日期（2027-01-05）')
  await dialog.getByLabel('整改期限').fill('2027-03-31')
  await dialog.getByLabel('整改期限').press('Enter')
  await dialog.getByRole('button', { name: /^登\s*记$/ }).click()
  await expect(dialog).toHaveCount(0)
  await expect(row.getByText('待整改')).toBeVisible()
  await row.getByRole('button', { name: '开始整改' }).click()
  dialog = page.getByRole('dialog', { name: '开始整改' })
  await refused(dialog, /^开始整改$/, '请填写整改措施')
  await dialog.getByLabel('整改措施').fill('逐人核对，重建台账，每季度更新')
  await dialog.getByRole('button', { name: /^开始整改$/ }).click()
  await expect(dialog).toHaveCount(0)
  await expect(row.getByText('整改中')).toBeVisible()
  await row.getByRole('button', { name: '销号' }).click()
  dialog = page.getByRole('dialog', { name: '整改销号' })
  await refused(dialog, /^销\s*号$/, '请填写整改结果及佐证')
  await dialog.getByLabel('整改结果及佐证').fill('台账已更新，附核对表')
  await dialog.getByRole('button', { name: /^销\s*号$/ }).click()
  await expect(dialog).toHaveCount(0)
  await expect(row.getByText('已销号')).toBeVisible()
  await shot(page, 'oversight-spot-check-items')

  // the rectification ledger
  await openMenu(page, '抽查与整改')
  await page.getByRole('tab', { name: '整改台账' }).click()
  const ledgerRow = page.getByRole('row').filter({ hasText: '流动党员台账未按季度更新' })
  await expect(ledgerRow.getByText('已销号')).toBeVisible()
  await shot(page, 'oversight-findings-ledger')
})

test('部门协调会议：登记参加部门和议定事项（错误输入指出字段），导出 Excel', async ({ page }) => {
  await setDay(page, '2026-11-20')
  await logIn(page, 'jiangan_org')
  await openMenu(page, '部门协调会议')
  await page.getByRole('button', { name: '登记会议' }).click()
  const dialog = page.getByRole('dialog', { name: '登记部门协调会议' })
  await dialog.getByRole('button', { name: /^保\s*存$/ }).click()
  await expect(dialog.getByText('请填写会议名称')).toBeVisible()
  await expect(dialog.getByText('请选择参加部门')).toBeVisible()
  await expect(dialog.getByText('请填写议定事项')).toBeVisible()
  await shot(page, 'oversight-meeting-refused')
  await dialog.getByLabel('会议名称').fill('流动党员管理工作联席会议')
  await dialog.getByLabel('参加部门').click()
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: /^公安$/ })
    .click()
  await dialog.getByLabel('参加部门').fill('人力资源和社会保障')
  await dialog.getByLabel('参加部门').press('Enter')
  await dialog.getByLabel('议定事项').fill('一、公安部门通报暂住登记中的党员线索；二、每季度通报一次。')
  await dialog.getByRole('button', { name: /^保\s*存$/ }).click()
  await expect(dialog).toHaveCount(0)
  const row = page.getByRole('row').filter({ hasText: '流动党员管理工作联席会议' })
  await expect(row.getByText('人力资源和社会保障')).toBeVisible()
  await expect(row.getByText('2026-11-20')).toBeVisible()
  await shot(page, 'oversight-meetings')
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()])
  expect(file.suggestedFilename()).toMatch(/流动党员管理部门协调会议.*\.xlsx$/)
})
