import fs from 'node:fs'
import { expect, test, type Download, type Locator, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { logIn } from './accounts.ts'

/** The rows of the first sheet of a downloaded .xlsx, as text. */
async function sheetRows(download: Download): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(await download.path())
  const rows: string[][] = []
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))))
  return rows
}

/** Clicks an option of the open antd Select dropdown, and waits until the dropdown has closed. */
async function pickOption(page: Page, text: string) {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
  const option = open
    .locator('.ant-select-item-option')
    .filter({ hasText: new RegExp(`^${text}`) })
    .first()
  await option.waitFor({ state: 'visible' })
  await option.click()
  await expect(open).toHaveCount(0)
}

async function chooseByTyping(select: Locator, text: string) {
  await select.click()
  await select.fill(text)
  await select.press('Enter')
}

/** GB 11643-1999 check character: weights 2^(17-i) mod 11, sum + check ≡ 1 (mod 11). */
function checkDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (2 ** (17 - i) % 11) * Number(first17[i])
  return '10X98765432'.charAt(sum % 11)
}

test('党组织管理员在新建的党支部登记党员：身份证号校验码错误时提示，保存后可按拼音首字母和单字查到', async ({ page }) => {
  await logIn(page, 'jiangan_org')

  // A fresh branch to register her in.
  await page.getByRole('menuitem', { name: '组织', exact: true }).click()
  await page.getByRole('tree').getByText('中共武汉市江岸区委员会').click()
  await page.getByRole('button', { name: '新建下级组织' }).click()
  const orgDialog = page.getByRole('dialog', { name: '新建下级组织' })
  const orgName = `江岸区党员测试第${Date.now() % 1000}党支部`
  await orgDialog.getByLabel('组织名称').fill(orgName)
  await orgDialog.getByLabel('组织类别').click()
  await pickOption(page, '党支部')
  await orgDialog.getByRole('button', { name: /创\s*建/ }).click()
  await expect(page.getByText(`已新建“${orgName}”`)).toBeVisible()

  // A woman born 1990-03-15 in 江岸区: the sequence's last digit is even.
  const first17 = `42010219900315${String(100 + (Date.now() % 400) * 2).padStart(3, '0')}`
  const right = checkDigit(first17)
  const wrong = right === '0' ? '1' : '0'

  await page.getByRole('menuitem', { name: '党员', exact: true }).click()
  await page.getByRole('button', { name: '新增党员' }).click()
  const dialog = page.getByRole('dialog', { name: '新增党员' })
  await dialog.getByLabel('姓名').fill('詹筱蕙')
  await dialog.getByLabel('身份证号').fill(first17 + wrong)
  await dialog.getByLabel('身份证号').blur()
  await expect(dialog.getByText(`身份证号校验码不正确（应为 ${right}）`)).toBeVisible()

  await dialog.getByLabel('身份证号').fill(first17 + right)
  await dialog.getByLabel('身份证号').blur()
  await expect(dialog.getByText('身份证号校验码不正确')).toHaveCount(0)
  await dialog.getByRole('button', { name: '根据身份证号填写出生日期和性别' }).click()
  await expect(dialog.getByLabel('出生日期')).toHaveValue('1990-03-15')

  // Searchable selects: type, then Enter picks the first match.
  await chooseByTyping(dialog.getByLabel('民族'), '汉族')
  await chooseByTyping(dialog.getByLabel('学历'), '大学本科')
  await dialog.getByLabel('所在组织').fill('党员测试第')
  await pickOption(page, orgName)
  await chooseByTyping(dialog.getByLabel('状态'), '入党申请人')
  await dialog.getByLabel('申请入党日期').fill('2024-03-01')
  await dialog.getByLabel('申请入党日期').press('Enter')
  await dialog.getByRole('button', { name: /新\s*增/ }).click()
  await expect(page.getByText('已新增“詹筱蕙”')).toBeVisible()
  await expect(page.getByText(`**************${(first17 + right).slice(-4)}`)).toBeVisible()

  // Found by pinyin initials and by one character of her name; the list shows the ID masked.
  await page.getByRole('menuitem', { name: '党员', exact: true }).click()
  const search = page.getByRole('searchbox', { name: '查找人员' }).or(page.getByLabel('查找人员')).first()
  await search.fill('zxh')
  await search.press('Enter')
  const row = page.getByRole('row').filter({ hasText: '詹筱蕙' })
  await expect(row).toBeVisible()
  await expect(row).toContainText(`**************${(first17 + right).slice(-4)}`)
  await expect(row).not.toContainText(first17)
  await expect(row).toContainText(orgName)

  await search.fill('蕙')
  await search.press('Enter')
  await expect(page.getByRole('row').filter({ hasText: '詹筱蕙' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/members-search.png' })

  // The list as shown goes to Excel with the ID number masked.
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: '导出 Excel' }).click()
  const exported = await downloading
  expect(exported.suggestedFilename()).toMatch(/^党员名单-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const rows = await sheetRows(exported)
  expect(rows[0]!.slice(0, 5)).toEqual(['姓名', '性别', '民族', '出生日期', '身份证号'])
  const her = rows.find((r) => r[0] === '詹筱蕙')!
  expect(her[4]).toBe(`**************${(first17 + right).slice(-4)}`)
  expect(rows.flat().join()).not.toContain(first17)

  // On a phone the table scrolls sideways and the form stacks.
  await page.setViewportSize({ width: 375, height: 740 })
  await page.screenshot({ path: 'test-results/screens/members-search-375.png' })
  await page.getByRole('link', { name: '詹筱蕙' }).click()
  await expect(page.getByRole('button', { name: '变更状态' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/member-detail-375.png', fullPage: true })
  await page.getByRole('button', { name: '变更状态' }).click()
  await expect(page.getByRole('dialog', { name: '变更状态' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/member-status-375.png' })
})

test('从 Excel 导入党员：两行有错时整份不导入并给出错误报告，修正后整份导入', async ({ page }) => {
  const branch = '中共武汉市江岸区小微企业联合支部委员会'
  const stamp = Date.now() % 400
  // Women born 1985-06-0x in 江岸区: even sequence digits, distinct per run.
  const idOf = (day: number) => {
    const first17 = `4201021985060${day}${String(100 + stamp * 2).padStart(3, '0')}`
    return first17 + checkDigit(first17)
  }
  const people = [1, 2, 3].map((day) => ({ name: `导入测试${'甲乙丙'[day - 1]}`, id: idOf(day), birth: `1985-06-0${day}` }))
  const header = [
    '姓名',
    '性别',
    '民族',
    '出生日期',
    '身份证号',
    '学历',
    '人员类别',
    '所在党组织',
    '入党日期',
    '转为正式党员日期',
  ]
  const file = async (name: string, rows: (string | Date)[][]) => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('党员信息')
    ws.addRow(header)
    rows.forEach((r) => ws.addRow(r))
    fs.mkdirSync('test-results/files', { recursive: true })
    const path = `test-results/files/${name}`
    await wb.xlsx.writeFile(path)
    return path
  }
  const rowOf = (p: (typeof people)[number], overrides: Partial<Record<string, string>> = {}) =>
    header.map(
      (h) =>
        overrides[h] ??
        (
          {
            姓名: p.name,
            性别: '女',
            民族: '汉族',
            出生日期: p.birth,
            身份证号: p.id,
            学历: '本科',
            人员类别: '正式党员',
            所在党组织: branch,
            入党日期: '2010-07-01',
            转为正式党员日期: '2011-07-01',
          } as Record<string, string>
        )[h]!,
    )
  const wrongCheck = people[1]!.id.slice(0, 17) + (people[1]!.id.endsWith('0') ? '1' : '0')
  const bad = await file('党员名册-有错.xlsx', [
    rowOf(people[0]!),
    rowOf(people[1]!, { 身份证号: wrongCheck }),
    rowOf(people[2]!, { 所在党组织: '不存在的党支部' }),
  ])
  const good = await file(
    '党员名册.xlsx',
    people.map((p) => rowOf(p)),
  )

  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '党员', exact: true }).click()
  await page.getByRole('button', { name: '导入' }).click()
  const dialog = page.getByRole('dialog', { name: '从 Excel 导入党员' })

  // The template is there to download.
  const template = page.waitForEvent('download')
  await dialog.getByRole('button', { name: '下载导入模板' }).click()
  expect((await template).suggestedFilename()).toBe('党员导入模板.xlsx')

  await dialog.locator('input[type=file]').setInputFiles(bad)
  await dialog.getByRole('button', { name: '开始导入' }).click()
  await expect(dialog.getByText('发现 2 处错误，整份文件未导入')).toBeVisible()
  const errors = dialog.getByRole('table')
  await expect(errors.getByRole('row').filter({ hasText: '身份证号' })).toContainText('校验码')
  await expect(errors.getByRole('row').filter({ hasText: '所在党组织' })).toContainText('找不到“不存在的党支部”')
  await page.screenshot({ path: 'test-results/screens/members-import-errors.png' })
  const reportDownload = page.waitForEvent('download')
  await dialog.getByRole('button', { name: '下载错误报告' }).click()
  const report = await reportDownload
  expect(report.suggestedFilename()).toBe('党员名册-有错-错误报告.xlsx')
  const reportRows = await sheetRows(report)
  expect(reportRows[0]).toEqual(['行号', '列', '填写的值', '错误原因'])
  expect(reportRows.slice(1).map((r) => [r[0], r[1]])).toEqual([
    ['3', '身份证号'],
    ['4', '所在党组织'],
  ])
  // nothing of the file went in
  await dialog.getByRole('button', { name: '完成' }).click()
  // the dialog gives the focus back to 导入 when it has closed: wait, or typing lands there
  await expect(dialog).toBeHidden()
  const search = page.getByRole('searchbox', { name: '查找人员' }).or(page.getByLabel('查找人员')).first()
  await search.fill('导入测试')
  await search.press('Enter')
  await expect(page.getByText('没有找到与“导入测试”匹配的人员')).toBeVisible()

  await page.getByRole('button', { name: '导入' }).click()
  await dialog.locator('input[type=file]').setInputFiles(good)
  await dialog.getByRole('button', { name: '开始导入' }).click()
  await expect(dialog.getByText('已导入 3 人')).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/members-import-done.png' })
  await dialog.getByRole('button', { name: '完成' }).click()
  await expect(dialog).toBeHidden()
  for (const p of people) await expect(page.getByRole('row').filter({ hasText: p.name })).toContainText(branch)
})
