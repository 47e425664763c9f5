import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { BuiltinRoleCode } from '@xianfeng/contract'
import { BUILTIN_ROLES } from '@xianfeng/contract'
import { generatePassword, hashPassword } from './platform/auth/passwords.ts'
import { systemActor } from './platform/auth/actor.ts'
import { createAuditService } from './platform/audit/audit.service.ts'
import type { Db } from './platform/db.ts'
import { syncBuiltinRoles } from './modules/accounts/accounts.seed.ts'
import { branchesUnder, seedHubeiTree, type Division } from './modules/orgs/orgs.seed.ts'
import { seedDemoActivities } from './modules/activities/activities.demo.ts'
import { seedDemoMembers } from './modules/people/people.demo.ts'

// Demo members live in 武汉市江岸区 (the demo accounts' district), generated from a fixed seed.
const DEMO_MEMBERS_DIVISION = '420102'
const DEMO_SEED = 2006_07_20

const ALL_LEVELS: Division['level'][] = ['province', 'city', 'county', 'township', 'village']

export interface DemoAccount {
  loginName: string
  displayName: string
  password: string
  role: BuiltinRoleCode
  orgName: string
}

// Demo accounts beside the administrator: one per kind of user, at the level they work.
const DEMO_USERS: { loginName: string; displayName: string; role: BuiltinRoleCode; divisionCode: string }[] = [
  { loginName: 'hubei_org', displayName: '省委组织部 刘洋', role: 'org_dept_admin', divisionCode: '42' },
  { loginName: 'wuhan_org', displayName: '武汉市委组织部 张敏', role: 'org_dept_admin', divisionCode: '4201' },
  { loginName: 'jiangan_org', displayName: '江岸区委组织部 李强', role: 'org_admin', divisionCode: '420102' },
  { loginName: 'jijian', displayName: '省纪委 王芳', role: 'discipline', divisionCode: '42' },
  { loginName: 'auditor', displayName: '审计员 赵磊', role: 'auditor', divisionCode: '42' },
  // Linked to a demo member of 江岸区 when there are demo members (see below): their own account.
  { loginName: 'member_demo', displayName: '党员 陈晨', role: 'member', divisionCode: '420102' },
]
const SELF_SERVICE_DEMO_LOGIN = 'member_demo'

/**
 * Seeds the demo on an empty database: built-in roles, the whole Hubei tree down to village branches,
 * the administrator and the demo accounts, each with a random password written to the data directory. Returns
 * the accounts created, or an empty list when the database was already seeded.
 */
export async function seedDemo(
  db: Db,
  opts: {
    dataDir: string
    withDemoUsers: boolean
    levels?: Division['level'][]
    /** Demo members in the branches of 江岸区 (needs the PII key). */
    members?: { encryptionKey: Buffer; today?: Date }
    /** Org ids of the tree (default random). */
    newId?: () => string
  },
): Promise<DemoAccount[]> {
  const audit = createAuditService()
  await syncBuiltinRoles(db, audit)
  const hasOrgs = await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst()
  if (hasOrgs) return []

  const wanted = [
    { loginName: 'admin', displayName: '系统管理员', role: 'sys_admin' as const, divisionCode: '42' },
    ...(opts.withDemoUsers ? DEMO_USERS : []),
  ]
  const accounts = await Promise.all(
    wanted.map(async (u) => {
      const password = generatePassword()
      return { ...u, password, hash: await hashPassword(password) }
    }),
  )
  const created = await db.transaction().execute(async (tx) => {
    const { created: orgCount, byCode } = await seedHubeiTree(tx, {
      levels: opts.levels ?? ALL_LEVELS,
      ...(opts.newId && { newId: opts.newId }),
    })
    const jiangan = byCode.get(DEMO_MEMBERS_DIVISION)
    const branches = jiangan ? await branchesUnder(tx, jiangan) : []
    const branchIds = branches.map((b) => b.id)
    const memberCount =
      opts.members && jiangan
        ? await seedDemoMembers(tx, {
            encryptionKey: opts.members.encryptionKey,
            branches,
            division: DEMO_MEMBERS_DIVISION,
            seed: DEMO_SEED,
            perBranch: [2, 60],
            today: opts.members.today ?? new Date(),
          })
        : null
    // A year of the branches' organizational life, so the rules and the dashboard have evidence.
    if (memberCount && branchIds.length)
      await seedDemoActivities(tx, branchIds, (opts.members?.today ?? new Date()).toISOString().slice(0, 10))
    // The member self-service demo: a full member with a phone, the same one on every first start.
    const selfPerson =
      memberCount && branchIds.length
        ? await tx
            .selectFrom('members as m')
            .innerJoin('people as p', 'p.id', 'm.person_id')
            .where('m.org_id', 'in', branchIds)
            .where('m.status', '=', 'full')
            .where('p.phone_enc', 'is not', null)
            .select(['p.id', 'p.name', 'm.org_id'])
            .orderBy('p.name_pinyin')
            .orderBy('p.birth_date')
            .orderBy('p.id')
            .limit(1)
            .executeTakeFirst()
        : undefined
    const roles = new Map((await tx.selectFrom('roles').select(['id', 'code']).execute()).map((r) => [r.code, r.id]))
    const out: DemoAccount[] = []
    for (const a of accounts) {
      const self = a.loginName === SELF_SERVICE_DEMO_LOGIN ? selfPerson : undefined
      // A member's account is granted at their own branch, where its officers find it.
      const orgId = self?.org_id ?? byCode.get(a.divisionCode)!
      const displayName = self ? `党员 ${self.name}` : a.displayName
      const user = await tx
        .insertInto('users')
        .values({
          login_name: a.loginName,
          display_name: displayName,
          password_hash: a.hash,
          must_change_password: false,
          person_id: self?.id ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await tx
        .insertInto('grants')
        .values({ user_id: user.id, role_id: roles.get(a.role)!, org_id: orgId })
        .execute()
      const org = await tx.selectFrom('orgs').where('id', '=', orgId).select('name').executeTakeFirstOrThrow()
      out.push({ loginName: a.loginName, displayName, password: a.password, role: a.role, orgName: org.name })
    }
    await audit.record(tx, systemActor(randomUUID()), {
      action: 'system.seeded',
      after: { orgs: orgCount, users: out.map((u) => u.loginName), ...(memberCount !== null && { members: memberCount }) },
    })
    return out
  })

  const lines = [
    '先锋 Xianfeng 演示账号（首次启动时随机生成；请妥善保管，用后删除本文件）',
    '',
    ...created.map((a) => `${a.loginName}\t${a.password}\t${BUILTIN_ROLES[a.role].name} @ ${a.orgName}\t${a.displayName}`),
    '',
  ]
  fs.writeFileSync(path.join(opts.dataDir, 'initial-admin.txt'), lines.join('\n'), { mode: 0o600 })
  return created
}
