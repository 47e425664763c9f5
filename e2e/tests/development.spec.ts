import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test'
import { idNumberCheckDigit } from '@xianfeng/contract'
import { clockFile } from '../clock.ts'
import { demoPassword, expectLoggedIn, logIn } from './accounts.ts'

const E2E_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.data')

/** Sets the day for the server (its clock file) and for the browser (its fake clock). */
async function setDay(page: Page, day: string) {
  fs.writeFileSync(clockFile(E2E_DATA_DIR), day)
  await page.clock.setFixedTime(new Date(`${day}T10:00:00+08:00`))
}

let sequence = 100 + (Date.now() % 300)
const idNumber = (birthDate: string) => {
  const first17 = `420102${birthDate.replaceAll('-', '')}${String(sequence++ * 2 + 1).padStart(3, '0')}`
  return first17 + idNumberCheckDigit(first17)
}

/** A JSON call in the session of `ctx`, with its CSRF token; fails the test on an error status. */
async function call(ctx: APIRequestContext, method: string, url: string, data?: object) {
  const me = (await (await ctx.get('/api/auth/me')).json()) as { me: { csrfToken: string; currentGrant: { orgId: string } } }
  const res = await ctx.fetch(url, { method, headers: { 'x-csrf-token': me.me.csrfToken }, ...(data && { data }) })
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300)
  return { body: (await res.json()) as Record<string, unknown>, grantOrgId: me.me.currentGrant.orgId }
}

async function apiSession(baseURL: string, loginName: string) {
  const ctx = await request.newContext({ baseURL })
  const res = await ctx.post('/api/auth/login', { data: { loginName, password: demoPassword(loginName) } })
  expect(res.status()).toBe(200)
  return ctx
}

test.afterAll(() => fs.rmSync(clockFile(E2E_DATA_DIR), { force: true }))

