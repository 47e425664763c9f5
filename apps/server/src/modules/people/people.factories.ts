import { randomInt, randomUUID } from 'node:crypto'
import { idNumberCheckDigit, type GenderCode, type MemberStage } from '@xianfeng/contract'
import { createPiiCipher, piiKeysFromConfig } from '../../platform/crypto/pii.ts'
import type { Db } from '../../platform/db.ts'
import { personNamePinyin } from '../../platform/pinyin.ts'
import { createPersonPii } from './person-pii.ts'
import { peopleRepo } from './people.repo.ts'

// Test factories: people written straight through the repository, as the service would write them.
// Imported by tests only.

// Distinct sequence numbers make every number this process generates distinct: 500 per district
// and gender, then the next of Wuhan's districts (a test may give everyone the same birth date).
let sequence = randomInt(0, 200)
const WUHAN_DISTRICTS = [
  '420102',
  '420103',
  '420104',
  '420105',
  '420106',
  '420107',
  '420111',
  '420112',
  '420113',
  '420114',
  '420115',
  '420116',
  '420117',
]

/** A valid 18-digit ID number, different from every other this process made. */
export function makeIdNumber(opts: { birthDate?: string; gender?: GenderCode; division?: string } = {}): string {
  const birthDate =
    opts.birthDate ??
    `${randomInt(1950, 2000)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`
  const gender = opts.gender ?? (randomInt(0, 2) === 0 ? '1' : '2')
  sequence += 1
  const seq = String((sequence % 500) * 2 + (gender === '1' ? 1 : 0)).padStart(3, '0')
  const district = WUHAN_DISTRICTS[Math.floor(sequence / 500) % WUHAN_DISTRICTS.length]!
  const first17 = `${opts.division ?? district}${birthDate.replaceAll('-', '')}${seq}`
  return first17 + idNumberCheckDigit(first17)
}

/** A valid mobile number, different from every other this process made. */
export const makePhone = () => `139${String(randomInt(0, 1e4)).padStart(4, '0')}${String(sequence % 10000).padStart(4, '0')}`

export interface MakeMemberOptions {
  name?: string
  gender?: GenderCode
  birthDate?: string
  idNumber?: string
  phone?: string | null
  education?: string
  status?: MemberStage
  /** Stage dates; by default every stage up to `status`, a year apart from 2010. */
  dates?: Partial<Record<'applied_on' | 'activist_on' | 'candidate_on' | 'admitted_on' | 'full_on', string>>
}

const STAGE_COLUMNS = ['applied_on', 'activist_on', 'candidate_on', 'admitted_on', 'full_on'] as const
const STAGES: MemberStage[] = ['applicant', 'activist', 'candidate', 'probationary', 'full']

/** A person and their member record at `org`, with the first status and org history rows. */
export async function makeMember(deps: { db: Db; encryptionKey: Buffer }, org: { id: string }, opts: MakeMemberOptions = {}) {
  const pii = createPersonPii(createPiiCipher(piiKeysFromConfig(deps.encryptionKey)))
  const id = randomUUID()
  const gender = opts.gender ?? '1'
  const idNumber = opts.idNumber ?? makeIdNumber({ gender, ...(opts.birthDate && { birthDate: opts.birthDate }) })
  const birthDate = opts.birthDate ?? `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`
  const name = opts.name ?? `测试${randomUUID().slice(0, 4)}`
  const phone = opts.phone === undefined ? makePhone() : opts.phone
  const status = opts.status ?? 'full'
  const reached = STAGES.indexOf(status)
  const dates = opts.dates ?? Object.fromEntries(STAGE_COLUMNS.slice(0, reached + 1).map((c, i) => [c, `${2010 + i}-03-01`]))
  const pinyin = personNamePinyin(name)
  const sealedId = pii.sealIdNumber(id, idNumber)
  const sealedPhone = phone ? pii.sealPhone(id, phone) : null
  await deps.db.transaction().execute(async (tx) => {
    await peopleRepo.insertPerson(tx, {
      id,
      name,
      name_pinyin: pinyin.full,
      name_initials: pinyin.initials,
      gender,
      ethnicity: '01',
      birth_date: birthDate,
      id_number_enc: sealedId.enc,
      id_number_hash: sealedId.hash,
      phone_enc: sealedPhone?.enc ?? null,
      phone_hash: sealedPhone?.hash ?? null,
      education: opts.education ?? '20',
    })
    await peopleRepo.insertMember(tx, { person_id: id, org_id: org.id, status, ...dates })
    const known = Object.values(dates).sort()
    await peopleRepo.addStatusHistory(tx, {
      person_id: id,
      from_status: null,
      to_status: status,
      effective_on: known.at(-1)!,
      reason: '登记',
      document_no: null,
      recorded_by: null,
    })
    await peopleRepo.openOrgPeriod(tx, { person_id: id, org_id: org.id, valid_from: known[0]! })
  })
  return { id, name, idNumber, phone, birthDate, gender }
}
