import { idNumberCheckDigit } from '@xianfeng/contract'

// The pieces of a made-up but realistic person, shared by the small demo (people.demo.ts) and the
// province-scale dataset (bench/dataset.ts): the same seed always draws the same people.

// Surnames with their approximate share of the population (per 1,000, 2020 census order) — 向 and
// 覃 are common in western Hubei — and common given-name characters by gender.
export const SURNAMES: [string, number][] = [
  ['王', 71],
  ['李', 70],
  ['张', 63],
  ['刘', 54],
  ['陈', 45],
  ['杨', 31],
  ['黄', 25],
  ['赵', 23],
  ['吴', 20],
  ['周', 19],
  ['徐', 13],
  ['孙', 13],
  ['马', 12],
  ['朱', 11],
  ['胡', 11],
  ['郭', 10],
  ['何', 10],
  ['高', 10],
  ['林', 9],
  ['罗', 9],
  ['郑', 8],
  ['梁', 8],
  ['谢', 7],
  ['宋', 6],
  ['唐', 6],
  ['许', 6],
  ['韩', 6],
  ['冯', 5],
  ['邓', 5],
  ['曹', 5],
  ['彭', 5],
  ['曾', 5],
  ['肖', 5],
  ['田', 4],
  ['董', 4],
  ['袁', 4],
  ['潘', 4],
  ['于', 4],
  ['蒋', 4],
  ['蔡', 4],
  ['余', 4],
  ['杜', 3],
  ['叶', 3],
  ['程', 3],
  ['魏', 3],
  ['苏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['沈', 3],
  ['姚', 3],
  ['卢', 3],
  ['姜', 3],
  ['崔', 3],
  ['钟', 3],
  ['谭', 3],
  ['陆', 2],
  ['汪', 2],
  ['范', 2],
  ['金', 2],
  ['石', 2],
  ['廖', 2],
  ['贾', 2],
  ['夏', 2],
  ['付', 2],
  ['方', 2],
  ['熊', 2],
  ['邹', 2],
  ['雷', 2],
  ['向', 2],
  ['龚', 2],
  ['万', 2],
  ['严', 1],
  ['覃', 1],
  ['戴', 1],
  ['孔', 1],
  ['单', 1],
  ['解', 1],
]
export const GIVEN = {
  '1': '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国文志海峰成东亮晨博翔',
  '2': '芳娜敏静丽艳娟霞秀燕玲桂丹萍红玉兰琳慧婷雪倩颖晶洁梅琴云莉欣佳怡雯蕾悦璐',
} as const
// Education codes with rough weights for party members
export const EDUCATION: [string, number][] = [
  ['14', 6],
  ['20', 30],
  ['30', 24],
  ['40', 12],
  ['60', 14],
  ['70', 10],
  ['80', 4],
]

/** mulberry32: a small seeded generator, so the same seed gives the same people. */
export function rngOf(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function weighted<T>(rng: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = rng() * total
  for (const [item, w] of items) if ((r -= w) < 0) return item
  return items[items.length - 1]![0]
}

export const iso = (d: Date) => d.toISOString().slice(0, 10)
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000)

/**
 * A generator with 128 bits of state (sfc32), seeded from a seed and a name by a 128-bit string hash:
 * for data sets with millions of draws, where the 32-bit state of rngOf would repeat itself (two
 * streams would overlap, and ids drawn from them would collide). Each part of a data set takes its
 * own named stream, so adding to one part does not shift the others.
 */
export function streamOf(seed: number, name: string): () => number {
  const key = `${seed}:${name}`
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  let a = (h1 ^ h2 ^ h3 ^ h4) >>> 0
  let b = (h2 ^ h1) >>> 0
  let c = (h3 ^ h1) >>> 0
  let d = (h4 ^ h1) >>> 0
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t / 4294967296
  }
  for (let i = 0; i < 12; i++) next()
  return next
}

/** A version-4-shaped UUID drawn from the generator, so that seeded data has the same ids every time. */
export function uuidOf(rng: () => number): string {
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0')
  const a = hex(rng() * 2 ** 32, 8)
  const b = hex(rng() * 2 ** 16, 4)
  const c = `4${hex(rng() * 2 ** 12, 3)}`
  const d = `${(8 + Math.floor(rng() * 4)).toString(16)}${hex(rng() * 2 ** 12, 3)}`
  const e = hex(rng() * 2 ** 24, 6) + hex(rng() * 2 ** 24, 6)
  return `${a}-${b}-${c}-${d}-${e}`
}

