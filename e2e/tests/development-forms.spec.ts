import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, request, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { idNumberCheckDigit } from '@xianfeng/contract'
import { clockFile } from '../clock.ts'
import { demoPassword, expectLoggedIn, logIn } from './accounts.ts'

const E2E_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.data')
const SHOTS = process.env.SHOTS_DIR

async function setDay(page: Page, day: string) {
  fs.writeFileSync(clockFile(E2E_DATA_DIR), day)
  await page.clock.setFixedTime(new Date(`${day}T10:00:00+08:00`))
}

let sequence = 100 + (Date.now() % 300)
const idNumber = (birthDate: string) => {
  const first17 = `420102${birthDate.replaceAll('-', '')}${String(sequence++ * 2 + 1).padStart(3, '0')}`
  return first17 + idNumberCheckDigit(first17)
}

async function call(ctx: APIRequestContext, method: string, url: string, data?: object) {
  const me = (await (await ctx.get('/api/auth/me')).json()) as { me: { csrfToken: string; currentGrant: { orgId: string } } }
  const res = await ctx.fetch(url, { method, headers: { 'x-csrf-token': me.me.csrfToken }, ...(data && { data }) })
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300)
  return { body: (await res.json()) as Record<string, unknown>, grantOrgId: me.me.currentGrant.orgId }
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

/** Submits a dialog and expects its refusal to name the field, on the field and/or above the form. */
async function refused(dialog: Locator, button: string, text: string | RegExp) {
  await dialog.getByRole('button', { name: button }).click()
  await expect(dialog.getByText(text).first()).toBeVisible()
}

test.afterAll(() => fs.rmSync(clockFile(E2E_DATA_DIR), { force: true }))

