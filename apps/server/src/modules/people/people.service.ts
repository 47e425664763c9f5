import { randomUUID } from 'node:crypto'
import {
  idNumberConsistency,
  labelOf,
  LEFT_REASONS,
  leftReasonsFrom,
  maskIdNumber,
  maskPhone,
  MEMBER_STATUSES,
  MemberUpdate,
  nextStatuses,
  normalizeIdNumber,
  parseIdNumber,
  parseMobilePhone,
  STAGE_DATE_FIELDS,
  stageDateIssues,
  type CadreRank,
  type EducationLevelCode,
  type EthnicityCode,
  type GenderCode,
  type LeftReason,
  type MemberCreate,
  type MemberDetail,
  type MemberFieldIssue,
  type MemberListItem,
  type MemberSearch,
  type MemberStage,
  type MemberStatus,
  type MemberStatusChange,
  type MemberTransfer,
  type PhotoInfo,
  type RevealedPii,
  type StageDates,
} from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import type { PiiCipher } from '../../platform/crypto/pii.ts'
import { todayInChina } from '../../platform/calendar.ts'
import type { Db, Executor } from '../../platform/db.ts'
import { AppError, invalidField, invalidState, isUniqueViolation, notFound } from '../../platform/errors.ts'
import type { OrgsService } from '../orgs/index.ts'
import type { StatisticsService } from '../statistics/index.ts'
import { personNamePinyin } from '../../platform/pinyin.ts'
import { createPersonPii } from './person-pii.ts'
import { personPhotosRepo, type PhotoInfoRow } from './person-photos.repo.ts'
import {
  peopleRepo,
  type MemberFilter,
  type MemberWrite,
  type PersonListRow,
  type PersonRow,
  type OrgHistoryRow,
  type PersonWrite,
  type StatusHistoryRow,
} from './people.repo.ts'

const ID_NUMBER_UNIQUE = 'people_id_number_hash_key'

/** Stage date fields → member columns. */
const DATE_COLUMNS = {
  appliedOn: 'applied_on',
  activistOn: 'activist_on',
  candidateOn: 'candidate_on',
  admittedOn: 'admitted_on',
  fullOn: 'full_on',
} as const satisfies Record<keyof StageDates, keyof MemberWrite>

const stageDatesOf = (r: PersonRow): StageDates => ({
  appliedOn: r.applied_on,
  activistOn: r.activist_on,
  candidateOn: r.candidate_on,
  admittedOn: r.admitted_on,
  fullOn: r.full_on,
})

/** The latest date the record holds, i.e. the day its current stage began. */
const latestStageDate = (r: PersonRow) =>
  [r.applied_on, r.activist_on, r.candidate_on, r.admitted_on, r.full_on, r.left_on]
    .filter((d): d is string => !!d)
    .sort()
    .at(-1)

export const photoInfoOf = (r: PhotoInfoRow): PhotoInfo => ({
  mimeType: r.mime_type as PhotoInfo['mimeType'],
  byteSize: r.byte_size,
  version: r.sha256.toString('hex').slice(0, 16),
  updatedAt: new Date(r.updated_at).toISOString(),
})

/** 'YYYY-MM-DD' `years` years earlier; 29 February becomes the 28th in a common year. */
function yearsBefore(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const year = y - years
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const day = m === 2 && d === 29 && !isLeap ? 28 : d
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Validation errors naming each field, as the error handler words schema errors. */
function fieldIssues(issues: MemberFieldIssue[]): AppError {
  const details = issues.map((i) => ({ field: i.field, label: labelOf(MemberUpdate, [i.field]) ?? i.field, message: i.message }))
  const first = details[0]!
  const message = first.message.includes(first.label) ? first.message : `${first.label}：${first.message}`
  return new AppError('validation_failed', message, { details })
}

// The list cursor is the last row's sort key, opaque to the client.
const encodeCursor = (r: { name_pinyin: string; id: string }) =>
  Buffer.from(JSON.stringify([r.name_pinyin, r.id])).toString('base64url')

function decodeCursor(cursor: string): { pinyin: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v[1])
    )
      return { pinyin: v[0], id: v[1] }
  } catch {
    // fall through
  }
  throw invalidField('after', '翻页标记', '翻页标记无效，请从第一页重新查询')
}

/** What a search term is: an exact ID or phone number, pinyin, or a fragment of the name. */
type SearchTerm =
  | { kind: 'idNumber'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'pinyin'; value: string }
  | { kind: 'nameGram'; value: string }
  | { kind: 'nameLike'; value: string }

