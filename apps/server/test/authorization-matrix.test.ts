import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import ExcelJS from '../src/platform/excel.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ALL_ROUTES,
  BUILTIN_ROLE_CODES,
  BUILTIN_ROLES,
  type BuiltinRoleCode,
  type Permission,
  type RouteDef,
} from '@xianfeng/contract'
import Fastify from 'fastify'
import { installGuard } from '../src/platform/http/guard.ts'
import { makeIdNumber, makeMember, makePhone } from '../src/modules/people/people.factories.ts'
import { createPiiCipher, piiKeysFromConfig } from '../src/platform/crypto/pii.ts'
import {
  addGrant,
  makeOrg,
  createTestApp,
  login,
  makeOrgTree,
  makeUser,
  type OrgNode,
  type Session,
  type TestApp,
} from './helpers.ts'

type Position = 'own' | 'descendant' | 'ancestor' | 'sibling' | 'otherCity'
const POSITIONS: Position[] = ['own', 'descendant', 'ancestor', 'sibling', 'otherCity']
const IN_SCOPE = new Set<Position>(['own', 'descendant'])

interface Request {
  url: string
  payload?: unknown
  headers?: Record<string, string>
}
interface Fixture {
  /** Does the request aim at something placed at an org (so scope decides), or at the caller's scope as a whole? */
  targeted: boolean
  /** `caller` is the user making the request (self-service routes act on the caller's own person). */
  make: (t: TestApp, target: OrgNode, caller: { id: string }) => Promise<Request>
  /** In scope, a workflow may still refuse a position on its own rule (a decision belongs to the level above). */
  inScope?: Partial<Record<Position, number[]>>
  /** Out of scope, a route may still answer for a position on its own rule (a contest published above reaches the scope). */
  outOfScope?: Partial<Record<Position, number[]>>
  /** A public route's answer to an anonymous caller, when not its success status. */
  anonymous?: number[]
}

const unique = () => randomBytes(4).toString('hex')
let snapshotDays = 0
let overrideDays = 0
let studyPlanYears = 0
const roleId = async (t: TestApp, code: BuiltinRoleCode) =>
  (await t.db.selectFrom('roles').where('code', '=', code).select('id').executeTakeFirstOrThrow()).id

/** A fixture for a self-service route: links the caller to a new member, then builds the request. */
const asSelf =
  (build: (t: TestApp, personId: string) => Request | Promise<Request>): Fixture['make'] =>
  async (t, _o, caller) =>
    build(t, await linkTo(t, caller))

