// The people and members of the demo dataset, drawn branch by branch and written straight into the
// text format of COPY (one line a row), with ID numbers and phones sealed by the platform cipher.
// Drawing and sealing is the costly part of a load (two AES-GCM seals and two keyed hashes a person),
// so it runs in worker threads (dataset-worker.ts), one division at a time: a division's people share
// the ID-number sequence counters, and each branch draws from its own seeded stream, so the same seed
// gives the same people whichever worker draws them.
import { createPiiCipher, piiKeysFromConfig } from '../platform/crypto/pii.ts'
import { personNamePinyin } from '../platform/pinyin.ts'
import { drawPerson, idNumberOf, iso, streamOf, uuidOf, weighted, type DemoStatus } from '../modules/people/demo-person.ts'
import { createPersonPii } from '../modules/people/person-pii.ts'

/** A branch that gets members: how many, and the division its people's ID numbers carry. */
export interface PlannedBranch {
  id: string
  established_on: string
  division6: string
  members: number
}

/** The columns of the two COPY streams, in the order of each line. */
export const PEOPLE_COPY_COLUMNS = [
  'id',
  'name',
  'name_pinyin',
  'name_initials',
  'gender',
  'ethnicity',
  'birth_date',
  'id_number_enc',
  'id_number_hash',
  'phone_enc',
  'phone_hash',
  'education',
] as const
export const MEMBERS_COPY_COLUMNS = [
  'person_id',
  'org_id',
  'status',
  'applied_on',
  'activist_on',
  'candidate_on',
  'admitted_on',
  'full_on',
  'left_on',
  'left_reason',
  'left_document',
] as const

/** Some thousands of people as COPY text for `people` and for `members`. */
export interface MemberChunk {
  people: string
  members: string
  count: number
}

const LEFT_WEIGHTS: Record<'full' | 'other', [string, number][]> = {
  full: [
    ['deceased', 58],
    ['transferred_out', 34],
    ['withdrawn', 2],
    ['removed', 4],
    ['expelled', 2],
  ],
  other: [
    ['transferred_out', 60],
    ['withdrawn', 35],
    ['deceased', 5],
  ],
}
const LEFT_DOCUMENT_NEEDED = new Set(['removed', 'expelled', 'probation_cancelled'])

const statusOf = (r: number): DemoStatus =>
  r < 0.845 ? 'full' : r < 0.89 ? 'probationary' : r < 0.915 ? 'candidate' : r < 0.96 ? 'activist' : 'applicant'

const between = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1))

// COPY text format: \N is null, a backslash, tab, newline or carriage return inside a value is escaped,
// and a bytea is its hex form with the backslash itself escaped.
const NULL = '\\N'
const text = (s: string | null) => (s === null ? NULL : /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, escapeChar) : s)
const escapeChar = (c: string) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')
const bytea = (b: Buffer | null) => (b === null ? NULL : `\\\\x${b.toString('hex')}`)

/**
 * The members of `branches` (one division's, in plan order), in chunks of about `chunkSize` people:
 * each branch's people from its own seeded stream, ID numbers unique by a sequence counter per
 * division, birth date and gender. About 6% have left (most full members who died or moved out of
 * the system).
 */
export function* memberChunks(
  branches: PlannedBranch[],
  opts: { seed: number; today: Date; encryptionKey: Buffer; chunkSize: number },
): Generator<MemberChunk> {
  const pii = createPersonPii(createPiiCipher(piiKeysFromConfig(opts.encryptionKey)))
  const pinyinCache = new Map<string, { full: string; initials: string }>()
  const today = iso(opts.today)
  let counters = new Map<string, number>()
  let division = ''
  let people: string[] = []
  let members: string[] = []
  for (const b of branches) {
    if (b.division6 !== division) {
      division = b.division6
      counters = new Map()
    }
    const rng = streamOf(opts.seed, `members:${b.id}`)
    const idNumber = (birth: string, gender: '1' | '2') => {
      const key = birth + gender
      const k = counters.get(key) ?? 0
      counters.set(key, k + 1)
      // 001…997 for men, 002…998 for women; past that the number repeats and the person is drawn again
      return k < 499 ? idNumberOf(division, birth, 2 * k + (gender === '1' ? 1 : 2)) : ''
    }
    for (let made = 0, tries = 0; made < b.members && tries < b.members * 3; tries++) {
      const p = drawPerson(rng, { today: opts.today, statusOf, idNumber })
      if (!p || p.idNumber === '') continue
      const id = uuidOf(rng)
      let left: { on: string; reason: string; document: string | null } | null = null
      if (rng() < 0.06 && p.statusOn < today) {
        const reason = weighted(rng, LEFT_WEIGHTS[p.status === 'full' ? 'full' : 'other'])
        const from = new Date(p.statusOn).getTime()
        const on = iso(new Date(from + 86_400_000 * (1 + Math.floor(rng() * ((opts.today.getTime() - from) / 86_400_000 - 1)))))
        left = {
          on,
          reason,
          document: LEFT_DOCUMENT_NEEDED.has(reason)
            ? `${division.slice(0, 4)}纪〔${on.slice(0, 4)}〕${between(rng, 1, 99)}号`
            : null,
        }
      }
      const sealedId = pii.sealIdNumber(id, p.idNumber)
      const sealedPhone = p.phone ? pii.sealPhone(id, p.phone) : null
      let py = pinyinCache.get(p.name)
      if (!py) pinyinCache.set(p.name, (py = personNamePinyin(p.name)))
      people.push(
        `${id}\t${text(p.name)}\t${text(py.full)}\t${text(py.initials)}\t${p.gender}\t${p.ethnicity}\t${p.birthDate}\t` +
          `${bytea(sealedId.enc)}\t${bytea(sealedId.hash)}\t${bytea(sealedPhone?.enc ?? null)}\t${bytea(sealedPhone?.hash ?? null)}\t` +
          `${p.education}\n`,
      )
      members.push(
        `${id}\t${b.id}\t${left ? 'left' : p.status}\t${p.applied_on}\t${p.activist_on ?? NULL}\t${p.candidate_on ?? NULL}\t` +
          `${p.admitted_on ?? NULL}\t${p.full_on ?? NULL}\t${left?.on ?? NULL}\t${left?.reason ?? NULL}\t${text(left?.document ?? null)}\n`,
      )
      made++
      if (people.length >= opts.chunkSize) {
        yield { people: people.join(''), members: members.join(''), count: people.length }
        people = []
        members = []
      }
    }
  }
  if (people.length) yield { people: people.join(''), members: members.join(''), count: people.length }
}

/** The plan's branches in groups of one division each (the unit a worker draws), in plan order. */
export function divisionGroups(branches: PlannedBranch[]): PlannedBranch[][] {
  const groups: PlannedBranch[][] = []
  for (const b of branches) {
    const last = groups.at(-1)
    if (last && last[0]!.division6 === b.division6) last.push(b)
    else groups.push([b])
  }
  return groups
}
