import {
  COMMITTEE_POSTS,
  isBranchOrgKind,
  isElectedOrgKind,
  MEMBER_STATUSES,
  ORG_KINDS,
  SECRETARY_ONLY_POSTS,
  type CommitteeDefaults,
  type CommitteeMemberAdd,
  type CommitteeMemberEnd,
  type CommitteePost,
  type CommitteeStructure,
  type CommitteeTermEnd,
  type CommitteeTermStart,
  type CommitteeTermView,
  type HostUnitType,
  type OrgKind,
} from '@xianfeng/contract'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import { todayInChina } from '../../platform/calendar.ts'
import type { Db } from '../../platform/db.ts'
import { conflict, invalidField, invalidState, isUniqueViolation, notFound } from '../../platform/errors.ts'
import { COMMITTEE_RULES, defaultStructure, defaultTermYears, TERM_RULES } from '../grassroots/index.ts'
import type { OrgsService } from '../orgs/index.ts'
import type { PeopleService } from '../people/index.ts'
import { committeesRepo, type PostRow, type TermRow } from './committees.repo.ts'

const label = (t: Pick<TermRow, 'term_number'>) => `第 ${t.term_number} 届`

/** The reason a post ends when its term does. */
const TERM_CHANGE_REASON = '换届'

function toView(t: TermRow, posts: PostRow[]): CommitteeTermView {
  return {
    id: t.id,
    orgId: t.org_id,
    termNumber: t.term_number,
    structure: t.structure as CommitteeStructure,
    electedOn: t.elected_on,
    termYears: t.term_years,
    termYearsReason: t.term_years_reason,
    termEndsOn: t.term_ends_on,
    endedOn: t.ended_on,
    endReason: t.end_reason,
    note: t.note,
    members: posts
      .filter((p) => p.term_id === t.id)
      .map((p) => ({
        id: p.id,
        personId: p.person_id,
        name: p.name,
        post: p.post as CommitteePost,
        startedOn: p.started_on,
        endedOn: p.ended_on,
        endReason: p.end_reason,
      })),
  }
}

/** The audit record of a term: what it is, without its posts. */
const auditable = (t: TermRow) => ({
  termNumber: t.term_number,
  structure: t.structure,
  electedOn: t.elected_on,
  termYears: t.term_years,
  termYearsReason: t.term_years_reason,
  termEndsOn: t.term_ends_on,
  endedOn: t.ended_on,
  endReason: t.end_reason,
  note: t.note,
})

/** Two writers racing for the same term number, current term or post lose with a 409. */
function onRace(e: unknown): never {
  if (isUniqueViolation(e, 'org_committee_terms_number_key') || isUniqueViolation(e, 'org_committee_terms_current_key'))
    throw conflict('该组织刚刚登记了新一届班子，请刷新后再试')
  if (isUniqueViolation(e, 'org_committee_members_secretary_key')) throw conflict('本届刚刚登记了书记，请刷新后再试')
  if (isUniqueViolation(e, 'org_committee_members_person_key')) throw conflict('此人刚刚被登记为本届成员，请刷新后再试')
  throw e
}