/** One entry per contract route. A route added without an entry here fails the matrix. */
const FIXTURES: Record<string, Fixture> = {
  'POST /api/auth/login': {
    targeted: false,
    // the fixture's login is refused on its merits, not by a guard
    anonymous: [401],
    make: async () => ({ url: '/api/auth/login', payload: { loginName: `nobody_${unique()}`, password: 'wrong' } }),
  },
  'POST /api/auth/logout': { targeted: false, make: async () => ({ url: '/api/auth/logout' }) },
  'GET /api/auth/me': { targeted: false, make: async () => ({ url: '/api/auth/me' }) },
  'POST /api/auth/password': {
    targeted: false,
    make: async () => ({ url: '/api/auth/password', payload: { currentPassword: 'x', newPassword: 'y' } }),
  },
  'POST /api/auth/scope': {
    targeted: false,
    make: async () => ({ url: '/api/auth/scope', payload: { grantId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'GET /api/orgs/tree': { targeted: true, make: async (_t, o) => ({ url: `/api/orgs/tree?parentId=${o.id}` }) },
  'GET /api/orgs': { targeted: false, make: async (_t, o) => ({ url: `/api/orgs?q=${encodeURIComponent(o.name)}` }) },
  'GET /api/orgs/:id': { targeted: true, make: async (_t, o) => ({ url: `/api/orgs/${o.id}` }) },
  'POST /api/orgs': {
    targeted: true,
    make: async (_t, o) => ({
      url: '/api/orgs',
      payload: { parentId: o.id, name: `新建支部${unique()}`, kind: 'branch', level: 'grassroots' },
    }),
  },
  'PATCH /api/orgs/:id': {
    targeted: true,
    make: async (_t, o) => ({ url: `/api/orgs/${o.id}`, payload: { shortName: `简称${unique()}` } }),
  },
  'GET /api/orgs/:id/warnings': { targeted: true, make: async (_t, o) => ({ url: `/api/orgs/${o.id}/warnings` }) },
  'GET /api/orgs/:id/changes': { targeted: true, make: async (_t, o) => ({ url: `/api/orgs/${o.id}/changes` }) },
  'POST /api/orgs/:id/move': {
    targeted: true,
    make: async (t, o) => {
      const leaf = await makeOrg(t.db, o, `待移动支部${unique()}`, 'grassroots', 'branch')
      const destination = await makeOrg(t.db, tree.own, `接收党总支${unique()}`, 'grassroots', 'general_branch')
      return { url: `/api/orgs/${leaf.id}/move`, payload: { newParentId: destination.id } }
    },
  },
  'POST /api/orgs/:id/dissolve': {
    targeted: true,
    make: async (t, o) => {
      const leaf = await makeOrg(t.db, o, `待撤销支部${unique()}`, 'grassroots', 'branch')
      return { url: `/api/orgs/${leaf.id}/dissolve`, payload: { dissolvedOn: '2026-06-30', reason: '单位撤销' } }
    },
  },
  'POST /api/orgs/:id/merge': {
    targeted: true,
    make: async (t, o) => {
      const source = await makeOrg(t.db, o, `待合并支部${unique()}`, 'grassroots', 'branch')
      const target = await makeOrg(t.db, o, `并入支部${unique()}`, 'grassroots', 'branch')
      await member(t, source)
      return { url: `/api/orgs/${source.id}/merge`, payload: { targetId: target.id, mergedOn: '2026-03-01' } }
    },
  },
  'GET /api/orgs/:id/committee-terms': { targeted: true, make: async (_t, o) => ({ url: `/api/orgs/${o.id}/committee-terms` }) },
  'POST /api/orgs/:id/committee-terms': {
    targeted: true,
    make: async (t, o) => {
      const branch = await makeOrg(t.db, o, `换届支部${unique()}`, 'grassroots', 'branch')
      return { url: `/api/orgs/${branch.id}/committee-terms`, payload: { electedOn: '2024-06-01' } }
    },
  },
  'POST /api/committee-terms/:id/end': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/committee-terms/${(await termAt(t, o)).termId}/end`,
      payload: { endedOn: '2025-01-01', reason: '组织撤销' },
    }),
  },
  'POST /api/committee-terms/:id/members': {
    targeted: true,
    make: async (t, o) => {
      const { termId, branch } = await termAt(t, o)
      return {
        url: `/api/committee-terms/${termId}/members`,
        payload: { personId: (await member(t, branch)).id, post: 'secretary', startedOn: '2024-06-01' },
      }
    },
  },
  'POST /api/committee-members/:id/end': {
    targeted: true,
    make: async (t, o) => {
      const { termId, branch } = await termAt(t, o)
      const post = await t.db
        .insertInto('org_committee_members')
        .values({ term_id: termId, person_id: (await member(t, branch)).id, post: 'secretary', started_on: '2024-06-01' })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { url: `/api/committee-members/${post.id}/end`, payload: { endedOn: '2025-01-01' } }
    },
  },
  'GET /api/units': { targeted: false, make: async () => ({ url: '/api/units' }) },
  'GET /api/units/coverage': { targeted: false, make: async () => ({ url: '/api/units/coverage' }) },
  'POST /api/units': {
    targeted: true,
    make: async (_t, o) => ({
      url: '/api/units',
      payload: { name: `测试企业${unique()}`, unitType: 'private_enterprise', locatedOrgId: o.id, employeeCount: 12 },
    }),
  },
  'PATCH /api/units/:id': {
    targeted: true,
    make: async (t, o) => {
      const unit = await t.db
        .insertInto('units')
        .values({ name: `测试企业${unique()}`, unit_type: 'private_enterprise', located_org_id: o.id })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { url: `/api/units/${unit.id}`, payload: { employeeCount: 30 } }
    },
  },
  'GET /api/members': { targeted: false, make: async () => ({ url: '/api/members?q=%E6%B5%8B' }) },
  'GET /api/members/:personId': { targeted: true, make: async (t, o) => ({ url: `/api/members/${(await member(t, o)).id}` }) },
  'POST /api/members': {
    targeted: true,
    make: async (_t, o) => ({
      url: '/api/members',
      payload: {
        orgId: o.id,
        status: 'applicant',
        appliedOn: '2025-03-01',
        name: '测试申请人',
        gender: '2',
        ethnicity: '01',
        birthDate: '2000-05-04',
        idNumber: makeIdNumber({ birthDate: '2000-05-04', gender: '2' }),
        education: '20',
      },
    }),
  },
  'PATCH /api/members/:personId': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/members/${(await member(t, o)).id}`, payload: { workUnit: `单位${unique()}` } }),
  },
  'POST /api/members/:personId/status': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/members/${(await member(t, o, 'applicant')).id}/status`,
      payload: { status: 'activist', effectiveOn: '2024-09-01' },
    }),
  },
  'POST /api/members/:personId/transfer': {
    targeted: true,
    make: async (t, o) => {
      const destination = await makeOrg(t.db, tree.own, `接收支部${unique()}`, 'grassroots', 'branch')
      return {
        url: `/api/members/${(await member(t, o)).id}/transfer`,
        payload: { toOrgId: destination.id, effectiveOn: '2025-01-01' },
      }
    },
  },
  'POST /api/members/:personId/reveal': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/members/${(await member(t, o)).id}/reveal` }),
  },
  'GET /api/members/import-template': { targeted: false, make: async () => ({ url: '/api/members/import-template' }) },
  'POST /api/members/imports': {
    targeted: true,
    make: async (_t, o) => ({
      url: `/api/members/imports?orgId=${o.id}&fileName=${encodeURIComponent('名册.xlsx')}`,
      payload: await emptyWorkbook(),
      headers: { 'content-type': 'application/octet-stream' },
    }),
  },
  'GET /api/members/imports': { targeted: false, make: async () => ({ url: '/api/members/imports' }) },
  'GET /api/members/imports/:importId': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/members/imports/${await memberImport(t, o)}` }),
  },
  'GET /api/members/imports/:importId/errors': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/members/imports/${await memberImport(t, o)}/errors` }),
  },
  'GET /api/members/export': { targeted: true, make: async (_t, o) => ({ url: `/api/members/export?orgId=${o.id}` }) },
  'GET /api/members/:personId/photo': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/members/${await photographed(t, (await member(t, o)).id)}/photo` }),
  },
  'PUT /api/members/:personId/photo': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/members/${(await member(t, o)).id}/photo`,
      payload: PNG,
      headers: { 'content-type': 'image/png' },
    }),
  },
  'DELETE /api/members/:personId/photo': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/members/${await photographed(t, (await member(t, o)).id)}/photo` }),
  },
  // Self-service routes act on the caller's own person: the caller's account is linked to one first.
  'GET /api/self/record': { targeted: false, make: asSelf(() => ({ url: '/api/self/record' })) },
  'POST /api/self/reveal': { targeted: false, make: asSelf(() => ({ url: '/api/self/reveal' })) },
  'GET /api/self/photo': {
    targeted: false,
    make: asSelf(async (t, personId) => {
      await photographed(t, personId)
      return { url: '/api/self/photo' }
    }),
  },
  'GET /api/self/study-ledger': { targeted: false, make: asSelf(() => ({ url: '/api/self/study-ledger' })) },
  'GET /api/self/contact-requests': { targeted: false, make: asSelf(() => ({ url: '/api/self/contact-requests' })) },
  'POST /api/self/contact-requests': {
    targeted: false,
    make: asSelf(() => ({ url: '/api/self/contact-requests', payload: { phone: makePhone() } })),
  },
  'POST /api/self/contact-requests/:id/withdraw': {
    targeted: false,
    make: async (t, _o, caller) => {
      const personId = await linkTo(t, caller)
      return { url: `/api/self/contact-requests/${await pendingRequest(t, personId, caller.id)}/withdraw` }
    },
  },
  'GET /api/contact-requests': { targeted: false, make: async () => ({ url: '/api/contact-requests' }) },
  'POST /api/contact-requests/:id/approve': {
    targeted: true,
    make: async (t, o) => {
      const requester = await makeUser(t.db, { role: 'member', org: o })
      return { url: `/api/contact-requests/${await pendingRequest(t, (await member(t, o)).id, requester.id)}/approve` }
    },
  },
  'POST /api/contact-requests/:id/reject': {
    targeted: true,
    make: async (t, o) => {
      const requester = await makeUser(t.db, { role: 'member', org: o })
      return {
        url: `/api/contact-requests/${await pendingRequest(t, (await member(t, o)).id, requester.id)}/reject`,
        payload: { reason: '号码有误' },
      }
    },
  },
  'GET /api/roles': { targeted: false, make: async () => ({ url: '/api/roles' }) },
  'GET /api/users': { targeted: false, make: async () => ({ url: '/api/users' }) },
  'POST /api/users': {
    targeted: true,
    make: async (t, o) => ({
      url: '/api/users',
      payload: { loginName: `new_${unique()}`, displayName: '新账号', roleId: await roleId(t, 'member'), orgId: o.id },
    }),
  },
  'PATCH /api/users/:id': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/users/${(await makeUser(t.db, { role: 'member', org: o })).id}`,
      payload: { displayName: '改名' },
    }),
  },
  'POST /api/users/:id/password-reset': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/users/${(await makeUser(t.db, { role: 'member', org: o })).id}/password-reset` }),
  },
  'POST /api/users/:id/grants': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/users/${(await makeUser(t.db, { role: 'member', org: o })).id}/grants`,
      payload: { roleId: await roleId(t, 'discipline'), orgId: o.id },
    }),
  },
  'PUT /api/users/:id/person': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/users/${(await makeUser(t.db, { role: 'member', org: o })).id}/person`,
      payload: { personId: (await member(t, o)).id },
    }),
  },
  'DELETE /api/users/:id/person': {
    targeted: true,
    make: async (t, o) => {
      const u = await makeUser(t.db, { role: 'member', org: o })
      await linkTo(t, u, o)
      return { url: `/api/users/${u.id}/person` }
    },
  },
  'DELETE /api/grants/:id': {
    targeted: true,
    make: async (t, o) => {
      const u = await makeUser(t.db, { role: 'member', org: o })
      return { url: `/api/grants/${await addGrant(t.db, u.id, 'discipline', o)}` }
    },
  },
  'GET /api/audit': { targeted: false, make: async () => ({ url: '/api/audit' }) },
  'POST /api/audit/verify': { targeted: false, make: async () => ({ url: '/api/audit/verify' }) },
  'GET /api/audit/export': { targeted: false, make: async () => ({ url: '/api/audit/export' }) },
  'GET /api/home/summary': { targeted: false, make: async () => ({ url: '/api/home/summary' }) },
  'GET /api/stats/subtree': { targeted: true, make: async (_t, o) => ({ url: `/api/stats/subtree?orgId=${o.id}` }) },
  'GET /api/stats/snapshots': { targeted: false, make: async () => ({ url: '/api/stats/snapshots' }) },
  'POST /api/stats/snapshots': {
    targeted: false,
    // a different past day each time: one is refused while the same day's is being built
    make: async () => ({ url: '/api/stats/snapshots', payload: { asOf: `20${10 + (snapshotDays++ % 14)}-12-31` } }),
  },
  'GET /api/stats/subtree/export': {
    targeted: true,
    make: async (_t, o) => ({ url: `/api/stats/subtree/export?orgId=${o.id}&population=full` }),
  },
  'GET /api/activities': { targeted: true, make: async (_t, o) => ({ url: `/api/activities?orgId=${o.id}` }) },
  'GET /api/activities/roster': { targeted: true, make: async (_t, o) => ({ url: `/api/activities/roster?orgId=${o.id}` }) },
  'GET /api/activities/:id': { targeted: true, make: async (t, o) => ({ url: `/api/activities/${await activity(t, o)}` }) },
  'POST /api/activities': {
    targeted: true,
    make: async (_t, o) => ({
      url: '/api/activities',
      payload: { orgId: o.id, kinds: ['theme_day'], heldOn: '2025-06-01', topic: '主题党日' },
    }),
  },
  'PUT /api/activities/:id': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/activities/${await activity(t, o)}`,
      payload: { kinds: ['theme_day', 'study_day'], heldOn: '2025-06-02', topic: '主题党日暨学习日' },
    }),
  },
  'POST /api/activities/:id/void': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/activities/${await activity(t, o)}/void`, payload: { reason: '误登' } }),
  },
  'GET /api/rules': { targeted: true, make: async (_t, o) => ({ url: `/api/rules?orgId=${o.id}` }) },
  'GET /api/rules/:ruleId/overrides': {
    targeted: false,
    make: async () => ({ url: '/api/rules/org_life.theme_day_monthly/overrides' }),
  },
  'POST /api/rules/:ruleId/overrides': {
    targeted: true,
    // a later day each time: a new override of the same org must start after the one it replaces
    make: async (_t, o) => ({
      url: '/api/rules/org_life.theme_day_monthly/overrides',
      payload: {
        orgId: o.id,
        params: { count: 2 },
        reason: '本市要求每月两次',
        effectiveFrom: `2026-01-${String(1 + (overrideDays++ % 28)).padStart(2, '0')}`,
      },
    }),
  },
  'POST /api/rules/overrides/:id/end': {
    targeted: true,
    make: async (t, o) => {
      const row = await t.db
        .insertInto('rule_overrides')
        .values({
          rule_id: `matrix.r${unique()}`,
          org_id: o.id,
          params: { count: 2 },
          reason: '测试',
          effective_from: '2026-01-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { url: `/api/rules/overrides/${row.id}/end`, payload: { endedOn: '2026-06-01' } }
    },
  },
  'GET /api/cadre-writings': { targeted: true, make: async (_t, o) => ({ url: `/api/cadre-writings?orgId=${o.id}` }) },
  'POST /api/cadre-writings': {
    targeted: true,
    make: async (t, o) => ({
      url: '/api/cadre-writings',
      payload: { personId: (await member(t, o)).id, kind: 'article', title: '学习体会', writtenOn: '2025-06-01' },
    }),
  },
  'POST /api/cadre-writings/:id/void': {
    targeted: true,
    make: async (t, o) => {
      const person = await member(t, o)
      const row = await t.db
        .insertInto('cadre_writings')
        .values({ person_id: person.id, org_id: o.id, kind: 'article', title: '学习体会', written_on: '2025-06-01' })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { url: `/api/cadre-writings/${row.id}/void`, payload: { reason: '误登' } }
    },
  },
  'GET /api/study-reports': { targeted: true, make: async (_t, o) => ({ url: `/api/study-reports?orgId=${o.id}` }) },
  'PUT /api/study-reports': {
    targeted: true,
    make: async (t, o) => ({
      url: '/api/study-reports',
      payload: { personId: (await member(t, o)).id, year: 2025, summary: '本年度学习情况', reportedOn: '2025-12-20' },
    }),
  },
  'GET /api/study-plans': { targeted: true, make: async (_t, o) => ({ url: `/api/study-plans?orgId=${o.id}` }) },
  'PUT /api/study-plans': {
    targeted: true,
    make: async (_t, o) => ({
      url: '/api/study-plans',
      payload: { orgId: o.id, year: 2020 + (studyPlanYears++ % 60), title: '年度学习计划', content: '每月学习日集中学习' },
    }),
  },
  'GET /api/training-plans': { targeted: true, make: async (_t, o) => ({ url: `/api/training-plans?orgId=${o.id}` }) },
  'POST /api/training-plans': {
    targeted: true,
    make: async (_t, o) => ({ url: '/api/training-plans', payload: trainingPlan(o) }),
  },
  'PUT /api/training-plans/:id': {
    targeted: true,
    make: async (t, o) => {
      const row = await t.db
        .insertInto('training_plans')
        .values({
          org_id: o.id,
          year: 2026,
          field: 'law',
          level: 'county',
          title: '法律知识培训',
          audience: '全体党员',
          planned_sessions: 2,
          planned_hours: '16',
          planned_trainees: 100,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { url: `/api/training-plans/${row.id}`, payload: trainingPlan(o) }
    },
  },
  'GET /api/exemplars': { targeted: true, make: async (_t, o) => ({ url: `/api/exemplars?orgId=${o.id}` }) },
  'POST /api/exemplars': {
    targeted: true,
    make: async (t, o) => ({
      url: '/api/exemplars',
      payload: { orgId: o.id, personId: (await member(t, o)).id, year: 2026, deeds: '坚持学习，带头示范' },
    }),
  },
  'POST /api/exemplars/:id/decide': {
    targeted: true,
    // the nominating org's superior decides: a user of the org itself may not
    inScope: { own: [403] },
    make: async (t, o) => ({ url: `/api/exemplars/${await exemplar(t, o, 'nominated')}/decide`, payload: { approve: true } }),
  },
  'GET /api/public/exemplars': {
    targeted: false,
    make: async (t, o) => {
      await exemplar(t, o, 'published')
      return { url: '/api/public/exemplars' }
    },
  },
  'POST /api/exemplars/:id/publish': {
    targeted: true,
    inScope: { own: [403] },
    make: async (t, o) => ({ url: `/api/exemplars/${await exemplar(t, o, 'approved')}/publish` }),
  },
  'GET /api/compliance/overview': { targeted: true, make: async (_t, o) => ({ url: `/api/compliance/overview?orgId=${o.id}` }) },
  'GET /api/compliance/orgs/:id': { targeted: true, make: async (_t, o) => ({ url: `/api/compliance/orgs/${o.id}` }) },
  'GET /api/compliance/trend': {
    targeted: true,
    make: async (_t, o) => ({ url: `/api/compliance/trend?orgId=${o.id}&ruleId=org_life.theme_day_monthly` }),
  },
  'GET /api/compliance/export': { targeted: true, make: async (_t, o) => ({ url: `/api/compliance/export?orgId=${o.id}` }) },
  'GET /api/contests/questions': { targeted: true, make: async (_t, o) => ({ url: `/api/contests/questions?orgId=${o.id}` }) },
  'GET /api/contests/question-tags': { targeted: false, make: async () => ({ url: '/api/contests/question-tags' }) },
  'POST /api/contests/questions': {
    targeted: true,
    make: async (_t, o) => ({ url: '/api/contests/questions', payload: questionInput(o) }),
  },
  'PUT /api/contests/questions/:id': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/contests/questions/${await question(t, o)}`, payload: questionInput(o) }),
  },
  'POST /api/contests/questions/:id/retire': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/contests/questions/${await question(t, o)}/retire`, payload: { reason: '表述已过时' } }),
  },
  'POST /api/contests/questions/:id/restore': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/contests/questions/${await question(t, o, true)}/restore` }),
  },
  'GET /api/contests/questions/template': { targeted: false, make: async () => ({ url: '/api/contests/questions/template' }) },
  'POST /api/contests/questions/import': {
    targeted: true,
    make: async (_t, o) => ({
      url: `/api/contests/questions/import?orgId=${o.id}`,
      payload: await questionWorkbook(),
      headers: { 'content-type': 'application/octet-stream' },
    }),
  },
  'GET /api/contests/questions/export': {
    targeted: true,
    make: async (_t, o) => ({ url: `/api/contests/questions/export?orgId=${o.id}` }),
  },
  'GET /api/contests/quizzes': { targeted: true, make: async (_t, o) => ({ url: `/api/contests/quizzes?orgId=${o.id}` }) },
  'GET /api/contests/quizzes/:id': {
    targeted: true,
    outOfScope: { ancestor: [200] },
    make: async (t, o) => ({ url: `/api/contests/quizzes/${await quiz(t, o, 'published')}` }),
  },
  'POST /api/contests/quizzes': {
    targeted: true,
    make: async (t, o) => ({ url: '/api/contests/quizzes', payload: quizInput(o, await question(t, o)) }),
  },
  'PUT /api/contests/quizzes/:id': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/contests/quizzes/${await quiz(t, o)}`, payload: quizInput(o, await question(t, o)) }),
  },
  'POST /api/contests/quizzes/:id/publish': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/contests/quizzes/${await quiz(t, o)}/publish` }),
  },
  'POST /api/contests/quizzes/:id/close': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/contests/quizzes/${await quiz(t, o, 'published')}/close` }),
  },
  // a quiz published by the org above is read within the caller's scope
  'GET /api/contests/quizzes/:id/results/people': {
    targeted: true,
    outOfScope: { ancestor: [200] },
    make: async (t, o) => ({ url: `/api/contests/quizzes/${await quiz(t, o, 'published')}/results/people` }),
  },
  'GET /api/contests/quizzes/:id/results/orgs': {
    targeted: true,
    outOfScope: { ancestor: [200] },
    make: async (t, o) => ({ url: `/api/contests/quizzes/${await quiz(t, o, 'published')}/results/orgs` }),
  },
  // Taking a quiz acts for the caller's own person: a member at `own` takes a quiz published at the city above.
  'GET /api/contests/open': { targeted: false, make: asSelf(() => ({ url: '/api/contests/open' })) },
  'POST /api/contests/quizzes/:id/attempts': {
    targeted: false,
    make: asSelf(async (t) => ({ url: `/api/contests/quizzes/${await quiz(t, tree.ancestor, 'published')}/attempts` })),
  },
  'GET /api/contests/attempts/:id': {
    targeted: false,
    make: async (t, _o, caller) => ({ url: `/api/contests/attempts/${await attemptOf(t, caller)}` }),
  },
  'POST /api/contests/attempts/:id/submit': {
    targeted: false,
    make: async (t, _o, caller) => ({
      url: `/api/contests/attempts/${await attemptOf(t, caller)}/submit`,
      payload: { answers: [] },
    }),
  },
  'GET /api/development/cases': { targeted: true, make: async (_t, o) => ({ url: `/api/development/cases?orgId=${o.id}` }) },
  'POST /api/development/cases': {
    targeted: true,
    make: async (t, o) => ({
      url: '/api/development/cases',
      payload: {
        personId: (
          await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, o, {
            status: 'applicant',
            birthDate: devBirthDate(),
            dates: { applied_on: '2025-03-01' },
          })
        ).id,
      },
    }),
  },
  'GET /api/development/cases/:id': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/development/cases/${await devCase(t, o)}` }),
  },
  'POST /api/development/cases/:id/steps': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/development/cases/${await devCase(t, o)}/steps`,
      payload: { step: 2, doneOn: '2025-03-10', actorName: '王书记' },
    }),
  },
  'POST /api/development/cases/:id/end': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/development/cases/${await devCase(t, o)}/end`,
      payload: { endedOn: '2025-04-01', reason: '本人撤回入党申请' },
    }),
  },
  'GET /api/development/cases/:id/dossier': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/development/cases/${await devCase(t, o)}/dossier` }),
  },
  'POST /api/development/cases/:id/notices': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/development/cases/${await devCase(t, o, [{ step: 12, done_on: '2026-05-20' }])}/notices`,
      payload: { kind: 'admission', startsOn: DEVELOPMENT_TODAY, contact: '党支部 027-12345678' },
    }),
  },
  'POST /api/development/notices/:id/objections': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/development/notices/${(await devNotice(t, o)).noticeId}/objections`,
      payload: { receivedOn: DEVELOPMENT_TODAY, content: '反映的问题' },
    }),
  },
  'POST /api/development/objections/:id/resolve': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/development/objections/${(await devNotice(t, o)).objectionId}/resolve`,
      payload: { resolvedOn: DEVELOPMENT_TODAY, resolution: '经核实不属实' },
    }),
  },
  'GET /api/development/todos': { targeted: false, make: async () => ({ url: '/api/development/todos' }) },
  'GET /api/development/dashboard': {
    targeted: true,
    make: async (_t, o) => ({ url: `/api/development/dashboard?orgId=${o.id}` }),
  },
  'PUT /api/development/plans': {
    targeted: true,
    make: async (_t, o) => ({
      url: '/api/development/plans',
      payload: { orgId: o.id, year: 2026, quotas: [{ category: 'total', planned: 5 }] },
    }),
  },
  'GET /api/public/development-notices': {
    targeted: false,
    make: async (t, o) => {
      await devNotice(t, o)
      return { url: '/api/public/development-notices' }
    },
  },
  'GET /api/transfers': { targeted: true, make: async (_t, o) => ({ url: `/api/transfers?orgId=${o.id}` }) },
  'GET /api/transfers/export': { targeted: true, make: async (_t, o) => ({ url: `/api/transfers/export?orgId=${o.id}` }) },
  'GET /api/transfers/:id': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/transfers/${await transferRow(t, { from: o, to: await elsewhere(t) })}` }),
  },
  'POST /api/transfers': {
    targeted: true,
    make: async (t, o) => ({
      url: '/api/transfers',
      payload: {
        personId: (await member(t, o)).id,
        kind: 'internal',
        toOrgId: (await elsewhere(t)).id,
        reason: 'work_change',
        issuedOn: DEVELOPMENT_TODAY,
      },
    }),
  },
  'POST /api/transfers/:id/receive': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/transfers/${await transferRow(t, { from: await elsewhere(t), to: o })}/receive`,
      payload: { receivedOn: DEVELOPMENT_TODAY },
    }),
  },
  'POST /api/transfers/:id/return': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/transfers/${await transferRow(t, { from: await elsewhere(t), to: o })}/return`,
      payload: { returnedOn: DEVELOPMENT_TODAY, returnCode: 'not_reported' },
    }),
  },
  'POST /api/transfers/:id/cancel': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/transfers/${await transferRow(t, { from: o, to: await elsewhere(t) })}/cancel`,
      payload: { cancelledOn: DEVELOPMENT_TODAY, note: '开错了' },
    }),
  },
  'POST /api/transfers/:id/receipt': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/transfers/${await transferRow(t, { from: o, to: null })}/receipt`,
      payload: { receivedOn: DEVELOPMENT_TODAY, receiptNo: '回执 1 号' },
    }),
  },
  'GET /api/transfers/:id/letter': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/transfers/${await transferRow(t, { from: o, to: null })}/letter` }),
  },
  'GET /api/transfers/destinations': {
    targeted: false,
    make: async () => ({ url: `/api/transfers/destinations?q=${encodeURIComponent('党')}` }),
  },
  'GET /api/transfers/todos': { targeted: false, make: async () => ({ url: '/api/transfers/todos' }) },
  'GET /api/transfers/dashboard': { targeted: true, make: async (_t, o) => ({ url: `/api/transfers/dashboard?orgId=${o.id}` }) },
  'GET /api/transfers/away': { targeted: true, make: async (_t, o) => ({ url: `/api/transfers/away?orgId=${o.id}` }) },
  'GET /api/oversight/meetings': { targeted: true, make: async (_t, o) => ({ url: `/api/oversight/meetings?orgId=${o.id}` }) },
  'GET /api/oversight/meetings/export': {
    targeted: true,
    make: async (_t, o) => ({ url: `/api/oversight/meetings/export?orgId=${o.id}` }),
  },
  'POST /api/oversight/meetings': {
    targeted: true,
    make: async (_t, o) => ({ url: '/api/oversight/meetings', payload: meetingInput(o) }),
  },
  'PUT /api/oversight/meetings/:id': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/oversight/meetings/${await meetingAt(t, o)}`, payload: meetingInput(o) }),
  },
  'GET /api/oversight/reports': {
    targeted: true,
    make: async (_t, o) => ({ url: `/api/oversight/reports?orgId=${o.id}&year=2026` }),
  },
  'GET /api/oversight/reports/:id': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/oversight/reports/${await countyReport(t, o, 'draft')}` }),
  },
  // a county's report: the county is made under the position
  'PUT /api/oversight/reports': {
    targeted: true,
    make: async (t, o) => ({
      url: '/api/oversight/reports',
      payload: { orgId: (await makeOrg(t.db, o, `报告县${unique()}`, 'county')).id, year: 2026, narrative: '本县情况' },
    }),
  },
  'POST /api/oversight/reports/:id/submit': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/oversight/reports/${await countyReport(t, o, 'draft')}/submit` }),
  },
  // returned by the org it was submitted to: the position
  'POST /api/oversight/reports/:id/return': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/oversight/reports/${await countyReport(t, o, 'submitted')}/return`,
      payload: { reason: '请补充' },
    }),
  },
  'GET /api/oversight/spot-checks': {
    targeted: true,
    make: async (_t, o) => ({ url: `/api/oversight/spot-checks?orgId=${o.id}` }),
  },
  'POST /api/oversight/spot-checks': {
    targeted: true,
    make: async (t, o) => {
      await makeOrg(t.db, o, `抽查县${unique()}`, 'county')
      return {
        url: '/api/oversight/spot-checks',
        payload: {
          orgId: o.id,
          year: 2026,
          title: '流动党员工作抽查',
          seed: 'matrix',
          countySampleSize: 1,
          memberSampleSize: 1,
          frameAsOf: '2026-05-01',
        },
      }
    },
  },
  'GET /api/oversight/spot-checks/:id': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/oversight/spot-checks/${(await spotCheckAt(t, o)).spotCheckId}` }),
  },
  'GET /api/oversight/spot-checks/:id/redraw': {
    targeted: true,
    make: async (t, o) => ({ url: `/api/oversight/spot-checks/${(await spotCheckAt(t, o)).spotCheckId}/redraw` }),
  },
  'PUT /api/oversight/spot-check-items/:id/checker': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/oversight/spot-check-items/${(await spotCheckAt(t, o)).itemId}/checker`,
      payload: { checker: '省委组织部 刘洋', assignedOn: '2026-05-20' },
    }),
  },
  'POST /api/oversight/spot-check-items/:id/findings': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/oversight/spot-check-items/${(await spotCheckAt(t, o)).itemId}/findings`,
      payload: { foundOn: '2026-05-20', description: '台账未更新' },
    }),
  },
  'GET /api/oversight/findings': { targeted: true, make: async (_t, o) => ({ url: `/api/oversight/findings?orgId=${o.id}` }) },
  'POST /api/oversight/findings/:id/start': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/oversight/findings/${await findingAt(t, o, 'open')}/start`,
      payload: { startedOn: '2026-05-21', measures: '重建台账' },
    }),
  },
  'POST /api/oversight/findings/:id/close': {
    targeted: true,
    make: async (t, o) => ({
      url: `/api/oversight/findings/${await findingAt(t, o, 'rectifying')}/close`,
      payload: { closedOn: '2026-05-30', evidence: '台账已更新' },
    }),
  },
}

