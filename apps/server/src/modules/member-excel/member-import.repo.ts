import { sql } from 'kysely'
import type { Executor, Tx } from '../../platform/db.ts'
import type { MemberImportError } from '@xianfeng/contract'
import { orgInScopeSql } from '../orgs/index.ts'

/** A validated row, sealed and ready to write: what the staging table holds. */
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

/** Staging columns with their SQL types, in one order for CREATE and for unnest. */
const STAGING: [keyof StagedRow, string][] = [
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
      .where('status', 'in', ['queued', 'reading', 'checking', 'writing'])
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

  // The staging table: a temporary table of the transaction, dropped with it.

  async createStaging(tx: Tx) {
    await sql
      .raw(`CREATE TEMPORARY TABLE member_import_staging (${STAGING.map(([c, t]) => `${c} ${t}`).join(', ')}) ON COMMIT DROP`)
      .execute(tx)
  },

  /** One INSERT per batch: an array parameter per column. */
  async stage(tx: Tx, rows: StagedRow[]) {
    if (rows.length === 0) return
    const arrays = STAGING.map(([c, t]) => sql`${rows.map((r) => r[c])}::${sql.raw(t)}[]`)
    await sql`INSERT INTO member_import_staging SELECT * FROM unnest(${sql.join(arrays)})`.execute(tx)
  },

  /** After staging: the writes take the rows a range of row numbers at a time. */
  async indexStaging(tx: Tx) {
    await sql`CREATE INDEX ON member_import_staging (row_no)`.execute(tx)
    await sql`ANALYZE member_import_staging`.execute(tx)
  },

  /** Rows whose ID number an earlier row of the file already has. */
  async duplicatesInFile(tx: Tx, limit: number) {
    const { rows } = await sql<{ row_no: number; first_row: number }>`
      SELECT row_no, first_row FROM (
        SELECT row_no, min(row_no) OVER (PARTITION BY id_number_hash) AS first_row FROM member_import_staging
      ) d WHERE row_no <> first_row ORDER BY row_no LIMIT ${limit}`.execute(tx)
    return rows
  },

  /** Rows whose ID number is already registered: who has it, where, and whether that lies under `rootPath`. */
  async alreadyRegistered(tx: Tx, rootPath: string) {
    const { rows } = await sql<{ row_no: number; name: string; existing_name: string; org_name: string; in_root: boolean }>`
      SELECT s.row_no, s.name, p.name AS existing_name, o.name AS org_name, o.path <@ ${rootPath}::ltree AS in_root
      FROM member_import_staging s
      JOIN people p ON p.id_number_hash = s.id_number_hash
      JOIN members m ON m.person_id = p.id
      JOIN orgs o ON o.id = m.org_id
      ORDER BY s.row_no`.execute(tx)
    return rows
  },

  async unstage(tx: Tx, rowNos: number[]) {
    if (rowNos.length) await sql`DELETE FROM member_import_staging WHERE row_no = ANY(${rowNos}::int[])`.execute(tx)
  },

  async stagedRange(tx: Tx) {
    const { rows } = await sql<{ n: number; lo: number | null; hi: number | null }>`
      SELECT count(*)::int AS n, min(row_no) AS lo, max(row_no) AS hi FROM member_import_staging`.execute(tx)
    return rows[0]!
  },

  /** Writes the staged rows with row_no in [from, to): people, members and both histories. */
  async writeStaged(tx: Tx, from: number, to: number, recordedBy: string, reason: string) {
    const range = sql`row_no >= ${from} AND row_no < ${to}`
    const { numAffectedRows } = await sql`
      INSERT INTO people (id, name, name_pinyin, name_initials, gender, ethnicity, birth_date, id_number_enc,
        id_number_hash, phone_enc, phone_hash, education, occupation, work_unit, post, cadre_rank,
        is_in_difficulty, is_lost_contact, is_mobile)
      SELECT id, name, name_pinyin, name_initials, gender, ethnicity, birth_date, id_number_enc, id_number_hash,
        phone_enc, phone_hash, education, occupation, work_unit, post, cadre_rank, is_in_difficulty,
        is_lost_contact, is_mobile
      FROM member_import_staging WHERE ${range}`.execute(tx)
    await sql`
      INSERT INTO members (person_id, org_id, status, applied_on, activist_on, candidate_on, admitted_on, full_on)
      SELECT id, org_id, status, applied_on, activist_on, candidate_on, admitted_on, full_on
      FROM member_import_staging WHERE ${range}`.execute(tx)
    await sql`
      INSERT INTO member_status_history (person_id, from_status, to_status, effective_on, reason, recorded_by)
      SELECT id, NULL, status, status_on, ${reason}, ${recordedBy}::uuid FROM member_import_staging WHERE ${range}`.execute(tx)
    await sql`
      INSERT INTO member_org_history (person_id, org_id, valid_from)
      SELECT id, org_id, since FROM member_import_staging WHERE ${range}`.execute(tx)
    return Number(numAffectedRows ?? 0)
  },
}

export type MemberImportRow = NonNullable<Awaited<ReturnType<typeof memberImportRepo.findInScope>>>
