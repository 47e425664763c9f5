import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../platform/db.ts'
import type { RulePeriod } from '@xianfeng/contract'
import type { RuleEvaluator, RuleTarget } from '../../platform/rules/registry.ts'

// The evaluators of the rules registry: one set-based statement per kind of evaluator, over a whole
// subtree (or a few orgs) and any number of periods of the rule at once (a whole year is one
// statement), never a loop over orgs or periods. The numbers come in as parameters; no rule lives here.

/** Which orgs an evaluation covers. */
export type EvalScope = { kind: 'all' } | { kind: 'subtree'; path: string } | { kind: 'orgs'; ids: string[] }

/** A period of the rule: its first and last day, and the day whose state (terms, secretaries, overrides) is judged. */
export interface EvalPeriod {
  start: string
  end: string
  /** The period's end, or today in an open period. */
  asOf: string
}

export interface EvalInput {
  ruleId: string
  target: RuleTarget
  evaluator: RuleEvaluator
  defaults: Record<string, number>
  /** The rule's kind of period: each activity falls in the period its day truncates to. */
  periodKind: RulePeriod
  periods: EvalPeriod[]
  scope: EvalScope
  /** Whether the rule has any override at all (in force or not): without one every org has the defaults. */
  overridden: boolean
}

/**
 * Memory for the hash joins and aggregates of a whole-tree evaluation (millions of members at a
 * province), for its transaction only: with the default few megabytes they spill to disk in batches.
 */
const WHOLE_TREE_WORK_MEM = '256MB'

/** Evidence ids kept per result: enough for a page; the count is in `actual`. */
const EVIDENCE_KEPT = 20

