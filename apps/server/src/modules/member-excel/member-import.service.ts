import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import ExcelJS from '../../platform/excel.ts'
import type { Logger } from 'pino'
import {
  MEMBER_IMPORT_MAX_BYTES,
  STAGE_DATE_FIELDS,
  type MemberCreate,
  type MemberImport,
  type MemberImportError,
  type MemberImportStatus,
} from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { PiiCipher } from '../../platform/crypto/pii.ts'
import type { Db } from '../../platform/db.ts'
import { AppError, invalidField, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { personNamePinyin } from '../../platform/pinyin.ts'
import type { OrgsService } from '../orgs/index.ts'
import { createPersonPii } from '../people/index.ts'
import { createOrgResolver, isBlankRow, readHeader, readMemberRow, type ColumnMap } from './member-rows.ts'
import { memberImportRepo, type MemberImportRow, type StagedRow } from './member-import.repo.ts'

/** Rows written to the registry in one statement. */
const WRITE_BATCH = 2000
/** How many errors of a file are kept for its report; all of them are counted. */
const MAX_STORED_ERRORS = 10_000
/** How many errors the import's JSON carries; the rest are in the downloadable report. */
const ERRORS_IN_RESPONSE = 50
/** Distinct names whose pinyin an import keeps at once. */
const PINYIN_CACHE_SIZE = 200_000
/** How often progress is written while a file is read. */
const PROGRESS_EVERY_MS = 500

/** The reason the status history gives for rows that came in a file. */
const IMPORT_REASON = '批量导入'

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])

/** Thrown inside the import's transaction to roll it back when the file has errors. */
class Rejected extends Error {}

export interface MemberImportDeps {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope'>
  pii: PiiCipher
  dataDir: string
  log?: Pick<Logger, 'warn' | 'error' | 'info'>
}

