import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { OrgDetail } from '@xianfeng/contract'
import { auditRows, createTestApp, login, makeOrg, makeOrgTree, makeUser, type TestApp } from '../../../test/helpers.ts'
import { asOwner, call } from '../../../test/owner-db.ts'

const unique = () => randomBytes(3).toString('hex')

describe('org record, move and dissolve', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })

  async function adminAtOwn() {
    const tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    return { tree, session: await login(t.app, user.loginName, user.password) }
  }

  it('keeps the full record: host unit, establishment mode, covered units, address, contact, established date', async () => {
    const { tree, session } = await adminAtOwn()
    const res = await call(t.app, session, 'POST', '/api/orgs', {
      parentId: tree.own.id,
      name: `中共一区小微企业联合支部委员会${unique()}`,
      kind: 'joint_branch',
      level: 'grassroots',
      hostUnitType: 'private_enterprise',
      establishmentMode: 'joint',
      coveredUnits: ['顺达物流有限公司', '惠民超市'],
      address: '一区解放大道 100 号',
      contactPhone: '027-8888 6666',
      establishedOn: '2021-07-01',
    })
    expect(res.statusCode).toBe(201)
    const org = (res.json() as { org: OrgDetail }).org
    expect(org).toMatchObject({
      hostUnitType: 'private_enterprise',
      establishmentMode: 'joint',
      coveredUnits: ['顺达物流有限公司', '惠民超市'],
      address: '一区解放大道 100 号',
      contactPhone: '027-8888 6666',
      establishedOn: '2021-07-01',
    })

    // Clearing an optional field with null, and the pinyin follows a new name.
    const renamed = await call(t.app, session, 'PATCH', `/api/orgs/${org.id}`, {
      address: null,
      name: '中共重庆路联合支部委员会',
    })
    expect(renamed.statusCode).toBe(200)
    expect((renamed.json() as { org: OrgDetail }).org.address).toBeNull()
    const found = await call(t.app, session, 'GET', `/api/orgs?q=cqllh`)
    expect((found.json() as { items: { id: string }[] }).items.map((o) => o.id)).toContain(org.id)
  })

  it('refuses a joint organization with fewer than 2 covered units and an attached one without its host, naming the field', async () => {
    const { tree, session } = await adminAtOwn()
    const base = { parentId: tree.own.id, name: `测试支部${unique()}`, kind: 'branch', level: 'grassroots' }
    const joint = await call(t.app, session, 'POST', '/api/orgs', { ...base, establishmentMode: 'joint', coveredUnits: ['一家'] })
    expect(joint.statusCode).toBe(400)
    expect(joint.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'coveredUnits', label: '覆盖单位' }],
    })
    expect(joint.json().error.message).toContain('至少要列出 2 个覆盖单位')

    const attached = await call(t.app, session, 'POST', '/api/orgs', { ...base, establishmentMode: 'attached' })
    expect(attached.statusCode).toBe(400)
    expect(attached.json().error.details[0].field).toBe('attachedToOrgId')

    const outside = await call(t.app, session, 'POST', '/api/orgs', {
      ...base,
      establishmentMode: 'attached',
      attachedToOrgId: tree.sibling.id,
    })
    expect(outside.statusCode).toBe(400)
    expect(outside.json().error.message).toContain('不在您的授权范围内')

    const ok = await call(t.app, session, 'POST', '/api/orgs', {
      ...base,
      establishmentMode: 'attached',
      attachedToOrgId: tree.descendant.id,
    })
    expect(ok.statusCode).toBe(201)
    expect((ok.json() as { org: OrgDetail }).org.attachedTo).toEqual({ id: tree.descendant.id, name: tree.descendant.name })

    const badDate = await call(t.app, session, 'POST', '/api/orgs', { ...base, establishedOn: '2021-02-30' })
    expect(badDate.statusCode).toBe(400)
    expect(badDate.json().error.message).toContain('成立日期')
  })

  it('moves a subtree: every descendant’s path follows in one transaction, audited once', async () => {
    const { tree, session } = await adminAtOwn()
    const general = await makeOrg(t.db, tree.own, `总支${unique()}`, 'grassroots', 'general_branch')
    const branch = await makeOrg(t.db, general, `支部${unique()}`, 'grassroots', 'branch')
    const cell = await makeOrg(t.db, branch, `党小组${unique()}`, 'grassroots', 'party_cell')

    const res = await call(t.app, session, 'POST', `/api/orgs/${general.id}/move`, { newParentId: tree.descendant.id })
    expect(res.statusCode).toBe(200)
    expect(res.json().movedOrgs).toBe(3)
    const rows = await t.db
      .selectFrom('orgs')
      .where('id', 'in', [general.id, branch.id, cell.id])
      .select(['id', 'parent_id', 'path'])
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    const label = (id: string) => id.replaceAll('-', '')
    expect(byId.get(general.id)).toMatchObject({
      parent_id: tree.descendant.id,
      path: `${tree.descendant.path}.${label(general.id)}`,
    })
    expect(byId.get(branch.id)!.path).toBe(`${tree.descendant.path}.${label(general.id)}.${label(branch.id)}`)
    expect(byId.get(cell.id)!.path).toBe(`${tree.descendant.path}.${label(general.id)}.${label(branch.id)}.${label(cell.id)}`)
    const audit = (await auditRows(t.db, 'orgs.org_moved')).filter((r) => r.entity_id === general.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]!.after).toMatchObject({ parentId: tree.descendant.id, movedOrgs: 3 })
  })

  it('refuses to move an org under itself or its own subtree, outside the scope, or the scope’s own root', async () => {
    const { tree, session } = await adminAtOwn()
    const general = await makeOrg(t.db, tree.own, `总支${unique()}`, 'grassroots', 'general_branch')
    const branch = await makeOrg(t.db, general, `支部${unique()}`, 'grassroots', 'branch')

    const intoOwnChild = await call(t.app, session, 'POST', `/api/orgs/${general.id}/move`, { newParentId: branch.id })
    expect(intoOwnChild.statusCode).toBe(400)
    expect(intoOwnChild.json().error.message).toContain('不能移到自己或自己的下级组织之下')

    const outside = await call(t.app, session, 'POST', `/api/orgs/${general.id}/move`, { newParentId: tree.sibling.id })
    expect(outside.statusCode).toBe(400)
    expect(outside.json().error.details[0].field).toBe('newParentId')

    const root = await call(t.app, session, 'POST', `/api/orgs/${tree.own.id}/move`, { newParentId: tree.descendant.id })
    expect(root.statusCode).toBe(422)
    expect(root.json().error.message).toContain('授权范围的根组织')

    const ownRootElsewhere = await call(t.app, session, 'POST', `/api/orgs/${tree.own.id}/move`, { newParentId: general.id })
    expect(ownRootElsewhere.statusCode).toBe(422)
    // nothing moved
    const still = await t.db.selectFrom('orgs').where('id', '=', general.id).select('parent_id').executeTakeFirstOrThrow()
    expect(still.parent_id).toBe(tree.own.id)
  })

  it('dissolves an org with no active children, never deletes it, and refuses while children remain', async () => {
    const { tree, session } = await adminAtOwn()
    const general = await makeOrg(t.db, tree.own, `总支${unique()}`, 'grassroots', 'general_branch')
    const branch = await makeOrg(t.db, general, `支部${unique()}`, 'grassroots', 'branch')

    const refused = await call(t.app, session, 'POST', `/api/orgs/${general.id}/dissolve`, {
      dissolvedOn: '2026-06-30',
      reason: '合并',
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.message).toContain('还有 1 个正常状态的下级组织')

    const missingReason = await call(t.app, session, 'POST', `/api/orgs/${branch.id}/dissolve`, { dissolvedOn: '2026-06-30' })
    expect(missingReason.statusCode).toBe(400)
    expect(missingReason.json().error.message).toContain('撤销原因')

    const ok = await call(t.app, session, 'POST', `/api/orgs/${branch.id}/dissolve`, {
      dissolvedOn: '2026-06-30',
      reason: '单位注销',
    })
    expect(ok.statusCode).toBe(200)
    expect((ok.json() as { org: OrgDetail }).org).toMatchObject({
      status: 'dissolved',
      dissolvedOn: '2026-06-30',
      dissolvedReason: '单位注销',
    })
    expect((await auditRows(t.db, 'orgs.org_dissolved')).some((r) => r.entity_id === branch.id)).toBe(true)

    // now the parent may go; a dissolved org cannot be edited or dissolved again
    expect(
      (await call(t.app, session, 'POST', `/api/orgs/${general.id}/dissolve`, { dissolvedOn: '2026-07-01', reason: '合并' }))
        .statusCode,
    ).toBe(200)
    expect((await call(t.app, session, 'PATCH', `/api/orgs/${branch.id}`, { name: '新名称支部' })).statusCode).toBe(422)
    expect(
      (await call(t.app, session, 'POST', `/api/orgs/${branch.id}/dissolve`, { dissolvedOn: '2026-07-01', reason: '再次' }))
        .statusCode,
    ).toBe(422)
    expect(await t.db.selectFrom('orgs').where('id', '=', branch.id).select('id').executeTakeFirst()).toBeDefined()
  })
})

