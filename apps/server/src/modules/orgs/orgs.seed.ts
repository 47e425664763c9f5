import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Tx } from '../../platform/db.ts'
import { SEED_DIR } from '../../platform/paths.ts'
import { pinyinOf } from '../../platform/pinyin.ts'
import { labelOf, orgsRepo } from './orgs.repo.ts'

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

// 'XX村委会' → 'XX村', 'XX社区居委会' → 'XX社区', 'XX居委会' → 'XX社区'
const villageName = (name: string) =>
  name
    .replace(/(村民委员会|村委会)$/, '村')
    .replace(/(社区居民委员会|社区居委会)$/, '社区')
    .replace(/(居民委员会|居委会)$/, '社区')
    .replace(/村村$/, '村')
    .replace(/社区社区$/, '社区')

type SeedRow = Parameters<typeof orgsRepo.insertMany>[1][number]

/**
 * Established dates for the demo tree: plausible, not historical records. Territorial committees
 * date from 1949; township and village orgs from the re-establishment of townships after the people's
 * communes (1984); community branches from the community-building reform (2001); the typical units
 * from dates of their kind. No org is older than its parent, so the tree as of any past day hangs
 * together, and the org history (which starts at the established date) shows it.
 */
export const SEED_ESTABLISHED_ON = {
  province: '1949-10-01',
  city: '1949-10-01',
  county: '1949-10-01',
  township: '1984-06-01',
  village: '1984-06-01',
  community: '2001-07-01',
  organsCommittee: '1984-07-01',
  organBranch: '1984-07-01',
  stateEnterprise: '1998-07-01',
  school: '1978-09-01',
  jointBranch: '2018-07-01',
  association: '2012-07-01',
} as const

/**
 * Seeds the real Hubei tree: the provincial committee; the prefecture-level committees (with 仙桃,
 * 潜江, 天门 and 神农架 at city level directly under the province); the county-level committees;
 * a committee for each township or street; a branch for each village or community; and, under
 * each county, typical organizations outside the territorial line (机关工委 with department
 * branches, a state enterprise, a school, a joint branch of small private firms, an industry
 * association). Returns the number of orgs created and the ids by division code. `newId` gives the
 * ids (a seeded generator gives the same tree every time).
 */
export async function seedHubeiTree(
  tx: Tx,
  opts: { levels: Division['level'][]; newId?: () => string },
): Promise<{ created: number; byCode: Map<string, string> }> {
  const newId = opts.newId ?? randomUUID
  const divisions = readDivisions(opts.levels)
  const byCode = new Map(divisions.map((d) => [d.code, d]))
  const ids = new Map<string, string>()
  const paths = new Map<string, string>()
  const rows: SeedRow[] = []
  const add = (
    row: Omit<SeedRow, 'id' | 'path' | 'parent_id' | 'name_pinyin' | 'name_initials'>,
    parent: { id: string; path: string } | null,
  ) => {
    const id = newId()
    const path = parent ? `${parent.path}.${labelOf(id)}` : labelOf(id)
    const p = pinyinOf(row.name)
    rows.push({ ...row, id, path, parent_id: parent?.id ?? null, name_pinyin: p.full, name_initials: p.initials })
    return { id, path }
  }

  for (const d of divisions) {
    if (d.code === PROVINCE_GOVERNED_GROUP || isFunctionalZone(d)) continue
    const underGroup = d.parentCode === PROVINCE_GOVERNED_GROUP
    const parentCode = underGroup ? byCode.get(PROVINCE_GOVERNED_GROUP)!.parentCode : d.parentCode
    const parentId = parentCode ? ids.get(parentCode) : undefined
    const parent = parentId ? { id: parentId, path: paths.get(parentCode!)! } : null
    // townships of a functional zone have no county committee above them here
    if (parentCode && !parent) continue
    let node: { id: string; path: string }
    if (d.level === 'village') {
      const name = villageName(d.name)
      node = add(
        {
          name: `中共${name}支部委员会`,
          short_name: `${name}党支部`.slice(0, 30),
          kind: 'branch',
          level: 'grassroots',
          division_code: d.code,
          host_unit_type: name.endsWith('社区') ? 'community' : 'village',
          host_unit_name: d.name,
          establishment_mode: 'single',
          established_on: name.endsWith('社区') ? SEED_ESTABLISHED_ON.community : SEED_ESTABLISHED_ON.village,
        },
        parent,
      )
    } else {
      node = add(
        {
          name: committeeName(d, parentCode ? byCode.get(parentCode) : undefined),
          kind: 'committee',
          level: underGroup ? 'city' : d.level,
          division_code: d.code,
          established_on: SEED_ESTABLISHED_ON[d.level],
        },
        parent,
      )
    }
    ids.set(d.code, node.id)
    paths.set(d.code, node.path)
    // '中共武汉市江岸区委员会' → '武汉市江岸区'
    if (d.level === 'county' || underGroup)
      addTypicalUnits(add, node, committeeName(d, parentCode ? byCode.get(parentCode) : undefined).slice(2, -3))
  }
  await orgsRepo.insertMany(tx, rows)
  return { created: rows.length, byCode: ids }
}

