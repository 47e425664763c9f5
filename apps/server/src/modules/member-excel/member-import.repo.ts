import { sql } from 'kysely'
import type { Executor, Tx } from '../../platform/db.ts'
import type { MemberImportError } from '@xianfeng/contract'
import { orgInScopeSql } from '../orgs/index.ts'

/** A validated row, sealed and ready to write. */
export interface StagedRow {
  row_no: number
  id: string
  org_id: string
  status: string
  name: string
  name_pinyin: string
  name_initials: string
  gender: string
  ethnicity: string
  birth_date: string
  id_number_enc: Buffer
  id_number_hash: Buffer
  phone_enc: Buffer | null
  phone_hash: Buffer | null
  education: string
  occupation: string | null
  work_unit: string | null
  post: string | null
  cadre_rank: string | null
  is_in_difficulty: boolean
  is_lost_contact: boolean
  is_mobile: boolean
  applied_on: string | null
  activist_on: string | null
  candidate_on: string | null
  admitted_on: string | null
  full_on: string | null
  status_on: string
  since: string
}

/** The row's columns with their SQL types, in the order of the batch's unnest. */
const ROW_COLUMNS: [keyof StagedRow, string][] = [
  ['row_no', 'int'],
  ['id', 'uuid'],
  ['org_id', 'uuid'],
  ['status', 'text'],
  ['name', 'text'],
  ['name_pinyin', 'text'],
  ['name_initials', 'text'],
  ['gender', 'text'],
  ['ethnicity', 'text'],
  ['birth_date', 'date'],
  ['id_number_enc', 'bytea'],
  ['id_number_hash', 'bytea'],
  ['phone_enc', 'bytea'],
  ['phone_hash', 'bytea'],
  ['education', 'text'],
  ['occupation', 'text'],
  ['work_unit', 'text'],
  ['post', 'text'],
  ['cadre_rank', 'text'],
  ['is_in_difficulty', 'boolean'],
  ['is_lost_contact', 'boolean'],
  ['is_mobile', 'boolean'],
  ['applied_on', 'date'],
  ['activist_on', 'date'],
  ['candidate_on', 'date'],
  ['admitted_on', 'date'],
  ['full_on', 'date'],
  ['status_on', 'date'],
  ['since', 'date'],
]

const importColumns = [
  'i.id',
  'i.org_id',
  'o.name as org_name',
  'i.file_name',
  'i.file_size',
  'i.status',
  'i.bytes_read',
  'i.rows_read',
  'i.rows_written',
  'i.created_count',
  'i.skipped_count',
  'i.error_count',
  'i.duplicate_of',
  'i.message',
  'u.display_name as created_by_name',
  'i.created_at',
  'i.started_at',
  'i.finished_at',
] as const

