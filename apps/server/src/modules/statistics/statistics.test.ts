import type { SubtreeStats } from '@xianfeng/contract'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, login, makeOrgTree, makeUser, type Session, type TestApp } from '../../../test/helpers.ts'
import { asOwner, call } from '../../../test/owner-db.ts'
import ExcelJS from '../../platform/excel.ts'
import { makeMember, type MakeMemberOptions } from '../people/people.factories.ts'

describe('subtree statistics API', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let session: Session

  const add = (org: { id: string }, opts: MakeMemberOptions = {}) =>
    makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, opts)
  const statsOf = async (query: string) => {
    const res = await call(t.app, session, 'GET', `/api/stats/subtree?${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as { stats: SubtreeStats }).stats
  }
  const table = (s: SubtreeStats, dim: string) => {
    const found = [...s.members, ...s.orgs].find((x) => x.dimension === dim)!
    return Object.fromEntries(found.buckets.map((b) => [b.label, b.count]))
  }

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    session = await login(t.app, user.loginName, user.password)
    // the tree was established long ago (its history starts then), as the annual view needs
    await asOwner(t.url, (c) =>
      c.query(`UPDATE org_history SET valid_from = '2000-01-01' WHERE org_id = ANY($1)`, [Object.values(tree).map((o) => o.id)]),
    )
    // own: 2 full members (a woman born 1990 with a master's degree, a man born 1960), 1 applicant;
    // descendant: 1 probationary woman born 2000; elsewhere: members the scope must not count.
    await add(tree.own, { gender: '2', birthDate: '1990-03-01', education: '14', status: 'full' })
    await add(tree.own, { gender: '1', birthDate: '1960-08-08', education: '20', status: 'full' })
    await add(tree.own, { gender: '1', status: 'applicant' })
    await add(tree.descendant, { gender: '2', birthDate: '2000-01-01', education: '30', status: 'probationary' })
    await add(tree.sibling, { status: 'full' })
    await add(tree.otherCity, { status: 'full' })
  })

  it('counts the scope’s subtree by status, sub-org and every table, ages at 12-31 of this year', async () => {
    const s = await statsOf('')
    expect(s.org).toMatchObject({ id: tree.own.id, name: tree.own.name })
    expect(s.trail.at(-1)).toEqual({ id: tree.own.id, name: tree.own.name })
    expect(Object.fromEntries(s.byStatus.map((b) => [b.code, b.count]))).toEqual({
      applicant: 1,
      activist: 0,
      candidate: 0,
      probationary: 1,
      full: 2,
      left: 0,
    })
    expect(s.population).toBe('party')
    expect(table(s, 'gender')).toEqual({ 男: 1, 女: 2 })
    expect(table(s, 'education')).toEqual({ 研究生教育: 1, 大学本科教育: 1, 大学专科教育: 1 })
    const year = new Date().getFullYear()
    const band = (birthYear: number) => {
      const age = year - birthYear
      return age <= 30 ? '30岁及以下' : age <= 35 ? '31至35岁' : age <= 40 ? '36至40岁' : age > 60 ? '61岁及以上' : 'other'
    }
    const expectedAges: Record<string, number> = {}
    for (const y of [1990, 1960, 2000]) expectedAges[band(y)] = (expectedAges[band(y)] ?? 0) + 1
    expect(table(s, 'ageBand')).toEqual(expectedAges)
    expect(s.children).toEqual([
      expect.objectContaining({ id: tree.descendant.id, members: 1, orgs: 1, kind: 'branch', hasChildren: false }),
    ])
    expect(s.ownMembers).toBe(2)
    expect(table(s, 'kind')).toEqual({ 党委: 1, 党支部: 1 })
  })

  it('switches the population and drills down to a sub-org', async () => {
    expect(table(await statsOf('population=applicant'), 'gender')).toEqual({ 男: 1 })
    const down = await statsOf(`orgId=${tree.descendant.id}`)
    expect(down.trail.map((x) => x.id)).toEqual([tree.own.id, tree.descendant.id])
    expect(table(down, 'gender')).toEqual({ 女: 1 })
    expect(down.children).toEqual([])
  })

  it('answers 404 for an org outside the scope and 422 in Chinese for a bad population', async () => {
    const outside = await call(t.app, session, 'GET', `/api/stats/subtree?orgId=${tree.sibling.id}`)
    expect(outside.statusCode).toBe(404)
    const bad = await call(t.app, session, 'GET', '/api/stats/subtree?population=everyone')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { message: expect.stringContaining('统计对象') } })
  })

  it('as of a past day counts members by their org relation then', async () => {
    const m = await add(tree.descendant, {
      gender: '1',
      status: 'full',
      dates: { admitted_on: '2015-07-01', full_on: '2016-07-01' },
    })
    const res = await call(t.app, session, 'POST', `/api/members/${m.id}/transfer`, {
      toOrgId: tree.own.id,
      effectiveOn: '2026-03-01',
      reason: '工作调动',
    })
    expect(res.statusCode, res.body).toBe(200)
    const then = await statsOf('asOf=2025-12-31')
    expect(then.asOf).toBe('2025-12-31')
    expect(then.ageYear).toBe(2025)
    // on 2025-12-31 he belonged to the branch; the others' histories start at their first stage date
    expect(then.children.find((c) => c.id === tree.descendant.id)?.members).toBe(2)
    const now = await statsOf('')
    expect(now.children.find((c) => c.id === tree.descendant.id)?.members).toBe(1)
    expect(now.ownMembers).toBe(3)
  })

  it('exports every table to Excel with the figures the page shows', async () => {
    const s = await statsOf('')
    const res = await call(t.app, session, 'GET', '/api/stats/subtree/export')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`${tree.own.name}-统计-`))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '下级组织',
      ...s.members.map((x) => `党员-${x.title}`),
      ...s.orgs.map((x) => `组织-${x.title}`),
    ])
    const gender = wb.getWorksheet('党员-性别')!
    const rows = gender.getSheetValues().slice(2) as unknown[][]
    expect(rows.map((r) => [r[1], r[2]])).toEqual([
      ...s.members[0]!.buckets.map((b) => [b.label, b.count]),
      ['合计', s.members[0]!.total],
    ])
    const sub = wb.getWorksheet('下级组织')!
    expect(sub.getRow(sub.rowCount).values).toEqual([undefined, '合计', '', s.members[0]!.total, ''])
  })
})