test('发展党员的每个表单：错误输入得到指出字段的中文提示', async ({ page, baseURL }) => {
  test.setTimeout(180_000)
  const county = await request.newContext({ baseURL: baseURL! })
  expect(
    (
      await county.post('/api/auth/login', { data: { loginName: 'jiangan_org', password: demoPassword('jiangan_org') } })
    ).status(),
  ).toBe(200)
  await setDay(page, '2024-01-08')
  const tag = String(Date.now() % 100000)
  const { grantOrgId } = await call(county, 'GET', '/api/auth/me')
  const branch = (
    await call(county, 'POST', '/api/orgs', {
      parentId: grantOrgId,
      name: `表单测试党支部${tag}`,
      kind: 'branch',
      level: 'grassroots',
    })
  ).body.org as { id: string }
  const member = async (name: string, birthDate: string, stage: object) =>
    (
      (
        await call(county, 'POST', '/api/members', {
          orgId: branch.id,
          name,
          gender: '1',
          ethnicity: '01',
          birthDate,
          idNumber: idNumber(birthDate),
          education: '20',
          ...stage,
        })
      ).body.member as { personId: string }
    ).personId
  const full = {
    status: 'full',
    appliedOn: '2010-03-01',
    activistOn: '2011-03-01',
    candidateOn: '2012-03-01',
    admittedOn: '2013-03-01',
    fullOn: '2014-03-01',
  }
  const roll = []
  for (let i = 0; i < 4; i++) roll.push(await member(`表单老党员${tag}${i}`, `197${i}-06-0${i + 1}`, full))
  const name = `表单申请人${tag}`
  const applicant = await member(name, '2000-02-01', { status: 'applicant', appliedOn: '2024-01-05' })

  await logIn(page, 'jiangan_org')
  await expectLoggedIn(page)
  await page.goto('/development')

  // 建立发展档案: nothing chosen
  await page.getByRole('button', { name: '建立发展档案' }).click()
  const open = page.getByRole('dialog', { name: '建立发展档案' })
  await refused(open, '建立', '请选择所在党组织')
  await expect(open.getByText('请选择入党申请人')).toBeVisible()
  await shot(page, '01-open-empty')
  await open.getByRole('button', { name: '取消' }).click()

  const opened = (await call(county, 'POST', '/api/development/cases', { personId: applicant })).body.case as { id: string }
  const step = (body: object) => call(county, 'POST', `/api/development/cases/${opened.id}/steps`, body)
  await page.goto(`/development/${opened.id}`)

  await setDay(page, '2024-02-10')
  await step({ step: 2, doneOn: '2024-01-10' })
  await page.reload()
  // step 3: no recommendation
  await page.getByRole('button', { name: '记录第 3 步' }).click()
  const s3 = page.getByRole('dialog', { name: /第 3 步/ })
  await refused(s3, '记录', '推荐方式：请选择推荐方式（党员推荐、群团组织推优或“三推”）')
  await shot(page, '03-step3-no-recommendation')
  await s3.getByRole('button', { name: '取消' }).click()
  await step({ step: 3, doneOn: '2024-02-01', recommendation: 'three_recommendations' })
  await step({ step: 4, doneOn: '2024-02-05' })
  await page.reload()
  // step 5: no contacts
  await page.getByRole('button', { name: '记录第 5 步' }).click()
  const s5 = page.getByRole('dialog', { name: /第 5 步/ })
  await refused(s5, '记录', /^培养联系人：培养联系人应为 1 至 2 名正式党员，现选了 0 名/)
  await shot(page, '05-step5-no-contacts')
  await s5.getByRole('button', { name: '取消' }).click()
  await step({ step: 5, doneOn: '2024-02-10', contactIds: [roll[0]] })
  await setDay(page, '2024-08-01')
  await step({ step: 6, doneOn: '2024-08-01' })
  // after the first review the activist is still in stage 2, and the next review can be recorded here
  await page.reload()
  await expect(page.getByText('入党积极分子的确定和培养教育', { exact: true }).first()).toBeVisible()
  await page.getByRole('button', { name: '记录培养教育考察' }).click()
  await expect(page.getByRole('dialog', { name: '第 6 步：培养教育考察' })).toBeVisible()
  await page.getByRole('dialog', { name: '第 6 步：培养教育考察' }).getByRole('button', { name: '取消' }).click()
  await setDay(page, '2025-03-12')
  await step({ step: 6, doneOn: '2025-01-20' })
  await step({ step: 7, doneOn: '2025-02-01', checks: ['opinions_heard'] })
  await step({ step: 8, doneOn: '2025-02-05' })
  await page.reload()
  // step 9: nobody, no confirmation
  await page.getByRole('button', { name: '记录第 9 步' }).click()
  const s9 = page.getByRole('dialog', { name: /第 9 步/ })
  await refused(s9, '记录', '请确认：入党介绍人均未受留党察看处分（或已恢复党员权利）')
  await s9.getByLabel('入党介绍人均未受留党察看处分（或已恢复党员权利）').check()
  await refused(s9, '记录', /^入党介绍人：入党介绍人应为 2 名正式党员，现选了 0 名/)
  await shot(page, '09-step9-empty')
  await s9.getByRole('button', { name: '取消' }).click()
  await step({ step: 9, doneOn: '2025-02-10', sponsorIds: [roll[1], roll[2]], checks: ['sponsors_not_disciplined'] })
  await page.reload()
  await page.getByRole('button', { name: '记录第 10 步' }).click()
  const s10 = page.getByRole('dialog', { name: /第 10 步/ })
  await refused(s10, '记录', '请填写政治审查结论')
  await shot(page, '10-step10-empty')
  await s10.getByRole('button', { name: '取消' }).click()
  await step({ step: 10, doneOn: '2025-02-20', politicalReview: 'passed' })
  await page.reload()
  await page.getByRole('button', { name: '记录第 11 步' }).click()
  const s11 = page.getByRole('dialog', { name: /第 11 步/ })
  await s11.getByLabel('培训天数').fill('2')
  await refused(s11, '记录', /^培训天数：短期集中培训不少于 3 天或不少于 24 学时，现为 2 天、0 学时/)
  await shot(page, '11-step11-short')
  await s11.getByRole('button', { name: '取消' }).click()
  await step({ step: 11, doneOn: '2025-03-01', trainingDays: 3 })
  await step({ step: 12, doneOn: '2025-03-10' })
  await page.reload()
  // notice: no contact
  await page.getByRole('button', { name: '发布发展对象公示' }).click()
  const notice = page.getByRole('dialog', { name: '发布发展对象公示' })
  await refused(notice, '发布', '请填写受理意见的联系方式')
  await shot(page, '12-notice-empty')
  await notice.getByLabel('受理意见的联系方式').fill('区委组织部')
  await notice.getByRole('button', { name: '发布' }).click()
  await expect(page.getByText(/发展对象公示：2025-03-12/)).toBeVisible()
  // objection: empty
  await page.getByRole('button', { name: /登记反映意见/ }).click()
  const obj = page.getByRole('dialog', { name: /反映意见/ })
  await refused(obj, '登记', '请填写反映的问题')
  await shot(page, '13-objection-empty')
  await obj.getByLabel('反映的问题').fill('反映问题')
  await obj.getByRole('button', { name: '登记' }).click()
  await expect(page.getByText('已登记反映意见')).toBeVisible()
  await page.getByRole('button', { name: /处理/ }).first().click()
  const res = page.getByRole('dialog', { name: '登记调查核实和处理情况' })
  await refused(res, '登记', '请填写调查核实和处理情况')
  await shot(page, '15-resolve-empty')
  await res.getByLabel('调查核实和处理情况').fill('经核实不属实')
  await res.getByRole('button', { name: '登记' }).click()
  await expect(page.getByText('已登记处理情况')).toBeVisible()
  await setDay(page, '2025-03-20')
  await step({ step: 13, doneOn: '2025-03-14' })
  await step({ step: 14, doneOn: '2025-03-17' })
  await page.reload()
  await page.getByRole('button', { name: '记录第 15 步' }).click()
  const s15 = page.getByRole('dialog', { name: /第 15 步/ })
  await s15.getByLabel('到会有表决权的党员').fill('3')
  await s15.getByLabel('赞成', { exact: true }).fill('2')
  await refused(s15, '记录', '赞成、反对、弃权票之和（2）应等于到会有表决权的党员人数（3）')
  await s15.getByRole('alert').first().scrollIntoViewIfNeeded()
  await shot(page, '16-vote-sum')
  await s15.getByRole('button', { name: '取消' }).click()

  // 终止发展: no reason, then a day before the last step
  await page.getByRole('button', { name: '终止发展' }).click()
  const end = page.getByRole('dialog', { name: '终止发展' })
  await refused(end, '终止', '请填写终止原因')
  await shot(page, '17-end-empty')
  await end.getByRole('button', { name: '取消' }).click()

  // 年度发展计划 of the county: nothing filled, then a category above the total
  await page.goto('/development')
  await page.getByRole('button', { name: /登记计划|修改计划/ }).click()
  const plan = page.getByRole('dialog', { name: '年度发展计划' })
  for (const c of ['发展总数', '生产、工作一线', '高知识群体', '青年', '新的社会阶层'])
    await plan.getByLabel(c, { exact: true }).clear()
  await refused(plan, '保存', '请至少填写一项指标')
  await plan.getByLabel('发展总数', { exact: true }).fill('3')
  await plan.getByLabel('青年', { exact: true }).fill('5')
  await refused(plan, '保存', '“青年”的指标不能多于发展总数（3 名）')
  await shot(page, '18-plan-over')
  await plan.getByLabel('青年', { exact: true }).fill('2')
  await plan.getByRole('button', { name: '保存' }).click()
  await expect(page.getByText(/年度发展计划$/).first()).toBeVisible()
  await county.dispose()
})
