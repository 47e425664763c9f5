import type { ActivityKind, HostUnitType, OrgKind, OrgLevel, RuleInfo, RulePeriod, RuleSourceKind } from '@xianfeng/contract'

// The rules registry (SPEC principle 2). A module declares its rules in its `*.rules.ts` file as
// data: the sentence and its source, whom the rule applies to, its period, its parameters with
// defaults, and which of the evaluators (set-based SQL over a whole subtree, in the compliance
// module's repository) computes it. Numbers live only here; the SQL receives them as parameters.

export interface RuleParamDef {
  label: string
  unit: string
  default: number
  min: number
  max: number
}

/** Which orgs a rule applies to. */
export interface RuleTarget {
  orgKinds: readonly OrgKind[]
  /** Host unit types it applies to; `notIn` also takes orgs whose host unit type is not recorded. */
  hostUnitTypes?: { in: readonly HostUnitType[] } | { notIn: readonly HostUnitType[] }
  levels?: readonly OrgLevel[]
  /** Only orgs whose current term elected a committee (not a secretary only). */
  withCommittee?: boolean
  /** Only orgs with a secretary in office. */
  withSecretary?: boolean
}

export type RuleEvaluator =
  /** Activities of the org of any of the kinds in the period (or the days they were held on). */
  | {
      kind: 'activity_count'
      activityKinds: readonly ActivityKind[]
      param: string
      distinctDays?: boolean
      /** Counts a meeting only when more than half of the org's committee members then in office attended it. */
      committeeQuorum?: boolean
    }
  /** Members (full and probationary) of the org whose study hours of the year reach the parameter (yearly rules only: hours are kept per year; a whole number of hours). */
  | { kind: 'member_hours'; param: string }
  /** Party lectures the org's secretary gave in the period, at any org. */
  | { kind: 'secretary_lecture'; param: string }
  /** Leading cadres of the given ranks whose member record is with the org and who gave party lectures or reports (at any org). */
  | { kind: 'cadre_lectures'; param: string; ranks: readonly string[] }
  /** Leading cadres of the given ranks of the org who wrote study reflections or theory articles. */
  | { kind: 'cadre_writings'; param: string; ranks: readonly string[] }

export interface RuleDef {
  id: string
  title: string
  quote: string
  source: string
  sourceKind: RuleSourceKind
  seedArticles: readonly number[]
  appliesTo: string
  target: RuleTarget
  period: RulePeriod
  params: Record<string, RuleParamDef>
  version: number
  effectiveFrom: string
  evaluator: RuleEvaluator
  /** The unit of `actual` and `required`. */
  unit: string
  /** What the org has to do, in plain words: "召开支委会". */
  duty: string
  /** The activity kind whose record meets it, for a "record it" link. */
  recordKind: ActivityKind | null
}

/** A standing check (branch setting, committee size) kept in the registry for its numbers and source. */
export interface CheckDef {
  id: string
  title: string
  quote: string
  source: string
  sourceKind: RuleSourceKind
  seedArticles: readonly number[]
  appliesTo: string
  params: Record<string, RuleParamDef>
  version: number
  effectiveFrom: string
  /**
   * Whether a subtree may set its own values of the parameters (rule_overrides), as for a number that
   * is local practice (介绍信有效期); the module reads the values in force through the compliance service.
   */
  configurable?: boolean
}

export const defineRules = <const T extends readonly RuleDef[]>(rules: T) => rules
export const defineChecks = <const T extends readonly CheckDef[]>(checks: T) => checks

export interface RulesRegistry {
  rules: readonly RuleDef[]
  checks: readonly CheckDef[]
  get(id: string): RuleDef | undefined
  /** A rule, or a check whose parameters may be overridden: what an override may name. */
  configurable(id: string): RuleDef | CheckDef | undefined
  /** Default parameter values of a rule or check. */
  defaults(id: string): Record<string, number>
  info(): RuleInfo[]
}

export function createRulesRegistry(rules: readonly RuleDef[], checks: readonly CheckDef[]): RulesRegistry {
  const byId = new Map<string, RuleDef | CheckDef>()
  for (const r of [...rules, ...checks]) {
    if (byId.has(r.id)) throw new Error(`rule ${r.id} is declared twice`)
    if (!/^[a-z_]+\.[a-z0-9_]+$/.test(r.id)) throw new Error(`rule id ${r.id}`)
    for (const [key, p] of Object.entries(r.params))
      if (!(p.min <= p.default && p.default <= p.max)) throw new Error(`rule ${r.id}: default of ${key} outside its range`)
    byId.set(r.id, r)
  }
  for (const r of rules) {
    if (r.evaluator.kind !== 'member_hours') continue
    if (r.period !== 'year') throw new Error(`rule ${r.id}: study hours are kept per year, so an hours rule must be yearly`)
    // members are counted per org by whole hours (study_hours_by_org): a requirement is a whole number
    const p = r.params[r.evaluator.param]
    if (!p || !Number.isInteger(p.default) || !Number.isInteger(p.min))
      throw new Error(`rule ${r.id}: an hours requirement must be a whole number of hours`)
  }
  const ruleById = new Map(rules.map((r) => [r.id, r]))
  const paramList = (d: RuleDef | CheckDef) => Object.entries(d.params).map(([key, p]) => ({ key, ...p }))
  return {
    rules,
    checks,
    get: (id) => ruleById.get(id),
    configurable: (id) => ruleById.get(id) ?? checks.find((c) => c.id === id && c.configurable),
    defaults(id) {
      const d = byId.get(id)
      if (!d) throw new Error(`no rule ${id}`)
      return Object.fromEntries(Object.entries(d.params).map(([k, p]) => [k, p.default]))
    },
    info: () => [
      ...rules.map((r) => ({
        id: r.id,
        title: r.title,
        quote: r.quote,
        source: r.source,
        sourceKind: r.sourceKind,
        seedArticles: [...r.seedArticles],
        appliesTo: r.appliesTo,
        period: r.period,
        params: paramList(r),
        version: r.version,
        effectiveFrom: r.effectiveFrom,
        evaluated: true,
      })),
      ...checks.map((c) => ({
        id: c.id,
        title: c.title,
        quote: c.quote,
        source: c.source,
        sourceKind: c.sourceKind,
        seedArticles: [...c.seedArticles],
        appliesTo: c.appliesTo,
        period: null,
        params: paramList(c),
        version: c.version,
        effectiveFrom: c.effectiveFrom,
        evaluated: false,
      })),
    ],
  }
}
