import {
  RULE_STATUSES,
  type ActivityKind,
  type ComplianceOverview,
  type OrgCompliance,
  type ParamSource,
  type PeriodInfo,
  type RuleInfo,
  type RuleOverrideCreate,
  type RuleOverrideView,
  type RuleStatus,
  type RuleTally,
} from '@xianfeng/contract'
import type { Logger } from 'pino'
import ExcelJS from '../../platform/excel.ts'
import { scopePaths, type Actor } from '../../platform/auth/actor.ts'
import type { AuditService } from '../../platform/audit/audit.service.ts'
import { chinaDateTime, todayInChina } from '../../platform/calendar.ts'
import type { Db, Executor } from '../../platform/db.ts'
import { AppError, invalidField, notFound } from '../../platform/errors.ts'
import { addJob } from '../../platform/jobs.ts'
import { pathWithin } from '../../platform/ltree.ts'
import { RULES_REBUILD_TASK, RULES_REFRESH_TASK } from '../../platform/rules/dirty.ts'
import { periodOf, periodWord, previousPeriod } from '../../platform/rules/periods.ts'
import type { RuleDef, RulesRegistry } from '../../platform/rules/registry.ts'
import type { OrgsService } from '../orgs/index.ts'
import { complianceRepo, type EvalScope, type OverrideRow } from './compliance.repo.ts'

export const RULES_RESCOPE_TASK = 'rules:rescope'
/** Evidence changes taken per transaction by the refresh job. */
const DIRTY_BATCH = 5000
/** Periods a trend shows. */
const TREND_PERIODS = 12
/** Periods of one rule evaluated by one job of a whole-tree rebuild: a year's twelve months make two jobs. */
const PERIODS_PER_JOB = 6
/** Results written by one whole-tree evaluation from which the statistics are refreshed before the roll-ups are recounted. */
const ANALYZE_AFTER_ROWS = 50_000

const key = (ruleId: string, start: string) => `${ruleId}@${start}`

export function tallyStatus(applicable: number, met: number, period: PeriodInfo): RuleStatus {
  if (applicable === 0) return 'not_applicable'
  if (met >= applicable) return 'met'
  return period.isOpen ? 'at_risk' : 'missed'
}

