import { randomUUID } from 'node:crypto'
import { createPiiCipher, piiKeysFromConfig } from '../../platform/crypto/pii.ts'
import type { Executor } from '../../platform/db.ts'
import { personNamePinyin } from '../../platform/pinyin.ts'
import { drawPerson, idNumberOf, rngOf } from './demo-person.ts'
import { createPersonPii } from './person-pii.ts'

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
      const person = drawPerson(rng, {
        today: opts.today,
        idNumber: (birth, gender) => {
          let idNumber: string
          do idNumber = idNumberOf(opts.division, birth, Math.floor(rng() * 500) * 2 + (gender === '1' ? 1 : 0))
          while (usedIds.has(idNumber))
          usedIds.add(idNumber)
          return idNumber
        },
        statusOf: (r) => (r < 0.86 ? 'full' : r < 0.92 ? 'probationary' : r < 0.97 ? 'activist' : 'applicant'),
      })
      if (!person) continue
      const { name, gender, idNumber, phone, status, statusOn, ethnicity, education } = person
      const dates = {
        applied_on: person.applied_on,
        activist_on: person.activist_on,
        candidate_on: person.candidate_on,
        admitted_on: person.admitted_on,
        full_on: person.full_on,
      }
      const sealedId = pii.sealIdNumber(id, idNumber)
      const sealedPhone = phone ? pii.sealPhone(id, phone) : null
      const py = personNamePinyin(name)
      people.push({
        id,
        name,
        name_pinyin: py.full,
        name_initials: py.initials,
        gender,
        ethnicity,
        birth_date: person.birthDate,
        id_number_enc: sealedId.enc,
        id_number_hash: sealedId.hash,
        phone_enc: sealedPhone?.enc ?? null,
        phone_hash: sealedPhone?.hash ?? null,
        education,
      })
      members.push({ person_id: id, org_id: branchId, status, ...dates })
      statusHistory.push({
        person_id: id,
        from_status: null,
        to_status: status,
        effective_on: statusOn,
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
