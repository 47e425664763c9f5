import { describe, expect, it } from 'vitest'
import { labelOf, z } from '../zod.ts'
import { maskPhone, mobilePhone, normalizeMobilePhone, parseMobilePhone } from './phone.ts'

describe('parseMobilePhone: accepted', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['19912345678', '19912345678'],
    ['16612345678', '16612345678'],
    ['  13812345678  ', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['0086-138-1234-5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['＋８６\u3000１３８－１２３４－５６７８', '13812345678'],
  ])('%j → %s', (input, value) => {
    expect(parseMobilePhone(input)).toEqual({ ok: true, value })
  })
})

describe('parseMobilePhone: refused', () => {
  it.each([
    ['', '请填写手机号'],
    [' - ', '请填写手机号'],
    ['1381234567', '手机号应为 11 位数字，现为 10 位'],
    ['138123456789', '手机号应为 11 位数字，现为 12 位'],
    // Only +86 and 0086 are prefixes; a bare 86 is read as part of the number.
    ['8613812345678', '手机号应为 11 位数字，现为 13 位'],
    ['12812345678', '手机号号段不正确（应以 13～19 开头）'],
    ['10012345678', '手机号号段不正确（应以 13～19 开头）'],
    ['23812345678', '手机号号段不正确（应以 13～19 开头）'],
    ['138l2345678', '手机号含有非法字符“l”'],
    ['(138)12345678', '手机号含有非法字符“(”'],
    ['027-8765432', '手机号应为 11 位数字，现为 10 位'],
    ['+1 4155552671', '手机号含有非法字符“+”'],
  ])('%j → %s', (input, message) => {
    expect(parseMobilePhone(input)).toEqual({ ok: false, message })
  })

  it('names the field it was given', () => {
    expect(parseMobilePhone('123', { label: '联系电话' })).toEqual({ ok: false, message: '联系电话应为 11 位数字，现为 3 位' })
  })
})

describe('normalizeMobilePhone', () => {
  it.each([
    ['+86 138-1234-5678', '13812345678'],
    ['００８６ １３８１２３４５６７８', '13812345678'],
    ['138—1234—5678', '13812345678'],
    // Not a number: left for parseMobilePhone to explain.
    ['abc', 'abc'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeMobilePhone(input)).toBe(expected)
  })
})

describe('mobilePhone() schema', () => {
  const Contact = z.object({ phone: mobilePhone() })

  it('outputs the bare 11 digits', () => {
    expect(Contact.parse({ phone: '+86 138-1234-5678' })).toEqual({ phone: '13812345678' })
  })

  it.each([
    [{}, '请填写手机号'],
    [{ phone: 13812345678 }, '手机号必须是文本'],
    [{ phone: '' }, '请填写手机号'],
    [{ phone: '12812345678' }, '手机号号段不正确（应以 13～19 开头）'],
    [{ phone: '1'.repeat(50) }, '手机号应为 11 位数字'],
  ])('%j → %s, at the field', (body, message) => {
    const result = Contact.safeParse(body)
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['phone'], message })])
  })

  it('uses its label in messages and as the field title', () => {
    const schema = z.object({ contactPhone: mobilePhone('联系人手机号') })
    expect(schema.safeParse({ contactPhone: '1381234567' }).error?.issues[0]?.message).toBe(
      '联系人手机号应为 11 位数字，现为 10 位',
    )
    expect(labelOf(schema, ['contactPhone'])).toBe('联系人手机号')
  })
})

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['19900001234', '199****1234'],
    // Not a normalized mobile number: only the last 4 stay visible.
    ['+8613812345678', '**********5678'],
    ['12345', '*2345'],
    ['123', '***'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected)
  })
})
