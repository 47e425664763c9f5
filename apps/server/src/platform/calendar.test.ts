import { describe, expect, it } from 'vitest'
import { addMonths, addWorkingDays, addYears, hasFullYears, holidaysKnown, isWorkingDay, withinMonths } from './calendar.ts'

describe('calendar arithmetic of the rules: the day before, of and after', () => {
  it('“满1年” is reached on the anniversary, not the day before; 29 February falls on the 28th', () => {
    expect(hasFullYears('2025-03-01', '2026-02-28', 1)).toBe(false)
    expect(hasFullYears('2025-03-01', '2026-03-01', 1)).toBe(true)
    expect(hasFullYears('2025-03-01', '2026-03-02', 1)).toBe(true)
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28')
    expect(hasFullYears('2024-02-29', '2025-02-27', 1)).toBe(false)
    expect(hasFullYears('2024-02-29', '2025-02-28', 1)).toBe(true)
  })

  it('“3个月内” includes the day three months on and not the day after; month ends are clamped', () => {
    expect(withinMonths('2026-01-15', '2026-04-14', 3)).toBe(true)
    expect(withinMonths('2026-01-15', '2026-04-15', 3)).toBe(true)
    expect(withinMonths('2026-01-15', '2026-04-16', 3)).toBe(false)
    expect(withinMonths('2026-01-15', '2026-01-14', 3)).toBe(false)
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28')
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
  })

  it('“每半年” steps six months, across a year', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28')
    expect(addMonths('2026-03-10', -6)).toBe('2025-09-10')
  })

  it('working days follow the official holidays and 调休 of the library’s notice', () => {
    expect(holidaysKnown(2026)).toBe(true)
    // 2026 National Day: 1–7 October off
    expect(isWorkingDay('2026-09-30')).toBe(true)
    expect(isWorkingDay('2026-10-01')).toBe(false)
    expect(isWorkingDay('2026-10-07')).toBe(false)
    expect(isWorkingDay('2026-10-08')).toBe(true)
    // a plain weekend and a plain weekday
    expect(isWorkingDay('2026-11-28')).toBe(false)
    expect(isWorkingDay('2026-11-27')).toBe(true)
    // five working days from Friday 2026-11-20 end on Friday 2026-11-27
    expect(addWorkingDays('2026-11-20', 5)).toBe('2026-11-27')
    // across National Day and its 调休 Saturday 2026-10-10: 09-30, 10-08, 10-09, 10-10, 10-12
    expect(isWorkingDay('2026-10-10')).toBe(true)
    expect(addWorkingDays('2026-09-29', 5)).toBe('2026-10-12')
  })
})
