import { deflateSync } from 'node:zlib'
import { expect, test, type Page } from '@playwright/test'
import { logIn } from './accounts.ts'

/** A small real PNG (60×80, a red-to-gold gradient), written here so the test needs no fixture file. */
function gradientPng(width = 60, height = 80): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(8 + data.length + 4)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc(body), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const rows: number[] = []
  for (let y = 0; y < height; y++) {
    rows.push(0)
    for (let x = 0; x < width; x++) rows.push(200, Math.round((y / height) * 180), Math.round((x / width) * 60))
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

async function logOut(page: Page) {
  await page.getByText('退出登录').first().click()
  await expect(page).toHaveURL(/\/login$/)
}

const naturalWidth = (page: Page, alt: string) =>
  page.getByRole('img', { name: alt }).evaluate((img) => (img as HTMLImageElement).naturalWidth)

test('党员查看本人档案并申请改手机号；支部审批通过、上传照片；党员看到新号码和照片', async ({ page }) => {
  // The member: their own record, phone in full, and a request for a new one.
  await logIn(page, 'member_demo')
  await page.getByRole('menuitem', { name: '我的档案' }).click()
  await expect(page).toHaveURL(/\/me$/)
  // the page is loaded lazily: until it shows, the home page's greeting is the level-4 heading
  await expect(page.getByText('当前手机号：')).toBeVisible()
  const name = (await page.getByRole('heading', { level: 4 }).first().textContent())!.trim()
  expect(name.length).toBeGreaterThan(1)
  await expect(page.getByText('正式党员').first()).toBeVisible()
  await expect(page.getByRole('img', { name: `${name}还没有照片` })).toBeVisible()
  const current = /当前手机号：(\d{11})/.exec((await page.getByText('当前手机号：').textContent())!)![1]!
  await expect(page.getByText(current).first()).toBeVisible()
  const newPhone = `139${String(Date.now() % 1e8).padStart(8, '0')}`

  const phone = page.getByLabel('新手机号')
  await phone.fill('1391234')
  await page.getByRole('button', { name: '提交申请' }).click()
  await expect(page.getByText('新手机号应为 11 位数字，现为 7 位')).toBeVisible()
  await phone.fill(current)
  await page.getByRole('button', { name: '提交申请' }).click()
  await expect(page.getByText('新手机号与档案中的手机号相同').first()).toBeVisible()
  await phone.fill(`${newPhone.slice(0, 3)} ${newPhone.slice(3, 7)} ${newPhone.slice(7)}`)
  await page.getByLabel('说明').fill('原号码已停用')
  await page.getByRole('button', { name: '提交申请' }).click()
  await expect(page.getByText('申请已提交，请等待所在党组织审批')).toBeVisible()
  await expect(page.getByText('申请待审批')).toBeVisible()
  await expect(page.getByText(newPhone).first()).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/self-pending.png', fullPage: true })

  // On a phone the page fits the width.
  await page.setViewportSize({ width: 375, height: 740 })
  await expect(page.getByText('申请待审批')).toBeVisible()
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  await page.screenshot({ path: 'test-results/screens/self-pending-375.png', fullPage: true })
  await page.setViewportSize({ width: 1280, height: 800 })
  await logOut(page)

  // The district officer: approves on the to-do list, then puts the photo on the record.
  await logIn(page, 'jiangan_org')
  await page.getByRole('menuitem', { name: '待审批' }).click()
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText(`${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`)
  await expect(row).toContainText('原号码已停用')
  await page.screenshot({ path: 'test-results/screens/approvals.png', fullPage: true })
  await row.getByRole('button', { name: '通过' }).click()
  await page.getByRole('tooltip').getByRole('button', { name: '通过' }).click()
  await expect(page.getByText(`已通过${name}的申请，档案中的手机号已更新`)).toBeVisible()
  await expect(page.getByText('没有待审批的申请')).toBeVisible()
  await page.getByRole('radiogroup', { name: '审批状态' }).getByText('已通过').click()
  await expect(page.getByRole('row').filter({ hasText: name })).toBeVisible()

  await page.getByRole('link', { name }).first().click()
  await expect(page.getByRole('button', { name: '上传照片' })).toBeVisible()
  const file = page.getByLabel('选择照片文件')
  await file.setInputFiles({ name: 'photo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a-not-a-photo') })
  await expect(page.getByText('照片只能是 JPEG 或 PNG 格式（按文件内容判断，不看扩展名）')).toBeVisible()
  // Named .jpg but a PNG inside: the bytes decide.
  await file.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: gradientPng() })
  await expect(page.getByText('照片已上传')).toBeVisible()
  await expect.poll(() => naturalWidth(page, `${name}的照片`)).toBe(60)
  await expect(page.getByRole('button', { name: '更换照片' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/member-photo.png', fullPage: true })
  await logOut(page)

  // The member again: the new phone is on the record, the photo shows, the request is approved.
  await logIn(page, 'member_demo')
  await page.getByRole('menuitem', { name: '我的档案' }).click()
  await expect(page.getByText(`当前手机号：${newPhone}`)).toBeVisible()
  await expect(page.getByText('已通过').first()).toBeVisible()
  await expect.poll(() => naturalWidth(page, `${name}的照片`)).toBe(60)
  await page.setViewportSize({ width: 375, height: 740 })
  // antd re-lays out on the resize event: wait for it, then nothing may stick out sideways
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  await page.screenshot({ path: 'test-results/screens/self-approved-375.png', fullPage: true })
})
