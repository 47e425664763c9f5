import { randomUUID } from 'node:crypto'
import { idNumberCheckDigit } from '@xianfeng/contract'
import { createPiiCipher, piiKeysFromConfig } from '../../platform/crypto/pii.ts'
import type { Executor } from '../../platform/db.ts'
import { personNamePinyin } from '../../platform/pinyin.ts'
import { createPersonPii } from './person-pii.ts'

// Surnames with their approximate share of the population (per 1,000, 2020 census order) — 向 and
// 覃 are common in western Hubei — and common given-name characters by gender.
const SURNAMES: [string, number][] = [
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
const GIVEN = {
  '1': '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国文志海峰成东亮晨博翔',
  '2': '芳娜敏静丽艳娟霞秀燕玲桂丹萍红玉兰琳慧婷雪倩颖晶洁梅琴云莉欣佳怡雯蕾悦璐',
} as const
// Education codes with rough weights for party members
const EDUCATION: [string, number][] = [
  ['14', 6],
  ['20', 30],
  ['30', 24],
  ['40', 12],
  ['60', 14],
  ['70', 10],
  ['80', 4],
]

/** mulberry32: a small seeded generator, so the same seed gives the same people. */
function rngOf(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function weighted<T>(rng: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = rng() * total
  for (const [item, w] of items) if ((r -= w) < 0) return item
  return items[items.length - 1]![0]
}

const iso = (d: Date) => d.toISOString().slice(0, 10)
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000)

/**
 * Deterministic demo members for the given branches: realistic names, valid ID numbers of the given
 * division, dates in the right order, most full members, some probationary, activists and
 * applicants; between `perBranch[0]` and `perBranch[1]` people per branch, so that some branches
 * trip the branch-setting warnings. Each person's relation with their branch starts when they applied,
 * or when the branch was established if that came later (they came from elsewhere then). Returns the
 * number of people created.
 */
export async function seedDemoMembers(
  tx: Executor,
  opts: {
    encryptionKey: Buffer
    branches: { id: string; establishedOn: string | null }[]
    division: string
    seed: number
    perBranch: [number, number]
    today: Date
  },
): Promise<number> {
  const rng = rngOf(opts.seed)
  const pii = createPersonPii(createPiiCipher(piiKeysFromConfig(opts.encryptionKey)))
  const usedIds = new Set<string>()
  const people = []
  const members = []
  const statusHistory = []
  const orgHistory = []
  for (const { id: branchId, establishedOn } of opts.branches) {
    const n = opts.perBranch[0] + Math.floor(rng() * (opts.perBranch[1] - opts.perBranch[0] + 1))
    for (let i = 0; i < n; i++) {
      const id = randomUUID()
      const gender = rng() < 0.72 ? '1' : '2'
      const given = GIVEN[gender]
      const name =
        weighted(rng, SURNAMES) +
        given[Math.floor(rng() * given.length)] +
        (rng() < 0.7 ? given[Math.floor(rng() * given.length)] : '')
      const birth = addDays(opts.today, -Math.floor((22 + rng() * 58) * 365.25))
      let idNumber: string
      do {
        const seq = String(Math.floor(rng() * 500) * 2 + (gender === '1' ? 1 : 0)).padStart(3, '0')
        const first17 = `${opts.division}${iso(birth).replaceAll('-', '')}${seq}`
        idNumber = first17 + idNumberCheckDigit(first17)
      } while (usedIds.has(idNumber))
      usedIds.add(idNumber)
      const phone = rng() < 0.85 ? `1${3 + Math.floor(rng() * 7)}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}` : null
      const r = rng()
      const status = r < 0.86 ? 'full' : r < 0.92 ? 'probationary' : r < 0.97 ? 'activist' : 'applicant'
      // applied at 19–30, then the stages at least their minimum apart
      const applied = addDays(birth, Math.floor((19 + rng() * 11) * 365.25))
      const activist = addDays(applied, 60 + Math.floor(rng() * 300))
      const candidate = addDays(activist, 370 + Math.floor(rng() * 400))
      const admitted = addDays(candidate, 90 + Math.floor(rng() * 120))
      const full = addDays(admitted, 366)
      const stages: Record<string, Date | null> = {
        applied_on: applied,
        activist_on: status === 'applicant' ? null : activist,
        candidate_on: status === 'applicant' || status === 'activist' ? null : candidate,
        admitted_on: status === 'full' || status === 'probationary' ? admitted : null,
        full_on: status === 'full' ? full : null,
      }
      // Nobody's stages lie in the future: shift the whole life earlier if needed.
      const last = Object.values(stages)
        .filter((d): d is Date => d !== null)
        .sort((a, b) => b.getTime() - a.getTime())[0]!
      const shift = Math.max(0, Math.ceil((last.getTime() - opts.today.getTime()) / 86_400_000) + 1)
      const dates = Object.fromEntries(Object.entries(stages).map(([k, d]) => [k, d ? iso(addDays(d, -shift)) : null]))
      if (new Date(dates.applied_on!) < addDays(birth, 18 * 365.25)) continue
      const sealedId = pii.sealIdNumber(id, idNumber)
      const sealedPhone = phone ? pii.sealPhone(id, phone) : null
      const py = personNamePinyin(name)
      people.push({
        id,
        name,
        name_pinyin: py.full,
        name_initials: py.initials,
        gender,
        ethnicity:
          rng() < 0.93
            ? '01'
            : weighted(rng, [
                ['03', 3],
                ['15', 2],
                ['10', 1],
              ] as [string, number][]),
        birth_date: iso(birth),
        id_number_enc: sealedId.enc,
        id_number_hash: sealedId.hash,
        phone_enc: sealedPhone?.enc ?? null,
        phone_hash: sealedPhone?.hash ?? null,
        education: weighted(rng, EDUCATION),
      })
      members.push({ person_id: id, org_id: branchId, status, ...dates })
      const statusDate = {
        full: dates.full_on,
        probationary: dates.admitted_on,
        activist: dates.activist_on,
        applicant: dates.applied_on,
      }[status]!
      statusHistory.push({
        person_id: id,
        from_status: null,
        to_status: status,
        effective_on: statusDate,
        reason: '登记',
        document_no: null,
        recorded_by: null,
      })
      const joined = establishedOn && establishedOn > dates.applied_on! ? establishedOn : dates.applied_on!
      orgHistory.push({ person_id: id, org_id: branchId, valid_from: joined, reason: '登记' })
    }
  }
  for (let i = 0; i < people.length; i += 1000) {
    await tx
      .insertInto('people')
      .values(people.slice(i, i + 1000))
      .execute()
    await tx
      .insertInto('members')
      .values(members.slice(i, i + 1000))
      .execute()
    await tx
      .insertInto('member_status_history')
      .values(statusHistory.slice(i, i + 1000))
      .execute()
    await tx
      .insertInto('member_org_history')
      .values(orgHistory.slice(i, i + 1000))
      .execute()
  }
  return people.length
}
