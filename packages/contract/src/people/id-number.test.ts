import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { labelOf, z } from '../zod.ts'
import { idNumber, idNumberConsistency, maskIdNumber, normalizeIdNumber, parseIdNumber } from './id-number.ts'

// The check character computed from the standard's definition (weights 2^(17-i) mod 11), not from
// the module's weight table, so the tests do not share a mistake with the code.
const checkDigit = (first17: string) => {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11)
  const check = (12 - (sum % 11)) % 11 // the weighted sum including the check character is ≡ 1 (mod 11)
  return check === 10 ? 'X' : String(check)
}

describe('parseIdNumber: valid numbers', () => {
  it.each([
    // GB 11643-1999's own example: check character X.
    ['11010519491231002X', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['420106199003071238', '420106199003071238', '1990-03-07', 'male', '420106'],
    ['420102199003070029', '420102199003070029', '1990-03-07', 'female', '420102'],
    ['42011120000229003X', '42011120000229003X', '2000-02-29', 'male', '420111'],
    ['420111200002290048', '420111200002290048', '2000-02-29', 'female', '420111'],
    ['420102190001010013', '420102190001010013', '1900-01-01', 'male', '420102'],
    // 15-digit numbers (GB 11643-1989) gain '19' and a check character.
    ['420102750615123', '420102197506151235', '1975-06-15', 'male', '420102'],
    ['130503670401001', '130503196704010016', '1967-04-01', 'male', '130503'],
    // Lower-case x, full-width digits and letters, surrounding spaces (also full-width).
    ['11010519491231002x', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['１１０１０５１９４９１２３１００２ｘ', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['４２０１０２７５０６１５１２３', '420102197506151235', '1975-06-15', 'male', '420102'],
    ['  420106199003071238\t', '420106199003071238', '1990-03-07', 'male', '420106'],
    ['\u3000420106199003071238\u3000', '420106199003071238', '1990-03-07', 'male', '420106'],
  ])('%s → %s, born %s, %s, division %s', (input, value, birthDate, gender, divisionCode) => {
    expect(parseIdNumber(input)).toEqual({ ok: true, value, birthDate, gender, divisionCode })
  })

  it('accepts a birth date of today and refuses tomorrow', () => {
    const id = (first17: string) => first17 + checkDigit(first17)
    const born = id('42010220240501001')
    expect(parseIdNumber(born, { today: '2024-05-01' })).toMatchObject({ ok: true, birthDate: '2024-05-01' })
    expect(parseIdNumber(born, { today: '2024-04-30' })).toEqual({
      ok: false,
      reason: 'birth_date',
      message: '身份证号中的出生日期无效（20240501 晚于今天）',
    })
  })
})

describe('parseIdNumber: refused numbers', () => {
  it.each([
    ['', 'required', '请填写身份证号'],
    ['   ', 'required', '请填写身份证号'],
    ['4201061990030712', 'length', '身份证号长度应为 18 位（或 15 位旧号码），现为 16 位'],
    ['42010619900307123', 'length', '身份证号长度应为 18 位（或 15 位旧号码），现为 17 位'],
    ['4201061990030712381', 'length', '身份证号长度应为 18 位（或 15 位旧号码），现为 19 位'],
    ['42010275061512', 'length', '身份证号长度应为 18 位（或 15 位旧号码），现为 14 位'],
    ['42010619900307123A', 'characters', '身份证号含有非法字符“A”'],
    ['42010619900307123中', 'characters', '身份证号含有非法字符“中”'],
    ['420106-19900307-1238', 'characters', '身份证号含有非法字符“-”'],
    ['420106 19900307 1238', 'characters', '身份证号含有非法字符“空格”'],
    ['4201061990030X1238', 'characters', '身份证号含有非法字符“X”（X 只能是最后一位）'],
    ['42010275061512X', 'characters', '身份证号含有非法字符“X”（15 位旧号码只能是数字）'],
    ['420106199002301238', 'birth_date', '身份证号中的出生日期无效（19900230 不是有效日期）'],
    ['420106199013071238', 'birth_date', '身份证号中的出生日期无效（19901307 不是有效日期）'],
    ['420106199003001238', 'birth_date', '身份证号中的出生日期无效（19900300 不是有效日期）'],
    ['420106199004311238', 'birth_date', '身份证号中的出生日期无效（19900431 不是有效日期）'],
    // 1900 is not a leap year (divisible by 100, not by 400); 2000 is (see the valid table).
    ['420102190002290013', 'birth_date', '身份证号中的出生日期无效（19000229 不是有效日期）'],
    ['420102189912310013', 'birth_date', '身份证号中的出生日期无效（18991231 早于 1900-01-01）'],
    ['440524188001010014', 'birth_date', '身份证号中的出生日期无效（18800101 早于 1900-01-01）'],
    ['420102299901010013', 'birth_date', '身份证号中的出生日期无效（29990101 晚于今天）'],
    ['420106199003071239', 'check_digit', '身份证号校验码不正确（应为 8）'],
    ['420106199003071230', 'check_digit', '身份证号校验码不正确（应为 8）'],
    ['110105194912310021', 'check_digit', '身份证号校验码不正确（应为 X）'],
    // A transposed pair of digits in the sequence: the checksum catches it too.
    ['420106199003072138', 'check_digit', '身份证号校验码不正确（应为 4）'],
  ])('%j → %s: %s', (input, reason, message) => {
    expect(parseIdNumber(input)).toEqual({ ok: false, reason, message })
  })

  it('names the field it was given', () => {
    expect(parseIdNumber('123', { label: '证件号码' })).toMatchObject({
      message: '证件号码长度应为 18 位（或 15 位旧号码），现为 3 位',
    })
    expect(parseIdNumber('', { label: '证件号码' })).toMatchObject({ message: '请填写证件号码' })
  })
})

describe('normalizeIdNumber', () => {
  it.each([
    ['11010519491231002x', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２ｘ', '11010519491231002X'],
    [' 130503670401001 ', '130503196704010016'],
    // Not an ID number: returned for parseIdNumber to explain, not silently changed.
    ['abc', 'abc'],
    ['4201061990030712', '4201061990030712'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeIdNumber(input)).toBe(expected)
  })
})

describe('idNumberConsistency', () => {
  const male = '420106199003071238' // 1990-03-07, 男
  const female = '11010519491231002X' // 1949-12-31, 女

  it.each([
    ['matching date and gender', { idNumber: male, birthDate: '1990-03-07', gender: 'male' as const }, []],
    ['matching GB/T 2261.1 gender code', { idNumber: female, gender: '2' as const }, []],
    ['no other fields', { idNumber: male }, []],
    ['null fields', { idNumber: male, birthDate: null, gender: null }, []],
    ['a lower-case, full-width number', { idNumber: '１１０１０５１９４９１２３１００２ｘ', birthDate: '1949-12-31' }, []],
    ['a 15-digit number', { idNumber: '420102750615123', birthDate: '1975-06-15', gender: '1' as const }, []],
    [
      'another birth date',
      { idNumber: male, birthDate: '1990-07-03' },
      [{ field: 'birthDate', message: '出生日期与身份证号不一致（身份证号中为 1990-03-07）' }],
    ],
    [
      'another gender',
      { idNumber: female, gender: 'male' as const },
      [{ field: 'gender', message: '性别与身份证号不一致（身份证号中为 女）' }],
    ],
    [
      'another gender code',
      { idNumber: male, gender: '2' as const },
      [{ field: 'gender', message: '性别与身份证号不一致（身份证号中为 男）' }],
    ],
    [
      'both wrong',
      { idNumber: female, birthDate: '1949-12-30', gender: '1' as const },
      [
        { field: 'birthDate', message: '出生日期与身份证号不一致（身份证号中为 1949-12-31）' },
        { field: 'gender', message: '性别与身份证号不一致（身份证号中为 女）' },
      ],
    ],
    // The number's own field reports a bad number; nothing can be compared with it.
    ['an invalid number', { idNumber: '420106199003071239', birthDate: '2001-01-01', gender: '2' as const }, []],
  ])('%s', (_name, person, expected) => {
    expect(idNumberConsistency(person)).toEqual(expected)
  })
})

describe('idNumber() schema', () => {
  const Person = z.object({ idNumber: idNumber() })

  it('outputs the normalized 18-digit number', () => {
    expect(idNumber().parse(' 11010519491231002x ')).toBe('11010519491231002X')
    expect(idNumber().parse('130503670401001')).toBe('130503196704010016')
  })

  it.each([
    [{}, '请填写身份证号'],
    [{ idNumber: 4201061990030712 }, '身份证号必须是文本'],
    [{ idNumber: '' }, '请填写身份证号'],
    [{ idNumber: '110105194912310021' }, '身份证号校验码不正确（应为 X）'],
    [{ idNumber: '420106199002301238' }, '身份证号中的出生日期无效（19900230 不是有效日期）'],
    [{ idNumber: '1'.repeat(100) }, '身份证号长度应为 18 位（或 15 位旧号码）'],
  ])('%j → %s, at the field', (body, message) => {
    const result = Person.safeParse(body)
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['idNumber'], message })])
  })

  it('uses its label in messages and as the field title', () => {
    const schema = z.object({ spouseIdNumber: idNumber('配偶身份证号') })
    expect(schema.safeParse({ spouseIdNumber: '123' }).error?.issues[0]?.message).toBe(
      '配偶身份证号长度应为 18 位（或 15 位旧号码），现为 3 位',
    )
    expect(labelOf(schema, ['spouseIdNumber'])).toBe('配偶身份证号')
    expect(labelOf(Person, ['idNumber'])).toBe('身份证号')
  })

  it('has a JSON Schema for request bodies', () => {
    expect(z.toJSONSchema(idNumber(), { io: 'input' })).toMatchObject({ type: 'string', maxLength: 64, title: '身份证号' })
  })
})

