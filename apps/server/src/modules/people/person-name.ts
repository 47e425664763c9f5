import { pinyin } from 'pinyin-pro'

/**
 * Full pinyin and initials of a person's name, for search, with the first characters read as a
 * surname: 曾小明 → { full: 'zengxiaoming', initials: 'zxm' }, 单田芳 → 'shantianfang', 解 → xie,
 * 区 → ou, 仇 → qiu (platform/pinyin.ts reads them as ordinary words: ceng, dan, jie). Otherwise the
 * same output: lower case, no tones or spaces, non-Chinese characters passed through.
 */
export function personNamePinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true, surname: 'head' })
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean)
  return { full: clean.join(''), initials: clean.map((s) => s[0]).join('') }
}
