import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { creditCodeCheckChar, type UnitView } from '@xianfeng/contract'
import {
  auditRows,
  createTestApp,
  login,
  makeOrg,
  makeOrgTree,
  makeUser,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { call } from '../../../test/owner-db.ts'

/** A valid unified social credit code no other test uses. */
const creditCode = () => {
  const body = `91420100${randomBytes(5)
    .toString('hex')
    .toUpperCase()
    .replace(/[IOZSV]/g, '1')}`.slice(0, 17)
  return body + creditCodeCheckChar(body)
}

describe('units of the new economic and social organizations, and coverage', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let session: Session
  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    session = await login(t.app, user.loginName, user.password)
  })

  it('registers a unit with its credit code, audited; a wrong check character is refused naming the field', async () => {
    const code = creditCode()
    const bad = await call(t.app, session, 'POST', '/api/units', {
      name: '顺达物流有限公司',
      creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0'),
      unitType: 'private_enterprise',
      locatedOrgId: tree.own.id,
      employeeCount: 40,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain(`统一社会信用代码校验位不正确（应为 ${code[17]}）`)

    const res = await call(t.app, session, 'POST', '/api/units', {
      name: '顺达物流有限公司',
      creditCode: code.toLowerCase(),
      unitType: 'private_enterprise',
      locatedOrgId: tree.own.id,
      employeeCount: 40,
      hasInstructor: true,
      instructorName: '王建国',
    })
    expect(res.statusCode).toBe(201)
    const unit = (res.json() as { unit: UnitView }).unit
    expect(unit).toMatchObject({ creditCode: code, coveringOrg: null, hasInstructor: true, locatedOrg: { id: tree.own.id } })
    expect((await auditRows(t.db, 'units.unit_created')).some((r) => r.entity_id === unit.id)).toBe(true)

    const dup = await call(t.app, session, 'POST', '/api/units', {
      name: '另一家',
      creditCode: code,
      unitType: 'private_enterprise',
      locatedOrgId: tree.own.id,
      employeeCount: 1,
    })
    expect(dup.statusCode).toBe(409)
  })

  it('computes coverage in the scope: units, covered by a party org, instructors where there is none', async () => {
    const t2 = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: t2.own })
    const s2 = await login(t.app, user.loginName, user.password)
    const joint = await makeOrg(t.db, t2.own, `联合支部${randomBytes(2).toString('hex')}`, 'grassroots', 'joint_branch')
    const add = (body: object) =>
      call(t.app, s2, 'POST', '/api/units', {
        unitType: 'private_enterprise',
        locatedOrgId: t2.own.id,
        employeeCount: 10,
        ...body,
      })
    expect((await add({ name: '甲公司', coveringOrgId: joint.id })).statusCode).toBe(201)
    expect((await add({ name: '乙公司', coveringOrgId: joint.id })).statusCode).toBe(201)
    expect((await add({ name: '丙公司', hasInstructor: true })).statusCode).toBe(201)
    expect((await add({ name: '丁公司' })).statusCode).toBe(201)
    expect(
      (await add({ name: '某某协会', unitType: 'social_organization', locatedOrgId: t2.descendant.id, employeeCount: 5 }))
        .statusCode,
    ).toBe(201)
    // a unit outside the scope is neither counted nor creatable
    expect((await add({ name: '外地公司', locatedOrgId: t2.sibling.id })).statusCode).toBe(404)

    const coverage = (await call(t.app, s2, 'GET', '/api/units/coverage')).json().coverage
    expect(coverage.byType).toEqual([
      { unitType: 'private_enterprise', units: 4, covered: 2, uncoveredWithInstructor: 1, employees: 40 },
      { unitType: 'social_organization', units: 1, covered: 0, uncoveredWithInstructor: 0, employees: 5 },
    ])
    const uncovered = (await call(t.app, s2, 'GET', '/api/units?covered=false')).json()
    expect(uncovered.items.map((u: UnitView) => u.name).sort()).toEqual(['丁公司', '丙公司', '某某协会'].sort())
  })

  it('edits a unit: covering org set and cleared, instructor rules, empty patch refused', async () => {
    const created = (
      await call(t.app, session, 'POST', '/api/units', {
        name: '惠民超市',
        unitType: 'private_enterprise',
        locatedOrgId: tree.own.id,
        employeeCount: 8,
      })
    ).json().unit as UnitView
    const covered = await call(t.app, session, 'PATCH', `/api/units/${created.id}`, { coveringOrgId: tree.descendant.id })
    expect((covered.json() as { unit: UnitView }).unit.coveringOrg).toEqual({
      id: tree.descendant.id,
      name: tree.descendant.name,
    })
    const cleared = await call(t.app, session, 'PATCH', `/api/units/${created.id}`, { coveringOrgId: null })
    expect((cleared.json() as { unit: UnitView }).unit.coveringOrg).toBeNull()
    const nameWithout = await call(t.app, session, 'PATCH', `/api/units/${created.id}`, { instructorName: '李四' })
    expect(nameWithout.statusCode).toBe(400)
    expect(nameWithout.json().error.details[0].field).toBe('instructorName')
    expect((await call(t.app, session, 'PATCH', `/api/units/${created.id}`, {})).statusCode).toBe(400)
    const outside = await call(t.app, session, 'PATCH', `/api/units/${created.id}`, { coveringOrgId: tree.otherCity.id })
    expect(outside.statusCode).toBe(404)
  })
})
