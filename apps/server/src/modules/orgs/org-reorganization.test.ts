import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { BuiltinRoleCode, MemberDetail, OrgDetail } from '@xianfeng/contract'
import {
  auditRows,
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
import { makeMember, type MakeMemberOptions } from '../people/people.factories.ts'
import { peopleRepo } from '../people/people.repo.ts'

const unique = () => randomBytes(3).toString('hex')

describe('merging branches and dissolving with the members moved', () => {
  let t: TestApp
  let tree: Awaited<ReturnType<typeof makeOrgTree>>
  let session: Session

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    session = await login(t.app, user.loginName, user.password)
  })

  const add = (org: OrgNode, opts: MakeMemberOptions = {}) =>
    makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, org, opts)
  const branch = (name: string, parent = tree.own, kind = 'branch') =>
    makeOrg(t.db, parent, `${name}${unique()}`, 'grassroots', kind)
  const merge = (id: string, body: object, as = session) => call(t.app, as, 'POST', `/api/orgs/${id}/merge`, body)
  const dissolve = (id: string, body: object, as = session) => call(t.app, as, 'POST', `/api/orgs/${id}/dissolve`, body)
  const asOf = async (orgId: string, date: string) =>
    (await peopleRepo.membersOfOrgAsOf(t.db, orgId, date)).map((r) => r.name).sort()
  const orgIdOf = async (personId: string) =>
    (await t.db.selectFrom('members').where('person_id', '=', personId).select('org_id').executeTakeFirstOrThrow()).org_id
  const parentOf = async (orgId: string) =>
    await t.db.selectFrom('orgs').where('id', '=', orgId).select(['parent_id', 'path']).executeTakeFirstOrThrow()

  describe('merge', () => {
    it('moves every member and the party cells to the target and dissolves the source, in one audited step; the history keeps the day before', async () => {
      const source = await branch('第一支部')
      const target = await branch('第二支部')
      const cell = await makeOrg(t.db, source, `第一党小组${unique()}`, 'grassroots', 'party_cell')
      const a = await add(source, { name: '甲合并' })
      await add(source, { name: '乙合并', status: 'applicant', dates: { applied_on: '2024-05-01' } })
      const already = await add(target, { name: '丙原有' })
      const left = await add(source, { name: '丁已离开' })
      const gone = await call(t.app, session, 'POST', `/api/members/${left.id}/status`, {
        status: 'left',
        leftReason: 'deceased',
        effectiveOn: '2025-01-10',
      })
      expect(gone.statusCode, gone.body).toBe(200)

      const res = await merge(source.id, { targetId: target.id, mergedOn: '2026-03-01', documentNo: '组字〔2026〕5号' })
      expect(res.statusCode, res.body).toBe(200)
      const body = res.json() as { org: OrgDetail; target: OrgDetail; movedMembers: number; movedOrgs: number }
      expect(body).toMatchObject({ movedMembers: 2, movedOrgs: 1 })
      expect(body.org).toMatchObject({
        status: 'dissolved',
        dissolvedOn: '2026-03-01',
        dissolvedReason: `并入“${target.name}”（组字〔2026〕5号）`,
        memberCount: 0,
      })
      expect(body.target).toMatchObject({ id: target.id, status: 'active', memberCount: 3, childCount: 1 })

      // The day before the merge they were in the source; from the merge day, in the target.
      expect(await asOf(source.id, '2026-02-28')).toEqual(['乙合并', '甲合并'])
      expect(await asOf(target.id, '2026-02-28')).toEqual(['丙原有'])
      expect(await asOf(source.id, '2026-03-01')).toEqual([])
      expect(await asOf(target.id, '2026-03-01')).toEqual(['丙原有', '乙合并', '甲合并'])
      // who left before stays on the source's roll
      expect(await orgIdOf(left.id)).toBe(source.id)
      expect(await orgIdOf(already.id)).toBe(target.id)

      const member = (await call(t.app, session, 'GET', `/api/members/${a.id}`)).json().member as MemberDetail
      expect(member.org).toEqual({ id: target.id, name: target.name })
      expect(member.orgHistory).toEqual([
        expect.objectContaining({ org: { id: source.id, name: source.name }, validTo: '2026-03-01' }),
        {
          org: { id: target.id, name: target.name },
          validFrom: '2026-03-01',
          validTo: null,
          reason: '支部合并',
          documentNo: '组字〔2026〕5号',
        },
      ])
      expect(await parentOf(cell.id)).toEqual({ parent_id: target.id, path: `${target.path}.${cell.id.replaceAll('-', '')}` })

      const audit = (await auditRows(t.db, 'orgs.org_merged')).filter((r) => r.entity_id === source.id)
      expect(audit).toHaveLength(1)
      expect(audit[0]).toMatchObject({
        org_id: source.id,
        before: { status: 'active' },
        after: {
          status: 'dissolved',
          targetId: target.id,
          targetName: target.name,
          mergedOn: '2026-03-01',
          documentNo: '组字〔2026〕5号',
          movedMembers: 2,
          movedOrgs: 1,
        },
      })
      // The source's change log tells the story.
      const changes = (await call(t.app, session, 'GET', `/api/orgs/${source.id}/changes`)).json().items as { action: string }[]
      expect(changes.map((c) => c.action)).toContain('orgs.org_merged')
      // nothing more to merge
      const again = await merge(source.id, { targetId: target.id, mergedOn: '2026-03-02' })
      expect(again.statusCode).toBe(422)
      expect(again.json().error.message).toContain('已经撤销')
    })

    it('a joint branch merges into a branch; without members, only the org is dissolved', async () => {
      const joint = await branch('联合支部', tree.own, 'joint_branch')
      const target = await branch('接收支部', tree.descendant)
      const res = await merge(joint.id, { targetId: target.id, mergedOn: '2026-01-15' })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ movedMembers: 0, movedOrgs: 0, org: { status: 'dissolved' } })
    })

    it('refuses the same org, what is not a branch, a temporary branch, a dissolved target and bad dates, naming the field; nothing moves', async () => {
      const source = await branch('待并支部')
      const m = await add(source, { name: '戊不动' })
      const general = await branch('党总支', tree.own, 'general_branch')
      const temporary = await branch('临时支部', tree.own, 'temporary_branch')
      const dissolved = await branch('已撤销支部')
      expect((await dissolve(dissolved.id, { dissolvedOn: '2026-01-01', reason: '单位注销' })).statusCode).toBe(200)
      const target = await branch('目标支部')

      const same = await merge(source.id, { targetId: source.id, mergedOn: '2026-03-01' })
      expect(same.statusCode).toBe(400)
      expect(same.json().error).toMatchObject({ details: [{ field: 'targetId', label: '并入的支部' }] })
      expect(same.json().error.message).toContain('不能并入自己')

      const fromGeneral = await merge(general.id, { targetId: target.id, mergedOn: '2026-03-01' })
      expect(fromGeneral.statusCode).toBe(422)
      expect(fromGeneral.json().error.message).toContain('是党总支，只有党支部和联合党支部可以合并')

      const intoGeneral = await merge(source.id, { targetId: general.id, mergedOn: '2026-03-01' })
      expect(intoGeneral.statusCode).toBe(400)
      expect(intoGeneral.json().error.message).toContain('只能并入党支部或联合党支部')

      const fromTemporary = await merge(temporary.id, { targetId: target.id, mergedOn: '2026-03-01' })
      expect(fromTemporary.statusCode).toBe(422)
      expect(fromTemporary.json().error.message).toContain('临时党支部不接转组织关系')

      const intoDissolved = await merge(source.id, { targetId: dissolved.id, mergedOn: '2026-03-01' })
      expect(intoDissolved.statusCode).toBe(400)
      expect(intoDissolved.json().error.message).toContain('已撤销')

      const noDate = await merge(source.id, { targetId: target.id })
      expect(noDate.statusCode).toBe(400)
      expect(noDate.json().error).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'mergedOn', label: '合并日期' }],
      })
      expect(noDate.json().error.message).toContain('合并日期')

      const badId = await merge(source.id, { targetId: 'x', mergedOn: '2026-03-01' })
      expect(badId.statusCode).toBe(400)
      expect(badId.json().error.message).toContain('并入的支部')

      const future = await merge(source.id, { targetId: target.id, mergedOn: '2099-01-01' })
      expect(future.statusCode).toBe(400)
      expect(future.json().error.message).toBe('合并日期：合并日期不能晚于今天')

      // 戊 came to the source on 2025-06-01: a merge dated earlier would break the history.
      await t.db.updateTable('member_org_history').set({ valid_from: '2025-06-01' }).where('person_id', '=', m.id).execute()
      const early = await merge(source.id, { targetId: target.id, mergedOn: '2025-05-31' })
      expect(early.statusCode).toBe(400)
      expect(early.json().error).toMatchObject({ details: [{ field: 'mergedOn' }] })
      expect(early.json().error.message).toContain(`不能早于戊不动转入“${source.name}”的日期（2025-06-01）`)

      expect(await orgIdOf(m.id)).toBe(source.id)
      expect((await parentOf(source.id)).parent_id).toBe(tree.own.id)
      expect((await t.db.selectFrom('orgs').where('id', '=', source.id).select('status').executeTakeFirstOrThrow()).status).toBe(
        'active',
      )
    })

    it('a source outside the scope is 404, a target outside it 400 naming the field', async () => {
      const inside = await branch('范围内支部')
      const outside = await branch('范围外支部', tree.sibling)
      const res = await merge(outside.id, { targetId: inside.id, mergedOn: '2026-03-01' })
      expect(res.statusCode).toBe(404)
      expect(res.json().error.code).toBe('not_found')
      const target = await merge(inside.id, { targetId: outside.id, mergedOn: '2026-03-01' })
      expect(target.statusCode).toBe(400)
      expect(target.json().error).toMatchObject({
        details: [{ field: 'targetId', message: '并入的支部不存在或不在您的授权范围内' }],
      })
    })

    it('needs orgs.write (403), and members.write too when people move', async () => {
      const source = await branch('甲')
      const target = await branch('乙')
      await add(source)
      const reader = await makeUser(t.db, { role: 'discipline', org: tree.own })
      const denied = await merge(
        source.id,
        { targetId: target.id, mergedOn: '2026-03-01' },
        await login(t.app, reader.loginName, reader.password),
      )
      expect(denied.statusCode).toBe(403)

      const code = `org_only_${unique().replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`
      await t.db
        .insertInto('roles')
        .values({ code, name: `只管组织${code}`, permissions: ['orgs.read', 'orgs.write'] })
        .execute()
      const orgOnly = await makeUser(t.db, { role: code as BuiltinRoleCode, org: tree.own })
      const res = await merge(
        source.id,
        { targetId: target.id, mergedOn: '2026-03-01' },
        await login(t.app, orgOnly.loginName, orgOnly.password),
      )
      expect(res.statusCode).toBe(403)
      expect(res.json().error.message).toContain('转移党员和入党申请人需要“登记和维护党员信息”的权限')
    })
  })

  describe('dissolve', () => {
    it('refuses while people remain, naming how many; with a receiving org they and the child orgs move in the same step', async () => {
      const org = await branch('撤销支部')
      const cell = await makeOrg(t.db, org, `党小组${unique()}`, 'grassroots', 'party_cell')
      const receiving = await branch('接收支部')
      const a = await add(org, { name: '己撤销' })
      await add(org, { name: '庚撤销' })
      await t.db.updateTable('orgs').set({ status: 'dissolved', dissolved_on: '2025-01-01' }).where('id', '=', cell.id).execute()

      const refused = await dissolve(org.id, { dissolvedOn: '2026-04-30', reason: '单位注销' })
      expect(refused.statusCode).toBe(422)
      expect(refused.json().error.message).toBe(`“${org.name}”还有 2 名党员和入党申请人，请选择接收组织，或先将他们转出`)

      const res = await dissolve(org.id, {
        dissolvedOn: '2026-04-30',
        reason: '单位注销',
        receivingOrgId: receiving.id,
        documentNo: '组字〔2026〕9号',
      })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({
        movedMembers: 2,
        movedOrgs: 0,
        org: { status: 'dissolved', dissolvedReason: '单位注销' },
      })
      expect(await asOf(org.id, '2026-04-29')).toEqual(['己撤销', '庚撤销'].sort())
      expect(await asOf(receiving.id, '2026-04-30')).toEqual(['己撤销', '庚撤销'].sort())
      const history = await peopleRepo.orgHistory(t.db, a.id)
      expect(history.at(-1)).toMatchObject({
        org_id: receiving.id,
        valid_from: '2026-04-30',
        reason: '组织撤销',
        document_no: '组字〔2026〕9号',
      })
      // a dissolved child stays where it was
      expect((await parentOf(cell.id)).parent_id).toBe(org.id)
      const [audit] = (await auditRows(t.db, 'orgs.org_dissolved')).filter((r) => r.entity_id === org.id)
      expect(audit).toMatchObject({
        after: {
          status: 'dissolved',
          receivingOrgId: receiving.id,
          receivingOrgName: receiving.name,
          movedMembers: 2,
          movedOrgs: 0,
        },
      })
    })

    it('moves the active child orgs too, and asks the receiving org to hold members only when there are some', async () => {
      const township = await makeOrg(t.db, tree.own, `某街道党工委${unique()}`, 'township', 'committee')
      const village = await makeOrg(t.db, township, `某社区支部${unique()}`, 'grassroots', 'branch')
      const other = await makeOrg(t.db, tree.own, `另一街道党委${unique()}`, 'township', 'committee')
      const res = await dissolve(township.id, { dissolvedOn: '2026-05-01', reason: '区划调整', receivingOrgId: other.id })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ movedMembers: 0, movedOrgs: 1 })
      expect((await parentOf(village.id)).parent_id).toBe(other.id)

      const withPeople = await branch('有人的支部')
      await add(withPeople)
      const cell = await makeOrg(t.db, tree.own, `党小组${unique()}`, 'grassroots', 'party_cell')
      const intoCell = await dissolve(withPeople.id, { dissolvedOn: '2026-05-01', reason: '撤并', receivingOrgId: cell.id })
      expect(intoCell.statusCode).toBe(400)
      expect(intoCell.json().error).toMatchObject({ details: [{ field: 'receivingOrgId', label: '接收组织' }] })
      expect(intoCell.json().error.message).toContain('是党小组，不能接收党员的组织关系')
      const intoCounty = await dissolve(withPeople.id, { dissolvedOn: '2026-05-01', reason: '撤并', receivingOrgId: tree.own.id })
      expect(intoCounty.statusCode).toBe(400)
      const child = await makeOrg(t.db, withPeople, `下级${unique()}`, 'grassroots', 'branch')
      const intoChild = await dissolve(withPeople.id, { dissolvedOn: '2026-05-01', reason: '撤并', receivingOrgId: child.id })
      expect(intoChild.statusCode).toBe(400)
      expect(intoChild.json().error.message).toContain('自己或它的下级组织')
      const outside = await dissolve(withPeople.id, {
        dissolvedOn: '2026-05-01',
        reason: '撤并',
        receivingOrgId: tree.sibling.id,
      })
      expect(outside.statusCode).toBe(400)
      expect(outside.json().error.message).toBe('接收组织：接收组织不存在或不在您的授权范围内')
      const badId = await dissolve(withPeople.id, { dissolvedOn: '2026-05-01', reason: '撤并', receivingOrgId: '123' })
      expect(badId.statusCode).toBe(400)
      expect(badId.json().error.details[0]).toMatchObject({ field: 'receivingOrgId', label: '接收组织' })
    })

    it('out of scope is 404; without orgs.write 403', async () => {
      const outside = await branch('范围外', tree.sibling)
      expect((await dissolve(outside.id, { dissolvedOn: '2026-05-01', reason: '撤并' })).statusCode).toBe(404)
      const reader = await makeUser(t.db, { role: 'discipline', org: tree.own })
      const own = await branch('范围内')
      const res = await dissolve(
        own.id,
        { dissolvedOn: '2026-05-01', reason: '撤并' },
        await login(t.app, reader.loginName, reader.password),
      )
      expect(res.statusCode).toBe(403)
    })
  })
})