/** 班子成员: the terms of an org's elected leadership and the posts held in each (seed §18, RULES §b3). */
export function createCommitteesService({
  db,
  audit,
  orgs,
  people,
}: {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope' | 'isAtOrUnder'>
  people: Pick<PeopleService, 'standing' | 'memberCounts'>
}) {
  async function loadTerm(actor: Actor, id: string) {
    const row = await committeesRepo.findTermInScope(db, id, scopePaths(actor))
    if (!row) throw notFound('班子届次')
    return row
  }

  async function view(actor: Actor, termId: string): Promise<CommitteeTermView> {
    const term = await loadTerm(actor, termId)
    return toView(term, await committeesRepo.membersOf(db, [term.id]))
  }

  async function fullMembersOf(orgId: string) {
    return (await people.memberCounts([orgId])).get(orgId)?.full ?? 0
  }

  function notLaterThanToday(date: string, field: string, fieldLabel: string) {
    if (date > todayInChina()) throw invalidField(field, fieldLabel, `${fieldLabel}不能晚于今天`)
  }

  return {
    /** The org's current and past terms with their posts, and what a new term would default to. */
    async list(actor: Actor, orgId: string) {
      const org = await orgs.assertInScope(actor, orgId)
      const kind = org.kind as OrgKind
      const [terms, fullMembers] = await Promise.all([committeesRepo.termsOf(db, orgId), fullMembersOf(orgId)])
      const posts = await committeesRepo.membersOf(
        db,
        terms.map((t) => t.id),
      )
      const current = terms.find((t) => t.ended_on === null)
      const years = defaultTermYears(kind, org.host_unit_type as HostUnitType | null)
      const structure = defaultStructure(kind, fullMembers)
      const defaults: CommitteeDefaults = {
        isElected: isElectedOrgKind(kind),
        nextTermNumber: Math.max(0, ...terms.map((t) => t.term_number)) + 1,
        termYears: years.years,
        termYearsBasis: years.basis,
        structure: structure.structure,
        structureBasis: structure.basis,
        fullMembers,
      }
      return {
        current: current ? toView(current, posts) : null,
        past: terms.filter((t) => t !== current).map((t) => toView(t, posts)),
        defaults,
        reminderMonths: TERM_RULES.reminder.months,
      }
    },

    /** A new term (换届): the current one ends on the new election day, and its posts with it. */
    async start(actor: Actor, orgId: string, input: CommitteeTermStart): Promise<CommitteeTermView> {
      const org = await orgs.assertInScope(actor, orgId)
      const kind = org.kind as OrgKind
      if (org.status !== 'active') throw invalidState(`“${org.name}”已撤销，不能登记新一届班子`)
      if (!isElectedOrgKind(kind))
        throw invalidState(`${ORG_KINDS[kind]}的负责人由上级党组织任命或指定，不实行届期，不登记班子届次`)
      notLaterThanToday(input.electedOn, 'electedOn', '选举日期')
      const years = defaultTermYears(kind, org.host_unit_type as HostUnitType | null)
      const termYears = input.termYears ?? years.years
      if (termYears !== years.years && !input.termYearsReason)
        throw invalidField(
          'termYearsReason',
          '任期调整理由',
          `任期 ${termYears} 年与规定的 ${years.years} 年不同，须说明理由（如经上级党委批准延期或提前换届）`,
        )
      const structure = input.structure ?? defaultStructure(kind, await fullMembersOf(orgId)).structure
      if (structure === 'secretary_only' && !isBranchOrgKind(kind))
        throw invalidField(
          'structure',
          '班子设置',
          `${ORG_KINDS[kind]}应设委员会；只设书记的是正式党员不足 ${COMMITTEE_RULES.committeeRequired.value} 人的党支部`,
        )

      const id = await db
        .transaction()
        .execute(async (tx) => {
          const latest = await committeesRepo.latestTerm(tx, orgId)
          if (latest && input.electedOn <= latest.elected_on)
            throw invalidField('electedOn', '选举日期', `选举日期须晚于${label(latest)}的选举日期（${latest.elected_on}）`)
          if (latest?.ended_on && input.electedOn < latest.ended_on)
            throw invalidField('electedOn', '选举日期', `选举日期不能早于${label(latest)}的结束日期（${latest.ended_on}）`)
          const max = await committeesRepo.maxTermNumber(tx, orgId)
          const termNumber = input.termNumber ?? max + 1
          if (termNumber <= max) throw invalidField('termNumber', '届次', `届次须大于已登记的第 ${max} 届`)

          if (latest && latest.ended_on === null) {
            const end = { endedOn: input.electedOn, reason: TERM_CHANGE_REASON }
            await committeesRepo.endTerm(tx, latest.id, end)
            await committeesRepo.endOpenPosts(tx, latest.id, end)
          }
          const id = await committeesRepo.insertTerm(tx, {
            org_id: orgId,
            term_number: termNumber,
            structure,
            elected_on: input.electedOn,
            term_years: termYears,
            term_years_reason: termYears === years.years ? null : (input.termYearsReason ?? null),
            note: input.note ?? null,
          })
          const created = await committeesRepo.findTermInScope(tx, id, [org.path])
          await audit.record(tx, actor, {
            action: 'committees.term_started',
            entityType: 'committee_term',
            entityId: id,
            orgId,
            before: latest && latest.ended_on === null ? { replacedTermId: latest.id, ...auditable(latest) } : null,
            after: created ? auditable(created) : { ...input },
          })
          return id
        })
        .catch(onRace)
      return view(actor, id)
    },

    /** Ends the current term without a new one; the posts still held end the same day. */
    async end(actor: Actor, termId: string, input: CommitteeTermEnd): Promise<CommitteeTermView> {
      notLaterThanToday(input.endedOn, 'endedOn', '结束日期')
      await db.transaction().execute(async (tx) => {
        const term = await committeesRepo.findTermInScope(tx, termId, scopePaths(actor), { lock: true })
        if (!term) throw notFound('班子届次')
        if (term.ended_on) throw invalidState(`${label(term)}已于 ${term.ended_on} 结束`)
        if (input.endedOn < term.elected_on)
          throw invalidField('endedOn', '结束日期', `结束日期不能早于本届选举日期（${term.elected_on}）`)
        await committeesRepo.endTerm(tx, termId, input)
        const endedPosts = await committeesRepo.endOpenPosts(tx, termId, input)
        await audit.record(tx, actor, {
          action: 'committees.term_ended',
          entityType: 'committee_term',
          entityId: termId,
          orgId: term.org_id,
          before: auditable(term),
          after: { endedOn: input.endedOn, endReason: input.reason, endedPosts },
        })
      })
      return view(actor, termId)
    },

    /**
     * A post in the current term. The holder must be a full member whose membership relation is with
     * the org or an org under it (a 党委's members belong to the branches below it): probationary
     * members cannot be elected (《中国共产党章程》第七条).
     */
    async addMember(actor: Actor, termId: string, input: CommitteeMemberAdd): Promise<CommitteeTermView> {
      const term = await loadTerm(actor, termId)
      const org = await orgs.assertInScope(actor, term.org_id)
      if (term.ended_on) throw invalidState(`${label(term)}已于 ${term.ended_on} 结束，不能再增加成员`)
      notLaterThanToday(input.startedOn, 'startedOn', '任职日期')
      if (input.startedOn < term.elected_on)
        throw invalidField('startedOn', '任职日期', `任职日期不能早于本届选举日期（${term.elected_on}）`)
      const secretaryOnly = COMMITTEE_RULES.secretaryOnlyDeputies
      if (term.structure === 'secretary_only' && !SECRETARY_ONLY_POSTS.includes(input.post))
        throw invalidField(
          'post',
          '职务',
          `本届不设委员会，只能设书记和副书记（${secretaryOnly.source}：“${secretaryOnly.text}”）`,
        )
      const person = await people.standing(actor, input.personId).catch(() => {
        throw invalidField('personId', '人员', '人员不存在或不在您的授权范围内')
      })
      if (person.status !== 'full') {
        const rule = COMMITTEE_RULES.electableStatus
        const who =
          person.status === 'left' ? `${person.name}已离开，不再是党员` : `${person.name}是${MEMBER_STATUSES[person.status]}`
        throw invalidField('personId', '人员', `${who}，班子成员须是正式党员（${rule.source}：“${rule.text}”）`)
      }
      if (!(await orgs.isAtOrUnder(person.orgId, org)))
        throw invalidField('personId', '人员', `${person.name}的组织关系在“${person.orgName}”，不在“${org.name}”或其下级组织`)

      await db
        .transaction()
        .execute(async (tx) => {
          const locked = await committeesRepo.findTermInScope(tx, termId, scopePaths(actor), { lock: true })
          if (!locked) throw notFound('班子届次')
          if (locked.ended_on) throw invalidState(`${label(locked)}已于 ${locked.ended_on} 结束，不能再增加成员`)
          const open = await committeesRepo.openPosts(tx, termId)
          const held = open.find((p) => p.person_id === input.personId)
          if (held) throw invalidField('personId', '人员', `${person.name}已任本届${COMMITTEE_POSTS[held.post as CommitteePost]}`)
          const secretary = open.find((p) => p.post === 'secretary')
          if (input.post === 'secretary' && secretary)
            throw invalidField('post', '职务', `本届已有书记${secretary.name}，一届同时只有 1 名书记；请先办理其离任`)
          const deputies = open.filter((p) => p.post === 'deputy_secretary')
          if (
            input.post === 'deputy_secretary' &&
            locked.structure === 'secretary_only' &&
            deputies.length >= secretaryOnly.value
          )
            throw invalidField(
              'post',
              '职务',
              `不设委员会的党支部至多设 ${secretaryOnly.value} 名副书记，本届已有副书记${deputies.map((d) => d.name).join('、')}`,
            )
          const id = await committeesRepo.insertMember(tx, {
            term_id: termId,
            person_id: input.personId,
            post: input.post,
            started_on: input.startedOn,
          })
          await audit.record(tx, actor, {
            action: 'committees.member_added',
            entityType: 'committee_member',
            entityId: id,
            orgId: term.org_id,
            after: { termId, termNumber: term.term_number, name: person.name, ...input },
          })
        })
        .catch(onRace)
      return view(actor, termId)
    },

    /** A post given up (离任) on a day. */
    async endMember(actor: Actor, memberId: string, input: CommitteeMemberEnd): Promise<CommitteeTermView> {
      const post = await committeesRepo.findMemberInScope(db, memberId, scopePaths(actor))
      if (!post) throw notFound('班子成员')
      notLaterThanToday(input.endedOn, 'endedOn', '离任日期')
      if (input.endedOn < post.started_on)
        throw invalidField('endedOn', '离任日期', `离任日期不能早于任职日期（${post.started_on}）`)
      await db.transaction().execute(async (tx) => {
        // The term's lock orders this against other writes to the same term.
        await committeesRepo.findTermInScope(tx, post.term_id, scopePaths(actor), { lock: true })
        const current = await committeesRepo.findMemberInScope(tx, memberId, scopePaths(actor))
        if (!current) throw notFound('班子成员')
        if (current.ended_on) throw invalidState(`${current.name}已于 ${current.ended_on} 离任`)
        await committeesRepo.endMember(tx, memberId, { endedOn: input.endedOn, reason: input.reason ?? null })
        await audit.record(tx, actor, {
          action: 'committees.member_ended',
          entityType: 'committee_member',
          entityId: memberId,
          orgId: post.org_id,
          before: {
            termId: post.term_id,
            personId: post.person_id,
            name: post.name,
            post: post.post,
            startedOn: post.started_on,
          },
          after: { endedOn: input.endedOn, endReason: input.reason ?? null },
        })
      })
      return view(actor, post.term_id)
    },

    /**
     * The current term of each org, for the warnings: posts held, days to the end of the term, and
     * whether the end lies within the reminder period. One query for the whole set.
     */
    async currentTerms(orgIds: string[]) {
      const rows = await committeesRepo.currentTerms(db, orgIds, todayInChina(), TERM_RULES.reminder.months)
      return new Map(
        rows.map((r) => [
          r.org_id,
          {
            termNumber: r.term_number,
            structure: r.structure as CommitteeStructure,
            termEndsOn: r.term_ends_on,
            members: Number(r.members),
            daysLeft: Number(r.days_left),
            isWithinReminder: r.is_within_reminder,
          },
        ]),
      )
    },
  }
}

export type CommitteesService = ReturnType<typeof createCommitteesService>
