import type { Executor } from '../../platform/db.ts'

export const personPhotosRepo = {
  /** What is known of the photo, without its bytes. */
  info: (db: Executor, personId: string) =>
    db
      .selectFrom('person_photos')
      .where('person_id', '=', personId)
      .select(['mime_type', 'byte_size', 'sha256', 'updated_at'])
      .executeTakeFirst(),

  find: (db: Executor, personId: string) =>
    db
      .selectFrom('person_photos')
      .where('person_id', '=', personId)
      .select(['content', 'mime_type', 'byte_size', 'sha256', 'updated_at'])
      .executeTakeFirst(),

  async upsert(
    db: Executor,
    row: { person_id: string; content: Buffer; mime_type: string; byte_size: number; sha256: Buffer; uploaded_by: string },
  ) {
    await db
      .insertInto('person_photos')
      .values(row)
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet({
          content: row.content,
          mime_type: row.mime_type,
          byte_size: row.byte_size,
          sha256: row.sha256,
          uploaded_by: row.uploaded_by,
        }),
      )
      .execute()
  },

  async remove(db: Executor, personId: string) {
    return (await db.deleteFrom('person_photos').where('person_id', '=', personId).executeTakeFirst()).numDeletedRows > 0n
  },
}

export type PhotoInfoRow = NonNullable<Awaited<ReturnType<typeof personPhotosRepo.info>>>