type Add = (
  row: Omit<SeedRow, 'id' | 'path' | 'parent_id' | 'name_pinyin' | 'name_initials'>,
  parent: { id: string; path: string } | null,
) => { id: string; path: string }

/** The organizations outside the territorial line that every county has in some form. */
function addTypicalUnits(add: Add, county: { id: string; path: string }, countyName: string) {
  const organs = add(
    {
      name: `中共${countyName}直属机关工作委员会`,
      short_name: '机关工委',
      kind: 'working_committee',
      level: 'county',
      host_unit_type: 'government_organ',
      established_on: SEED_ESTABLISHED_ON.organsCommittee,
    },
    county,
  )
  for (const dept of ['县委办公室', '人民政府办公室', '教育局', '财政局']) {
    const unit = `${countyName}${dept.startsWith('县委') ? dept.replace('县委', '委') : dept}`
    add(
      {
        name: `中共${unit}支部委员会`,
        short_name: `${dept}党支部`,
        kind: 'branch',
        level: 'grassroots',
        host_unit_type: 'government_organ',
        host_unit_name: unit,
        establishment_mode: 'single',
        established_on: SEED_ESTABLISHED_ON.organBranch,
      },
      organs,
    )
  }
  add(
    {
      name: `中共${countyName}城市建设投资有限公司委员会`,
      short_name: '城投公司党委',
      kind: 'committee',
      level: 'grassroots',
      host_unit_type: 'state_enterprise',
      host_unit_name: `${countyName}城市建设投资有限公司`,
      establishment_mode: 'single',
      established_on: SEED_ESTABLISHED_ON.stateEnterprise,
    },
    county,
  )
  add(
    {
      name: `中共${countyName}第一中学总支部委员会`,
      short_name: '一中党总支',
      kind: 'general_branch',
      level: 'grassroots',
      host_unit_type: 'public_institution',
      host_unit_name: `${countyName}第一中学`,
      establishment_mode: 'single',
      established_on: SEED_ESTABLISHED_ON.school,
    },
    county,
  )
  add(
    {
      name: `中共${countyName}小微企业联合支部委员会`,
      short_name: '小微企业联合党支部',
      kind: 'joint_branch',
      level: 'grassroots',
      host_unit_type: 'private_enterprise',
      establishment_mode: 'joint',
      covered_units: [`${countyName}顺达物流有限公司`, `${countyName}惠民超市`, `${countyName}新锐广告设计工作室`],
      established_on: SEED_ESTABLISHED_ON.jointBranch,
    },
    county,
  )
  add(
    {
      name: `中共${countyName}个体劳动者私营企业协会支部委员会`,
      short_name: '个私协会党支部',
      kind: 'branch',
      level: 'grassroots',
      host_unit_type: 'association',
      host_unit_name: `${countyName}个体劳动者私营企业协会`,
      establishment_mode: 'single',
      established_on: SEED_ESTABLISHED_ON.association,
    },
    county,
  )
}

/** The active branches under an org with their established dates (for seeding members into them). */
export async function branchesUnder(tx: Tx, orgId: string): Promise<{ id: string; establishedOn: string | null }[]> {
  const org = await tx.selectFrom('orgs').where('id', '=', orgId).select('path').executeTakeFirstOrThrow()
  return (await orgsRepo.branchesUnder(tx, org.path, [org.path], 100_000)).map((b) => ({
    id: b.id,
    establishedOn: b.established_on,
  }))
}