/** An 18-digit ID number of the division, birth date and three-digit sequence (odd for men). */
export function idNumberOf(division: string, birth: string, seq: number): string {
  const first17 = `${division}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  return first17 + idNumberCheckDigit(first17)
}

export type DemoStatus = 'applicant' | 'activist' | 'candidate' | 'probationary' | 'full'

export interface DemoPerson {
  name: string
  gender: '1' | '2'
  birthDate: string
  idNumber: string
  phone: string | null
  status: DemoStatus
  applied_on: string
  activist_on: string | null
  candidate_on: string | null
  admitted_on: string | null
  full_on: string | null
  /** The day the current status began. */
  statusOn: string
  ethnicity: string
  education: string
}

/**
 * Draws one person: a name by surname and given-name frequencies, a birth date 22–80 years before
 * `today`, the ID number `idNumber` makes of it, a phone for most, a status from `statusOf(r)`, and
 * stage dates at least their minimum apart, none in the future. Null when the drawn life would have
 * the application before 18 (the caller draws again or skips).
 */
export function drawPerson(
  rng: () => number,
  opts: { today: Date; idNumber: (birth: string, gender: '1' | '2') => string; statusOf: (r: number) => DemoStatus },
): DemoPerson | null {
  const gender = rng() < 0.72 ? '1' : '2'
  const given = GIVEN[gender]
  const name =
    weighted(rng, SURNAMES) +
    given[Math.floor(rng() * given.length)] +
    (rng() < 0.7 ? given[Math.floor(rng() * given.length)] : '')
  const birth = addDays(opts.today, -Math.floor((22 + rng() * 58) * 365.25))
  const birthDate = iso(birth)
  const idNumber = opts.idNumber(birthDate, gender)
  const phone = rng() < 0.85 ? `1${3 + Math.floor(rng() * 7)}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}` : null
  const status = opts.statusOf(rng())
  // applied at 19–30, then the stages at least their minimum apart
  const applied = addDays(birth, Math.floor((19 + rng() * 11) * 365.25))
  const activist = addDays(applied, 60 + Math.floor(rng() * 300))
  const candidate = addDays(activist, 370 + Math.floor(rng() * 400))
  const admitted = addDays(candidate, 90 + Math.floor(rng() * 120))
  const full = addDays(admitted, 366)
  const stages = {
    applied_on: applied,
    activist_on: status === 'applicant' ? null : activist,
    candidate_on: status === 'applicant' || status === 'activist' ? null : candidate,
    admitted_on: status === 'full' || status === 'probationary' ? admitted : null,
    full_on: status === 'full' ? full : null,
  }
  // Nobody's stages lie in the future: shift the whole life earlier if needed.
  const last = stages.full_on ?? stages.admitted_on ?? stages.candidate_on ?? stages.activist_on ?? applied
  const shift = Math.max(0, Math.ceil((last.getTime() - opts.today.getTime()) / 86_400_000) + 1)
  const at = (d: Date | null) => (d ? iso(addDays(d, -shift)) : null)
  const dates = {
    applied_on: at(stages.applied_on)!,
    activist_on: at(stages.activist_on),
    candidate_on: at(stages.candidate_on),
    admitted_on: at(stages.admitted_on),
    full_on: at(stages.full_on),
  }
  if (new Date(dates.applied_on) < addDays(birth, 18 * 365.25)) return null
  const ethnicity =
    rng() < 0.93
      ? '01'
      : weighted(rng, [
          ['03', 3],
          ['15', 2],
          ['10', 1],
        ] as [string, number][])
  const education = weighted(rng, EDUCATION)
  const statusOn = {
    full: dates.full_on,
    probationary: dates.admitted_on,
    candidate: dates.candidate_on,
    activist: dates.activist_on,
    applicant: dates.applied_on,
  }[status]!
  return { name, gender, birthDate, idNumber, phone, status, ...dates, statusOn, ethnicity, education }
}
