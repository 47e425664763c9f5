import {
  LEFT_REASONS,
  RETURN_CODES,
  TRANSFER_KINDS,
  TRANSFER_REASONS,
  TRANSFER_REQUIRED_FIELDS,
  TRANSFER_STATUSES,
  type AwayMember,
  type MemberDetail,
  type MemberStatus,
  type ReturnCode,
  type TransferCancel,
  type TransferDashboard,
  type TransferKind,
  type TransferReason,
  type TransferReceipt,
  type TransferReceive,
  type TransferRequiredField,
  type TransferReturn,
  type TransferSearch,
  type TransferStart,
  type TransferStatus,
  type TransferTodo,
  type TransferView,
} from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import { addMonths, todayInChina } from '../../platform/calendar.ts'
import type { Db } from '../../platform/db.ts'
import type { LetterFacts } from '../../platform/db-types.ts'
import ExcelJS from '../../platform/excel.ts'
import { AppError, conflict, forbidden, invalidField, invalidState, isUniqueViolation, notFound } from '../../platform/errors.ts'
import type { RulesRegistry } from '../../platform/rules/registry.ts'
import type { ComplianceService } from '../compliance/index.ts'
import type { OrgsService } from '../orgs/index.ts'
import type { PeopleService } from '../people/index.ts'
import { renderLetter } from './transfers.letter.ts'
import { transfersRepo, type TransferFilter, type TransferRow } from './transfers.repo.ts'
import { TRANSFER_CHECKS } from './transfers.rules.ts'

const VALIDITY = 'transfer.letter_validity'
const AWAY = 'transfer.away_fixed_place'
const OPEN_KEY = 'member_transfers_open_key'

export interface TransfersServiceDeps {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope' | 'findAnywhere' | 'searchAnywhere'>
  people: Pick<PeopleService, 'get' | 'moveRelationInTx' | 'changeStatusInTx' | 'reveal'>
  compliance: Pick<ComplianceService, 'paramsInForce'>
  registry: Pick<RulesRegistry, 'defaults'>
  /** Today in China (the platform's clock; a test clock in tests). */
  today?: () => string
}

/** Whether a path lies at or under one of the scope's paths: for the buttons a view offers, never for reading. */
const covers = (scope: string[], path: string | null | undefined) =>
  !!path && scope.some((p) => path === p || path.startsWith(`${p}.`))

/** The record fields a letter needs that the member's record lacks, in the order of the form. */
export function missingFields(m: MemberDetail): TransferRequiredField[] {
  const missing: TransferRequiredField[] = []
  const need = (field: TransferRequiredField, value: unknown) => {
    if (value === null || value === undefined || value === '') missing.push(field)
  }
  need('name', m.name)
  need('gender', m.gender)
  need('ethnicity', m.ethnicity)
  need('birthDate', m.birthDate)
  need('idNumber', m.idNumber)
  need('phone', m.phone)
  need('education', m.education)
  need('appliedOn', m.appliedOn)
  if (m.status === 'probationary' || m.status === 'full') need('admittedOn', m.admittedOn)
  if (m.status === 'full') need('fullOn', m.fullOn)
  return missing
}