describe('org history: the tree as of a date, and each org’s change log', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })

  it('answers the tree as it stood at the end of a past day, before a move and before a creation', async () => {
    const tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    const session = await login(t.app, user.loginName, user.password)
    const moved = await makeOrg(t.db, tree.own, `总支${unique()}`, 'grassroots', 'general_branch')
    expect(
      (await call(t.app, session, 'POST', `/api/orgs/${moved.id}/move`, { newParentId: tree.descendant.id })).statusCode,
    ).toBe(200)
    const created = (
      await call(t.app, session, 'POST', '/api/orgs', {
        parentId: tree.own.id,
        name: `新支部${unique()}`,
        kind: 'branch',
        level: 'grassroots',
      })
    ).json().org
    // Place the history in time: `moved` existed under own from mid-2025 and was moved on 2026-01-10;
    // `created` came on 2026-02-01; the fixture orgs date from 2025-01-01.
    await asOwner(t.url, async (c) => {
      await c.query(`UPDATE org_history SET valid_from = '2025-01-01' WHERE org_id = ANY($1)`, [
        [tree.own.id, tree.descendant.id],
      ])
      const versions = await c.query<{ id: string }>(`SELECT id FROM org_history WHERE org_id = $1 ORDER BY id`, [moved.id])
      await c.query(`UPDATE org_history SET valid_from = '2025-06-01', valid_to = '2026-01-10T09:00:00+08' WHERE id = $1`, [
        versions.rows[0]!.id,
      ])
      await c.query(`UPDATE org_history SET valid_from = '2026-01-10T09:00:00+08' WHERE id = $1`, [versions.rows[1]!.id])
      await c.query(`UPDATE org_history SET valid_from = '2026-02-01' WHERE org_id = $1`, [created.id])
    })
    const children = async (parentId: string, asOf?: string) =>
      (
        (await call(t.app, session, 'GET', `/api/orgs/tree?parentId=${parentId}${asOf ? `&asOf=${asOf}` : ''}`)).json().items as {
          id: string
        }[]
      ).map((o) => o.id)
    expect(await children(tree.own.id, '2025-12-31')).toEqual(expect.arrayContaining([moved.id]))
    expect(await children(tree.own.id, '2025-12-31')).not.toContain(created.id)
    expect(await children(tree.descendant.id, '2025-12-31')).not.toContain(moved.id)
    // the day of the move counts to its end
    expect(await children(tree.descendant.id, '2026-01-10')).toContain(moved.id)
    expect(await children(tree.own.id)).toEqual(expect.arrayContaining([created.id]))
    expect(await children(tree.own.id)).not.toContain(moved.id)
    // before the tree existed there is nothing
    expect(await children(tree.own.id, '2024-12-31')).toEqual([])
    const bad = await call(t.app, session, 'GET', `/api/orgs/tree?parentId=${tree.own.id}&asOf=2025-13-01`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain('截至日期')
  })

  it('lists an org’s changes with who made them, newest first; outside the scope, 404', async () => {
    const tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    const session = await login(t.app, user.loginName, user.password)
    await call(t.app, session, 'PATCH', `/api/orgs/${tree.descendant.id}`, { address: '解放大道 1 号' })
    await call(t.app, session, 'PATCH', `/api/orgs/${tree.descendant.id}`, { address: '解放大道 2 号' })
    const res = await call(t.app, session, 'GET', `/api/orgs/${tree.descendant.id}/changes`)
    expect(res.statusCode).toBe(200)
    const items = res.json().items as { action: string; actorLogin: string; after: { address: string } }[]
    expect(items.map((i) => [i.action, i.actorLogin, i.after.address])).toEqual([
      ['orgs.org_updated', user.loginName, '解放大道 2 号'],
      ['orgs.org_updated', user.loginName, '解放大道 1 号'],
    ])
    expect((await call(t.app, session, 'GET', `/api/orgs/${tree.sibling.id}/changes`)).statusCode).toBe(404)
  })
})
