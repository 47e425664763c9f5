import { describe, expect, it } from 'vitest'
import { labelOf, z } from '../zod.ts'
import {
  EDUCATION_LEVEL_CODES,
  EDUCATION_LEVEL_OPTIONS,
  EDUCATION_LEVELS,
  educationCategoryOf,
  educationLevel,
  ETHNICITIES,
  ETHNICITY_CODES,
  ETHNICITY_OPTIONS,
  ethnicity,
  gender,
  GENDER_CODES,
  GENDER_OPTIONS,
  GENDERS,
  genderCodeOf,
} from './codes.ts'

describe('ETHNICITIES (GB/T 3304-1991)', () => {
  it('numbers the 56 ethnic groups 01–56, then 97 and 98', () => {
    const expected = [...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')), '97', '98']
    expect(ETHNICITY_CODES).toEqual(expected)
    expect(Object.keys(ETHNICITIES).sort()).toEqual(expected)
  })

  it('names each group once, ending in 族', () => {
    const groups = ETHNICITY_CODES.slice(0, 56).map((c) => ETHNICITIES[c])
    expect(new Set(groups).size).toBe(56)
    for (const name of groups) expect(name).toMatch(/^\p{Script=Han}+族$/u)
  })

  it.each([
    ['01', '汉族'],
    ['02', '蒙古族'],
    ['03', '回族'],
    ['05', '维吾尔族'],
    ['08', '壮族'],
    ['10', '朝鲜族'],
    ['15', '土家族'],
    ['36', '毛南族'],
    ['46', '德昂族'],
    ['56', '基诺族'],
    ['97', '其他'],
    ['98', '外国血统中国籍人士'],
  ] as const)('%s is %s', (code, name) => {
    expect(ETHNICITIES[code]).toBe(name)
  })

  it('offers the options in code order, 汉族 first', () => {
    expect(ETHNICITY_OPTIONS[0]).toEqual({ value: '01', label: '汉族' })
    expect(ETHNICITY_OPTIONS.map((o) => o.value)).toEqual(ETHNICITY_CODES)
  })
})

describe('EDUCATION_LEVELS (GB/T 4658-2006)', () => {
  it('has the eight top-level categories', () => {
    expect(EDUCATION_LEVEL_CODES.filter((c) => c.endsWith('0'))).toEqual(['10', '20', '30', '40', '60', '70', '80', '90'])
  })

  it('lists codes in order, each under a category it has', () => {
    expect([...EDUCATION_LEVEL_CODES]).toEqual([...EDUCATION_LEVEL_CODES].sort())
    for (const code of EDUCATION_LEVEL_CODES) expect(EDUCATION_LEVELS[educationCategoryOf(code)]).toBeDefined()
  })

  it.each([
    ['10', '10', '研究生教育'],
    ['11', '10', '博士研究生毕业'],
    ['14', '10', '硕士研究生毕业'],
    ['20', '20', '大学本科教育'],
    ['30', '30', '大学专科教育'],
    ['41', '40', '中等专科毕业'],
    ['44', '40', '职业高中毕业'],
    ['47', '40', '技工学校毕业'],
    ['60', '60', '普通高级中学教育'],
    ['90', '90', '其他'],
  ] as const)('%s is under %s: %s', (code, category, name) => {
    expect(EDUCATION_LEVELS[code]).toBe(name)
    expect(educationCategoryOf(code)).toBe(category)
  })

  it('offers the options in code order', () => {
    expect(EDUCATION_LEVEL_OPTIONS.map((o) => o.value)).toEqual(EDUCATION_LEVEL_CODES)
  })
})

describe('GENDERS (GB/T 2261.1-2003)', () => {
  it('codes 1 男 and 2 女', () => {
    expect(GENDERS).toEqual({ '1': '男', '2': '女' })
    expect(GENDER_CODES).toEqual(['1', '2'])
    expect(GENDER_OPTIONS).toEqual([
      { value: '1', label: '男' },
      { value: '2', label: '女' },
    ])
  })

  it('maps the gender read from an ID number to its code', () => {
    expect(genderCodeOf('male')).toBe('1')
    expect(genderCodeOf('female')).toBe('2')
  })
})

describe('schema factories', () => {
  const Person = z.object({ ethnicity: ethnicity(), education: educationLevel(), gender: gender() })

  it('accept the codes', () => {
    expect(Person.parse({ ethnicity: '01', education: '14', gender: '2' })).toEqual({
      ethnicity: '01',
      education: '14',
      gender: '2',
    })
  })

  it.each([
    [{ education: '20', gender: '1' }, ['ethnicity'], '请选择民族'],
    [{ ethnicity: '57', education: '20', gender: '1' }, ['ethnicity'], '民族的取值不在允许范围内'],
    [{ ethnicity: '1', education: '20', gender: '1' }, ['ethnicity'], '民族的取值不在允许范围内'],
    [{ ethnicity: '01', education: '12', gender: '1' }, ['education'], '学历的取值不在允许范围内'],
    [{ ethnicity: '01', gender: '1' }, ['education'], '请选择学历'],
    [{ ethnicity: '01', education: '20', gender: '0' }, ['gender'], '性别的取值不在允许范围内'],
    [{ ethnicity: '01', education: '20', gender: 'male' }, ['gender'], '性别的取值不在允许范围内'],
  ])('%j → %j: %s', (body, path, message) => {
    expect(Person.safeParse(body).error?.issues).toEqual([expect.objectContaining({ path, message })])
  })

  it('use their label in messages and as the field title', () => {
    const schema = z.object({ highest: educationLevel('最高学历') })
    expect(schema.safeParse({}).error?.issues[0]?.message).toBe('请选择最高学历')
    expect(labelOf(schema, ['highest'])).toBe('最高学历')
    expect(labelOf(Person, ['ethnicity'])).toBe('民族')
  })
})
