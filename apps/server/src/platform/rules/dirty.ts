import { sql } from 'kysely'
import type { Executor } from '../db.ts'
import { addJob } from '../jobs.ts'

export const RULES_REFRESH_TASK = 'rules:refresh'

/**
 * Records, in the writer's transaction, that the evidence of these orgs changed on these days, and
 * wakes the job that evaluates their rules again, at once: the change shows within a second. A burst
 * of changes is still worked by few jobs: while one runs, later changes share the one queued behind
 * it (same job key), which takes every row recorded by then. (A delayed job would wait for the
 * queue's next poll, seconds later: a new job wakes the worker only when it is due at once.)
 */
export async function markRulesDirty(tx: Executor, orgIds: Iterable<string>, days: Iterable<string>) {
  const ids = [...new Set(orgIds)]
  const ds = [...new Set(days)]
  if (ids.length === 0 || ds.length === 0) return
  await sql`INSERT INTO rule_dirty (org_id, day) SELECT o, d FROM unnest(${ids}::uuid[]) o, unnest(${ds}::date[]) d`.execute(tx)
  await addJob(tx, RULES_REFRESH_TASK, {}, { jobKey: RULES_REFRESH_TASK })
}

export const RULES_REBUILD_TASK = 'rules:rebuild'

/**
 * Asks, in the writer's transaction, for a whole-tree evaluation of the current periods: after a
 * change of the tree itself (a subtree moved), whose roll-ups are recounted rather than adjusted
 * (a move changes no result, only which ancestors count it).
 */
export async function requestRulesRebuild(tx: Executor) {
  await addJob(tx, RULES_REBUILD_TASK, { recount: true }, { jobKey: `${RULES_REBUILD_TASK}:tree`, delaySeconds: 5 })
}
