import { createHash } from 'node:crypto'
import { photoProblem, photoTypeOf, type PhotoInfo } from '@xianfeng/contract'
import type { Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { Db } from '../../platform/db.ts'
import { invalidField, notFound } from '../../platform/errors.ts'
import { personPhotosRepo } from './person-photos.repo.ts'
import { photoInfoOf, type PeopleService } from './people.service.ts'

export interface PersonPhotosServiceDeps {
  db: Db
  audit: AuditService
  people: Pick<PeopleService, 'personInScope'>
}

export interface PhotoFile {
  content: Buffer
  mimeType: string
  /** Quoted, for ETag and If-None-Match. */
  etag: string
}

/**
 * A person's photo (证件照). Officers who keep the record upload it; a member does not upload their
 * own: the photo goes on documents such as the mobile member's certificate (§23), so the branch
 * checks it is the person before it goes on the record — the member hands it to the branch.
 */
export function createPersonPhotosService({ db, audit, people }: PersonPhotosServiceDeps) {
  const fileOf = async (personId: string): Promise<PhotoFile | null> => {
    const row = await personPhotosRepo.find(db, personId)
    return row ? { content: row.content, mimeType: row.mime_type, etag: `"${row.sha256.toString('hex')}"` } : null
  }

  return {
    /** The photo of a person in the caller's scope; not_found when there is none. */
    async read(actor: Actor, personId: string): Promise<PhotoFile> {
      await people.personInScope(actor, personId)
      const file = await fileOf(personId)
      if (!file) throw notFound('照片')
      return file
    },

    /** The photo of the person an account is linked to (self-service; the link is the authority). */
    async readLinked(personId: string): Promise<PhotoFile> {
      const file = await fileOf(personId)
      if (!file) throw notFound('照片')
      return file
    },

    async upload(actor: Actor, personId: string, body: unknown): Promise<PhotoInfo> {
      const person = await people.personInScope(actor, personId)
      const content = Buffer.isBuffer(body) ? body : Buffer.alloc(0)
      // The route's body limit (PHOTO_MAX_BYTES) refuses larger files before they are read; the
      // same rule again here, for any caller that is not that route.
      const refusal = photoProblem({ size: content.length, head: content.subarray(0, 16) })
      if (refusal) throw invalidField('file', '照片', refusal)
      const mimeType = photoTypeOf(content)!
      const sha256 = createHash('sha256').update(content).digest()
      await db.transaction().execute(async (tx) => {
        const before = await personPhotosRepo.info(tx, personId)
        await personPhotosRepo.upsert(tx, {
          person_id: personId,
          content,
          mime_type: mimeType,
          byte_size: content.length,
          sha256,
          uploaded_by: actor.userId,
        })
        await audit.record(tx, actor, {
          action: 'members.photo_uploaded',
          entityType: 'person',
          entityId: personId,
          orgId: person.orgId,
          before: before && { mimeType: before.mime_type, byteSize: before.byte_size, sha256: before.sha256.toString('hex') },
          after: { mimeType, byteSize: content.length, sha256: sha256.toString('hex') },
        })
      })
      const info = await personPhotosRepo.info(db, personId)
      return photoInfoOf(info!)
    },

    async remove(actor: Actor, personId: string): Promise<void> {
      const person = await people.personInScope(actor, personId)
      await db.transaction().execute(async (tx) => {
        const before = await personPhotosRepo.info(tx, personId)
        if (!before || !(await personPhotosRepo.remove(tx, personId))) throw notFound('照片')
        await audit.record(tx, actor, {
          action: 'members.photo_removed',
          entityType: 'person',
          entityId: personId,
          orgId: person.orgId,
          before: { mimeType: before.mime_type, byteSize: before.byte_size, sha256: before.sha256.toString('hex') },
        })
      })
    },
  }
}

export type PersonPhotosService = ReturnType<typeof createPersonPhotosService>
