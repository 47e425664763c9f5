import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Tx } from '../../platform/db.ts'
import { SEED_DIR } from '../../platform/paths.ts'
import { orgsRepo } from './orgs.repo.ts'

export interface Division {
  code: string
  name: string
  level: 'province' | 'city' | 'county' | 'township' | 'village'
  parentCode: string | null
}

/** The vendored Hubei divisions (db/seed/hubei/divisions.csv), up to the given level. */
export function readDivisions(levels: Division['level'][]): Division[] {
  const text = fs.readFileSync(path.join(SEED_DIR, 'hubei/divisions.csv'), 'utf8')
  const wanted = new Set(levels)
  return text
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [code, name, level, parentCode] = line.split(',') as [string, string, Division['level'], string]
      return { code, name, level, parentCode: parentCode || null }
    })
    .filter((d) => wanted.has(d.level))
}

// The statistical codes include functional zones (county segment 7x: 开发区, 管理区) that have no
// county-level party committee of their own.
const isFunctionalZone = (d: Division) => d.level === 'county' && d.code[4] === '7'
// 4290 groups the four county-level units governed directly by the province; it is not an org.
const PROVINCE_GOVERNED_GROUP = '4290'

const committeeName = (d: Division, parent: Division | undefined) =>
  d.level === 'county' && d.name.endsWith('区') && parent?.level === 'city'
    ? `中共${parent.name}${d.name}委员会`
    : `中共${d.name}委员会`

/**
 * Seeds the provincial committee, the prefecture-level committees (with 仙桃, 潜江, 天门 and 神农架
 * at city level directly under the province) and the county-level committees. Returns the number
 * of orgs created and the province's id.
 */
export async function seedHubeiCommittees(tx: Tx): Promise<{ created: number; provinceId: string; byCode: Map<string, string> }> {
  const divisions = readDivisions(['province', 'city', 'county'])
  const byCode = new Map(divisions.map((d) => [d.code, d]))
  const ids = new Map<string, string>()
  const paths = new Map<string, string>()
  let created = 0
  let provinceId = ''
  for (const d of divisions) {
    if (d.code === PROVINCE_GOVERNED_GROUP || isFunctionalZone(d)) continue
    const underGroup = d.parentCode === PROVINCE_GOVERNED_GROUP
    const parentCode = underGroup ? byCode.get(PROVINCE_GOVERNED_GROUP)!.parentCode : d.parentCode
    const id = randomUUID()
    const parentId = parentCode ? (ids.get(parentCode) ?? null) : null
    const parentPath = parentCode ? (paths.get(parentCode) ?? null) : null
    await orgsRepo.insert(tx, {
      id,
      parentId,
      parentPath,
      name: committeeName(d, parentCode ? byCode.get(parentCode) : undefined),
      kind: 'committee',
      level: underGroup ? 'city' : d.level === 'province' ? 'province' : d.level === 'city' ? 'city' : 'county',
      divisionCode: d.code,
    })
    ids.set(d.code, id)
    paths.set(d.code, parentPath ? `${parentPath}.${id.replaceAll('-', '')}` : id.replaceAll('-', ''))
    if (d.level === 'province') provinceId = id
    created++
  }
  return { created, provinceId, byCode: ids }
}
