import { beforeAll, describe, expect, it } from 'vitest'
import type { MemberListItem } from '@xianfeng/contract'
import {
  createTestApp,
  login,
  makeOrg,
  makeOrgTree,
  makeUser,
  type OrgNode,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'
import { makeMember, type MakeMemberOptions } from './people.factories.ts'

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const year = Number(today.slice(0, 4))
/** Born on 1 January, so `age` years old all year. */
const agedOn1Jan = (age: number) => `${year - age}-01-01`
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10)

interface Page {
  items: MemberListItem[]
  nextCursor: string | null
}

describe('finding people', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let session: Session
  const people: Record<string, Awaited<ReturnType<typeof makeMember>>> = {}

  const add = (org: OrgNode, opts: MakeMemberOptions) =>
    makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, opts)

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    session = await login(t.app, user.loginName, user.password)
    // In scope: own and its branch (descendant).
    people.zhangSan = await add(tree.own, { name: '张三', gender: '1', birthDate: agedOn1Jan(46), education: '14' })
    people.zhangXiaoming = await add(tree.descendant, { name: '张小明', gender: '1', birthDate: agedOn1Jan(31), education: '20' })
    people.liMing = await add(tree.descendant, { name: '李明', gender: '2', birthDate: agedOn1Jan(65), education: '11' })
    people.wangXiaoming = await add(tree.own, { name: '王小明', gender: '1', birthDate: agedOn1Jan(25), status: 'probationary' })
    people.ouyang = await add(tree.own, { name: '欧阳明月', gender: '2', birthDate: agedOn1Jan(51), education: '41' })
    people.zeng = await add(tree.descendant, {
      name: '曾小红',
      gender: '2',
      birthDate: agedOn1Jan(38),
      dates: { applied_on: '2015-01-01', activist_on: '2015-06-01', candidate_on: '2016-06-01', admitted_on: '2017-07-01' },
      status: 'probationary',
    })
    people.applicant = await add(tree.own, {
      name: '孙申请',
      birthDate: agedOn1Jan(26),
      status: 'applicant',
      dates: { applied_on: '2025-03-01' },
    })
    // Out of scope: the sibling county and another city, with names that would match.
    people.sibling = await add(tree.sibling, { name: '张三丰', gender: '1' })
    people.otherCity = await add(tree.otherCity, { name: '李明亮', gender: '2' })
  })

  const search = async (params: Record<string, string | number | boolean>, as: Session = session) => {
    const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()
    const res = await call(t.app, as, 'GET', `/api/members${qs ? `?${qs}` : ''}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as Page
  }
  const names = async (params: Record<string, string | number | boolean>) => (await search(params)).items.map((i) => i.name)

  it('by one Chinese character, anywhere in the name, within the scope only', async () => {
    expect(await names({ q: '明' })).toEqual(['李明', '欧阳明月', '王小明', '张小明'])
    expect(await names({ q: '张' })).toEqual(['张三', '张小明'])
  })

  it('by two characters, and by three or more', async () => {
    expect(await names({ q: '小明' })).toEqual(['王小明', '张小明'])
    expect(await names({ q: '阳明' })).toEqual(['欧阳明月'])
    expect(await names({ q: '张小明' })).toEqual(['张小明'])
    expect(await names({ q: '欧阳明月' })).toEqual(['欧阳明月'])
    expect(await names({ q: '三丰' })).toEqual([])
  })

  it('by full pinyin, a pinyin fragment, or initials (surnames read as surnames)', async () => {
    expect(await names({ q: 'zhangxiaoming' })).toEqual(['张小明'])
    expect(await names({ q: 'ZhangXiaoMing' })).toEqual(['张小明'])
    expect(await names({ q: 'zhang xiao' })).toEqual(['张小明'])
    expect(await names({ q: 'xiaoming' })).toEqual(['王小明', '张小明'])
    expect(await names({ q: 'zxm' })).toEqual(['张小明'])
    expect(await names({ q: 'zs' })).toEqual(['张三'])
    expect(await names({ q: 'oymy' })).toEqual(['欧阳明月'])
    expect(await names({ q: 'zengxiaohong' })).toEqual(['曾小红'])
    expect(await names({ q: 'zxh' })).toEqual(['曾小红'])
  })

  it('by exact ID number, in any accepted form, and by phone number', async () => {
    const p = people.liMing!
    expect(await names({ q: p.idNumber })).toEqual(['李明'])
    expect(await names({ q: p.idNumber.toLowerCase() })).toEqual(['李明'])
    expect(await names({ q: ` ${p.idNumber} ` })).toEqual(['李明'])
    expect(await names({ q: p.phone! })).toEqual(['李明'])
    expect(await names({ q: `+86 ${p.phone!.slice(0, 3)}-${p.phone!.slice(3, 7)}-${p.phone!.slice(7)}` })).toEqual(['李明'])
    // Someone outside the scope is not found by number either.
    expect(await names({ q: people.sibling!.idNumber })).toEqual([])
    expect(await names({ q: people.otherCity!.phone! })).toEqual([])
  })

  it('an ID-shaped term with a wrong check digit is a 400 on q', async () => {
    const bad = `${people.liMing!.idNumber.slice(0, 17)}${people.liMing!.idNumber.endsWith('0') ? '1' : '0'}`
    const res = await call(t.app, session, 'GET', `/api/members?q=${bad}`)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.details[0]).toMatchObject({ field: 'q', message: expect.stringContaining('身份证号校验码不正确') })
  })

  it('rows are masked', async () => {
    const [row] = (await search({ q: '李明' })).items
    expect(row).toMatchObject({
      personId: people.liMing!.id,
      idNumber: `**************${people.liMing!.idNumber.slice(-4)}`,
      phone: `${people.liMing!.phone!.slice(0, 3)}****${people.liMing!.phone!.slice(-4)}`,
      org: { id: tree.descendant.id, name: tree.descendant.name },
      status: 'full',
    })
  })

  it('filters: org subtree, status, gender, education (a category includes its codes), age, join year', async () => {
    expect(await names({ orgId: tree.descendant.id })).toEqual(['李明', '曾小红', '张小明'])
    expect(await names({ status: 'probationary' })).toEqual(['王小明', '曾小红'])
    expect(await names({ status: 'applicant' })).toEqual(['孙申请'])
    // a cleared search box is no keyword
    expect(await names({ q: '', status: 'applicant' })).toEqual(['孙申请'])
    expect(await names({ gender: '2' })).toEqual(['李明', '欧阳明月', '曾小红'])
    // 研究生教育 (10) covers 硕士 (14) and 博士 (11)
    expect(await names({ education: '10' })).toEqual(['李明', '张三'])
    expect(await names({ education: '14' })).toEqual(['张三'])
    expect(await names({ education: '40' })).toEqual(['欧阳明月'])
    expect(await names({ ageFrom: 46, ageTo: 51 })).toEqual(['欧阳明月', '张三'])
    expect(await names({ ageFrom: 65 })).toEqual(['李明'])
    expect(await names({ ageTo: 25 })).toEqual(['王小明'])
    expect(await names({ joinYear: 2017 })).toEqual(['曾小红'])
    expect(await names({ joinYear: 2013, gender: '1', q: '明' })).toEqual(['王小明', '张小明'])
  })

  it('age counts whole years: 30 on the 30th birthday, 29 the day before it', async () => {
    const org = await makeOrg(t.db, tree.own, '年龄测试支部', 'grassroots', 'branch')
    // 30 years before today (29 February falls back to the 28th), and the day after that
    const [y, m, d] = today.split('-') as [string, string, string]
    const leap = (n: number) => (n % 4 === 0 && n % 100 !== 0) || n % 400 === 0
    const bornThirtyYearsAgo = `${Number(y) - 30}-${m}-${m === '02' && d === '29' && !leap(Number(y) - 30) ? '28' : d}`
    await add(org, { name: '满三十', birthDate: bornThirtyYearsAgo })
    await add(org, { name: '差一天', birthDate: addDays(bornThirtyYearsAgo, 1) })
    expect(await names({ orgId: org.id, ageFrom: 30 })).toEqual(['满三十'])
    expect(await names({ orgId: org.id, ageTo: 29 })).toEqual(['差一天'])
    expect(await names({ orgId: org.id, ageFrom: 29, ageTo: 30 })).toEqual(['差一天', '满三十'])
  })

  it('refuses an org outside the scope (404) and bad filters (400 naming the field)', async () => {
    expect((await call(t.app, session, 'GET', `/api/members?orgId=${tree.sibling.id}`)).statusCode).toBe(404)
    const cases: [string, string][] = [
      ['ageFrom=50&ageTo=40', 'ageTo'],
      ['ageFrom=abc', 'ageFrom'],
      ['limit=101', 'limit'],
      ['status=retired', 'status'],
      ['joinYear=1900', 'joinYear'],
      ['after=not-a-cursor', 'after'],
    ]
    for (const [qs, field] of cases) {
      const res = await call(t.app, session, 'GET', `/api/members?${qs}`)
      expect(res.statusCode, qs).toBe(400)
      expect(res.json().error.details[0].field, qs).toBe(field)
    }
  })

  it('people who left are left out unless asked for', async () => {
    const org = await makeOrg(t.db, tree.own, '离开测试支部', 'grassroots', 'branch')
    const m = await add(org, { name: '周离开' })
    const dept = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    const s = await login(t.app, dept.loginName, dept.password)
    const res = await call(t.app, s, 'POST', `/api/members/${m.id}/status`, {
      status: 'left',
      leftReason: 'deceased',
      effectiveOn: '2025-02-01',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect((await search({ orgId: org.id })).items).toEqual([])
    expect((await search({ orgId: org.id, includeLeft: true })).items.map((i) => i.name)).toEqual(['周离开'])
    expect((await search({ orgId: org.id, status: 'left' })).items.map((i) => i.name)).toEqual(['周离开'])
  })

  it('keyset pages: three pages, sorted by pinyin, no row twice and none missed, even among equal names', async () => {
    const org = await makeOrg(t.db, tree.own, '分页测试支部', 'grassroots', 'branch')
    const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴昊', '徐丽', '孙强']
    const created: string[] = []
    // 12 names, several twice (same pinyin: the tie is broken by id), 25 people in all
    for (let i = 0; i < 25; i++) created.push((await add(org, { name: names[i % names.length]! })).id)
    const seen: MemberListItem[] = []
    let after: string | null = null
    const sizes: number[] = []
    do {
      const page: Page = await search({ orgId: org.id, limit: 10, ...(after && { after }) })
      sizes.push(page.items.length)
      seen.push(...page.items)
      after = page.nextCursor
    } while (after)
    expect(sizes).toEqual([10, 10, 5])
    expect(seen.map((s) => s.personId).sort()).toEqual([...created].sort())
    expect(new Set(seen.map((s) => s.personId)).size).toBe(25)
    const all = (await search({ orgId: org.id, limit: 100 })).items
    expect(seen.map((s) => s.personId)).toEqual(all.map((s) => s.personId))
    expect(all.map((s) => s.name).slice(0, 4)).toEqual(['陈静', '陈静', '黄敏', '黄敏'])
  })

  it('keyset pages of a fragment or pinyin search, whose pages come from two walks merged, are in list order', async () => {
    const org = await makeOrg(t.db, tree.own, '检索分页支部', 'grassroots', 'branch')
    // 明亮 starts with the pinyin “ming”; the others hold it inside, or are the other ones above.
    for (const name of ['明亮', '明亮', '周明', '明']) await add(org, { name })
    const pages = async (q: string) => {
      const seen: string[] = []
      let after: string | null = null
      do {
        const page: Page = await search({ q, limit: 2, ...(after && { after }) })
        seen.push(...page.items.map((i) => i.name))
        after = page.nextCursor
      } while (after)
      return seen
    }
    const all = ['李明', '明', '明亮', '明亮', '欧阳明月', '王小明', '张小明', '周明']
    expect(await pages('明')).toEqual(all)
    expect(await pages('ming')).toEqual(all)
    expect(await names({ q: 'ming', limit: 100 })).toEqual(all)
  })

  it('an exact page ends without a cursor', async () => {
    const org = await makeOrg(t.db, tree.own, '整页测试支部', 'grassroots', 'branch')
    for (let i = 0; i < 3; i++) await add(org, { name: `整页${i}` })
    const page = await search({ orgId: org.id, limit: 3 })
    expect(page.items).toHaveLength(3)
    expect(page.nextCursor).toBeNull()
  })

  it('a user higher up sees the members of the whole subtree, and a sibling’s user never sees ours', async () => {
    const cityUser = await makeUser(t.db, { role: 'discipline', org: tree.cityA })
    const city = await login(t.app, cityUser.loginName, cityUser.password)
    expect((await search({ q: '张三' }, city)).items.map((i) => i.name)).toEqual(['张三', '张三丰'])
    const siblingUser = await makeUser(t.db, { role: 'org_admin', org: tree.sibling })
    const sibling = await login(t.app, siblingUser.loginName, siblingUser.password)
    expect((await search({ q: '张' }, sibling)).items.map((i) => i.name)).toEqual(['张三丰'])
    expect((await search({}, sibling)).items.map((i) => i.name)).toEqual(['张三丰'])
  })
})
