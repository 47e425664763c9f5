import { pinyin } from 'pinyin-pro'

/**
 * Full pinyin and initials of a Chinese name, lower case without spaces or tones, for search:
 * 中共武汉市委员会 → { full: 'zhonggongwuhanshiweiyuanhui', initials: 'zgwhswyh' }. Polyphones follow
 * pinyin-pro's word dictionary (重庆 → chongqing). With `surname`, the first characters are read as a
 * family name, as a person's name needs: 曾 zeng, 单 shan, 解 xie, 区 ou (as words: ceng, dan, jie, qu).
 * Non-Chinese characters pass through lower-cased.
 */
export function pinyinOf(name: string, opts: { surname?: boolean } = {}): { full: string; initials: string } {
  const syllables = pinyin(name, {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    v: true,
    ...(opts.surname && { surname: 'head' as const }),
  })
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean)
  return { full: clean.join(''), initials: clean.map((s) => s[0]).join('') }
}

/** A person's name: the first characters read as a surname. */
export const personNamePinyin = (name: string) => pinyinOf(name, { surname: true })

/** Whether a search term is pinyin (latin letters only), to be matched against the pinyin columns. */
export const isPinyinQuery = (q: string) => /^[a-z]+$/i.test(q)
