import { describe, expect, it } from 'vitest'
import { cellDate, cellText, educationOf, ethnicityOf, flagOf, genderOf, statusOf } from './sheet-cells.ts'

describe('reading member sheet cells', () => {
  it('makes full-width text half-width and trims it', () => {
    expect(cellText('　４２０１０２ＡＢ　')).toBe('420102AB')
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三')
    expect(cellText({ formula: 'A1', result: 13812345678 })).toBe('13812345678')
    expect(cellText(null)).toBe('')
  })

  it('reads Excel dates, 1900-system serial numbers and the usual Chinese spellings', () => {
    expect(cellDate(new Date(Date.UTC(2020, 6, 1)))).toBe('2020-07-01')
    expect(cellDate(1)).toBe('1900-01-01')
    expect(cellDate(59)).toBe('1900-02-28')
    expect(cellDate(60)).toBe('60')
    expect(cellDate(61)).toBe('1900-03-01')
    expect(cellDate(43831)).toBe('2020-01-01')
    expect(cellDate(43831.75)).toBe('2020-01-01')
    expect(cellDate('43831')).toBe('2020-01-01')
    for (const s of ['2020-7-1', '2020/07/01', '2020.7.1', '2020年7月1日', '20200701', '２０２０－７－１'])
      expect(cellDate(s), s).toBe('2020-07-01')
  })

  it('leaves impossible dates as written, for the schema to name the field', () => {
    expect(cellDate('2021-02-29')).toBe('2021-02-29')
    expect(cellDate('2024-02-29')).toBe('2024-02-29')
    expect(cellDate('2021年13月1日')).toBe('2021年13月1日')
    expect(cellDate('明年')).toBe('明年')
    expect(cellDate(0)).toBe('0')
  })

  it('takes codes, standard names and short names for coded fields', () => {
    expect([genderOf('男'), genderOf('女性'), genderOf('2'), genderOf('未知')]).toEqual(['1', '2', '2', '未知'])
    expect([ethnicityOf('汉族'), ethnicityOf('汉'), ethnicityOf('15'), ethnicityOf('土家')]).toEqual(['01', '01', '15', '15'])
    expect([educationOf('本科'), educationOf('大专'), educationOf('博士'), educationOf('研究生教育')]).toEqual([
      '20',
      '30',
      '11',
      '10',
    ])
    expect([statusOf('正式党员'), statusOf('预备党员'), statusOf('党员')]).toEqual(['full', 'probationary', '党员'])
    expect([flagOf('是'), flagOf('否'), flagOf(''), flagOf('√'), flagOf('也许')]).toEqual([true, false, false, true, '也许'])
  })
})