const meetingInput = (o: OrgNode) => ({
  orgId: o.id,
  heldOn: '2026-05-01',
  title: '流动党员管理工作联席会议',
  departments: ['党委组织部', '公安'],
  decisions: '每季度通报一次',
})

const meetingAt = async (t: TestApp, o: OrgNode) =>
  (
    await t.db
      .insertInto('mobile_coordination_meetings')
      .values({ org_id: o.id, held_on: '2026-05-01', title: '联席会议', departments: ['公安'], decisions: '通报' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id

/** The 2026 report of a new county under `o`, submitted to `o`, in draft or submitted. */
async function countyReport(t: TestApp, o: OrgNode, status: 'draft' | 'submitted') {
  const county = await makeOrg(t.db, o, `报告县${unique()}`, 'county')
  const row = await t.db
    .insertInto('mobile_work_reports')
    .values({
      org_id: county.id,
      year: 2026,
      level: 'county',
      submitted_to_org_id: o.id,
      status,
      narrative: '本县情况',
      due_on: '2026-12-20',
      ...(status === 'submitted' && {
        figures: JSON.stringify({ counts: {} }),
        submitted_at: new Date(),
        submitted_on: '2026-05-30',
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A spot check drawn at `o` with one item: `o` itself as the county drawn. */
async function spotCheckAt(t: TestApp, o: OrgNode) {
  const hash = '0'.repeat(64)
  const sc = await t.db
    .insertInto('mobile_spot_checks')
    .values({
      org_id: o.id,
      year: 2026,
      title: '抽查',
      seed: 'matrix',
      generator: 'sha256-fisher-yates-v1',
      frame_as_of: '2026-05-01',
      county_sample_size: 1,
      member_sample_size: 0,
      county_frame_size: 1,
      county_frame_sha256: hash,
      member_frame_size: 0,
      member_frame_sha256: hash,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const item = await t.db
    .insertInto('mobile_spot_check_items')
    .values({ spot_check_id: sc.id, kind: 'county', draw_order: 1, county_org_id: o.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { spotCheckId: sc.id, itemId: item.id }
}

async function findingAt(t: TestApp, o: OrgNode, status: 'open' | 'rectifying') {
  const { itemId } = await spotCheckAt(t, o)
  const row = await t.db
    .insertInto('mobile_spot_check_findings')
    .values({
      item_id: itemId,
      found_on: '2026-05-01',
      description: '台账未更新',
      status,
      ...(status === 'rectifying' && { rectifying_on: '2026-05-02', measures: '重建台账' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

let elsewhereOrg: OrgNode | undefined
/** A branch under the second city, outside every matrix position's subtree: the other end of a transfer. */
const elsewhere = async (t: TestApp) =>
  (elsewhereOrg ??= await makeOrg(t.db, tree.cityB, '矩阵转接对方党支部', 'grassroots', 'branch'))

/** A pending transfer of a new member of `from` to `to` (null: to outside the platform), issued 2026-05-20. */
async function transferRow(t: TestApp, { from, to }: { from: OrgNode; to: OrgNode | null }) {
  const person = await member(t, from)
  const key = async (o: OrgNode) =>
    (await sql<{ k: string }>`SELECT prefecture_key(path) AS k FROM orgs WHERE id = ${o.id}`.execute(t.db)).rows[0]!.k
  const row = await t.db
    .insertInto('member_transfers')
    .values({
      prefecture_org_id: await key(from),
      person_id: person.id,
      from_org_id: from.id,
      kind: to ? 'internal' : 'external',
      to_org_id: to?.id ?? null,
      to_prefecture_org_id: to ? await key(to) : null,
      to_org_name: to ? null : '平台外的党组织',
      letter_no: `矩阵〔2026〕${unique()}号`,
      reason: 'work_change',
      issued_on: '2026-05-20',
      valid_until: '2026-08-20',
      validity_months: 3,
      letter: JSON.stringify({
        name: '某某',
        gender: '1',
        ethnicity: '01',
        birthDate: '1990-01-01',
        idNumber: null,
        education: '20',
        status: 'full',
        appliedOn: null,
        admittedOn: null,
        fullOn: null,
        workUnit: null,
        phone: null,
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The matrix app's clock for the development routes (their dates are judged against it). */
const DEVELOPMENT_TODAY = '2026-06-01'

/** A birth date of its own for each applicant (the factory's ID numbers are distinct per birth date), all adults by 2025. */
let devBirths = 0
const devBirthDate = () => new Date(Date.UTC(1980, 0, 1 + devBirths++)).toISOString().slice(0, 10)

/** A development case of a new applicant at `o`, applied on 2025-03-01, with further steps written straight into the tables. */
async function devCase(t: TestApp, o: OrgNode, more: { step: number; done_on: string }[] = []) {
  const person = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, o, {
    status: 'applicant',
    birthDate: devBirthDate(),
    dates: { applied_on: '2025-03-01' },
  })
  const c = await t.db
    .insertInto('development_cases')
    .values({ person_id: person.id, next_step: 2, created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const s of [{ step: 1, done_on: '2025-03-01' }, ...more])
    await t.db
      .insertInto('development_steps')
      .values({ case_id: c.id, org_id: o.id, ...s })
      .execute()
  return c.id
}

/** A candidate's notice in force at `o` (from the matrix clock's day), with one objection. */
async function devNotice(t: TestApp, o: OrgNode) {
  const caseId = await devCase(t, o, [{ step: 12, done_on: '2026-05-20' }])
  const notice = await t.db
    .insertInto('development_notices')
    .values({
      case_id: caseId,
      kind: 'admission',
      org_id: o.id,
      starts_on: DEVELOPMENT_TODAY,
      ends_on: '2026-06-08',
      working_days: 5,
      contact: '党支部',
      content: JSON.stringify({ name: '某某', gender: '男', birthMonth: '2000-01', education: null, workUnit: null, facts: [] }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const objection = await t.db
    .insertInto('development_objections')
    .values({ notice_id: notice.id, received_on: DEVELOPMENT_TODAY, content: '反映的问题' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { noticeId: notice.id, objectionId: objection.id }
}

const questionInput = (o: OrgNode) => ({
  orgId: o.id,
  type: 'single',
  stem: '党的根本宗旨是（ ）',
  options: ['全心全意为人民服务', '发展经济'],
  answer: [0],
  tags: ['党章'],
})

const question = async (t: TestApp, o: OrgNode, isRetired = false) =>
  (
    await t.db
      .insertInto('contest_questions')
      .values({
        org_id: o.id,
        type: 'single',
        stem: '党的根本宗旨是（ ）',
        options: ['全心全意为人民服务', '发展经济'],
        answer: [0],
        ...(isRetired && { retired_at: new Date(), retire_reason: '表述已过时' }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id

const quizInput = (o: OrgNode, questionId: string) => ({
  orgId: o.id,
  title: '党章知识竞赛',
  selection: 'fixed',
  questionIds: [questionId],
  timeLimitMinutes: 10,
  opensAt: new Date(Date.now() - 3_600_000).toISOString(),
  closesAt: new Date(Date.now() + 86_400_000).toISOString(),
})

/** A quiz of one question at `o`, open from an hour ago to a day ahead. */
async function quiz(t: TestApp, o: OrgNode, status: 'draft' | 'published' = 'draft') {
  const q = await question(t, o)
  const row = await t.db
    .insertInto('contest_quizzes')
    .values({
      org_id: o.id,
      title: '党章知识竞赛',
      selection: 'fixed',
      question_ids: [q],
      question_count: 1,
      time_limit_minutes: 10,
      opens_at: new Date(Date.now() - 3_600_000),
      closes_at: new Date(Date.now() + 86_400_000),
      attempts_allowed: 1,
      status,
      ...(status === 'published' && { published_at: new Date() }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** An attempt in progress by the caller's own person (linked to a new member at `own`). */
async function attemptOf(t: TestApp, caller: { id: string }) {
  const personId = await linkTo(t, caller)
  const quizId = await quiz(t, tree.ancestor, 'published')
  const row = await t.db
    .insertInto('contest_attempts')
    .values({
      quiz_id: quizId,
      person_id: personId,
      org_id: tree.own.id,
      user_id: caller.id,
      attempt_no: 1,
      questions: JSON.stringify([]),
      question_count: 1,
      deadline: new Date(Date.now() + 600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

let questionXlsx: Buffer | undefined
const questionWorkbook = async () => {
  if (!questionXlsx) {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('试题')
    ws.addRow(['题型', '题干', '选项A', '选项B', '正确答案'])
    ws.addRow(['判断题', '预备党员的预备期为一年。', '', '', '正确'])
    questionXlsx = Buffer.from(await wb.xlsx.writeBuffer())
  }
  return questionXlsx
}

const trainingPlan = (o: OrgNode) => ({
  orgId: o.id,
  year: 2026,
  field: 'theory',
  level: 'county',
  title: '党员集中轮训',
  audience: '全体党员',
  plannedSessions: 4,
  plannedHours: 32,
  plannedTrainees: 500,
})

/** A 学习标兵 nomination by `o` in the given state. */
async function exemplar(t: TestApp, o: OrgNode, status: 'nominated' | 'approved' | 'published') {
  const person = await member(t, o)
  const row = await t.db
    .insertInto('study_exemplars')
    .values({
      org_id: o.id,
      person_id: person.id,
      year: 2026,
      deeds: '坚持学习',
      status,
      ...(status !== 'nominated' && { decided_at: new Date() }),
      ...(status === 'published' && { published_at: new Date() }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A theme day recorded at `o`. */
const activity = async (t: TestApp, o: OrgNode) =>
  (
    await t.db
      .insertInto('activities')
      .values({ org_id: o.id, kinds: ['theme_day'], held_on: '2025-05-01', topic: '主题党日' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id

const member = (t: TestApp, o: OrgNode, status: 'applicant' | 'full' = 'full') =>
  makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, o, { status })

/** A finished import into `o`, as a file rejected for having no rows would leave it. */
async function memberImport(t: TestApp, o: OrgNode) {
  const user = await makeUser(t.db, { role: 'org_admin', org: o })
  const row = await t.db
    .insertInto('member_imports')
    .values({
      org_id: o.id,
      created_by: user.id,
      file_name: '名册.xlsx',
      file_sha256: randomBytes(32),
      file_size: 100,
      status: 'rejected',
      error_count: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.db
    .insertInto('member_import_errors')
    .values({ import_id: row.id, row_no: 2, column_name: '', value: null, message: '文件中没有数据行' })
    .execute()
  return row.id
}

let emptyXlsx: Buffer | undefined
const emptyWorkbook = async () => {
  if (!emptyXlsx) {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('党员信息').addRow(['姓名'])
    emptyXlsx = Buffer.from(await wb.xlsx.writeBuffer())
  }
  return emptyXlsx
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])

/** Links the user's account to a new member (at `org`, by default the caller's own org); the person's id. */
async function linkTo(t: TestApp, user: { id: string }, org: OrgNode = tree.own) {
  const person = await member(t, org)
  await t.db.updateTable('users').set({ person_id: person.id }).where('id', '=', user.id).execute()
  return person.id
}

async function photographed(t: TestApp, personId: string) {
  await t.db
    .insertInto('person_photos')
    .values({ person_id: personId, content: PNG, mime_type: 'image/png', byte_size: PNG.length, sha256: Buffer.alloc(32, 1) })
    .execute()
  return personId
}

/** A pending contact-change request of the person, sealed as the service seals it. */
async function pendingRequest(t: TestApp, personId: string, requestedBy: string) {
  const id = randomUUID()
  const cipher = createPiiCipher(piiKeysFromConfig(t.config.encryptionKey))
  const org = await t.db.selectFrom('members').where('person_id', '=', personId).select('org_id').executeTakeFirstOrThrow()
  await t.db
    .insertInto('contact_change_requests')
    .values({
      id,
      person_id: personId,
      org_id: org.org_id,
      requested_by: requestedBy,
      phone_enc: cipher.encrypt(makePhone(), `contact_change_requests.phone:${id}`),
    })
    .execute()
  return id
}

/** A fresh branch under `o` with a current committee term elected on 2024-06-01. */
async function termAt(t: TestApp, o: OrgNode) {
  const branch = await makeOrg(t.db, o, `班子支部${unique()}`, 'grassroots', 'branch')
  const term = await t.db
    .insertInto('org_committee_terms')
    .values({ org_id: branch.id, term_number: 1, structure: 'committee', elected_on: '2024-06-01', term_years: 3 })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { termId: term.id, branch }
}

const key = (r: Pick<RouteDef, 'method' | 'path'>) => `${r.method} ${r.path}`

function expectedStatus(route: RouteDef, role: BuiltinRoleCode, position: Position, fixture: Fixture): number[] {
  const ok = [route.status ?? 200]
  if (route.permission === 'public') return fixture.anonymous ?? ok
  if (route.permission === 'authenticated') {
    // Reachable by every role; these fixtures send deliberately wrong values.
    if (route.path === '/api/auth/password') return [400]
    if (route.path === '/api/auth/scope') return [404]
    return ok
  }
  // Roles that hold the permission only over a subtree that also holds the target may act.
  if (!BUILTIN_ROLES[role].permissions.includes(route.permission as Permission)) return [403]
  if (!fixture.targeted) return ok
  if (IN_SCOPE.has(position)) return fixture.inScope?.[position] ?? ok
  return fixture.outOfScope?.[position] ?? [404]
}

let tree: Awaited<ReturnType<typeof makeOrgTree>>

describe('authorization matrix: every route × every built-in role × five org positions', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => DEVELOPMENT_TODAY })
    tree = await makeOrgTree(t.db)
  })

  it('every contract route is served, and the app refuses an /api route without a declared permission', async () => {
    for (const r of ALL_ROUTES) expect(t.app.hasRoute({ method: r.method, url: r.path }), key(r)).toBe(true)
    const bare = Fastify()
    installGuard(bare, { sessions: {} as never })
    expect(() => bare.get('/api/undeclared', async () => 'x')).toThrow(/没有在接口契约中声明权限/)
    await bare.close()
  })

  it('every contract route has a matrix fixture', () => {
    const missing = ALL_ROUTES.map(key).filter((k) => !FIXTURES[k])
    expect(missing, `routes without a matrix fixture: ${missing.join(', ')}`).toEqual([])
  })

  for (const role of BUILTIN_ROLE_CODES) {
    it(`${role} (${BUILTIN_ROLES[role].name})`, async () => {
      const failures: string[] = []
      for (const route of ALL_ROUTES) {
        const fixture = FIXTURES[key(route)]
        if (!fixture) continue
        for (const position of fixture.targeted ? POSITIONS : (['own'] as Position[])) {
          // A fresh session per cell: logout and scope switches must not leak into the next cell.
          const user = await makeUser(t.db, { role, org: tree.own })
          const session: Session | null = route.permission === 'public' ? null : await login(t.app, user.loginName, user.password)
          const req = await fixture.make(t, tree[position], user)
          const res = await t.app.inject({
            method: route.method,
            url: req.url,
            headers: { ...session?.headers, ...req.headers },
            ...(req.payload !== undefined && { payload: req.payload as object }),
          })
          const expected = expectedStatus(route, role, position, fixture)
          if (!expected.includes(res.statusCode))
            failures.push(
              `${key(route)} @ ${position}: expected ${expected.join('/')}, got ${res.statusCode} ${res.body.slice(0, 160)}`,
            )
        }
      }
      expect(failures).toEqual([])
      // a login per cell (argon2) for every route and position: minutes on a loaded machine
    }, 240_000)
  }

  it('without a session every non-public route answers 401', async () => {
    for (const route of ALL_ROUTES.filter((r) => r.permission !== 'public')) {
      const req = await FIXTURES[key(route)]!.make(t, tree.own, await makeUser(t.db, { role: 'member', org: tree.own }))
      const res = await t.app.inject({
        method: route.method,
        url: req.url,
        ...(req.headers && { headers: req.headers }),
        ...(req.payload !== undefined && { payload: req.payload as object }),
      })
      expect(res.statusCode, key(route)).toBe(401)
      expect(res.json().error.code).toBe('unauthenticated')
    }
  })
})
