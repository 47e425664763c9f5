import { describe, expect, it } from 'vitest'
import { ACTIVITY_RULES } from '../../modules/activities/activities.rules.ts'
import { createRulesRegistry, type RuleDef } from './registry.ts'

// Study hours are counted per org, year and whole hour (study_hours_by_org): the registry refuses an
// hours rule it could not evaluate from those counts.
describe('the rules registry', () => {
  const hours = ACTIVITY_RULES.find((r) => r.id === 'study.hours_yearly')!
  const param = (hours.evaluator as { param: string }).param
  const withHours = (change: (r: RuleDef) => RuleDef) => () => createRulesRegistry([change(hours)], [])

  it('takes the shipped hours rule', () => {
    expect(withHours((r) => r)).not.toThrow()
  })

  it('refuses an hours rule that is not yearly', () => {
    expect(withHours((r) => ({ ...r, period: 'month' }))).toThrow('must be yearly')
  })

  it('refuses an hours requirement that is not a whole number of hours', () => {
    expect(withHours((r) => ({ ...r, params: { ...r.params, [param]: { ...r.params[param]!, default: 32.5 } } }))).toThrow(
      'whole number of hours',
    )
  })
})