test('发展党员：一名申请人在测试时钟下走完 25 个步骤成为正式党员；过早的步骤被拒绝并说明依据和可办理日期；公示在公示期内公开、期满后消失', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const county = await apiSession(baseURL!, 'jiangan_org')
  const city = await apiSession(baseURL!, 'wuhan_org')
  await setDay(page, '2024-01-08')

  // A branch of the county with five full members, and an applicant (straight through the API)
  const tag = String(Date.now() % 100000)
  const { grantOrgId } = await call(county, 'GET', '/api/auth/me')
  const branch = (
    await call(county, 'POST', '/api/orgs', {
      parentId: grantOrgId,
      name: `发展测试党支部${tag}`,
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
  for (let i = 0; i < 5; i++) roll.push(await member(`老党员${tag}${i}`, `198${i}-05-0${i + 1}`, full))
  const name = `申请人${tag}`
  const applicant = await member(name, '1999-05-01', { status: 'applicant', appliedOn: '2024-01-05', workUnit: '某某公司' })
  const opened = (await call(county, 'POST', '/api/development/cases', { personId: applicant, categories: ['youth'] })).body
    .case as { id: string }
  const step = (ctx: APIRequestContext, body: object) => call(ctx, 'POST', `/api/development/cases/${opened.id}/steps`, body)

  // The list under the county shows the case at stage 1; the case page says what comes next
  await logIn(page, 'jiangan_org')
  await expectLoggedIn(page)
  await page.getByRole('menuitem', { name: '发展党员' }).click()
  await expect(page).toHaveURL(/\/development$/)
  await page.getByRole('link', { name }).click()
  await expect(page.getByText('第 2 步“党组织派人谈话”（由党支部')).toBeVisible()
  await expect(page.getByText('期限：2024-02-05 前')).toBeVisible()

  // Step 2 through the form
  await setDay(page, '2024-01-10')
  await page.reload()
  await page.getByRole('button', { name: '记录第 2 步' }).click()
  const talk = page.getByRole('dialog', { name: '第 2 步：党组织派人谈话' })
  await expect(talk.getByLabel('办理日期')).toHaveValue('2024-01-10')
  await talk.getByLabel('经办人').fill('王书记')
  await talk.getByRole('button', { name: '记录' }).click()
  await expect(page.getByText('已记录第 2 步')).toBeVisible()

  await setDay(page, '2024-02-10')
  await step(county, { step: 3, doneOn: '2024-02-01', recommendation: 'mass_org' })
  await step(county, { step: 4, doneOn: '2024-02-05' })
  await step(county, { step: 5, doneOn: '2024-02-10', contactIds: [roll[0]] })
  await setDay(page, '2025-01-31')
  await step(county, { step: 6, doneOn: '2024-08-01' })
  await step(county, { step: 6, doneOn: '2025-01-20' })

  // Step 7 a day early: refused with the rule and the day it becomes possible
  await page.reload()
  await expect(page.getByText('可办理日期：2025-02-01 起')).toBeVisible()
  await page.getByRole('button', { name: '记录第 7 步' }).click()
  const candidate = page.getByRole('dialog', { name: '第 7 步：确定发展对象' })
  await candidate.getByLabel('已听取党小组、培养联系人、党员和群众意见').check()
  await candidate.getByRole('button', { name: '记录' }).click()
  await expect(
    candidate
      .getByText(/2025-02-01 起才能确定为发展对象（培养考察 1 年以上方可列为发展对象，依据《中国共产党发展党员工作细则》/)
      .first(),
  ).toBeVisible()
  await candidate.getByRole('button', { name: '取消' }).click()

  await setDay(page, '2025-03-12')
  await step(county, { step: 7, doneOn: '2025-02-01', checks: ['opinions_heard'] })
  await step(county, { step: 8, doneOn: '2025-02-05' })
  await step(county, { step: 9, doneOn: '2025-02-10', sponsorIds: [roll[1], roll[2]], checks: ['sponsors_not_disciplined'] })
  await step(county, { step: 10, doneOn: '2025-02-20', politicalReview: 'passed' })
  await step(county, { step: 11, doneOn: '2025-03-01', trainingDays: 3 })
  await step(county, { step: 12, doneOn: '2025-03-10' })

  // The public notice through the form: Wednesday 2025-03-12 + 5 working days = 2025-03-19
  await page.reload()
  await page.getByRole('button', { name: '发布发展对象公示' }).click()
  const notice = page.getByRole('dialog', { name: '发布发展对象公示' })
  await notice.getByLabel('受理意见的联系方式').fill('江岸区委组织部 027-12345678')
  await notice.getByRole('button', { name: '发布' }).click()
  await expect(page.getByText('发展对象公示：2025-03-12 至 2025-03-19（5 个工作日）')).toBeVisible()

  // Anyone, without logging in, sees it on the portal during the period
  const publicPage = await (await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage()
  await publicPage.goto('/public/development-notices')
  await expect(publicPage.getByText(`关于${name}同志拟发展为预备党员的公示`)).toBeVisible()
  await expect(publicPage.getByText('江岸区委组织部 027-12345678')).toBeVisible()

  await setDay(page, '2025-03-19')
  await step(county, { step: 13, doneOn: '2025-03-14' })
  await step(county, { step: 14, doneOn: '2025-03-17' })
  await publicPage.reload()
  await expect(publicPage.getByText(`关于${name}同志拟发展为预备党员的公示`)).toBeVisible()
  // the day after its last day it is gone
  await setDay(page, '2025-03-20')
  await publicPage.reload()
  await expect(publicPage.getByRole('heading', { name: '发展党员公示' })).toBeVisible()
  await expect(publicPage.getByText('目前没有正在公示的发展对象或预备党员')).toBeVisible()
  await expect(publicPage.getByText(`关于${name}同志拟发展为预备党员的公示`)).toHaveCount(0)

  // The vote: 5 full members due, 4 present and in favour
  const voted = (await step(county, { step: 15, doneOn: '2025-03-20', vote: { present: 4, yes: 4, no: 0, abstain: 0 } })).body
    .case as {
    steps: { step: number; vote: { arithmetic: string[] } | null }[]
  }
  expect(voted.steps.find((s) => s.step === 15)?.vote?.arithmetic).toContain(
    '赞成 4 > 5 ÷ 2 = 2.5，超过应到会有表决权的正式党员的半数',
  )
  await setDay(page, '2026-03-02')
  await step(county, { step: 16, doneOn: '2025-04-01' })
  await step(county, { step: 17, doneOn: '2025-04-10', documentNo: '江组〔2025〕1号' })
  await step(city, { step: 18, doneOn: '2025-04-20' })
  await step(county, { step: 19, doneOn: '2025-04-25' })
  await step(county, { step: 20, doneOn: '2025-05-01' })
  await step(county, { step: 21, doneOn: '2025-10-01' })
  await step(county, { step: 22, doneOn: '2026-02-20' })
  await call(county, 'POST', `/api/development/cases/${opened.id}/notices`, {
    kind: 'conversion',
    startsOn: '2026-03-02',
    contact: '党支部',
  })
  await setDay(page, '2026-04-10')
  await step(county, { step: 23, doneOn: '2026-03-20', vote: { present: 5, yes: 5, no: 0, abstain: 0 }, proposal: 'convert' })
  await step(county, { step: 24, doneOn: '2026-04-01' })
  await step(county, {
    step: 25,
    doneOn: '2026-04-10',
    documents: ['入党志愿书', '入党申请书', '政审材料', '转正申请', '考察材料'],
  })

  // A full member from the end of the probation, on the same person record
  await page.reload()
  await expect(page.getByText('已转正归档').first()).toBeVisible()
  await expect(page.getByText('2026-03-20').first()).toBeVisible()
  await page.getByRole('link', { name }).first().click()
  await expect(page.getByText('正式党员').first()).toBeVisible()
  await county.dispose()
  await city.dispose()
})
