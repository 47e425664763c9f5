import type { Db, Executor } from '../../platform/db.ts'
import { invalidField } from '../../platform/errors.ts'
import { peopleRepo } from './people.repo.ts'

export interface MoveAllMembers {
  fromOrg: { id: string; name: string }
  toOrgId: string
  /** The day the relations move: the last day is the day before, in the old org. */
  on: string
  reason: string
  documentNo: string | null
  /** The request field that carries `on`, named when the date comes before someone joined. */
  dateField: { field: string; label: string }
}

/**
 * The member roll as the org tree sees it: how many people an org holds, and moving all of them when
 * the org is merged or dissolved. It checks no scope — the orgs service has loaded both orgs within
 * the caller's scope — and needs nothing but the database, so the orgs service can use it although
 * the people service depends on the orgs service.
 */
export function createMemberRollService({ db }: { db: Db }) {
  return {
    /** People whose org relation is with the org now, other than those who left. */
    heldCount: (orgId: string) => peopleRepo.heldCount(db, orgId),

    /**
     * In the caller's transaction: moves everyone the org holds, each with a new period in their org
     * history; the org history keeps where they were before. Returns how many moved.
     */
    async moveAll(tx: Executor, move: MoveAllMembers): Promise<number> {
      const held = await peopleRepo.lockHeld(tx, move.fromOrg.id)
      const latest = held.reduce<(typeof held)[number] | undefined>(
        (a, r) => (r.valid_from && (!a?.valid_from || r.valid_from > a.valid_from) ? r : a),
        undefined,
      )
      if (latest?.valid_from && move.on < latest.valid_from) {
        const { field, label } = move.dateField
        throw invalidField(field, label, `${label}不能早于${latest.name}转入“${move.fromOrg.name}”的日期（${latest.valid_from}）`)
      }
      if (held.length === 0) return 0
      return peopleRepo.moveHeld(tx, {
        fromOrgId: move.fromOrg.id,
        toOrgId: move.toOrgId,
        on: move.on,
        reason: move.reason,
        documentNo: move.documentNo,
      })
    },
  }
}

export type MemberRollService = ReturnType<typeof createMemberRollService>