describe('maskIdNumber', () => {
  it.each([
    ['11010519491231002X', '**************002X'],
    ['420106199003071238', '**************1238'],
    ['123', '***'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected)
  })
})

describe('property: generated numbers', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0')
  const birthDate = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10))
  const generated = fc
    .record({
      division: fc.integer({ min: 0, max: 999_999 }).map((n) => pad(n, 6)),
      birthDate,
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ division, birthDate, sequence }) => {
      const first17 = division + birthDate.replaceAll('-', '') + pad(sequence, 3)
      return { division, birthDate, sequence, value: first17 + checkDigit(first17) }
    })

  it('parse back to their division, birth date and gender', () => {
    fc.assert(
      fc.property(generated, ({ division, birthDate, sequence, value }) => {
        expect(parseIdNumber(value)).toEqual({
          ok: true,
          value,
          birthDate,
          gender: sequence % 2 === 1 ? 'male' : 'female',
          divisionCode: division,
        })
      }),
      { numRuns: 500 },
    )
  })

  it('15-digit numbers upgrade to the 18-digit number with the same date and sequence', () => {
    const legacy = fc.record({
      division: fc.integer({ min: 0, max: 999_999 }).map((n) => pad(n, 6)),
      birthDate: fc
        .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('1999-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      sequence: fc.integer({ min: 0, max: 999 }).map((n) => pad(n, 3)),
    })
    fc.assert(
      fc.property(legacy, ({ division, birthDate, sequence }) => {
        const old = division + birthDate.slice(2).replaceAll('-', '') + sequence
        const first17 = division + birthDate.replaceAll('-', '') + sequence
        expect(parseIdNumber(old)).toMatchObject({ ok: true, value: first17 + checkDigit(first17), birthDate })
      }),
      { numRuns: 300 },
    )
  })

  it('fail when any single character is changed (MOD 11-2 catches every single-digit error)', () => {
    const mutation = generated.chain((g) =>
      fc.integer({ min: 0, max: 17 }).chain((position) => {
        const choices = position === 17 ? '0123456789X' : '0123456789'
        const replacements = [...choices].filter((c) => c !== g.value[position])
        return fc.constantFrom(...replacements).map((replacement) => ({ ...g, position, replacement }))
      }),
    )
    fc.assert(
      fc.property(mutation, ({ value, position, replacement }) => {
        const changed = value.slice(0, position) + replacement + value.slice(position + 1)
        const result = parseIdNumber(changed)
        expect(result.ok).toBe(false)
        // Outside the date the checksum is what catches it; inside, the date may already be invalid.
        const isDate = position >= 6 && position < 14
        if (!result.ok) expect(isDate ? ['birth_date', 'check_digit'] : ['check_digit']).toContain(result.reason)
      }),
      { numRuns: 2000 },
    )
  })
})
