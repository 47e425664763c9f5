import { pinyin } from 'pinyin-pro'

/**
 * Full pinyin and initials of a Chinese name, lower case without spaces or tones, for search:
 * 中共武汉市委员会 → { full: 'zhonggongwuhanshiweiyuanhui', initials: 'zgwhswyh' }. Polyphones follow
 * pinyin-pro's word dictionary (重庆 → chongqing). Non-Chinese characters pass through lower-cased.
 */
export function pinyinOf(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean)
  return { full: clean.join(''), initials: clean.map((s) => s[0]).join('') }
}

/** Whether a search term is pinyin (latin letters only), to be matched against the pinyin columns. */
export const isPinyinQuery = (q: string) => /^[a-z]+$/i.test(q)