/** The month a page asks about ('YYYY-MM'), as a day inside it: today in the current month, else its last day. */
function dayOfMonth(month: string | undefined, today: string): string {
  if (!month || month === today.slice(0, 7)) return today
  const [y, m] = month.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${month}-${String(last).padStart(2, '0')}`
}

/**
 * The rules registry at work: evaluates every rule over the tree (by jobs, when evidence changes
 * and nightly), keeps the results and their roll-ups, and answers the dashboard, an org's own
 * standing with its evidence, trends, the registry with the values in force, and overrides.
 */
interface RebuildOptions {
  ruleId?: string
  day?: string
  days?: string[]
  recount?: boolean
  year?: boolean
}

export function createComplianceService({
  db,
  audit,
  orgs,
  registry,
  log,
  today = todayInChina,
}: {
  db: Db
  audit: AuditService
  orgs: Pick<OrgsService, 'assertInScope' | 'tree'>
  registry: RulesRegistry
  log?: Logger
  today?: () => string
}) {
  function ruleOf(id: string): RuleDef {
    const rule = registry.get(id)
    if (!rule) throw notFound('规则')
    return rule
  }

  /** A rule, or a check whose parameters may be overridden (it has no results to evaluate again). */
  function configurableOf(id: string) {
    const def = registry.configurable(id)
    if (!def) throw notFound('规则')
    return def
  }

  /** Evaluates one rule for some of its periods over a scope and stores the results, in the caller's transaction. */
  async function evaluate(
    tx: Executor,
    rule: RuleDef,
    periods: PeriodInfo[],
    scope: EvalScope,
    opts: { recount?: boolean } = {},
  ) {
    if (periods.length === 0) return []
    const now = today()
    const list = periods.map((p) => p.start)
    await complianceRepo.lockPeriods(tx, rule.id, list)
    const input = {
      ruleId: rule.id,
      target: rule.target,
      evaluator: rule.evaluator,
      defaults: registry.defaults(rule.id),
      periodKind: rule.period,
      periods: periods.map((p) => ({ start: p.start, end: p.end, asOf: p.end < now ? p.end : now })),
      scope,
      overridden: await complianceRepo.hasOverrides(tx, rule.id),
    }
    const whole = scope.kind === 'all'
    const changed = await complianceRepo.store(tx, input, { rollup: !whole })
    // Roll-ups follow the results by deltas; a whole evaluation recounts only the periods whose
    // results changed, unless the tree itself changed (a subtree moved): then all of them.
    if (whole) {
      const written = changed.reduce((n, c) => n + c.written + c.removed, 0)
      if (written >= ANALYZE_AFTER_ROWS) await complianceRepo.analyze(tx)
      await complianceRepo.rebuildRollup(tx, rule.id, opts.recount ? list : changed.map((c) => c.period_start))
    }
    await complianceRepo.markComputed(tx, rule.id, list)
    return changed
  }

  /** The rule's periods of `day`'s year, from the first through the one containing `day`. */
  function periodsOfYear(rule: RuleDef, day: string, now: string): PeriodInfo[] {
    const list: PeriodInfo[] = []
    const yearStart = `${day.slice(0, 4)}-01-01`
    for (let p = periodOf(rule.period, day, now); p.start >= yearStart; p = previousPeriod(rule.period, p.start, now))
      list.unshift(p)
    return list
  }

  /** The periods a rebuild of the rule covers: those of `days`, or every one of the year up to `day`, or the one of `day` (today). */
  function periodsToRebuild(rule: RuleDef, opts: RebuildOptions, now: string): PeriodInfo[] {
    if (opts.days)
      return [...new Map(opts.days.map((d) => [periodOf(rule.period, d, now).start, periodOf(rule.period, d, now)])).values()]
    const day = opts.day ?? now
    return opts.year ? periodsOfYear(rule, day, now) : [periodOf(rule.period, day, now)]
  }

  /**
   * Whole-tree evaluation of the rules (all, or one) for the period containing `day` (today when
   * absent), with `year` for every period of that year up to it, or for the periods of `days`;
   * each rule in one statement.
   */
  async function rebuild(opts: RebuildOptions = {}) {
    const now = today()
    const rules = opts.ruleId ? [ruleOf(opts.ruleId)] : registry.rules
    for (const rule of rules) {
      const periods = periodsToRebuild(rule, opts, now)
      const started = performance.now()
      const changed = await db
        .transaction()
        .execute((tx) => evaluate(tx, rule, periods, { kind: 'all' }, { recount: opts.recount }))
      log?.info(
        {
          rule: rule.id,
          periods: periods.map((p) => p.start),
          written: changed.reduce((n, c) => n + c.written, 0),
          removed: changed.reduce((n, c) => n + c.removed, 0),
          ms: Math.round(performance.now() - started),
        },
        '规则已全部重算',
      )
    }
  }

  /** Works the pending evidence changes until none are left; returns how many were taken. */
  async function refresh(): Promise<number> {
    let taken = 0
    for (;;) {
      const n = await db.transaction().execute(async (tx) => {
        const dirty = await complianceRepo.takeDirty(tx, DIRTY_BATCH)
        if (dirty.length === 0) return 0
        const now = today()
        const orgIds = [...new Set(dirty.map((d) => d.org_id))]
        const days = [...new Set(dirty.map((d) => d.day))]
        for (const rule of registry.rules) {
          const periods = [
            ...new Map(days.map((d) => [periodOf(rule.period, d, now).start, periodOf(rule.period, d, now)])).values(),
          ]
          const computed = await complianceRepo.computedAt(
            tx,
            periods.map((p) => ({ ruleId: rule.id, start: p.start })),
          )
          // A period never evaluated is evaluated whole: its roll-ups start from nothing.
          const seen = periods.filter((p) => computed.has(key(rule.id, p.start)))
          await evaluate(tx, rule, seen, { kind: 'orgs', ids: orgIds })
          await evaluate(
            tx,
            rule,
            periods.filter((p) => !computed.has(key(rule.id, p.start))),
            { kind: 'all' },
          )
        }
        return dirty.length
      })
      if (n === 0) return taken
      taken += n
    }
  }

  /** After an override changes: the periods of the rule from `from` on, evaluated again under the org. */
  async function rescope(ruleId: string, orgId: string, from: string) {
    const rule = ruleOf(ruleId)
    const now = today()
    await db.transaction().execute(async (tx) => {
      const org = await complianceRepo.orgPath(tx, orgId)
      if (!org) return
      // this period and the earlier ones already evaluated, back to the override's start
      const back: PeriodInfo[] = []
      for (let p = periodOf(rule.period, now, now), i = 0; i < TREND_PERIODS && p.end >= from; i++) {
        back.push(p)
        p = previousPeriod(rule.period, p.start, now)
      }
      const computed = await complianceRepo.computedAt(
        tx,
        back.map((p) => ({ ruleId, start: p.start })),
      )
      await evaluate(
        tx,
        rule,
        back.filter((p, i) => i === 0 || computed.has(key(ruleId, p.start))),
        { kind: 'subtree', path: org.path },
      )
    })
  }

  /** Asks for a whole-tree evaluation of periods nobody has evaluated yet (a month in the past). */
  async function requestMissing(pairs: { rule: RuleDef; period: PeriodInfo }[], computed: Map<string, Date>) {
    for (const { rule, period } of pairs)
      if (!computed.has(key(rule.id, period.start)))
        await addJob(
          db,
          RULES_REBUILD_TASK,
          { ruleId: rule.id, day: period.start },
          { jobKey: `${RULES_REBUILD_TASK}:${key(rule.id, period.start)}` },
        )
  }

  function paramSource(
    params: Record<string, number>,
    fromOrg: { id: string; name: string } | null,
    overrideId: string | null,
  ): ParamSource {
    return { values: params, fromOrg, overrideId }
  }

  function explain(
    rule: RuleDef,
    period: PeriodInfo,
    status: RuleStatus,
    actual: number,
    required: number,
    params: Record<string, number>,
  ) {
    const word = periodWord(rule.period, period, today())
    if (rule.evaluator.kind === 'member_hours') {
      const hours = params[rule.evaluator.param]
      const base = `${word}集中学习培训达到 ${hours} 学时的党员 ${actual} 人，共 ${required} 人`
      return status === 'met'
        ? `${base}，全部达到`
        : status === 'at_risk'
          ? `${base}，还有 ${required - actual} 人未达到`
          : `${base}，${required - actual} 人未达到`
    }
    if (rule.evaluator.kind === 'cadre_lectures' || rule.evaluator.kind === 'cadre_writings') {
      const base = `${word}应${rule.duty}：领导干部 ${required} 人，已完成 ${actual} 人`
      return status === 'met'
        ? `${base}，全部完成`
        : `${base}，${required - actual} 人${status === 'at_risk' ? '尚未完成' : '未完成'}`
    }
    const u = rule.unit
    if (status === 'met') return `${word}已${rule.duty} ${actual} ${u}（要求 ${required} ${u}）`
    if (status === 'at_risk')
      return actual === 0
        ? `${word}应${rule.duty} ${required} ${u}，尚未记录`
        : `${word}应${rule.duty} ${required} ${u}，已记录 ${actual} ${u}`
    return `${word}应${rule.duty} ${required} ${u}，只记录了 ${actual} ${u}，未达到`
  }

  const overrideView = (r: OverrideRow): RuleOverrideView => ({
    id: r.id,
    ruleId: r.rule_id,
    org: { id: r.org_id, name: r.org_name },
    params: r.params,
    reason: r.reason,
    effectiveFrom: r.effective_from,
    endedOn: r.ended_on,
    createdAt: r.created_at.toISOString(),
  })

  return {
    evaluate,
    rebuild,
    refresh,
    rescope,

    /** Asks for the current periods' evaluation if they were never evaluated (a new installation, a new month). */
    async requestCurrent() {
      const now = today()
      const pairs = registry.rules.map((rule) => ({ rule, period: periodOf(rule.period, now, now) }))
      await requestMissing(
        pairs,
        await complianceRepo.computedAt(
          db,
          pairs.map((p) => ({ ruleId: p.rule.id, start: p.period.start })),
        ),
      )
    },

    /** The job tasks of the registry, for the job runner. */
    tasks: {
      [RULES_REFRESH_TASK]: async () => {
        await refresh()
      },
      [RULES_REBUILD_TASK]: async (payload: unknown) => {
        const p = (payload ?? {}) as RebuildOptions
        if (!p.ruleId) {
          // every rule: jobs of at most a few periods each, so that the job runner works them side by side
          const now = today()
          for (const rule of registry.rules) {
            const starts = periodsToRebuild(rule, p, now).map((x) => x.start)
            for (let i = 0; i < starts.length; i += PERIODS_PER_JOB) {
              const days = starts.slice(i, i + PERIODS_PER_JOB)
              await addJob(
                db,
                RULES_REBUILD_TASK,
                { ruleId: rule.id, days, recount: p.recount === true },
                { jobKey: `${RULES_REBUILD_TASK}:${rule.id}@${days[0]!}` },
              )
            }
          }
          return
        }
        await rebuild({
          ruleId: p.ruleId,
          ...(p.day && { day: p.day }),
          ...(p.days && { days: p.days }),
          recount: p.recount === true,
          year: p.year === true,
        })
      },
      [RULES_RESCOPE_TASK]: async (payload: unknown) => {
        const p = payload as { ruleId: string; orgId: string; from: string }
        await rescope(p.ruleId, p.orgId, p.from)
      },
    },

    async overview(actor: Actor, q: { orgId?: string | undefined; month?: string | undefined }): Promise<ComplianceOverview> {
      const rootId = q.orgId ?? actor.grant?.orgId
      if (!rootId) throw notFound('党组织')
      const root = await orgs.assertInScope(actor, rootId)
      const children = (await orgs.tree(actor, root.id)).filter((c) => c.status === 'active')
      const now = today()
      const day = dayOfMonth(q.month, now)
      const pairs = registry.rules.map((rule) => ({ rule, period: periodOf(rule.period, day, now) }))
      const keys = pairs.map((p) => ({ ruleId: p.rule.id, start: p.period.start }))
      const [tallies, own, computed] = await Promise.all([
        complianceRepo.tallies(db, keys, [root.id, ...children.map((c) => c.id)]),
        complianceRepo.ownResults(db, keys, root.id),
        complianceRepo.computedAt(db, keys),
      ])
      await requestMissing(pairs, computed)
      const tallyOf = (ruleId: string, orgId: string) => tallies.find((t) => t.rule_id === ruleId && t.org_id === orgId)
      const cell = (applicable: number, met: number, period: PeriodInfo): RuleTally => ({
        applicable,
        met,
        status: tallyStatus(applicable, met, period),
      })
      return {
        org: { id: root.id, name: root.name },
        month: day.slice(0, 7),
        rules: pairs.map(({ rule, period }) => {
          const t = tallyOf(rule.id, root.id)
          return {
            ruleId: rule.id,
            title: rule.title,
            period,
            computedAt: computed.get(key(rule.id, period.start))?.toISOString() ?? null,
            total: cell(t?.applicable ?? 0, t?.met ?? 0, period),
          }
        }),
        rows: [
          {
            org: { id: root.id, name: root.name, kind: root.kind },
            isSelf: true,
            hasChildren: children.length > 0,
            cells: pairs.map(({ rule, period }) => {
              const r = own.find((o) => o.rule_id === rule.id)
              return r ? cell(1, r.is_met ? 1 : 0, period) : cell(0, 0, period)
            }),
          },
          ...children.map((c) => ({
            org: { id: c.id, name: c.name, kind: c.kind },
            isSelf: false,
            hasChildren: c.childCount > 0,
            cells: pairs.map(({ rule, period }) => {
              const t = tallyOf(rule.id, c.id)
              return cell(t?.applicable ?? 0, t?.met ?? 0, period)
            }),
          })),
        ],
      }
    },

    async org(actor: Actor, orgId: string, month?: string): Promise<OrgCompliance> {
      const org = await orgs.assertInScope(actor, orgId)
      const now = today()
      const day = dayOfMonth(month, now)
      const pairs = registry.rules.map((rule) => ({ rule, period: periodOf(rule.period, day, now) }))
      const keys = pairs.map((p) => ({ ruleId: p.rule.id, start: p.period.start }))
      const [results, computed] = await Promise.all([
        complianceRepo.ownResults(db, keys, org.id),
        complianceRepo.computedAt(db, keys),
      ])
      await requestMissing(pairs, computed)
      const evidence = await complianceRepo.activitiesByIds(db, [...new Set(results.flatMap((r) => r.evidence))])
      const fromOrgs = new Map<string, string>()
      for (const r of results)
        if (r.params_from && !fromOrgs.has(r.params_from)) {
          const o = await complianceRepo.orgPath(db, r.params_from)
          fromOrgs.set(r.params_from, o?.name ?? '')
        }
      const items = pairs.flatMap(({ rule, period }) => {
        const r = results.find((x) => x.rule_id === rule.id)
        if (!r) return []
        const status: RuleStatus = r.is_met ? 'met' : period.isOpen ? 'at_risk' : 'missed'
        const ev = new Set(r.evidence)
        return [
          {
            ruleId: rule.id,
            title: rule.title,
            period,
            status,
            actual: r.actual,
            required: r.required,
            unit: rule.unit,
            explanation: explain(rule, period, status, r.actual, r.required, r.params ?? registry.defaults(rule.id)),
            params: paramSource(
              r.params ?? registry.defaults(rule.id),
              r.params_from ? { id: r.params_from, name: fromOrgs.get(r.params_from) ?? '' } : null,
              null,
            ),
            evidence: evidence
              .filter((a) => ev.has(a.id))
              .map((a) => ({ id: a.id, heldOn: a.held_on, topic: a.topic, kinds: a.kinds as ActivityKind[] })),
            // when the rule was last evaluated for the period (an unchanged result is not rewritten)
            computedAt: (computed.get(key(rule.id, period.start)) ?? r.computed_at).toISOString(),
            recordKind: rule.recordKind,
          },
        ]
      })
      return { org: { id: org.id, name: org.name, kind: org.kind }, month: day.slice(0, 7), items }
    },

    /** Each member's study hours in the year of `month`, for the hours rule's drill-down. */
    async memberHours(actor: Actor, orgId: string, month?: string) {
      const org = await orgs.assertInScope(actor, orgId)
      const now = today()
      const period = periodOf('year', dayOfMonth(month, now), now)
      return { period, items: await complianceRepo.memberHours(db, org.id, period.start, period.end) }
    },

    async trend(actor: Actor, q: { orgId?: string | undefined; ruleId: string; month?: string | undefined }) {
      const rule = ruleOf(q.ruleId)
      const rootId = q.orgId ?? actor.grant?.orgId
      if (!rootId) throw notFound('党组织')
      const root = await orgs.assertInScope(actor, rootId)
      const now = today()
      const periods: PeriodInfo[] = []
      let p = periodOf(rule.period, dayOfMonth(q.month, now), now)
      for (let i = 0; i < TREND_PERIODS; i++) {
        periods.unshift(p)
        p = previousPeriod(rule.period, p.start, now)
      }
      const [rows, computed] = await Promise.all([
        complianceRepo.series(
          db,
          rule.id,
          periods.map((x) => x.start),
          root.id,
        ),
        complianceRepo.computedAt(
          db,
          periods.map((x) => ({ ruleId: rule.id, start: x.start })),
        ),
      ])
      // a period nobody evaluated yet (before the platform, or never viewed) is evaluated now
      await requestMissing(
        periods.map((period) => ({ rule, period })),
        computed,
      )
      return {
        ruleId: rule.id,
        points: periods.map((period) => {
          const r = rows.find((x) => x.period_start === period.start)
          return { period, applicable: r?.applicable ?? 0, met: r?.met ?? 0, computed: computed.has(key(rule.id, period.start)) }
        }),
      }
    },

    /**
     * A rule's title and the parameter values in force today for one org (the nearest override above
     * it, else the registry's defaults), whoever asks: the org is the caller's own business, such as
     * a member's own org on their study ledger.
     */
    async paramsInForce(ruleId: string, orgId: string, day: string = today()): Promise<{ title: string } & ParamSource> {
      const rule = configurableOf(ruleId)
      const org = await complianceRepo.orgPath(db, orgId)
      if (!org) throw notFound('党组织')
      const defaults = registry.defaults(rule.id)
      const ov = await complianceRepo.overrideInForce(db, rule.id, org.path, day)
      const source = ov
        ? paramSource({ ...defaults, ...ov.params }, { id: ov.org_id, name: ov.org_name }, ov.id)
        : paramSource(defaults, null, null)
      return { title: rule.title, ...source }
    },

    /** The registry, each rule with the parameter values in force for the org (the scope's root by default). */
    async rules(actor: Actor, orgId?: string): Promise<(RuleInfo & { inForce: ParamSource })[]> {
      const id = orgId ?? actor.grant?.orgId
      const org = id ? await orgs.assertInScope(actor, id) : null
      const now = today()
      const out = []
      for (const info of registry.info()) {
        const defaults = registry.defaults(info.id)
        const ov =
          org && registry.configurable(info.id) ? await complianceRepo.overrideInForce(db, info.id, org.path, now) : undefined
        out.push({
          ...info,
          inForce: ov
            ? paramSource({ ...defaults, ...ov.params }, { id: ov.org_id, name: ov.org_name }, ov.id)
            : paramSource(defaults, null, null),
        })
      }
      return out
    },

    async overrides(actor: Actor, ruleId: string) {
      configurableOf(ruleId)
      const rows = await complianceRepo.overridesInScope(db, ruleId, pathWithin('o.path', scopePaths(actor)))
      return rows.map(overrideView)
    },

    async createOverride(actor: Actor, ruleId: string, input: RuleOverrideCreate): Promise<RuleOverrideView> {
      const rule = configurableOf(ruleId)
      const org = await orgs.assertInScope(actor, input.orgId)
      const keys = Object.keys(input.params)
      if (keys.length === 0) throw invalidField('params', '参数', '请至少调整一个参数')
      for (const k of keys) {
        const def = rule.params[k]
        if (!def) throw invalidField('params', '参数', `规则“${rule.title}”没有参数 ${k}`)
        const v = input.params[k]!
        if (v < def.min || v > def.max)
          throw invalidField('params', def.label, `${def.label}应在 ${def.min} 至 ${def.max} ${def.unit}之间`)
        if (!Number.isInteger(v)) throw invalidField('params', def.label, `${def.label}应为整数`)
      }
      const id = await db.transaction().execute(async (tx) => {
        const current = await complianceRepo.currentOverride(tx, ruleId, org.id)
        if (current) {
          if (input.effectiveFrom <= current.effective_from)
            throw invalidField(
              'effectiveFrom',
              '生效日期',
              `该组织现行的调整自 ${current.effective_from} 起生效，新的调整应晚于这一天`,
            )
          await complianceRepo.endOverride(tx, current.id, input.effectiveFrom)
        }
        const id = await complianceRepo.insertOverride(tx, {
          ruleId,
          orgId: org.id,
          params: input.params,
          reason: input.reason,
          effectiveFrom: input.effectiveFrom,
          createdBy: actor.userId,
        })
        await audit.record(tx, actor, {
          action: 'rules.override_created',
          entityType: 'rule_override',
          entityId: id,
          orgId: org.id,
          before: current ? { overrideId: current.id, params: current.params, effectiveFrom: current.effective_from } : undefined,
          after: { ruleId, ...input },
        })
        // a rule's results are evaluated again under the org; a check has none
        if (registry.get(ruleId)) await addJob(tx, RULES_RESCOPE_TASK, { ruleId, orgId: org.id, from: input.effectiveFrom })
        return id
      })
      const row = await complianceRepo.overrideById(db, id)
      return overrideView(row!)
    },

    async endOverride(actor: Actor, id: string, endedOn: string): Promise<RuleOverrideView> {
      const row = await complianceRepo.overrideById(db, id)
      if (!row) throw notFound('参数调整')
      await orgs.assertInScope(actor, row.org_id)
      if (row.ended_on) throw new AppError('invalid_state', `这项调整已于 ${row.ended_on} 结束`)
      if (endedOn <= row.effective_from) throw invalidField('endedOn', '结束日期', `结束日期应晚于生效日期 ${row.effective_from}`)
      await db.transaction().execute(async (tx) => {
        await complianceRepo.endOverride(tx, id, endedOn)
        await audit.record(tx, actor, {
          action: 'rules.override_ended',
          entityType: 'rule_override',
          entityId: id,
          orgId: row.org_id,
          before: { endedOn: null },
          after: { endedOn },
        })
        await addJob(tx, RULES_RESCOPE_TASK, { ruleId: row.rule_id, orgId: row.org_id, from: endedOn })
      })
      return overrideView((await complianceRepo.overrideById(db, id))!)
    },

    /** The dashboard in Excel: a sheet of rules × orgs (met / applicable and status), one of the rules. */
    async exportXlsx(actor: Actor, q: { orgId?: string | undefined; month?: string | undefined }) {
      const o = await this.overview(actor, q)
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('达标情况')
      ws.columns = [
        { header: '组织', width: 36 },
        ...o.rules.map((r) => ({ header: `${r.title}（${r.period.label}）`, width: 22 })),
      ]
      const text = (c: RuleTally) =>
        c.applicable === 0 ? RULE_STATUSES.not_applicable : `${c.met}/${c.applicable} ${RULE_STATUSES[c.status]}`
      for (const row of o.rows) ws.addRow([row.isSelf ? `${row.org.name}（本级）` : row.org.name, ...row.cells.map(text)])
      ws.addRow(['合计（整个子树）', ...o.rules.map((r) => text(r.total))]).font = { bold: true }
      ws.getRow(1).font = { bold: true }
      ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' }
      const rules = wb.addWorksheet('规则')
      rules.columns = [
        { header: '规则', width: 30 },
        { header: '原文', width: 60 },
        { header: '出处', width: 40 },
        { header: '适用对象', width: 36 },
        { header: '统计期', width: 16 },
        { header: '计算于', width: 20 },
      ]
      for (const r of o.rules) {
        const rule = ruleOf(r.ruleId)
        rules.addRow([
          r.title,
          rule.quote,
          rule.source,
          rule.appliesTo,
          r.period.label,
          r.computedAt ? chinaDateTime(r.computedAt) : '尚未计算',
        ])
      }
      rules.getRow(1).font = { bold: true }
      return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), orgName: o.org.name, month: o.month }
    },
  }
}

export type ComplianceService = ReturnType<typeof createComplianceService>