export const memberImportRepo = {
  async insert(
    db: Executor,
    row: { id: string; org_id: string; created_by: string; file_name: string; file_sha256: Buffer; file_size: number },
  ) {
    await db
      .insertInto('member_imports')
      .values({ ...row, status: 'queued' })
      .execute()
  },

  async update(
    db: Executor,
    id: string,
    patch: Partial<{
      status: string
      bytes_read: number
      rows_read: number
      rows_written: number
      created_count: number
      skipped_count: number
      error_count: number
      duplicate_of: string | null
      message: string | null
      started_at: Date
      finished_at: Date
    }>,
  ) {
    await db.updateTable('member_imports').set(patch).where('id', '=', id).execute()
  },

  async findInScope(db: Executor, id: string, scope: string[]) {
    return db
      .selectFrom('member_imports as i')
      .innerJoin('orgs as o', 'o.id', 'i.org_id')
      .innerJoin('users as u', 'u.id', 'i.created_by')
      .where('i.id', '=', id)
      .where(orgInScopeSql('i.org_id', scope))
      .select(importColumns)
      .executeTakeFirst()
  },

  async listInScope(db: Executor, scope: string[], limit: number) {
    return db
      .selectFrom('member_imports as i')
      .innerJoin('orgs as o', 'o.id', 'i.org_id')
      .innerJoin('users as u', 'u.id', 'i.created_by')
      .where(orgInScopeSql('i.org_id', scope))
      .select(importColumns)
      .orderBy('i.created_at', 'desc')
      .limit(limit)
      .execute()
  },

  /** The completed import of the same file into the same org, if any. */
  async findDone(db: Executor, orgId: string, sha256: Buffer) {
    return db
      .selectFrom('member_imports')
      .where('org_id', '=', orgId)
      .where('file_sha256', '=', sha256)
      .where('status', '=', 'done')
      .select(['id', 'finished_at'])
      .executeTakeFirst()
  },

  /** Imports left unfinished by a process that stopped: their transaction never committed. */
  async markUnfinished(db: Executor, message: string) {
    return db
      .updateTable('member_imports')
      .set({ status: 'interrupted', message, finished_at: new Date() })
      .where('status', 'in', ['queued', 'reading'])
      .returning('id')
      .execute()
  },

  async insertErrors(db: Executor, importId: string, errors: MemberImportError[]) {
    for (let i = 0; i < errors.length; i += 5000) {
      const chunk = errors.slice(i, i + 5000)
      await db
        .insertInto('member_import_errors')
        .values(
          chunk.map((e) => ({ import_id: importId, row_no: e.row, column_name: e.column, value: e.value, message: e.message })),
        )
        .execute()
    }
  },

  async errors(db: Executor, importId: string, limit: number) {
    return db
      .selectFrom('member_import_errors')
      .where('import_id', '=', importId)
      .select(['row_no', 'column_name', 'value', 'message'])
      .orderBy('row_no')
      .orderBy('id')
      .limit(limit)
      .execute()
  },

  /** The orgs of a subtree, as rows name them. */
  async orgChoices(db: Executor, rootPath: string) {
    return db
      .selectFrom('orgs as o')
      .leftJoin('orgs as parent', 'parent.id', 'o.parent_id')
      .where(sql<boolean>`o.path <@ ${rootPath}::ltree`)
      .select(['o.id', 'o.name', 'parent.name as parent_name', 'o.status', 'o.kind'])
      .execute()
  },

  // The rows of the file are written straight into the registry as they are read, in the import's
  // one transaction; a temporary table of that transaction remembers which row made which person.

  async createRowMap(tx: Tx) {
    await sql`CREATE TEMPORARY TABLE member_import_rows (person_id uuid PRIMARY KEY, row_no int NOT NULL) ON COMMIT DROP`.execute(
      tx,
    )
  },

  /**
   * Writes a batch: people, members, both histories, in one statement. A row whose ID number is
   * already registered (earlier in the file or before) writes nothing; those rows are returned.
   */
  async writeBatch(tx: Tx, rows: StagedRow[], recordedBy: string, reason: string) {
    if (rows.length === 0) return []
    const arrays = ROW_COLUMNS.map(([c, t]) => sql`${rows.map((r) => r[c])}::${sql.raw(t)}[]`)
    const columns = sql.raw(ROW_COLUMNS.map(([c]) => c).join(', '))
    const { rows: conflicts } = await sql<{ row_no: number; id_number_hash: Buffer }>`
      WITH input AS (SELECT * FROM unnest(${sql.join(arrays)}) AS t (${columns})),
      p AS (
        INSERT INTO people (id, name, name_pinyin, name_initials, gender, ethnicity, birth_date, id_number_enc,
          id_number_hash, phone_enc, phone_hash, education, occupation, work_unit, post, cadre_rank,
          is_in_difficulty, is_lost_contact, is_mobile)
        SELECT id, name, name_pinyin, name_initials, gender, ethnicity, birth_date, id_number_enc, id_number_hash,
          phone_enc, phone_hash, education, occupation, work_unit, post, cadre_rank, is_in_difficulty,
          is_lost_contact, is_mobile
        FROM input
        ON CONFLICT (id_number_hash) WHERE id_number_hash IS NOT NULL DO NOTHING
        RETURNING id
      ),
      m AS (
        INSERT INTO members (person_id, org_id, status, applied_on, activist_on, candidate_on, admitted_on, full_on)
        SELECT id, org_id, status, applied_on, activist_on, candidate_on, admitted_on, full_on
        FROM input WHERE id IN (SELECT id FROM p)
      ),
      sh AS (
        INSERT INTO member_status_history (person_id, from_status, to_status, effective_on, reason, recorded_by)
        SELECT id, NULL, status, status_on, ${reason}, ${recordedBy}::uuid FROM input WHERE id IN (SELECT id FROM p)
      ),
      oh AS (
        INSERT INTO member_org_history (person_id, org_id, valid_from)
        SELECT id, org_id, since FROM input WHERE id IN (SELECT id FROM p)
      ),
      r AS (INSERT INTO member_import_rows (person_id, row_no) SELECT id, row_no FROM input WHERE id IN (SELECT id FROM p))
      SELECT row_no, id_number_hash FROM input WHERE id NOT IN (SELECT id FROM p) ORDER BY row_no`.execute(tx)
    return conflicts
  },

  /**
   * Who holds each of these ID numbers: a row written earlier in this import (its row number), or
   * a person registered before, with their org and whether it lies under `rootPath`.
   */
  async holdersOf(tx: Tx, hashes: Buffer[], rootPath: string) {
    const { rows } = await sql<{
      id_number_hash: Buffer
      first_row: number | null
      name: string
      org_name: string
      in_root: boolean
    }>`
      SELECT p.id_number_hash, r.row_no AS first_row, p.name, o.name AS org_name, o.path <@ ${rootPath}::ltree AS in_root
      FROM people p
      JOIN members m ON m.person_id = p.id
      JOIN orgs o ON o.id = m.org_id
      LEFT JOIN member_import_rows r ON r.person_id = p.id
      WHERE p.id_number_hash = ANY(${hashes}::bytea[])`.execute(tx)
    return rows
  },
}

export type MemberImportRow = NonNullable<Awaited<ReturnType<typeof memberImportRepo.findInScope>>>
