import { membersApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { sendPrivateFile } from '../../platform/http/private-file.ts'
import type { PeopleService } from './people.service.ts'
import type { PersonPhotosService } from './person-photos.service.ts'

export const peopleRoutes = (people: PeopleService, photos: PersonPhotosService) => [
  bind(membersApi.search, async ({ actor, query }) => people.search(actor, query)),
  bind(membersApi.get, async ({ actor, params }) => ({ member: await people.get(actor, params.personId) })),
  bind(membersApi.create, async ({ actor, body }) => ({ member: await people.create(actor, body) })),
  bind(membersApi.update, async ({ actor, params, body }) => ({ member: await people.update(actor, params.personId, body) })),
  bind(membersApi.changeStatus, async ({ actor, params, body }) => ({
    member: await people.changeStatus(actor, params.personId, body),
  })),
  bind(membersApi.transfer, async ({ actor, params, body }) => ({ member: await people.transfer(actor, params.personId, body) })),
  bind(membersApi.reveal, async ({ actor, params }) => people.reveal(actor, params.personId)),
  bind(membersApi.photo, async ({ actor, params, req, reply }) =>
    sendPrivateFile(req, reply, await photos.read(actor, params.personId)),
  ),
  bind(membersApi.uploadPhoto, async ({ actor, params, req }) => ({
    photo: await photos.upload(actor, params.personId, req.body),
  })),
  bind(membersApi.removePhoto, async ({ actor, params }) => photos.remove(actor, params.personId)),
]