export function createMemberImportService({ db, audit, orgs, pii: cipher, dataDir, log }: MemberImportDeps) {
  const pii = createPersonPii(cipher)
  const spoolDir = path.join(dataDir, 'imports')
  fs.mkdirSync(spoolDir, { recursive: true, mode: 0o700 })
  // One import at a time: a file holds one long transaction, and two would only compete for the disk.
  let queue: Promise<void> = Promise.resolve()

  async function view(row: MemberImportRow): Promise<MemberImport> {
    const errors = row.error_count ? await memberImportRepo.errors(db, row.id, ERRORS_IN_RESPONSE) : []
    const status = row.status as MemberImportStatus
    // Rows are written as the file is read: the share of the file read is the progress.
    const readPart = row.file_size ? Math.min(1, Number(row.bytes_read) / Number(row.file_size)) : 0
    const percent = status === 'done' ? 100 : Math.min(99, Math.round(100 * readPart))
    return {
      id: row.id,
      org: { id: row.org_id, name: row.org_name },
      fileName: row.file_name,
      fileSize: Number(row.file_size),
      status,
      percent,
      rowsRead: row.rows_read,
      rowsWritten: row.rows_written,
      createdCount: row.created_count,
      skippedCount: row.skipped_count,
      errorCount: row.error_count,
      errors: errors.map((e) => ({ row: e.row_no, column: e.column_name, value: e.value, message: e.message })),
      duplicateOf: row.duplicate_of,
      message: row.message,
      createdBy: row.created_by_name,
      createdAt: new Date(row.created_at).toISOString(),
      startedAt: row.started_at && new Date(row.started_at).toISOString(),
      finishedAt: row.finished_at && new Date(row.finished_at).toISOString(),
    }
  }

  async function load(actor: Actor, importId: string) {
    const row = await memberImportRepo.findInScope(db, importId, scopePaths(actor))
    if (!row) throw notFound('导入任务')
    return row
  }

  /** Copies the upload to the spool directory, hashing it and holding it to the size limit. */
  async function spool(body: Readable, file: string): Promise<{ sha256: Buffer; size: number }> {
    const hash = createHash('sha256')
    let size = 0
    let head = Buffer.alloc(0)
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length
        if (size > MEMBER_IMPORT_MAX_BYTES) {
          done(new AppError('validation_failed', `文件超过 ${MEMBER_IMPORT_MAX_BYTES / 1024 / 1024} MB，请拆分后分批导入`))
          return
        }
        if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4)])
        hash.update(chunk)
        done(null, chunk)
      },
    })
    try {
      await pipeline(body, meter, fs.createWriteStream(file, { mode: 0o600 }))
    } catch (e) {
      fs.rmSync(file, { force: true })
      throw e instanceof AppError ? e : new AppError('validation_failed', '文件上传中断，请重新上传')
    }
    if (size === 0 || !head.subarray(0, 4).equals(ZIP_MAGIC)) {
      fs.rmSync(file, { force: true })
      throw new AppError('validation_failed', '文件不是 .xlsx 格式的 Excel 文件（.xls 或 .csv 请先在 Excel 中另存为 .xlsx）', {
        details: [{ field: 'file', label: '文件', message: '文件不是 .xlsx 格式' }],
      })
    }
    return { sha256: hash.digest(), size }
  }

  /** A row of the file, sealed for the staging table. */
  function staged(rowNo: number, v: MemberCreate, pinyinOf: (name: string) => { full: string; initials: string }): StagedRow {
    const id = randomUUID()
    const idNumber = pii.sealIdNumber(id, v.idNumber)
    const phone = v.phone ? pii.sealPhone(id, v.phone) : null
    const name = pinyinOf(v.name)
    const dates = [v.appliedOn, v.activistOn, v.candidateOn, v.admittedOn, v.fullOn].filter((d): d is string => !!d)
    return {
      row_no: rowNo,
      id,
      org_id: v.orgId,
      status: v.status,
      name: v.name,
      name_pinyin: name.full,
      name_initials: name.initials,
      gender: v.gender,
      ethnicity: v.ethnicity,
      birth_date: v.birthDate,
      id_number_enc: idNumber.enc,
      id_number_hash: idNumber.hash,
      phone_enc: phone?.enc ?? null,
      phone_hash: phone?.hash ?? null,
      education: v.education,
      occupation: v.occupation ?? null,
      work_unit: v.workUnit ?? null,
      post: v.post ?? null,
      cadre_rank: v.cadreRank ?? null,
      is_in_difficulty: v.isInDifficulty ?? false,
      is_lost_contact: v.isLostContact ?? false,
      is_mobile: v.isMobile ?? false,
      applied_on: v.appliedOn ?? null,
      activist_on: v.activistOn ?? null,
      candidate_on: v.candidateOn ?? null,
      admitted_on: v.admittedOn ?? null,
      full_on: v.fullOn ?? null,
      status_on: v[STAGE_DATE_FIELDS[v.status]]!,
      // the org relation starts with the earliest date on record, as a registration does
      since: dates.sort()[0]!,
    }
  }

  interface Job {
    id: string
    actor: Actor
    org: { id: string; name: string; path: string }
    file: string
    fileName: string
    sha256: Buffer
  }

  /** Reads, checks and writes one file in one transaction; the import row tells how it went. */
  async function run(job: Job) {
    const { id, actor, org } = job
    const errors: MemberImportError[] = []
    let errorCount = 0
    const addError = (e: MemberImportError) => {
      errorCount++
      if (errors.length < MAX_STORED_ERRORS) errors.push(e)
    }
    let bytesRead = 0
    let rowsRead = 0
    let rowsWritten = 0
    let lastReport = 0
    const report = async (force = false) => {
      const now = Date.now()
      if (!force && now - lastReport < PROGRESS_EVERY_MS) return
      lastReport = now
      await memberImportRepo.update(db, id, {
        bytes_read: bytesRead,
        rows_read: rowsRead,
        rows_written: rowsWritten,
        error_count: errorCount,
      })
    }

    await memberImportRepo.update(db, id, { status: 'reading', started_at: new Date() })
    const earlier = await memberImportRepo.findDone(db, org.id, job.sha256)
    if (earlier) {
      await memberImportRepo.update(db, id, {
        status: 'duplicate',
        duplicate_of: earlier.id,
        message: `同一文件已于 ${new Date(earlier.finished_at!).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 导入到本组织，本次没有重复写入`,
        finished_at: new Date(),
      })
      return
    }
    const choices = await memberImportRepo.orgChoices(db, org.path)
    const resolveOrg = createOrgResolver(
      choices.map((o) => ({
        id: o.id,
        name: o.name,
        parentName: o.parent_name,
        active: o.status === 'active',
        holdsMembers: o.kind !== 'party_cell',
      })),
      org.name,
    )

    try {
      const counts = await db.transaction().execute(async (tx) => {
        await memberImportRepo.createRowMap(tx)
        const input = fs.createReadStream(job.file)
        input.on('data', (chunk) => (bytesRead += chunk.length))
        const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
          sharedStrings: 'cache',
          styles: 'cache',
          hyperlinks: 'ignore',
          worksheets: 'emit',
          entries: 'emit',
        })
        let columns: ColumnMap | undefined
        // Names repeat across a large file; their pinyin is worked out once each.
        const pinyinCache = new Map<string, { full: string; initials: string }>()
        const pinyinOf = (name: string) => {
          let p = pinyinCache.get(name)
          if (!p) {
            if (pinyinCache.size >= PINYIN_CACHE_SIZE) pinyinCache.clear()
            pinyinCache.set(name, (p = personNamePinyin(name)))
          }
          return p
        }

        // Each batch is written while the next one is read: the database and the reading share
        // the two cores instead of taking turns. A row whose ID number is taken writes nothing and
        // is sorted out here: a repeat within the file or a number registered elsewhere is an
        // error; someone already registered under the same name in this subtree is skipped.
        let skipped = 0
        const write = async (rows: StagedRow[]) => {
          const conflicts = await memberImportRepo.writeBatch(tx, rows, actor.userId, IMPORT_REASON)
          rowsWritten += rows.length - conflicts.length
          if (conflicts.length === 0) return
          const rowOf = new Map(rows.map((r) => [r.row_no, r]))
          const holders = new Map(
            (
              await memberImportRepo.holdersOf(
                tx,
                conflicts.map((c) => c.id_number_hash),
                org.path,
              )
            ).map((h) => [h.id_number_hash.toString('hex'), h]),
          )
          for (const c of conflicts) {
            const holder = holders.get(c.id_number_hash.toString('hex'))
            const name = rowOf.get(c.row_no)?.name
            const fail = (message: string) => addError({ row: c.row_no, column: '身份证号', value: null, message })
            if (!holder) fail('与同一批的另一行身份证号相同')
            else if (holder.first_row !== null) fail(`与第 ${holder.first_row} 行的身份证号相同`)
            else if (!holder.in_root) fail('身份证号已登记在本次导入范围以外的组织，请通过组织关系转接办理')
            else if (holder.name !== name) fail(`身份证号已登记在“${holder.org_name}”的${holder.name}名下，与本行姓名不符`)
            else skipped++
          }
        }
        let inflight: Promise<void> = Promise.resolve()
        let batch: StagedRow[] = []
        const flush = async () => {
          await inflight
          const rows = batch
          batch = []
          inflight = write(rows)
          // a failed write rejects when awaited next; keep it from being reported as unhandled meanwhile
          inflight.catch(() => undefined)
          await report()
        }

        let sheets = 0
        for await (const sheet of reader) {
          // Only the first worksheet holds data; the template's others are notes and option lists.
          if (sheets++ > 0) continue
          for await (const row of sheet) {
            const values = (row.values as unknown[]).slice(1)
            if (isBlankRow(values)) continue
            if (!columns) {
              const header = readHeader(values)
              if (!header.ok) {
                addError({ row: row.number, column: '', value: null, message: header.message })
                throw new Rejected()
              }
              columns = header.columns
              continue
            }
            rowsRead++
            const parsed = readMemberRow(values, row.number, columns, resolveOrg)
            if (!parsed.ok) parsed.errors.forEach(addError)
            else batch.push(staged(row.number, parsed.value, pinyinOf))
            if (batch.length >= WRITE_BATCH) await flush()
          }
        }
        await flush()
        await inflight
        if (!columns) {
          addError({ row: 1, column: '', value: null, message: '第一个工作表是空的：请在导入模板的“党员信息”表中填写' })
          throw new Rejected()
        }
        if (rowsRead === 0) {
          addError({ row: 2, column: '', value: null, message: '文件中没有数据行' })
          throw new Rejected()
        }
        if (errorCount > 0) throw new Rejected()

        // The import's final state commits with its rows: a file recorded as done is wholly in.
        await memberImportRepo.update(tx, id, {
          status: 'done',
          rows_read: rowsRead,
          bytes_read: bytesRead,
          rows_written: rowsWritten,
          created_count: rowsWritten,
          skipped_count: skipped,
          error_count: 0,
          message: skipped ? `${skipped} 人已在册，未重复登记` : null,
          finished_at: new Date(),
        })
        await audit.record(tx, actor, {
          action: 'members.imported',
          entityType: 'member_import',
          entityId: id,
          orgId: org.id,
          after: { fileName: job.fileName, created: rowsWritten, skipped, rows: rowsRead },
        })
        return { written: rowsWritten }
      })
      log?.info({ importId: id, created: counts.written }, 'member import done')
    } catch (e) {
      if (e instanceof Rejected) {
        await memberImportRepo.insertErrors(db, id, errors)
        await memberImportRepo.update(db, id, {
          status: 'rejected',
          rows_read: rowsRead,
          bytes_read: bytesRead,
          error_count: errorCount,
          message:
            errorCount > errors.length
              ? `共 ${errorCount} 处错误（报告列出前 ${errors.length} 处），整份文件未导入`
              : `共 ${errorCount} 处错误，整份文件未导入`,
          finished_at: new Date(),
        })
      } else if (isUniqueViolation(e, 'member_imports_done_file_key')) {
        await memberImportRepo.update(db, id, {
          status: 'duplicate',
          message: '同一文件刚刚已导入到本组织，本次没有重复写入',
          finished_at: new Date(),
        })
      } else {
        log?.error({ err: e, importId: id }, 'member import failed')
        await memberImportRepo.update(db, id, {
          status: 'failed',
          message: `文件无法读取或写入失败（${e instanceof Error ? e.message.slice(0, 200) : '未知错误'}），整份文件未导入`,
          finished_at: new Date(),
        })
      }
    }
  }

  return {
    /**
     * Takes an uploaded .xlsx and queues it. Answers at once with the import, whose progress and
     * result the caller polls; nothing is written to the registry unless the whole file is valid.
     */
    async start(actor: Actor, query: { orgId: string; fileName: string }, body: unknown): Promise<MemberImport> {
      if (!(body instanceof Readable))
        throw new AppError('validation_failed', '请上传 Excel 文件（以 application/octet-stream 发送文件内容）', {
          details: [{ field: 'file', label: '文件', message: '请上传文件' }],
        })
      const org = await orgs.assertInScope(actor, query.orgId)
      if (!/\.xlsx$/i.test(query.fileName))
        throw invalidField('fileName', '文件名', '只能导入 .xlsx 格式的 Excel 文件（.xls 或 .csv 请先在 Excel 中另存为 .xlsx）')
      const id = randomUUID()
      const file = path.join(spoolDir, `${id}.xlsx`)
      const { sha256, size } = await spool(body, file)
      await db.transaction().execute(async (tx) => {
        await memberImportRepo.insert(tx, {
          id,
          org_id: org.id,
          created_by: actor.userId,
          file_name: query.fileName,
          file_sha256: sha256,
          file_size: size,
        })
        await audit.record(tx, actor, {
          action: 'members.import_started',
          entityType: 'member_import',
          entityId: id,
          orgId: org.id,
          after: { fileName: query.fileName, size, sha256: sha256.toString('hex') },
        })
      })
      const job: Job = { id, actor, org: { id: org.id, name: org.name, path: org.path }, file, fileName: query.fileName, sha256 }
      queue = queue
        .then(() => run(job))
        .catch((e: unknown) => log?.error({ err: e, importId: id }, 'member import crashed'))
        .finally(() => fs.rmSync(file, { force: true }))
      return view(await load(actor, id))
    },

    async get(actor: Actor, importId: string): Promise<MemberImport> {
      return view(await load(actor, importId))
    },

    async list(actor: Actor): Promise<MemberImport[]> {
      const rows = await memberImportRepo.listInScope(db, scopePaths(actor), 20)
      return Promise.all(rows.map(view))
    },

    /** The whole error report as .xlsx: row, column, value, message. */
    async errorReport(actor: Actor, importId: string): Promise<{ buffer: Buffer; fileName: string }> {
      const row = await load(actor, importId)
      const errors = await memberImportRepo.errors(db, importId, MAX_STORED_ERRORS)
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('错误报告')
      ws.columns = [
        { header: '行号', key: 'row', width: 8 },
        { header: '列', key: 'column', width: 22 },
        { header: '填写的值', key: 'value', width: 28 },
        { header: '错误原因', key: 'message', width: 80 },
      ]
      ws.getRow(1).font = { bold: true }
      for (const e of errors) ws.addRow({ row: e.row_no, column: e.column_name, value: e.value ?? '', message: e.message })
      if (row.error_count > errors.length)
        ws.addRow({ message: `……共 ${row.error_count} 处错误，此报告列出前 ${errors.length} 处。请修正后重新导入。` })
      const base = row.file_name.replace(/\.xlsx$/i, '')
      return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `${base}-错误报告.xlsx` }
    },

    /**
     * At start: imports a stopped process left running never committed (their rows rolled back with
     * the connection), so they are marked interrupted and their spooled files removed.
     */
    async recover() {
      const ids = await memberImportRepo.markUnfinished(db, '服务在导入过程中停止，没有写入任何数据，请重新上传文件')
      for (const f of fs.readdirSync(spoolDir)) fs.rmSync(path.join(spoolDir, f), { force: true })
      return ids.length
    },

    /** Resolves when every queued import has finished (for tests and shutdown). */
    idle: () => queue,
  }
}

export type MemberImportService = ReturnType<typeof createMemberImportService>