function classify(q: string): SearchTerm {
  const idCandidate = normalizeIdNumber(q)
  if (/^\d{17}[\dX]$/.test(idCandidate)) {
    const parsed = parseIdNumber(q)
    // A number shaped like an ID that fails its checks is a typo: say so rather than find nothing.
    if (!parsed.ok) throw invalidField('q', '关键字', parsed.message)
    return { kind: 'idNumber', value: parsed.value }
  }
  const phone = parseMobilePhone(q)
  if (phone.ok) return { kind: 'phone', value: phone.value }
  if (/^[a-z\s]+$/i.test(q)) return { kind: 'pinyin', value: q.replace(/\s+/g, '').toLowerCase() }
  return [...q].length <= 2 ? { kind: 'nameGram', value: q } : { kind: 'nameLike', value: q }
}

export interface PeopleServiceDeps {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope'>
  pii: PiiCipher
  /** The size of a scope, to plan a name search (the statistics roll-ups answer it in a few rows). */
  statistics?: Pick<StatisticsService, 'memberCount'>
  /**
   * Whether a person's stages are kept by another record (an open member-development case, whose
   * steps move them on): the register then refuses moving them on or redating their stages by hand.
   */
  stagesKeptElsewhere?: (executor: Executor, personId: string) => Promise<boolean>
}

/**
 * At or below this many people in the scope, a name-fragment search reads the scope's people and
 * keeps the matches; above, it walks the fragment's entries in list order and keeps those in scope.
 */
export const SCOPE_FIRST_MAX_PEOPLE = 5_000