export function createTransfersService({
  db,
  audit,
  orgs,
  people,
  compliance,
  registry,
  today = todayInChina,
}: TransfersServiceDeps) {
  const checkOf = (id: string) => TRANSFER_CHECKS.find((c) => c.id === id)!

  function view(actor: Actor, r: TransferRow, day: string): TransferView {
    const scope = scopePaths(actor)
    const canWrite = actor.grant?.permissions.includes('transfers.write') ?? false
    const pending = r.status === 'pending'
    const atOrigin = canWrite && covers(scope, r.from_path)
    const atDestination = canWrite && r.kind === 'internal' && covers(scope, r.to_path)
    return {
      id: r.id,
      letterNo: r.letter_no,
      kind: r.kind as TransferKind,
      person: { id: r.person_id, name: r.person_name, status: r.person_status as MemberStatus },
      fromOrg: { id: r.from_org_id, name: r.from_org_name },
      toOrg: { id: r.to_org_id, name: r.to_org_current_name ?? r.to_org_name ?? '' },
      reason: r.reason as TransferReason,
      reasonNote: r.reason_note,
      issuedOn: r.issued_on,
      validUntil: r.valid_until,
      validityMonths: r.validity_months,
      validityFrom: r.validity_from_org_id ? { id: r.validity_from_org_id, name: r.validity_from_org_name ?? '' } : null,
      status: r.status as TransferStatus,
      isExpired: pending && r.valid_until < day,
      answeredOn: r.answered_on,
      returnCode: r.return_code as ReturnCode | null,
      answerNote: r.answer_note,
      receiptNo: r.receipt_no,
      createdAt: new Date(r.created_at).toISOString(),
      actions: {
        receive: pending && atDestination && r.valid_until >= day,
        return: pending && atDestination,
        cancel: pending && atOrigin,
        recordReceipt: pending && atOrigin && r.kind === 'external',
      },
    }
  }

  /** A transfer visible to the caller: its origin or its destination lies in the caller's scope. */
  async function visible(actor: Actor, id: string) {
    const r = await transfersRepo.findVisible(db, id, scopePaths(actor))
    if (!r) throw notFound('组织关系转接')
    return r
  }

  const byId = async (actor: Actor, id: string) => view(actor, await visible(actor, id), today())

  /** The destination's side: the caller's scope must cover the receiving org. */
  async function asDestination(actor: Actor, id: string) {
    const r = await visible(actor, id)
    if (r.kind !== 'internal') throw invalidState('转出本平台的转接没有接收方可在本平台办理，回执由转出组织登记')
    if (!covers(scopePaths(actor), r.to_path)) throw forbidden(`接收或退回须由接收党组织“${r.to_org_current_name ?? ''}”办理`)
    return r
  }

  async function asOrigin(actor: Actor, id: string) {
    const r = await visible(actor, id)
    if (!covers(scopePaths(actor), r.from_path)) throw forbidden(`须由转出党组织“${r.from_org_name}”办理`)
    return r
  }

  /** Inside the transaction: the row locked and still pending, or a 409 that says what happened. */
  async function lockPending(tx: Parameters<typeof transfersRepo.lock>[0], id: string) {
    const row = await transfersRepo.lock(tx, id)
    if (!row) throw notFound('组织关系转接')
    if (row.status !== 'pending')
      throw conflict(
        `介绍信 ${row.letter_no} 已于 ${row.answered_on} ${TRANSFER_STATUSES[row.status as TransferStatus]}，不能再办理`,
      )
    return row
  }

  function dateNotAfterToday(day: string, field: string, label: string) {
    if (day > today()) throw invalidField(field, label, `${label}不能晚于今天`)
  }

  async function validityFor(orgId: string, day: string) {
    const p = await compliance.paramsInForce(VALIDITY, orgId, day)
    const months = p.values.months ?? registry.defaults(VALIDITY).months!
    return { months, from: p.fromOrg }
  }

  return {
    get: byId,

    async list(actor: Actor, q: TransferSearch) {
      const day = today()
      const scope = q.orgId ? [(await orgs.assertInScope(actor, q.orgId)).path] : scopePaths(actor)
      const filter: TransferFilter = {
        ...q,
        scope,
        today: day,
        expired: q.expired === undefined ? undefined : q.expired === 'true',
      }
      const { items, total } = await transfersRepo.list(db, filter, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize })
      return { items: items.map((r) => view(actor, r, day)), total }
    },

    async exportXlsx(actor: Actor, q: Omit<TransferSearch, 'page' | 'pageSize'>) {
      const day = today()
      const root = q.orgId ? await orgs.assertInScope(actor, q.orgId) : null
      const scope = root ? [root.path] : scopePaths(actor)
      const filter: TransferFilter = {
        ...q,
        scope,
        today: day,
        expired: q.expired === undefined ? undefined : q.expired === 'true',
      }
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet(q.direction === 'incoming' ? '转入' : '转出')
      ws.columns = [
        { header: '介绍信编号', width: 24 },
        { header: '姓名', width: 10 },
        { header: '转出党组织', width: 30 },
        { header: '接收党组织', width: 30 },
        { header: '转往', width: 10 },
        { header: '转接原因', width: 24 },
        { header: '开具日期', width: 12 },
        { header: '有效期至', width: 12 },
        { header: '状态', width: 10 },
        { header: '办结日期', width: 12 },
        { header: '退回原因', width: 24 },
        { header: '说明', width: 30 },
      ]
      for (let offset = 0; ; offset += 1000) {
        const rows = await transfersRepo.page(db, filter, { limit: 1000, offset })
        for (const r of rows) {
          const v = view(actor, r, day)
          ws.addRow([
            v.letterNo,
            v.person.name,
            v.fromOrg.name,
            v.toOrg.name,
            TRANSFER_KINDS[v.kind],
            v.reason === 'other' && v.reasonNote ? `其他：${v.reasonNote}` : TRANSFER_REASONS[v.reason],
            v.issuedOn,
            v.validUntil,
            v.isExpired ? '已过期未接收' : TRANSFER_STATUSES[v.status],
            v.answeredOn ?? '',
            v.returnCode ? RETURN_CODES[v.returnCode] : '',
            v.answerNote ?? '',
          ])
        }
        if (rows.length < 1000) break
      }
      ws.getRow(1).font = { bold: true }
      ws.views = [{ state: 'frozen', ySplit: 1 }]
      return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), orgName: root?.name ?? actor.grant?.orgName ?? '', day }
    },

    async start(actor: Actor, input: TransferStart): Promise<TransferView> {
      const day = today()
      const member = await people.get(actor, input.personId)
      if (member.status === 'left')
        throw invalidState(`${member.name}已离开（${LEFT_REASONS[member.leftReason!]}），不能转接组织关系`)
      const from = await orgs.assertInScope(actor, member.org.id)
      const missing = missingFields(member)
      if (missing.length) {
        const labels = missing.map((f) => TRANSFER_REQUIRED_FIELDS[f])
        const message = `${member.name}的党员信息不完整，补全后才能转出：缺少${labels.join('、')}`
        throw new AppError('validation_failed', message, {
          details: missing.map((f) => ({
            field: f,
            label: TRANSFER_REQUIRED_FIELDS[f],
            message: `缺少${TRANSFER_REQUIRED_FIELDS[f]}`,
          })),
        })
      }
      dateNotAfterToday(input.issuedOn, 'issuedOn', '开具日期')
      let to: { id: string; name: string; prefecture: string } | null = null
      if (input.kind === 'internal') {
        const org = await orgs.findAnywhere(input.toOrgId!)
        if (!org) throw invalidField('toOrgId', '接收党组织', '接收党组织不存在')
        if (org.status !== 'active') throw invalidField('toOrgId', '接收党组织', `“${org.name}”已撤销，不能接收组织关系`)
        if (org.id === from.id) throw invalidField('toOrgId', '接收党组织', `${member.name}已在“${org.name}”`)
        const prefecture = await transfersRepo.prefectureOf(db, org.id)
        to = { id: org.id, name: org.name, prefecture: prefecture!.id }
      }
      const pending = await transfersRepo.pendingOf(db, member.personId)
      if (pending) throw conflict(`${member.name}已有待接收的转接（介绍信 ${pending.letter_no}），办结或撤销后才能再开具`)
      const validity = await validityFor(from.id, input.issuedOn)
      const validUntil = addMonths(input.issuedOn, validity.months)
      const facts: LetterFacts = {
        name: member.name,
        gender: member.gender,
        ethnicity: member.ethnicity,
        birthDate: member.birthDate,
        idNumber: member.idNumber,
        education: member.education,
        status: member.status,
        appliedOn: member.appliedOn,
        admittedOn: member.admittedOn,
        fullOn: member.fullOn,
        workUnit: member.workUnit,
        phone: member.phone,
      }
      const year = Number(input.issuedOn.slice(0, 4))
      const id = await db
        .transaction()
        .execute(async (tx) => {
          const prefecture = (await transfersRepo.prefectureOf(tx, from.id))!
          const seq = await transfersRepo.nextLetterSeq(tx, prefecture.id, year)
          const code = prefecture.division_code?.slice(0, 4) ?? 'XF'
          const letterNo = `${code}转〔${year}〕${String(seq).padStart(4, '0')}号`
          const id = await transfersRepo.insert(tx, {
            prefecture_org_id: prefecture.id,
            person_id: member.personId,
            from_org_id: from.id,
            kind: input.kind,
            to_org_id: to?.id ?? null,
            to_prefecture_org_id: to?.prefecture ?? null,
            to_org_name: to ? null : input.toOrgName!,
            letter_no: letterNo,
            reason: input.reason,
            reason_note: input.reasonNote ?? null,
            issued_on: input.issuedOn,
            valid_until: validUntil,
            validity_months: validity.months,
            validity_from_org_id: validity.from?.id ?? null,
            letter: JSON.stringify(facts),
            created_by: actor.userId,
          })
          await audit.record(tx, actor, {
            action: 'transfers.transfer_started',
            entityType: 'member_transfer',
            entityId: id,
            orgId: from.id,
            after: {
              personId: member.personId,
              letterNo,
              kind: input.kind,
              toOrgId: to?.id ?? null,
              toOrgName: to?.name ?? input.toOrgName,
              reason: input.reason,
              reasonNote: input.reasonNote ?? null,
              issuedOn: input.issuedOn,
              validUntil,
              validityMonths: validity.months,
              validityFrom: validity.from?.id ?? null,
              today: day,
            },
          })
          return id
        })
        .catch((e: unknown) => {
          if (isUniqueViolation(e, OPEN_KEY)) throw conflict(`${member.name}刚刚已有人开具了转接，请刷新后查看`)
          throw e
        })
      return byId(actor, id)
    },

    async receive(actor: Actor, id: string, input: TransferReceive): Promise<TransferView> {
      const t = await asDestination(actor, id)
      const day = today()
      dateNotAfterToday(input.receivedOn, 'receivedOn', '接收日期')
      if (input.receivedOn < t.issued_on)
        throw invalidField('receivedOn', '接收日期', `接收日期不能早于开具日期（${t.issued_on}）`)
      await db.transaction().execute(async (tx) => {
        const row = await lockPending(tx, id)
        if (input.receivedOn > row.valid_until)
          throw invalidState(
            `介绍信 ${row.letter_no} 已于 ${row.valid_until} 过期，不能接收：可以“介绍信已过期”为由退回，由转出组织撤销后重新开具`,
          )
        const toName = t.to_org_current_name ?? ''
        await people.moveRelationInTx(
          tx,
          actor,
          row.person_id,
          { id: row.to_org_id!, name: toName },
          {
            toOrgId: row.to_org_id!,
            effectiveOn: input.receivedOn,
            reason: `组织关系转接（介绍信 ${row.letter_no}）`,
            documentNo: row.letter_no,
          },
          day,
        )
        await transfersRepo.answer(tx, id, { status: 'received', answered_on: input.receivedOn, answered_by: actor.userId })
        await audit.record(tx, actor, {
          action: 'transfers.transfer_received',
          entityType: 'member_transfer',
          entityId: id,
          orgId: row.to_org_id,
          before: { status: 'pending' },
          after: { status: 'received', receivedOn: input.receivedOn, personId: row.person_id, fromOrgId: row.from_org_id },
        })
      })
      return byId(actor, id)
    },

    async return(actor: Actor, id: string, input: TransferReturn): Promise<TransferView> {
      const t = await asDestination(actor, id)
      dateNotAfterToday(input.returnedOn, 'returnedOn', '退回日期')
      if (input.returnedOn < t.issued_on)
        throw invalidField('returnedOn', '退回日期', `退回日期不能早于开具日期（${t.issued_on}）`)
      await db.transaction().execute(async (tx) => {
        const row = await lockPending(tx, id)
        await transfersRepo.answer(tx, id, {
          status: 'returned',
          answered_on: input.returnedOn,
          answered_by: actor.userId,
          return_code: input.returnCode,
          answer_note: input.note ?? null,
        })
        await audit.record(tx, actor, {
          action: 'transfers.transfer_returned',
          entityType: 'member_transfer',
          entityId: id,
          orgId: row.to_org_id,
          before: { status: 'pending' },
          after: { status: 'returned', ...input, personId: row.person_id },
        })
      })
      return byId(actor, id)
    },

    async cancel(actor: Actor, id: string, input: TransferCancel): Promise<TransferView> {
      const t = await asOrigin(actor, id)
      dateNotAfterToday(input.cancelledOn, 'cancelledOn', '撤销日期')
      if (input.cancelledOn < t.issued_on)
        throw invalidField('cancelledOn', '撤销日期', `撤销日期不能早于开具日期（${t.issued_on}）`)
      await db.transaction().execute(async (tx) => {
        const row = await lockPending(tx, id)
        await transfersRepo.answer(tx, id, {
          status: 'cancelled',
          answered_on: input.cancelledOn,
          answered_by: actor.userId,
          answer_note: input.note,
        })
        await audit.record(tx, actor, {
          action: 'transfers.transfer_cancelled',
          entityType: 'member_transfer',
          entityId: id,
          orgId: row.from_org_id,
          before: { status: 'pending' },
          after: { status: 'cancelled', ...input, personId: row.person_id },
        })
      })
      return byId(actor, id)
    },

    /** The receipt of a letter to outside the platform: the member leaves the roll as transferred out. */
    async recordReceipt(actor: Actor, id: string, input: TransferReceipt): Promise<TransferView> {
      const t = await asOrigin(actor, id)
      if (t.kind !== 'external') throw invalidState('本平台内的转接由接收党组织在本平台接收，不登记回执')
      const day = today()
      dateNotAfterToday(input.receivedOn, 'receivedOn', '回执上的接收日期')
      if (input.receivedOn < t.issued_on)
        throw invalidField('receivedOn', '回执上的接收日期', `接收日期不能早于开具日期（${t.issued_on}）`)
      await db.transaction().execute(async (tx) => {
        const row = await lockPending(tx, id)
        await people.changeStatusInTx(
          tx,
          actor,
          row.person_id,
          {
            status: 'left',
            leftReason: 'transferred_out',
            effectiveOn: input.receivedOn,
            reason: `组织关系转往${row.to_org_name}（介绍信 ${row.letter_no}，回执 ${input.receiptNo}）`,
            documentNo: row.letter_no,
          },
          day,
        )
        await transfersRepo.answer(tx, id, {
          status: 'received',
          answered_on: input.receivedOn,
          answered_by: actor.userId,
          receipt_no: input.receiptNo,
          answer_note: input.note ?? null,
        })
        await audit.record(tx, actor, {
          action: 'transfers.receipt_recorded',
          entityType: 'member_transfer',
          entityId: id,
          orgId: row.from_org_id,
          before: { status: 'pending' },
          after: { status: 'received', ...input, personId: row.person_id },
        })
      })
      return byId(actor, id)
    },

    /** The letter as a PDF: stated as issued; the full ID number only for a caller who may reveal it (audited). */
    async letter(actor: Actor, id: string) {
      const t = await visible(actor, id)
      const facts = { ...t.letter }
      if (actor.grant?.permissions.includes('people.reveal_pii')) {
        const revealed = await people.reveal(actor, t.person_id).catch(() => null)
        if (revealed?.idNumber) facts.idNumber = revealed.idNumber
      }
      const buffer = await renderLetter({
        letterNo: t.letter_no,
        fromOrgName: t.from_org_name,
        toOrgName: t.to_org_current_name ?? t.to_org_name ?? '',
        reason: t.reason as TransferReason,
        reasonNote: t.reason_note,
        issuedOn: t.issued_on,
        validUntil: t.valid_until,
        validityMonths: t.validity_months,
        facts,
      })
      return { buffer, letterNo: t.letter_no, name: t.person_name }
    },

    destinations: async (q: string) => ({ items: await orgs.searchAnywhere(q, 20) }),

    async todos(actor: Actor): Promise<{ items: TransferTodo[] }> {
      const day = today()
      const scope = scopePaths(actor)
      const { incoming, outgoing } = await transfersRepo.todos(db, scope, day, 200)
      const items: TransferTodo[] = []
      for (const r of incoming) {
        const expired = r.valid_until < day
        items.push({
          kind: expired ? 'expired' : 'receive',
          transferId: r.id,
          person: { id: r.person_id, name: r.person_name },
          org: { id: r.to_org_id!, name: r.to_org_current_name ?? '' },
          text: expired
            ? `${r.person_name}的介绍信（${r.letter_no}，${r.from_org_name}开具）已于 ${r.valid_until} 过期未接收：请退回，由转出组织重新开具`
            : `接收或退回${r.person_name}的组织关系（${r.from_org_name}转来，介绍信有效期至 ${r.valid_until}）`,
          since: r.issued_on,
        })
      }
      for (const r of outgoing) {
        const org = { id: r.from_org_id, name: r.from_org_name }
        const person = { id: r.person_id, name: r.person_name }
        if (r.status === 'returned')
          items.push({
            kind: 'returned',
            transferId: r.id,
            person,
            org,
            text: `${r.person_name}的组织关系被${r.to_org_current_name ?? r.to_org_name ?? ''}退回（${RETURN_CODES[r.return_code as ReturnCode]}）：请处理后重新开具`,
            since: r.answered_on!,
          })
        else if (r.valid_until < day)
          items.push({
            kind: 'expired',
            transferId: r.id,
            person,
            org,
            text: `${r.person_name}的介绍信（${r.letter_no}）已于 ${r.valid_until} 过期，${r.kind === 'external' ? '回执未回' : '对方未接收'}：请联系接收组织，或撤销后重新开具`,
            since: r.valid_until,
          })
        else
          items.push({
            kind: 'receipt_due',
            transferId: r.id,
            person,
            org,
            text: `${r.person_name}的组织关系转往${r.to_org_name ?? ''}（本平台外），回执尚未收回`,
            since: r.issued_on,
          })
      }
      const months = registry.defaults(AWAY).months!
      for (const a of await transfersRepo.awayWithoutTransfer(db, scope, addMonths(day, -months), 100))
        items.push({
          kind: 'away_without_transfer',
          transferId: null,
          person: { id: a.person_id, name: a.name },
          org: { id: a.org_id, name: a.org_name },
          text: `${a.name}自 ${a.started_on} 外出到${a.destination}（地点相对固定）已满 ${months} 个月，尚未转接组织关系`,
          since: a.started_on,
        })
      items.sort((a, b) => a.since.localeCompare(b.since))
      return { items }
    },

    async away(actor: Actor, orgId?: string): Promise<{ items: AwayMember[] }> {
      const day = today()
      const scope = orgId ? [(await orgs.assertInScope(actor, orgId)).path] : scopePaths(actor)
      const months = registry.defaults(AWAY).months!
      const rows = await transfersRepo.awayWithoutTransfer(db, scope, addMonths(day, -months), 500)
      return {
        items: rows.map((a) => ({
          person: { id: a.person_id, name: a.name },
          org: { id: a.org_id, name: a.org_name },
          destination: a.destination,
          startedOn: a.started_on,
          months: monthsBetween(a.started_on, day),
        })),
      }
    },

    async dashboard(actor: Actor, orgId?: string): Promise<TransferDashboard> {
      const id = orgId ?? actor.grant?.orgId
      if (!id) throw notFound('组织')
      const org = await orgs.assertInScope(actor, id)
      const day = today()
      const c = await transfersRepo.counts(db, [org.path], day, `${day.slice(0, 4)}-01-01`)
      const months = registry.defaults(AWAY).months!
      const away = await transfersRepo.countAwayWithoutTransfer(db, [org.path], addMonths(day, -months))
      const validity = await validityFor(org.id, day)
      const rule = checkOf(VALIDITY)
      return {
        org: { id: org.id, name: org.name },
        outgoing: { pending: c.out_pending, expired: c.out_expired, returned: c.out_returned, receivedThisYear: c.out_received },
        incoming: { pending: c.in_pending, expired: c.in_expired, receivedThisYear: c.in_received },
        awayWithoutTransfer: away,
        validity: { months: validity.months, from: validity.from, ruleTitle: rule.title, source: rule.source },
      }
    },
  }
}

/** Whole months from `from` to `to` ("满 N 个月"). */
function monthsBetween(from: string, to: string) {
  let n = 0
  while (addMonths(from, n + 1) <= to) n++
  return n
}

export type TransfersService = ReturnType<typeof createTransfersService>
