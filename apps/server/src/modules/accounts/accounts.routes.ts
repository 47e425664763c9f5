import { accountsApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { AccountsService } from './accounts.service.ts'

export const accountsRoutes = (accounts: AccountsService) => [
  bind(accountsApi.roles, async () => ({ items: await accounts.roles() })),
  bind(accountsApi.listUsers, async ({ actor, query }) => accounts.list(actor, query.q, query.page, query.pageSize)),
  bind(accountsApi.createUser, async ({ actor, body }) => accounts.create(actor, body)),
  bind(accountsApi.updateUser, async ({ actor, params, body }) => ({ user: await accounts.update(actor, params.id, body) })),
  bind(accountsApi.resetPassword, async ({ actor, params }) => ({
    temporaryPassword: await accounts.resetPassword(actor, params.id),
  })),
  bind(accountsApi.linkPerson, async ({ actor, params, body }) => ({
    user: await accounts.linkPerson(actor, params.id, body.personId),
  })),
  bind(accountsApi.unlinkPerson, async ({ actor, params }) => ({ user: await accounts.unlinkPerson(actor, params.id) })),
  bind(accountsApi.addGrant, async ({ actor, params, body }) => ({ user: await accounts.addGrant(actor, params.id, body) })),
  bind(accountsApi.removeGrant, async ({ actor, params }) => ({ user: await accounts.removeGrant(actor, params.id) })),
]