export function createPeopleService({ db, audit, orgs, pii: cipher, statistics, stagesKeptElsewhere }: PeopleServiceDeps) {
  const pii = createPersonPii(cipher)

  const idNumberOf = (r: Pick<PersonRow, 'id' | 'id_number_enc'>) =>
    r.id_number_enc ? pii.openIdNumber(r.id, r.id_number_enc) : null
  const phoneOf = (r: Pick<PersonRow, 'id' | 'phone_enc'>) => (r.phone_enc ? pii.openPhone(r.id, r.phone_enc) : null)

  /** What the audit log keeps of a person: the record in clear; the audit service masks ID and phone. */
  const auditable = (r: PersonRow) => ({
    name: r.name,
    gender: r.gender,
    ethnicity: r.ethnicity,
    birthDate: r.birth_date,
    idNumber: idNumberOf(r),
    phone: phoneOf(r),
    education: r.education,
    occupation: r.occupation,
    workUnit: r.work_unit,
    post: r.post,
    cadreRank: r.cadre_rank,
    isInDifficulty: r.is_in_difficulty,
    isLostContact: r.is_lost_contact,
    isMobile: r.is_mobile,
    orgId: r.org_id,
    status: r.status,
    appliedOn: r.applied_on,
    activistOn: r.activist_on,
    candidateOn: r.candidate_on,
    admittedOn: r.admitted_on,
    fullOn: r.full_on,
    leftOn: r.left_on,
    leftReason: r.left_reason,
    leftDocument: r.left_document,
  })

  const listItem = (r: PersonListRow | PersonRow): MemberListItem => {
    const idNumber = idNumberOf(r)
    const phone = phoneOf(r)
    return {
      personId: r.id,
      name: r.name,
      gender: r.gender as GenderCode,
      birthDate: r.birth_date,
      idNumber: idNumber && maskIdNumber(idNumber),
      phone: phone && maskPhone(phone),
      education: r.education as EducationLevelCode | null,
      status: r.status as MemberStatus,
      org: { id: r.org_id, name: r.org_name },
      admittedOn: r.admitted_on,
    }
  }

  async function load(actor: Actor, personId: string, executor: Executor = db, opts: { lock?: boolean } = {}) {
    const row = await peopleRepo.findInScope(executor, personId, scopePaths(actor), opts)
    if (!row) throw notFound('人员')
    return row
  }

  /** The member page: the record and its histories read in one statement. */
  async function detail(actor: Actor, personId: string): Promise<MemberDetail> {
    const row = await peopleRepo.findDetailInScope(db, personId, scopePaths(actor))
    if (!row) throw notFound('人员')
    const { status_history, org_history, photo, ...record } = row
    return detailOf(record, {
      loaded: {
        // timestamps come through JSON as text
        statusHistory: status_history.map((h) => ({ ...h, recorded_at: new Date(h.recorded_at) })),
        orgHistory: org_history,
        photo: photo && {
          mime_type: photo.mime_type,
          byte_size: photo.byte_size,
          sha256: Buffer.from(photo.sha256_hex, 'hex'),
          updated_at: new Date(photo.updated_at),
        },
      },
    })
  }

  /**
   * The full record; `ownPhone` shows the phone unmasked, for the person themselves. The histories
   * and photo facts are read here unless `loaded` brings them.
   */
  async function detailOf(
    row: PersonRow,
    opts: {
      ownPhone?: boolean
      loaded?: { statusHistory: StatusHistoryRow[]; orgHistory: OrgHistoryRow[]; photo: PhotoInfoRow | null }
    } = {},
  ): Promise<MemberDetail> {
    const personId = row.id
    const [statusHistory, orgHistory, photo] = opts.loaded
      ? [opts.loaded.statusHistory, opts.loaded.orgHistory, opts.loaded.photo]
      : await Promise.all([
          peopleRepo.statusHistory(db, personId),
          peopleRepo.orgHistory(db, personId),
          personPhotosRepo.info(db, personId),
        ])
    const updatedAt = Math.max(new Date(row.updated_at).getTime(), new Date(row.member_updated_at).getTime())
    return {
      ...listItem(row),
      ...(opts.ownPhone && { phone: phoneOf(row) }),
      ethnicity: row.ethnicity as EthnicityCode,
      occupation: row.occupation,
      workUnit: row.work_unit,
      post: row.post,
      cadreRank: row.cadre_rank as CadreRank | null,
      isInDifficulty: row.is_in_difficulty,
      isLostContact: row.is_lost_contact,
      isMobile: row.is_mobile,
      appliedOn: row.applied_on,
      activistOn: row.activist_on,
      candidateOn: row.candidate_on,
      fullOn: row.full_on,
      leftOn: row.left_on,
      leftReason: row.left_reason as LeftReason | null,
      leftDocument: row.left_document,
      statusHistory: statusHistory.map((h) => ({
        fromStatus: h.from_status as MemberStatus | null,
        toStatus: h.to_status as MemberStatus,
        effectiveOn: h.effective_on,
        reason: h.reason,
        documentNo: h.document_no,
        recordedBy: h.recorded_by_name,
        recordedAt: new Date(h.recorded_at).toISOString(),
      })),
      orgHistory: orgHistory.map((h) => ({
        org: { id: h.org_id, name: h.org_name },
        validFrom: h.valid_from,
        validTo: h.valid_to,
        reason: h.reason,
        documentNo: h.document_no,
      })),
      photo: photo ? photoInfoOf(photo) : null,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(updatedAt).toISOString(),
    }
  }

  /**
   * The 409 for an ID number someone already has. Who and where is said only when that person lies
   * in the caller's scope; otherwise the caller learns no more than that the number is taken.
   */
  async function duplicateIdNumber(actor: Actor, hash: Buffer): Promise<AppError> {
    const existing = await peopleRepo.findByIdNumberHash(db, hash)
    const visible = existing && (await peopleRepo.findInScope(db, existing.id, scopePaths(actor)))
    const message = visible ? `身份证号已登记在“${visible.org_name}”的${visible.name}名下` : '身份证号已登记在其他组织'
    return new AppError('conflict', message, { details: [{ field: 'idNumber', label: '身份证号', message }] })
  }

  /** A `.catch` for a write that may lose the race for an ID number to another writer. */
  const onDuplicate = (actor: Actor, hash: Buffer | undefined) => async (e: unknown) => {
    throw hash && isUniqueViolation(e, ID_NUMBER_UNIQUE) ? await duplicateIdNumber(actor, hash) : e
  }

  async function activeOrgInScope(actor: Actor, orgId: string, field: string, label: string) {
    const org = await orgs.assertInScope(actor, orgId).catch(() => {
      throw invalidField(field, label, `${label}不存在或不在您的授权范围内`)
    })
    if (org.status !== 'active') throw invalidState(`“${org.name}”已撤销，不能接收人员`)
    return org
  }

  /** A member list's query → the filter the repository applies in SQL (scope checked here). */
  async function filterOf(actor: Actor, query: Omit<MemberSearch, 'after' | 'limit'> & { after?: string; limit: number }) {
    const scope = query.orgId ? [(await orgs.assertInScope(actor, query.orgId)).path] : scopePaths(actor)
    if (query.ageFrom !== undefined && query.ageTo !== undefined && query.ageFrom > query.ageTo)
      throw invalidField('ageTo', '最大年龄', '最大年龄不能小于最小年龄')
    const today = todayInChina()
    const filter: MemberFilter = {
      scope,
      status: query.status,
      excludeLeft: !query.includeLeft,
      gender: query.gender,
      bornOnOrBefore: query.ageFrom === undefined ? undefined : yearsBefore(today, query.ageFrom),
      bornAfter: query.ageTo === undefined ? undefined : yearsBefore(today, query.ageTo + 1),
      admittedFrom: query.joinYear === undefined ? undefined : `${query.joinYear}-01-01`,
      admittedBefore: query.joinYear === undefined ? undefined : `${query.joinYear + 1}-01-01`,
      after: query.after === undefined ? undefined : decodeCursor(query.after),
      limit: query.limit + 1,
    }
    // A category code (ending in 0) covers the codes under it: 研究生教育 includes 博士 and 硕士.
    if (query.education?.endsWith('0')) filter.educationCategory = query.education.charAt(0)
    else filter.education = query.education
    const q = query.q?.trim()
    if (q) {
      const term = classify(q)
      switch (term.kind) {
        case 'idNumber':
          filter.idNumberHash = pii.idNumberHash(term.value)
          break
        case 'phone':
          filter.phoneHash = pii.phoneHash(term.value)
          break
        case 'pinyin':
          filter.pinyin = term.value
          break
        case 'nameGram':
          filter.nameGram = term.value
          if (statistics) {
            const root = query.orgId ?? actor.grant?.orgId
            filter.scopeFirst = root !== undefined && (await statistics.memberCount(root)) <= SCOPE_FIRST_MAX_PEOPLE
          }
          break
        case 'nameLike':
          filter.nameLike = term.value
          break
      }
    }
    return filter
  }

  /** A status change inside the caller's transaction, judged against `today` (the caller's clock). */
  async function applyStatusChange(tx: Executor, actor: Actor, personId: string, input: MemberStatusChange, today: string) {
    const row = await load(actor, personId, tx, { lock: true })
    const from = row.status as MemberStatus
    const to = input.status
    if (from === 'left') throw invalidState(`${row.name}已离开（${LEFT_REASONS[row.left_reason as LeftReason]}），不能再变更状态`)
    const allowed = nextStatuses(from)
    if (!allowed.includes(to))
      throw invalidState(
        `不能从“${MEMBER_STATUSES[from]}”变更为“${MEMBER_STATUSES[to]}”，只能变更为${allowed.map((s) => `“${MEMBER_STATUSES[s]}”`).join('或')}`,
      )
    if (to === 'left' && !leftReasonsFrom(from).includes(input.leftReason!))
      throw invalidState(`${MEMBER_STATUSES[from]}不能以“${LEFT_REASONS[input.leftReason!]}”为由离开`)
    if (input.effectiveOn > today) throw invalidField('effectiveOn', '生效日期', '生效日期不能晚于今天')
    const since = latestStageDate(row)
    if (since && input.effectiveOn < since)
      throw invalidField('effectiveOn', '生效日期', `生效日期不能早于当前状态的开始日期（${since}）`)
    const period = await peopleRepo.currentOrgPeriod(tx, personId)

    const change: MemberWrite = { status: to }
    if (to === 'left') {
      if (period && input.effectiveOn < period.valid_from)
        throw invalidField('effectiveOn', '生效日期', `生效日期不能早于转入当前党组织的日期（${period.valid_from}）`)
      Object.assign(change, {
        left_on: input.effectiveOn,
        left_reason: input.leftReason,
        left_document: input.documentNo ?? null,
      })
      await peopleRepo.closeOrgPeriod(tx, personId, input.effectiveOn)
    } else {
      change[DATE_COLUMNS[STAGE_DATE_FIELDS[to as MemberStage]]] = input.effectiveOn
    }
    await peopleRepo.updateMember(tx, personId, change)
    await peopleRepo.addStatusHistory(tx, {
      person_id: personId,
      from_status: from,
      to_status: to,
      effective_on: input.effectiveOn,
      reason: input.reason ?? null,
      document_no: input.documentNo ?? null,
      recorded_by: actor.userId,
    })
    await audit.record(tx, actor, {
      action: 'members.status_changed',
      entityType: 'person',
      entityId: personId,
      orgId: row.org_id,
      before: { status: from },
      after: { ...input },
    })
  }

  /** Moves a locked person's relation to `target`, closing one period of the org history and opening the next. */
  async function moveRelation(
    tx: Executor,
    actor: Actor,
    row: PersonRow,
    target: { id: string; name: string },
    input: MemberTransfer,
    today: string,
  ) {
    const personId = row.id
    if (row.status === 'left') throw invalidState(`${row.name}已离开，不能转接组织关系`)
    if (row.org_id === target.id) throw invalidState(`${row.name}已在“${target.name}”`)
    if (input.effectiveOn > today) throw invalidField('effectiveOn', '转接日期', '转接日期不能晚于今天')
    const period = await peopleRepo.currentOrgPeriod(tx, personId)
    if (period && input.effectiveOn < period.valid_from)
      throw invalidField('effectiveOn', '转接日期', `转接日期不能早于转入当前党组织的日期（${period.valid_from}）`)
    await peopleRepo.updateMember(tx, personId, { org_id: target.id })
    await peopleRepo.closeOrgPeriod(tx, personId, input.effectiveOn)
    await peopleRepo.openOrgPeriod(tx, {
      person_id: personId,
      org_id: target.id,
      valid_from: input.effectiveOn,
      reason: input.reason ?? '组织关系转接',
      document_no: input.documentNo ?? null,
    })
    // Filed under the org the person leaves: the one whose roll the transfer changes first.
    await audit.record(tx, actor, {
      action: 'members.transferred',
      entityType: 'person',
      entityId: personId,
      orgId: row.org_id,
      before: { orgId: row.org_id, orgName: row.org_name },
      after: { orgId: target.id, orgName: target.name, ...input },
    })
  }

  return {
    get: detail,

    /** The person, when their org lies in the caller's scope; not_found otherwise. */
    async personInScope(actor: Actor, personId: string, executor: Executor = db) {
      const row = await load(actor, personId, executor)
      return { id: row.id, name: row.name, orgId: row.org_id, orgName: row.org_name, status: row.status as MemberStatus }
    },

    /**
     * A person's own record, for the account linked to them (member self-service): their phone in
     * full — it is theirs — and the ID number masked like everywhere else.
     */
    async ownRecord(personId: string): Promise<MemberDetail> {
      const row = await peopleRepo.findLinked(db, personId)
      if (!row) throw notFound('党员档案')
      return detailOf(row, { ownPhone: true })
    },

    /** The person's own ID number in full, for themselves; audited like any reveal. */
    async revealOwnIdNumber(actor: Actor, personId: string): Promise<string | null> {
      const row = await peopleRepo.findLinked(db, personId)
      if (!row) throw notFound('党员档案')
      const idNumber = idNumberOf(row)
      await audit.record(db, actor, {
        action: 'people.pii_revealed',
        entityType: 'person',
        entityId: personId,
        orgId: row.org_id,
        after: { fields: idNumber === null ? [] : ['idNumber'], own: true },
      })
      return idNumber
    },

    /**
     * Sets a person's phone inside the caller's transaction — a decision elsewhere (an approved
     * request) that must commit or fail together with the change — audited as any record update.
     */
    async setPhoneInTx(tx: Executor, actor: Actor, personId: string, phone: string, via: Record<string, unknown>) {
      const before = await load(actor, personId, tx, { lock: true })
      const sealed = pii.sealPhone(personId, phone)
      await peopleRepo.updatePerson(tx, personId, { phone_enc: sealed.enc, phone_hash: sealed.hash })
      const after = await peopleRepo.findInScope(tx, personId, scopePaths(actor))
      await audit.record(tx, actor, {
        action: 'members.member_updated',
        entityType: 'person',
        entityId: personId,
        orgId: before.org_id,
        before: auditable(before),
        after: after && { ...auditable(after), via },
      })
    },

    /** The person's phone as lists show it (`138****1234`). */
    maskedPhoneOf: (r: { id: string; phone_enc: Buffer | null }) => {
      const phone = phoneOf(r)
      return phone && maskPhone(phone)
    },

    /** The person's phone in clear, for comparing with a requested one; never sent to a client. */
    phoneOf: (r: { id: string; phone_enc: Buffer | null }) => phoneOf(r),

    async create(actor: Actor, input: MemberCreate): Promise<MemberDetail> {
      const org = await orgs.assertInScope(actor, input.orgId)
      if (org.status !== 'active') throw invalidState(`“${org.name}”已撤销，不能在其中登记人员`)
      const id = randomUUID()
      const idNumber = pii.sealIdNumber(id, input.idNumber)
      if (await peopleRepo.findByIdNumberHash(db, idNumber.hash)) throw await duplicateIdNumber(actor, idNumber.hash)
      const phone = input.phone ? pii.sealPhone(id, input.phone) : null
      const name = personNamePinyin(input.name)
      const dates = Object.fromEntries(
        Object.entries(DATE_COLUMNS).map(([field, column]) => [column, input[field as keyof StageDates] ?? null]),
      ) as Pick<MemberWrite, (typeof DATE_COLUMNS)[keyof StageDates]>
      const statusDate = input[STAGE_DATE_FIELDS[input.status]]!
      // The org relation starts with the earliest record we have: registering someone who joined
      // years ago must not leave them out of the statistics for the years in between.
      const since = Object.values(dates)
        .filter((d): d is string => !!d)
        .sort()[0]!
      await db
        .transaction()
        .execute(async (tx) => {
          await peopleRepo.insertPerson(tx, {
            id,
            name: input.name,
            name_pinyin: name.full,
            name_initials: name.initials,
            gender: input.gender,
            ethnicity: input.ethnicity,
            birth_date: input.birthDate,
            id_number_enc: idNumber.enc,
            id_number_hash: idNumber.hash,
            phone_enc: phone?.enc ?? null,
            phone_hash: phone?.hash ?? null,
            education: input.education,
            occupation: input.occupation ?? null,
            work_unit: input.workUnit ?? null,
            post: input.post ?? null,
            cadre_rank: input.cadreRank ?? null,
            is_in_difficulty: input.isInDifficulty ?? false,
            is_lost_contact: input.isLostContact ?? false,
            is_mobile: input.isMobile ?? false,
          })
          await peopleRepo.insertMember(tx, { person_id: id, org_id: org.id, status: input.status, ...dates })
          await peopleRepo.addStatusHistory(tx, {
            person_id: id,
            from_status: null,
            to_status: input.status,
            effective_on: statusDate,
            reason: '登记',
            document_no: null,
            recorded_by: actor.userId,
          })
          await peopleRepo.openOrgPeriod(tx, { person_id: id, org_id: org.id, valid_from: since, reason: '登记' })
          const created = await peopleRepo.findInScope(tx, id, scopePaths(actor))
          await audit.record(tx, actor, {
            action: 'members.member_created',
            entityType: 'person',
            entityId: id,
            orgId: org.id,
            after: created && auditable(created),
          })
        })
        .catch(onDuplicate(actor, idNumber.hash))
      return detail(actor, id)
    },

    async update(actor: Actor, personId: string, patch: MemberUpdate): Promise<MemberDetail> {
      const before = await load(actor, personId)
      if (Object.values(patch).every((v) => v === undefined)) throw new AppError('validation_failed', '没有要修改的内容')

      // The ID number, birth date and gender must agree as they will be after the change.
      if (patch.idNumber !== undefined || patch.birthDate !== undefined || patch.gender !== undefined) {
        const issues = idNumberConsistency({
          idNumber: patch.idNumber ?? idNumberOf(before) ?? '',
          birthDate: patch.birthDate ?? before.birth_date,
          gender: patch.gender ?? (before.gender as GenderCode),
        })
        if (issues.length) throw fieldIssues(issues)
      }

      const member: MemberWrite = {}
      const datesChanged = (Object.keys(DATE_COLUMNS) as (keyof StageDates)[]).filter((f) => patch[f] !== undefined)
      if (datesChanged.length) {
        if (before.status === 'left') throw invalidState(`${before.name}已离开，发展阶段的日期不能再修改`)
        if (await stagesKeptElsewhere?.(db, personId))
          throw invalidState(`${before.name}正在发展党员程序中，各阶段日期由发展档案的步骤记录，不能在此修改`)
        const merged = { ...stageDatesOf(before), ...Object.fromEntries(datesChanged.map((f) => [f, patch[f]])) }
        const issues = stageDateIssues(before.status as MemberStage, merged)
        if (issues.length) throw fieldIssues(issues)
        for (const f of datesChanged) member[DATE_COLUMNS[f]] = patch[f] ?? null
      }

      const person: PersonWrite = {}
      const set = <K extends keyof PersonWrite>(key: K, value: PersonWrite[K] | undefined) => {
        if (value !== undefined) person[key] = value
      }
      if (patch.name !== undefined) {
        const p = personNamePinyin(patch.name)
        Object.assign(person, { name: patch.name, name_pinyin: p.full, name_initials: p.initials })
      }
      set('gender', patch.gender)
      set('ethnicity', patch.ethnicity)
      set('birth_date', patch.birthDate)
      set('education', patch.education)
      set('occupation', patch.occupation)
      set('work_unit', patch.workUnit)
      set('post', patch.post)
      set('cadre_rank', patch.cadreRank)
      set('is_in_difficulty', patch.isInDifficulty)
      set('is_lost_contact', patch.isLostContact)
      set('is_mobile', patch.isMobile)
      let idHash: Buffer | undefined
      if (patch.idNumber !== undefined) {
        const sealed = pii.sealIdNumber(personId, patch.idNumber)
        idHash = sealed.hash
        const other = await peopleRepo.findByIdNumberHash(db, sealed.hash)
        if (other && other.id !== personId) throw await duplicateIdNumber(actor, sealed.hash)
        Object.assign(person, { id_number_enc: sealed.enc, id_number_hash: sealed.hash })
      }
      if (patch.phone !== undefined) {
        const sealed = patch.phone === null ? null : pii.sealPhone(personId, patch.phone)
        Object.assign(person, { phone_enc: sealed?.enc ?? null, phone_hash: sealed?.hash ?? null })
      }

      await db
        .transaction()
        .execute(async (tx) => {
          await peopleRepo.updatePerson(tx, personId, person)
          await peopleRepo.updateMember(tx, personId, member)
          const after = await peopleRepo.findInScope(tx, personId, scopePaths(actor))
          await audit.record(tx, actor, {
            action: 'members.member_updated',
            entityType: 'person',
            entityId: personId,
            orgId: before.org_id,
            before: auditable(before),
            after: after && auditable(after),
          })
        })
        .catch(onDuplicate(actor, idHash))
      return detail(actor, personId)
    },

    /** One step forward through the stages, or leaving with a reason; every change kept in the history. */
    async changeStatus(actor: Actor, personId: string, input: MemberStatusChange): Promise<MemberDetail> {
      await db.transaction().execute(async (tx) => {
        if (input.status !== 'left' && (await stagesKeptElsewhere?.(tx, personId)))
          throw invalidState(
            '此人正在发展党员程序中，逐级发展由发展档案中相应的步骤办理（确定积极分子、发展对象，审批接收和转正）',
          )
        await applyStatusChange(tx, actor, personId, input, todayInChina())
      })
      return detail(actor, personId)
    },

    /**
     * The same change made by a decision recorded elsewhere (a development step) that must commit or
     * fail together with it, on that module's clock.
     */
    changeStatusInTx: (tx: Executor, actor: Actor, personId: string, input: MemberStatusChange, today: string) =>
      applyStatusChange(tx, actor, personId, input, today),

    /** Moves the membership relation to another org in the caller's scope; the org history keeps both. */
    async transfer(actor: Actor, personId: string, input: MemberTransfer): Promise<MemberDetail> {
      await load(actor, personId)
      const target = await activeOrgInScope(actor, input.toOrgId, 'toOrgId', '转入党组织')
      await db.transaction().execute(async (tx) => {
        const row = await load(actor, personId, tx, { lock: true })
        await moveRelation(tx, actor, row, target, input, todayInChina())
      })
      return detail(actor, personId)
    },

    /**
     * The same move at the end of a transfer workflow (组织关系转接), in its transaction and on its
     * clock: the receiving org's officer acts, whose scope covers the destination but not the origin —
     * the transfers service has checked both the transfer and the destination, so no scope is
     * checked here. The person's row is locked.
     */
    async moveRelationInTx(
      tx: Executor,
      actor: Actor,
      personId: string,
      target: { id: string; name: string },
      input: MemberTransfer,
      today: string,
    ) {
      const row = await peopleRepo.findInScope(tx, personId, [], { lock: true, anyOrg: true })
      if (!row) throw notFound('人员')
      await moveRelation(tx, actor, row, target, input, today)
    },

    /** The ID number and phone in clear; the audit row is written before they are returned. */
    async reveal(actor: Actor, personId: string): Promise<RevealedPii> {
      const row = await load(actor, personId)
      const revealed = { idNumber: idNumberOf(row), phone: phoneOf(row) }
      await audit.record(db, actor, {
        action: 'people.pii_revealed',
        entityType: 'person',
        entityId: personId,
        orgId: row.org_id,
        after: { fields: Object.entries(revealed).flatMap(([k, v]) => (v === null ? [] : [k])) },
      })
      return revealed
    },

    /**
     * Every row of a filtered list, page by page in list order, for an export: ID and phone in
     * clear only with `reveal` (whether the caller may reveal is the exporter's check).
     */
    async *exportRows(
      actor: Actor,
      query: Omit<MemberSearch, 'after' | 'limit'>,
      opts: { reveal: boolean; pageSize?: number },
    ): AsyncGenerator<MemberExportRow> {
      const filter = await filterOf(actor, { ...query, limit: 0 })
      filter.limit = opts.pageSize ?? 2000
      for (;;) {
        const rows = await peopleRepo.searchFull(db, filter)
        for (const r of rows) {
          const idNumber = idNumberOf(r)
          const phone = phoneOf(r)
          yield {
            name: r.name,
            gender: r.gender as GenderCode,
            ethnicity: r.ethnicity as EthnicityCode,
            birthDate: r.birth_date,
            idNumber: idNumber && (opts.reveal ? idNumber : maskIdNumber(idNumber)),
            phone: phone && (opts.reveal ? phone : maskPhone(phone)),
            education: r.education as EducationLevelCode | null,
            status: r.status as MemberStatus,
            orgName: r.org_name,
            appliedOn: r.applied_on,
            activistOn: r.activist_on,
            candidateOn: r.candidate_on,
            admittedOn: r.admitted_on,
            fullOn: r.full_on,
            occupation: r.occupation,
            workUnit: r.work_unit,
            post: r.post,
            cadreRank: r.cadre_rank as CadreRank | null,
            isInDifficulty: r.is_in_difficulty,
            isLostContact: r.is_lost_contact,
            isMobile: r.is_mobile,
            leftOn: r.left_on,
            leftReason: r.left_reason as LeftReason | null,
          }
        }
        const last = rows.at(-1)
        if (!last || rows.length < filter.limit) return
        filter.after = { pinyin: last.name_pinyin, id: last.id }
      }
    },

    async search(actor: Actor, query: MemberSearch): Promise<{ items: MemberListItem[]; nextCursor: string | null }> {
      const filter = await filterOf(actor, query)
      const rows = await peopleRepo.search(db, filter)
      const page = rows.slice(0, query.limit)
      const last = page.at(-1)
      return { items: page.map(listItem), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null }
    },

    /**
     * The people whose membership relation was with `orgId` on `date`, with their status that day —
     * what the annual statistics (as of 12-31) count.
     */
    /** Full and probationary members of each org (orgs the caller has already checked are in scope). */
    /** A person's name, status and org, for the checks of other modules; not_found outside the scope. */
    async standing(actor: Actor, personId: string) {
      const row = await load(actor, personId)
      return {
        personId: row.id,
        name: row.name,
        status: row.status as MemberStatus,
        orgId: row.org_id,
        orgName: row.org_name,
      }
    },

    async memberCounts(orgIds: string[]) {
      const rows = await peopleRepo.countsByOrg(db, orgIds)
      return new Map(rows.map((r) => [r.org_id, { full: Number(r.full), probationary: Number(r.probationary) }]))
    },

    async membersOfOrgAsOf(actor: Actor, orgId: string, date: string) {
      await orgs.assertInScope(actor, orgId)
      return (await peopleRepo.membersOfOrgAsOf(db, orgId, date)).map((r) => ({
        personId: r.person_id,
        name: r.name,
        status: r.status as MemberStatus,
      }))
    },
  }
}

/** A member as an export writes it (codes, not labels; the exporter labels them). */
export interface MemberExportRow {
  name: string
  gender: GenderCode
  ethnicity: EthnicityCode
  birthDate: string
  idNumber: string | null
  phone: string | null
  education: EducationLevelCode | null
  status: MemberStatus
  orgName: string
  appliedOn: string | null
  activistOn: string | null
  candidateOn: string | null
  admittedOn: string | null
  fullOn: string | null
  occupation: string | null
  workUnit: string | null
  post: string | null
  cadreRank: CadreRank | null
  isInDifficulty: boolean
  isLostContact: boolean
  isMobile: boolean
  leftOn: string | null
  leftReason: LeftReason | null
}

export type PeopleService = ReturnType<typeof createPeopleService>
