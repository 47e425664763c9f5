import type { Permission } from '@xianfeng/contract'

/** Who is asking, from where: attached to every audit row. */
export interface RequestContext {
  requestId: string
  ip: string | null
}

export interface ActiveGrant {
  id: string
  orgId: string
  orgName: string
  orgPath: string
  roleCode: string
  roleName: string
  permissions: Permission[]
}

/** A logged-in user acting under one of their grants (the current scope). */
export interface Actor extends RequestContext {
  userId: string
  loginName: string
  displayName: string
  /** The person record the account belongs to, if any (as of the start of the request). */
  personId: string | null
  sessionTokenHash: Buffer
  csrfToken: string
  mustChangePassword: boolean
  grant: ActiveGrant | null
  grants: ActiveGrant[]
}

/** Who an audit row names: a user, or the system itself (seeding, CLI). */
export interface AuditWho extends RequestContext {
  userId: string | null
  loginName: string | null
}

export const systemActor = (requestId: string): AuditWho => ({ userId: null, loginName: 'system', requestId, ip: null })

/** The ltree paths the actor may see for the current grant: enforced in SQL with `path <@ any(…)`. */
export const scopePaths = (actor: Actor): string[] => (actor.grant ? [actor.grant.orgPath] : [])