const scopeCondition = (scope: EvalScope, column: string): RawBuilder<boolean> => {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`
    case 'subtree':
      return sql<boolean>`${sql.ref(column)} <@ ${scope.path}::ltree`
    case 'orgs':
      return sql<boolean>`${sql.ref(column.replace(/path$/, 'id'))} = ANY(${scope.ids}::uuid[])`
  }
}

const starts = (e: EvalInput) => e.periods.map((p) => p.start)

/** The period (its first day) a date column falls in. */
const periodOfDay = (e: EvalInput, column: RawBuilder<unknown>) => sql`date_trunc(${e.periodKind}, ${column}::timestamp)::date`

/** First and last day of all the periods: the range of the evidence read. */
const span = (e: EvalInput) => ({
  from: e.periods.reduce((m, p) => (p.start < m ? p.start : m), e.periods[0]!.start),
  to: e.periods.reduce((m, p) => (p.end > m ? p.end : m), e.periods[0]!.end),
})

/**
 * The periods (per), the orgs a rule applies to in each on its `as_of` day (targets), and the
 * parameters in force for each, where they come from and the evaluator's own one (tp).
 */
function targetsWithParams(e: EvalInput, tpOnce = false): RawBuilder<unknown> {
  const t = e.target
  const host = !t.hostUnitTypes
    ? sql`true`
    : 'in' in t.hostUnitTypes
      ? sql`o.host_unit_type = ANY(${[...t.hostUnitTypes.in]}::text[])`
      : sql`(o.host_unit_type IS NULL OR NOT o.host_unit_type = ANY(${[...t.hostUnitTypes.notIn]}::text[]))`
  const defaults = JSON.stringify(e.defaults)
  const levels = t.levels ? sql`o.level = ANY(${[...t.levels]}::text[])` : sql`true`
  const committee = t.withCommittee
    ? sql`EXISTS (SELECT 1 FROM org_committee_terms ct WHERE ct.org_id = o.id AND ct.structure = 'committee'
        AND ct.elected_on <= p.as_of AND (ct.ended_on IS NULL OR ct.ended_on > p.as_of))`
    : sql`true`
  const secretary = t.withSecretary
    ? sql`EXISTS (SELECT 1 FROM org_committee_terms ct JOIN org_committee_members cm ON cm.term_id = ct.id
        WHERE ct.org_id = o.id AND cm.post = 'secretary' AND cm.started_on <= p.as_of
          AND (cm.ended_on IS NULL OR cm.ended_on > p.as_of))`
    : sql`true`
  return sql`
    per AS MATERIALIZED (
      SELECT * FROM unnest(${starts(e)}::date[], ${e.periods.map((p) => p.end)}::date[], ${e.periods.map((p) => p.asOf)}::date[])
        AS p (start, stop, as_of)
    ),
    targets AS ${
      // the whole tree without overrides: read once (by tp), where it is read
      !e.overridden && e.scope.kind === 'all' ? sql`NOT MATERIALIZED` : sql`MATERIALIZED`
    } (
      SELECT o.id, p.start, p.stop, p.as_of FROM orgs o CROSS JOIN per p
      WHERE o.kind = ANY(${[...t.orgKinds]}::text[])
        AND (o.status = 'active' OR o.dissolved_on > p.as_of)
        AND (o.established_on IS NULL OR o.established_on <= p.as_of)
        AND ${host} AND ${levels} AND ${committee} AND ${secretary}
        AND ${scopeCondition(e.scope, 'o.path')}
    ),
    -- each target org once (targets has a row per period)
    target_orgs AS MATERIALIZED (SELECT DISTINCT id FROM targets),
    ${
      e.overridden
        ? sql`ov AS MATERIALIZED (
      SELECT r.org_id, r.params, oo.path, p.start FROM rule_overrides r JOIN orgs oo ON oo.id = r.org_id
      JOIN per p ON r.effective_from <= p.as_of AND (r.ended_on IS NULL OR r.ended_on > p.as_of)
      WHERE r.rule_id = ${e.ruleId}
    ),
    nearest AS (
      SELECT DISTINCT ON (t.id, t.start) t.id, t.start, ov.org_id, ov.params
      FROM ov JOIN orgs u ON u.path <@ ov.path JOIN targets t ON t.id = u.id AND t.start = ov.start
      ORDER BY t.id, t.start, nlevel(ov.path) DESC
    ),
    tp AS ${tpOnce ? sql`` : sql`MATERIALIZED`} (
      SELECT t.id, t.start, t.stop, t.as_of, x.org_id AS params_from,
        -- the rule's defaults are not stored: only an overridden org's parameters are built and kept
        CASE WHEN x.org_id IS NULL THEN NULL ELSE ${defaults}::jsonb || x.params END AS params,
        CASE WHEN x.org_id IS NULL THEN ${e.defaults[e.evaluator.param] ?? null}::numeric
          ELSE ((${defaults}::jsonb || x.params) ->> ${e.evaluator.param})::numeric END AS param
      FROM targets t LEFT JOIN nearest x ON x.id = t.id AND x.start = t.start
    )`
        : // no override of the rule anywhere: the defaults for every org, without looking for one
          sql`tp AS ${tpOnce ? sql`` : sql`MATERIALIZED`} (
      SELECT t.id, t.start, t.stop, t.as_of, NULL::uuid AS params_from, NULL::jsonb AS params,
        ${e.defaults[e.evaluator.param] ?? null}::numeric AS param
      FROM targets t
    )`
    }`
}

/**
 * More than half of the org's committee members in office on the meeting's day attended it (present
 * or online): kept per meeting by triggers (activity_committee_quorum, 0053).
 */
const committeeQuorum = sql<boolean>`EXISTS (SELECT 1 FROM activity_committee_quorum q WHERE q.activity_id = a.id AND q.quorate)`

/** Rows (org_id, period_start, actual, required, evidence, params_from, params) of one evaluation. */
function evaluation(e: EvalInput): RawBuilder<unknown> {
  const ev = e.evaluator
  /** The evaluator's parameter in force for the org and period. */
  const required = sql`tp.param`
  const { from, to } = span(e)
  switch (ev.kind) {
    case 'activity_count':
      return sql`
        WITH ${targetsWithParams(e, true)},
        act AS (
          SELECT a.org_id, ${periodOfDay(e, sql`a.held_on`)} AS start,
            ${ev.distinctDays ? sql`count(DISTINCT a.held_on)` : sql`count(*)`} AS n,
            (array_agg(a.id ORDER BY a.held_on, a.id))[1:${EVIDENCE_KEPT}] AS ev
          FROM activities a
          WHERE ${
            // the whole tree: every org's activities, those of orgs the rule does not apply to fall
            // out in the join with tp; a few orgs: theirs only
            e.scope.kind === 'all' ? sql`true` : sql`a.org_id IN (SELECT id FROM target_orgs)`
          } AND a.voided_at IS NULL
            AND a.held_on BETWEEN ${from}::date AND ${to}::date AND a.kinds && ${[...ev.activityKinds]}::text[]
            AND ${ev.committeeQuorum ? committeeQuorum : sql`true`}
          GROUP BY 1, 2
        )
        SELECT tp.id AS org_id, tp.start AS period_start, coalesce(act.n, 0) AS actual, ${required} AS required,
          coalesce(act.ev, '{}') AS evidence, tp.params_from, tp.params
        FROM tp LEFT JOIN act ON act.org_id = tp.id AND act.start = tp.start`
    case 'member_hours':
      // Each org's members counted by their whole hours of the year (study_hours_by_org, kept as
      // attendance is recorded and members move; hours rules are yearly and their requirement a whole
      // number of hours): those at or above the requirement have reached it. An org without members
      // has nothing to measure and is not counted.
      return sql`
        WITH ${targetsWithParams(e)},
        mem AS (
          SELECT m.org_id, count(*) AS members FROM members m
          WHERE m.status IN ('full', 'probationary')
            AND ${e.scope.kind === 'all' ? sql`true` : sql`m.org_id IN (SELECT id FROM target_orgs)`}
          GROUP BY 1
        )
        SELECT tp.id AS org_id, tp.start AS period_start,
          coalesce((SELECT sum(c) FROM unnest(s.counts[(${required})::int + 1:]) AS c), 0) AS actual,
          mem.members AS required, '{}'::uuid[] AS evidence, tp.params_from, tp.params
        FROM tp JOIN mem ON mem.org_id = tp.id
        LEFT JOIN study_hours_by_org s ON s.org_id = tp.id AND s.year = extract(year FROM tp.start)::smallint`
    case 'cadre_lectures':
    case 'cadre_writings': {
      // Each cadre's own count; an org without such cadres has nothing to measure and is not counted.
      const done =
        ev.kind === 'cadre_lectures'
          ? sql`(SELECT count(*) FROM activities a WHERE a.speaker_person_id = c.person_id AND a.voided_at IS NULL
              AND a.held_on BETWEEN tp.start AND tp.stop AND a.kinds && '{party_lecture,report_meeting}'::text[])`
          : sql`(SELECT count(*) FROM cadre_writings w WHERE w.person_id = c.person_id AND w.voided_at IS NULL
              AND w.written_on BETWEEN tp.start AND tp.stop)`
      return sql`
        WITH ${targetsWithParams(e)},
        cadres AS (
          SELECT m.org_id, m.person_id
          FROM members m JOIN people p ON p.id = m.person_id
          WHERE m.org_id IN (SELECT id FROM target_orgs) AND m.status IN ('full', 'probationary')
            AND p.cadre_rank = ANY(${[...ev.ranks]}::text[])
        ),
        counted AS (
          SELECT c.org_id, tp.start, ${done} AS n, ${required} AS required FROM cadres c JOIN tp ON tp.id = c.org_id
        ),
        agg AS (
          SELECT org_id, start, count(*) AS cadres, count(*) FILTER (WHERE n >= required) AS reached
          FROM counted GROUP BY 1, 2
        )
        SELECT tp.id AS org_id, tp.start AS period_start, agg.reached AS actual, agg.cadres AS required,
          '{}'::uuid[] AS evidence, tp.params_from, tp.params
        FROM tp JOIN agg ON agg.org_id = tp.id AND agg.start = tp.start`
    }
    case 'secretary_lecture':
      return sql`
        WITH ${targetsWithParams(e, true)},
        sec AS (
          SELECT DISTINCT t.id AS org_id, t.start, t.stop, cm.person_id
          FROM targets t
          JOIN org_committee_terms ct ON ct.org_id = t.id
          JOIN org_committee_members cm ON cm.term_id = ct.id AND cm.post = 'secretary'
            AND cm.started_on <= t.as_of AND (cm.ended_on IS NULL OR cm.ended_on > t.as_of)
        ),
        lec AS (
          SELECT sec.org_id, sec.start, count(*) AS n, (array_agg(a.id ORDER BY a.held_on, a.id))[1:${EVIDENCE_KEPT}] AS ev
          FROM sec JOIN activities a ON a.speaker_person_id = sec.person_id AND a.voided_at IS NULL
            AND a.held_on BETWEEN sec.start AND sec.stop AND 'party_lecture' = ANY(a.kinds)
          GROUP BY 1, 2
        )
        SELECT tp.id AS org_id, tp.start AS period_start, coalesce(lec.n, 0) AS actual, ${required} AS required,
          coalesce(lec.ev, '{}') AS evidence, tp.params_from, tp.params
        FROM tp LEFT JOIN lec ON lec.org_id = tp.id AND lec.start = tp.start`
  }
}

export interface ResultRow {
  rule_id: string
  period_start: string
  org_id: string
  is_met: boolean
  actual: number
  required: number
  evidence: string[]
  params_from: string | null
  /** Set by an override; absent: the rule's defaults. */
  params: Record<string, number> | null
  computed_at: Date
}

export const complianceRepo = {
  /** Serializes the writers of a rule's periods (refreshes, rebuilds) for the transaction, in one order. */
  async lockPeriods(tx: Executor, ruleId: string, periodStarts: string[]) {
    for (const start of [...new Set(periodStarts)].sort())
      await sql`SELECT pg_advisory_xact_lock(hashtext('rule_results'), hashtext(${`${ruleId}@${start}`}))`.execute(tx)
  },

  /**
   * Evaluates the rule over the scope and periods and stores the results: new rows written, rows
   * whose result changed replaced (an unchanged row is left alone: a nightly evaluation of the whole
   * tree writes only what moved), rows of orgs it no longer applies to removed, and (unless
   * `rollup` is false) the change of each org's counts added to the roll-ups of the org and all its
   * ancestors. Returns the periods whose results changed.
   */
  async store(tx: Executor, e: EvalInput, opts: { rollup: boolean }) {
    const old =
      e.scope.kind === 'all'
        ? sql`true`
        : e.scope.kind === 'orgs'
          ? sql`r.org_id = ANY(${e.scope.ids}::uuid[])`
          : sql`r.org_id IN (SELECT o.id FROM orgs o WHERE o.path <@ ${e.scope.path}::ltree)`
    const rollup = opts.rollup
      ? sql`,
        delta AS (
          SELECT org_id, period_start, sum(da)::int AS da, sum(dm)::int AS dm
          FROM (SELECT o.org_id, o.period_start, -1 AS da, -(o.is_met::int) AS dm FROM old o
                WHERE (o.org_id, o.period_start) IN (SELECT org_id, period_start FROM up)
                   OR (o.org_id, o.period_start) IN (SELECT org_id, period_start FROM del)
                UNION ALL SELECT org_id, period_start, 1, is_met::int FROM up) x
          GROUP BY 1, 2 HAVING sum(da) <> 0 OR sum(dm) <> 0
        ),
        roll AS (
          INSERT INTO rule_rollup AS rr (rule_id, period_start, org_id, applicable, met)
          SELECT ${e.ruleId}, d.period_start, a.id, sum(d.da), sum(d.dm)
          FROM delta d JOIN orgs o ON o.id = d.org_id CROSS JOIN LATERAL org_path_ids(o.path) AS a (id)
          WHERE a.id <> d.org_id
          GROUP BY 2, 3
          ON CONFLICT (rule_id, period_start, org_id)
            DO UPDATE SET applicable = rr.applicable + excluded.applicable, met = rr.met + excluded.met
          RETURNING 1
        )`
      : sql``
    if (e.scope.kind === 'all') await sql`SELECT set_config('work_mem', ${WHOLE_TREE_WORK_MEM}, true)`.execute(tx)
    const { rows } = await sql<{ period_start: string; written: number; removed: number }>`
      WITH new AS (${evaluation(e)}),
      old AS ${opts.rollup ? sql`MATERIALIZED` : sql``} (
        SELECT r.org_id, r.period_start, r.is_met, r.actual, r.required, r.evidence, r.params_from, r.params
        FROM rule_results r
        WHERE r.rule_id = ${e.ruleId} AND r.period_start = ANY(${starts(e)}::date[]) AND ${old}
      ),
      -- new, changed and gone results, from one join of the new with the stored
      diff AS MATERIALIZED (
        SELECT coalesce(n.org_id, o.org_id) AS org_id, coalesce(n.period_start, o.period_start) AS period_start,
          n.org_id IS NULL AS gone, n.actual, n.required, n.evidence, n.params_from, n.params
        FROM new n FULL JOIN old o ON o.org_id = n.org_id AND o.period_start = n.period_start
        WHERE n.org_id IS NULL OR o.org_id IS NULL OR (o.is_met, o.actual, o.required, o.evidence, o.params_from, o.params)
          IS DISTINCT FROM (n.actual >= n.required, n.actual, n.required, n.evidence, n.params_from, n.params)
      ),
      up AS (
        INSERT INTO rule_results AS r (rule_id, period_start, org_id, is_met, actual, required, evidence, params_from, params, computed_at)
        SELECT ${e.ruleId}, d.period_start, d.org_id, d.actual >= d.required, d.actual, d.required, d.evidence,
          d.params_from, d.params, now()
        FROM diff d WHERE NOT d.gone
        ON CONFLICT (rule_id, period_start, org_id) DO UPDATE SET is_met = excluded.is_met, actual = excluded.actual,
          required = excluded.required, evidence = excluded.evidence, params_from = excluded.params_from,
          params = excluded.params, computed_at = excluded.computed_at
        RETURNING org_id, period_start, is_met
      ),
      del AS (
        DELETE FROM rule_results r USING diff d
        WHERE d.gone AND r.rule_id = ${e.ruleId} AND r.period_start = d.period_start AND r.org_id = d.org_id
        RETURNING r.org_id, r.period_start
      )${rollup}
      SELECT x.period_start::text AS period_start, count(*) FILTER (WHERE x.w)::int AS written,
        count(*) FILTER (WHERE NOT x.w)::int AS removed
      FROM (SELECT period_start, true AS w FROM up UNION ALL SELECT period_start, false FROM del) x
      GROUP BY 1`.execute(tx)
    return rows
  },

  /** Whether the rule has any override, in force or not. */
  async hasOverrides(db: Executor, ruleId: string) {
    const { rows } = await sql<{ any: boolean }>`
      SELECT EXISTS (SELECT 1 FROM rule_overrides WHERE rule_id = ${ruleId}) AS any`.execute(db)
    return rows[0]!.any
  },

  /** Refreshes the planner's statistics of the results and roll-ups after a large write. */
  async analyze(tx: Executor) {
    await sql`SELECT rule_results_analyze()`.execute(tx)
  },

  /**
   * Recounts the roll-ups of a rule's periods from its results (after a whole-tree evaluation or a
   * subtree move), writing only the counts that differ and removing those of orgs left with none.
   */
  async rebuildRollup(tx: Executor, ruleId: string, periodStarts: string[]) {
    if (periodStarts.length === 0) return
    await sql`
      WITH own AS MATERIALIZED (
        SELECT r.period_start, r.org_id, r.is_met FROM rule_results r
        WHERE r.rule_id = ${ruleId} AND r.period_start = ANY(${periodStarts}::date[])
      ),
      -- each result counts for every ancestor of its org (the org's own result is read with the
      -- roll-up): first summed per parent (most orgs are branches under a few committees), then
      -- those sums added to the parent and its ancestors
      by_parent AS MATERIALIZED (
        SELECT own.period_start, o.parent_id, count(*) AS applicable, count(*) FILTER (WHERE own.is_met) AS met
        FROM own JOIN orgs o ON o.id = own.org_id WHERE o.parent_id IS NOT NULL
        GROUP BY 1, 2
      ),
      n AS MATERIALIZED (
        SELECT b.period_start, a.id AS org_id, sum(b.applicable)::int AS applicable, sum(b.met)::int AS met
        FROM by_parent b JOIN orgs p ON p.id = b.parent_id CROSS JOIN LATERAL org_path_ids(p.path) AS a (id)
        GROUP BY 1, 2
      ),
      gone AS (
        DELETE FROM rule_rollup rr
        WHERE rr.rule_id = ${ruleId} AND rr.period_start = ANY(${periodStarts}::date[])
          AND NOT EXISTS (SELECT 1 FROM n WHERE n.org_id = rr.org_id AND n.period_start = rr.period_start)
      )
      INSERT INTO rule_rollup AS rr (rule_id, period_start, org_id, applicable, met)
      SELECT ${ruleId}, n.period_start, n.org_id, n.applicable, n.met
      FROM n LEFT JOIN rule_rollup cur ON cur.rule_id = ${ruleId} AND cur.period_start = n.period_start AND cur.org_id = n.org_id
      WHERE cur.org_id IS NULL OR (cur.applicable, cur.met) IS DISTINCT FROM (n.applicable, n.met)
      ON CONFLICT (rule_id, period_start, org_id) DO UPDATE SET applicable = excluded.applicable, met = excluded.met`.execute(tx)
  },

  async markComputed(tx: Executor, ruleId: string, periodStarts: string[]) {
    await sql`
      INSERT INTO rule_periods (rule_id, period_start, computed_at)
      SELECT ${ruleId}, s, now() FROM unnest(${periodStarts}::date[]) AS s
      ON CONFLICT (rule_id, period_start) DO UPDATE SET computed_at = excluded.computed_at`.execute(tx)
  },

  /** When each (rule, period) was last evaluated; absent: never. */
  async computedAt(db: Executor, pairs: { ruleId: string; start: string }[]) {
    if (pairs.length === 0) return new Map<string, Date>()
    const { rows } = await sql<{ rule_id: string; period_start: string; computed_at: Date }>`
      SELECT p.rule_id, p.period_start, p.computed_at FROM rule_periods p
      JOIN unnest(${pairs.map((p) => p.ruleId)}::text[], ${pairs.map((p) => p.start)}::date[]) AS q (rule_id, start)
        ON p.rule_id = q.rule_id AND p.period_start = q.start`.execute(db)
    return new Map(rows.map((r) => [`${r.rule_id}@${r.period_start}`, r.computed_at]))
  },

  /** Takes up to `limit` pending evidence changes (removed in the caller's transaction). */
  async takeDirty(tx: Executor, limit: number) {
    const { rows } = await sql<{ org_id: string; day: string }>`
      DELETE FROM rule_dirty WHERE id IN (SELECT id FROM rule_dirty ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING org_id, day`.execute(tx)
    return rows
  },

  async pendingDirty(db: Executor) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rule_dirty`.execute(db)
    return rows[0]!.n
  },

  /** Counts of the given orgs' whole subtrees (their descendants' roll-up and their own result) for the given (rule, period start) pairs. */
  async tallies(db: Executor, pairs: { ruleId: string; start: string }[], orgIds: string[]) {
    if (pairs.length === 0 || orgIds.length === 0) return []
    const { rows } = await sql<{ rule_id: string; org_id: string; applicable: number; met: number }>`
      SELECT q.rule_id, o.id AS org_id,
        coalesce(rr.applicable, 0) + (r.org_id IS NOT NULL)::int AS applicable,
        coalesce(rr.met, 0) + coalesce(r.is_met::int, 0) AS met
      FROM unnest(${pairs.map((p) => p.ruleId)}::text[], ${pairs.map((p) => p.start)}::date[]) AS q (rule_id, start)
      CROSS JOIN unnest(${orgIds}::uuid[]) AS o (id)
      LEFT JOIN rule_rollup rr ON rr.rule_id = q.rule_id AND rr.period_start = q.start AND rr.org_id = o.id
      LEFT JOIN rule_results r ON r.rule_id = q.rule_id AND r.period_start = q.start AND r.org_id = o.id
      WHERE rr.org_id IS NOT NULL OR r.org_id IS NOT NULL`.execute(db)
    return rows
  },

  /** The org's own results for the given (rule, period start) pairs. */
  async ownResults(db: Executor, pairs: { ruleId: string; start: string }[], orgId: string) {
    if (pairs.length === 0) return []
    const { rows } = await sql<ResultRow>`
      SELECT r.* FROM rule_results r
      JOIN unnest(${pairs.map((p) => p.ruleId)}::text[], ${pairs.map((p) => p.start)}::date[]) AS q (rule_id, start)
        ON r.rule_id = q.rule_id AND r.period_start = q.start
      WHERE r.org_id = ${orgId}`.execute(db)
    return rows.map((r) => ({ ...r, actual: Number(r.actual), required: Number(r.required) }))
  },

  /** A rule's counts of one org's whole subtree over several periods. */
  async series(db: Executor, ruleId: string, starts: string[], orgId: string) {
    const { rows } = await sql<{ period_start: string; applicable: number; met: number }>`
      SELECT s.start AS period_start, coalesce(rr.applicable, 0) + (r.org_id IS NOT NULL)::int AS applicable,
        coalesce(rr.met, 0) + coalesce(r.is_met::int, 0) AS met
      FROM unnest(${starts}::date[]) AS s (start)
      LEFT JOIN rule_rollup rr ON rr.rule_id = ${ruleId} AND rr.org_id = ${orgId} AND rr.period_start = s.start
      LEFT JOIN rule_results r ON r.rule_id = ${ruleId} AND r.org_id = ${orgId} AND r.period_start = s.start
      WHERE rr.org_id IS NOT NULL OR r.org_id IS NOT NULL`.execute(db)
    return rows
  },

  /** Activities by id, for evidence lists. */
  async activitiesByIds(db: Executor, ids: string[]) {
    if (ids.length === 0) return []
    const { rows } = await sql<{ id: string; held_on: string; topic: string; kinds: string[] }>`
      SELECT id, held_on, topic, kinds FROM activities WHERE id = ANY(${ids}::uuid[]) ORDER BY held_on, id`.execute(db)
    return rows
  },

  /** Each member's study hours in a period, for an org's drill-down under the hours rule. */
  async memberHours(db: Executor, orgId: string, start: string, end: string) {
    const { rows } = await sql<{ person_id: string; name: string; hours: number }>`
      SELECT m.person_id, p.name, coalesce(sum(a.hours), 0)::float8 AS hours
      FROM members m JOIN people p ON p.id = m.person_id
      LEFT JOIN activity_attendance aa ON aa.person_id = m.person_id AND aa.presence <> 'absent'
      LEFT JOIN activities a ON a.id = aa.activity_id AND a.voided_at IS NULL AND a.hours IS NOT NULL
        AND a.held_on BETWEEN ${start}::date AND ${end}::date
      WHERE m.org_id = ${orgId} AND m.status IN ('full', 'probationary')
      GROUP BY m.person_id, p.name, p.name_pinyin ORDER BY hours, p.name_pinyin`.execute(db)
    return rows
  },

  async orgPath(db: Executor, id: string) {
    const { rows } = await sql<{
      path: string
      name: string
    }>`SELECT path::text AS path, name FROM orgs WHERE id = ${id}`.execute(db)
    return rows[0]
  },

  // -- overrides ---------------------------------------------------------------------------------

  async overridesInScope(db: Executor, ruleId: string, scope: RawBuilder<boolean>) {
    const { rows } = await sql<OverrideRow>`
      SELECT r.*, o.name AS org_name FROM rule_overrides r JOIN orgs o ON o.id = r.org_id
      WHERE r.rule_id = ${ruleId} AND ${scope}
      ORDER BY o.path, r.effective_from DESC`.execute(db)
    return rows
  },

  async overrideById(db: Executor, id: string) {
    const { rows } = await sql<OverrideRow & { org_path: string }>`
      SELECT r.*, o.name AS org_name, o.path::text AS org_path FROM rule_overrides r JOIN orgs o ON o.id = r.org_id
      WHERE r.id = ${id}`.execute(db)
    return rows[0]
  },

  /** The override in force on `day` for an org: its own or its nearest ancestor's. */
  async overrideInForce(db: Executor, ruleId: string, orgPath: string, day: string) {
    const { rows } = await sql<OverrideRow>`
      SELECT r.*, o.name AS org_name FROM rule_overrides r JOIN orgs o ON o.id = r.org_id
      WHERE r.rule_id = ${ruleId} AND o.path @> ${orgPath}::ltree AND r.effective_from <= ${day}::date
        AND (r.ended_on IS NULL OR r.ended_on > ${day}::date)
      ORDER BY nlevel(o.path) DESC LIMIT 1`.execute(db)
    return rows[0]
  },

  async currentOverride(tx: Executor, ruleId: string, orgId: string) {
    const { rows } = await sql<OverrideRow>`
      SELECT r.*, '' AS org_name FROM rule_overrides r
      WHERE r.rule_id = ${ruleId} AND r.org_id = ${orgId} AND r.ended_on IS NULL FOR UPDATE`.execute(tx)
    return rows[0]
  },

  async endOverride(tx: Executor, id: string, endedOn: string) {
    await sql`UPDATE rule_overrides SET ended_on = ${endedOn}::date WHERE id = ${id}`.execute(tx)
  },

  async insertOverride(
    tx: Executor,
    o: {
      ruleId: string
      orgId: string
      params: Record<string, number>
      reason: string
      effectiveFrom: string
      createdBy: string | null
    },
  ) {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO rule_overrides (rule_id, org_id, params, reason, effective_from, created_by)
      VALUES (${o.ruleId}, ${o.orgId}, ${JSON.stringify(o.params)}::jsonb, ${o.reason}, ${o.effectiveFrom}::date, ${o.createdBy})
      RETURNING id`.execute(tx)
    return rows[0]!.id
  },
}

export interface OverrideRow {
  id: string
  rule_id: string
  org_id: string
  org_name: string
  params: Record<string, number>
  reason: string
  effective_from: string
  ended_on: string | null
  created_at: Date
}
