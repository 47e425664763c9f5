import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, type APIRequestContext, type Page } from '@playwright/test'

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.data')

/** The demo accounts the server generated on its first start (data/initial-admin.txt). */
export function demoPassword(loginName: string): string {
  const text = fs.readFileSync(path.join(DATA_DIR, 'initial-admin.txt'), 'utf8')
  const line = text.split('\n').find((l) => l.startsWith(`${loginName}\t`))
  if (!line) throw new Error(`no demo account ${loginName}`)
  return line.split('\t')[1]!
}

export async function logIn(page: Page, loginName: string, password = demoPassword(loginName)) {
  await page.goto('/login')
  await page.getByLabel('登录名').fill(loginName)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

export async function expectLoggedIn(page: Page) {
  await expect(page.getByRole('button', { name: '退出登录' }).or(page.getByText('退出登录')).first()).toBeVisible()
}

/** An API session of a demo account: requests with its cookie and CSRF token. */
export async function apiSession(request: APIRequestContext, loginName: string) {
  const res = await request.post('/api/auth/login', { data: { loginName, password: demoPassword(loginName) } })
  expect(res.ok(), await res.text()).toBe(true)
  const { me } = (await res.json()) as { me: { csrfToken: string; currentGrant: { orgId: string } | null } }
  const send =
    (method: 'POST' | 'PUT') =>
    async <T>(url: string, data: object = {}): Promise<T> => {
      const r = await request.fetch(url, { method, data, headers: { 'x-csrf-token': me.csrfToken } })
      expect(r.ok(), `${method} ${url}: ${await r.text()}`).toBe(true)
      return (await r.json()) as T
    }
  const get = async <T>(url: string): Promise<T> => {
    const r = await request.get(url)
    expect(r.ok(), `GET ${url}: ${await r.text()}`).toBe(true)
    return (await r.json()) as T
  }
  return { orgId: me.currentGrant?.orgId ?? '', get, post: send('POST'), put: send('PUT') }
}
