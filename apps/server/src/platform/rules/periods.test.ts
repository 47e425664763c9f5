import { describe, expect, it } from 'vitest'
import { periodOf, periodWord, previousPeriod } from './periods.ts'

describe('rule periods: the day before, of and after each boundary', () => {
  it.each([
    ['month', '2026-01-31', '2026-01-01', '2026-01-31', '2026年1月'],
    ['month', '2026-02-01', '2026-02-01', '2026-02-28', '2026年2月'],
    ['month', '2028-02-29', '2028-02-01', '2028-02-29', '2028年2月'],
    ['month', '2026-12-31', '2026-12-01', '2026-12-31', '2026年12月'],
    ['quarter', '2026-03-31', '2026-01-01', '2026-03-31', '2026年第一季度'],
    ['quarter', '2026-04-01', '2026-04-01', '2026-06-30', '2026年第二季度'],
    ['quarter', '2026-12-31', '2026-10-01', '2026-12-31', '2026年第四季度'],
    ['year', '2025-12-31', '2025-01-01', '2025-12-31', '2025年度'],
    ['year', '2026-01-01', '2026-01-01', '2026-12-31', '2026年度'],
  ] as const)('%s containing %s is %s – %s', (kind, day, start, end, label) => {
    expect(periodOf(kind, day, '2030-01-01')).toEqual({ start, end, label, isOpen: false })
  })

  it('a period is open through its last day and closed the day after', () => {
    expect(periodOf('month', '2026-11-15', '2026-11-30').isOpen).toBe(true)
    expect(periodOf('month', '2026-11-15', '2026-12-01').isOpen).toBe(false)
    expect(periodOf('quarter', '2026-11-15', '2026-12-31').isOpen).toBe(true)
    expect(periodOf('year', '2026-11-15', '2027-01-01').isOpen).toBe(false)
  })

  it('steps back across a year', () => {
    expect(previousPeriod('month', '2026-01-01', '2026-01-05').start).toBe('2025-12-01')
    expect(previousPeriod('quarter', '2026-01-01', '2026-01-05').start).toBe('2025-10-01')
    expect(previousPeriod('year', '2026-01-01', '2026-01-05')).toMatchObject({ start: '2025-01-01', end: '2025-12-31' })
  })

  it('says “本月” of the current month and names any other', () => {
    expect(periodWord('month', periodOf('month', '2026-11-27', '2026-11-27'), '2026-11-27')).toBe('本月')
    expect(periodWord('month', periodOf('month', '2026-10-31', '2026-11-27'), '2026-11-27')).toBe('2026年10月')
    expect(periodWord('year', periodOf('year', '2026-01-01', '2026-11-27'), '2026-11-27')).toBe('本年度')
  })
})
