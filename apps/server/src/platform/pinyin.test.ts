import { describe, expect, it } from 'vitest'
import { isPinyinQuery, personNamePinyin, pinyinOf } from './pinyin.ts'

describe('pinyin for search', () => {
  it('reads words by the dictionary: polyphones of place names come out right', () => {
    expect(pinyinOf('中共武汉市江岸区委员会')).toEqual({ full: 'zhonggongwuhanshijianganquweiyuanhui', initials: 'zgwhsjaqwyh' })
    expect(pinyinOf('重庆长江大桥').full).toBe('chongqingchangjiangdaqiao')
  })

  it('reads the first characters of a person’s name as a surname', () => {
    expect(personNamePinyin('曾小明')).toEqual({ full: 'zengxiaoming', initials: 'zxm' })
    expect(personNamePinyin('单田芳').full).toBe('shantianfang')
    expect(personNamePinyin('解放').initials).toBe('xf')
    expect(pinyinOf('曾小明').full).not.toBe('zengxiaoming')
  })

  it('tells a pinyin query from a Chinese one', () => {
    expect(isPinyinQuery('zxm')).toBe(true)
    expect(isPinyinQuery('张')).toBe(false)
    expect(isPinyinQuery('z1')).toBe(false)
  })
})
