// The demo dataset at county, city or province scale, for trying the platform with realistic volume
// and for the benchmarks: the real Hubei tree, the typical organizations every township and county
// has beside it (organs, schools, health centres, enterprises, non-public firms, social organizations,
// cooperatives, party cells), and their members. Deterministic from the seed: the same seed gives the
// same org ids, names, ID numbers and dates. Written set-based: orgs by INSERT … SELECT FROM unnest(…),
// people and members drawn and sealed in worker threads (dataset-members.ts) and written by COPY,
// their histories by INSERT … SELECT; on a fresh database the indexes are built after the load.
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Worker } from 'node:worker_threads'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { pinyinOf } from '../platform/pinyin.ts'
import { labelOf } from '../modules/orgs/orgs.repo.ts'
import { addDays, iso, streamOf, uuidOf } from '../modules/people/demo-person.ts'
import { demoActivityStatements } from '../modules/activities/activities.demo.ts'
import {
  divisionGroups,
  MEMBERS_COPY_COLUMNS,
  PEOPLE_COPY_COLUMNS,
  type MemberChunk,
  type PlannedBranch,
} from './dataset-members.ts'
import type { WorkerReply, WorkerSetup, WorkerTask } from './dataset-worker.ts'

export type { PlannedBranch }

/** What each scale populates: the subtree of one division's committee. */
export const SCALES = {
  county: { division: '420102', label: '县级（武汉市江岸区）' },
  city: { division: '4201', label: '市级（武汉市）' },
  province: { division: '42', label: '省级（湖北全省）' },
} as const
export type ScaleName = keyof typeof SCALES
export const isScaleName = (s: string): s is ScaleName => Object.hasOwn(SCALES, s)

/** An org as the generator reads it from the database. */
export interface ExistingOrg {
  id: string
  parent_id: string | null
  path: string
  name: string
  short_name: string | null
  kind: string
  level: string
  division_code: string | null
  host_unit_type: string | null
  host_unit_name: string | null
}

/** A row for `orgs`, with the date it was established. */
export interface PlannedOrg {
  id: string
  parent_id: string
  path: string
  name: string
  short_name: string | null
  kind: string
  level: string
  host_unit_type: string | null
  host_unit_name: string | null
  establishment_mode: string | null
  covered_units: string[]
  established_on: string
  sort_order: number
}

export interface DatasetPlan {
  /** Established dates for the orgs already there (the whole tree). */
  existingDates: Map<string, string>
  orgs: PlannedOrg[]
  branches: PlannedBranch[]
  members: number
}

export const BRANCH_KINDS = ['branch', 'joint_branch', 'temporary_branch']

// Members per branch: a log-normal of the given median and spread, by where the branch sits. Village
// and community branches are the large ones (communities hold many retired members); a non-public
// firm's branch is small. The long tail reaches past 100.
const SIZE: Record<string, [median: number, sigma: number]> = {
  village: [45, 0.4],
  community: [62, 0.5],
  government_organ: [24, 0.45],
  public_institution: [28, 0.5],
  state_enterprise: [28, 0.5],
  private_enterprise: [16, 0.6],
  social_organization: [9, 0.5],
  association: [11, 0.5],
  cooperative: [9, 0.45],
  market: [10, 0.4],
  park: [17, 0.5],
  residential_area: [15, 0.5],
  other: [15, 0.5],
}
/** A branch this large has party cells (党小组), about one per CELL_SIZE members; none is larger than MAX_MEMBERS. */
const CELL_THRESHOLD = 55
const CELL_SIZE = 25
const MAX_MEMBERS = 160

const BRANDS = [
  ...'宏达鑫源华强恒信金鹏瑞丰永盛德润天成佳和博远汇通兴隆昌盛泰和康宁楚天荆楚江汉东湖九州中南凯旋新星启航明德顺风信达润泽同创众合嘉禾银河远航长兴',
]
  .join('')
  .match(/../g)!
const INDUSTRIES = [
  '机械制造',
  '建材',
  '物流',
  '食品',
  '纺织服装',
  '电子科技',
  '建筑工程',
  '农业发展',
  '商贸',
  '信息技术',
  '汽车零部件',
  '医药',
  '包装材料',
  '环保科技',
  '化工',
  '家具',
  '印务',
  '餐饮管理',
  '物业服务',
  '酒店管理',
]
const CROPS = [
  '水稻种植',
  '蔬菜种植',
  '水产养殖',
  '茶叶',
  '柑橘种植',
  '生猪养殖',
  '油菜种植',
  '中药材种植',
  '香菇种植',
  '小龙虾养殖',
]
const SOCIAL = [
  '志愿者协会',
  '老年人协会',
  '商会',
  '慈善会',
  '文化体育协会',
  '家庭服务业协会',
  '物业管理协会',
  '社会工作服务中心',
]
const COUNTY_DEPARTMENTS = [
  '发展和改革局',
  '公安局',
  '民政局',
  '司法局',
  '人力资源和社会保障局',
  '自然资源和规划局',
  '生态环境分局',
  '住房和城乡建设局',
  '交通运输局',
  '水利和湖泊局',
  '农业农村局',
  '商务局',
  '文化和旅游局',
  '卫生健康局',
  '退役军人事务局',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '城市管理执法局',
  '人民法院',
  '人民检察院',
  '总工会',
  '团委',
  '妇女联合会',
  '档案馆',
  '融媒体中心',
  '税务局',
  '供电公司',
]
const CN = [...'一二三四五六七八九十']
const cn = (n: number) =>
  n <= 10 ? CN[n - 1]! : n < 20 ? `十${CN[n - 11]!}` : `${CN[Math.floor(n / 10) - 1]!}十${n % 10 ? CN[(n % 10) - 1]! : ''}`

const between = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1))

function logNormal(rng: () => number, [median, sigma]: [number, number]) {
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
  return Math.min(MAX_MEMBERS, Math.max(3, Math.round(median * Math.exp(sigma * z))))
}

/** A date between the years (inclusive), not before `notBefore` nor after `latest`. */
function dateIn(rng: () => number, [from, to]: [number, number], notBefore: string, latest: string) {
  const lo = Date.UTC(from, 0, 1)
  const drawn = iso(new Date(lo + Math.floor(rng() * (Date.UTC(to, 11, 31) - lo))))
  const after = iso(addDays(new Date(notBefore), 1 + Math.floor(rng() * 365)))
  const d = drawn > after ? drawn : after
  return d > latest ? latest : d
}

/** '中共武汉市江岸区大智街道委员会' → '大智街道'; '中共XX村支部委员会' → 'XX村'. */
const placeOf = (org: ExistingOrg) =>
  org.name
    .replace(/^中共/, '')
    .replace(/(总支部委员会|支部委员会|委员会)$/, '')
    .replace(/^.*?[市州区县]委?(?=.+(街道|镇|乡)$)/, '')

/**
 * Plans the dataset under `rootId`: established dates for every org already there, the typical
 * organizations under each township and each county's typical units, party cells under the large
 * branches, and the number of members of each branch. Pure: the same orgs and seed give the same plan.
 */
export function planDataset(existing: ExistingOrg[], opts: { rootId: string; seed: number; today: Date }): DatasetPlan {
  const latest = iso(addDays(opts.today, -30))
  const byId = new Map(existing.map((o) => [o.id, o]))
  const root = byId.get(opts.rootId)
  if (!root) throw new Error(`组织 ${opts.rootId} 不存在`)

  // Established dates top-down, each after its parent's.
  const existingDates = new Map<string, string>()
  const sorted = [...existing].sort((a, b) => a.path.split('.').length - b.path.split('.').length || (a.path < b.path ? -1 : 1))
  for (const o of sorted) {
    const rng = streamOf(opts.seed, `established:${o.id}`)
    const parentDate = o.parent_id ? (existingDates.get(o.parent_id) ?? '1949-01-01') : '1949-01-01'
    const years: [number, number] =
      o.level === 'province' || o.level === 'city'
        ? [1949, 1955]
        : o.level === 'county'
          ? [1949, 1990]
          : o.level === 'township'
            ? [1950, 2005]
            : o.host_unit_type === 'village' || o.host_unit_type === 'community'
              ? [1955, 2012]
              : [1980, 2015]
    existingDates.set(
      o.id,
      o.parent_id ? dateIn(rng, years, parentDate, latest) : dateIn(rng, [1949, 1949], '1948-12-31', latest),
    )
  }

  const orgs: PlannedOrg[] = []
  const sizes = new Map<string, number>()
  const dates = new Map(existingDates)
  const paths = new Map(existing.map((o) => [o.id, o.path]))
  const underRoot = sorted.filter((o) => o.path === root.path || o.path.startsWith(`${root.path}.`))

  // Every org added goes through here: one row, its path and date, and its size if it is a branch.
  const addUnder = (rng: () => number) => {
    let sort = 0
    return (
      parentId: string,
      row: Omit<PlannedOrg, 'id' | 'parent_id' | 'path' | 'established_on' | 'sort_order' | 'covered_units'> & {
        covered_units?: string[]
      },
      years: [number, number],
    ) => {
      const id = uuidOf(rng)
      const path = `${paths.get(parentId)!}.${labelOf(id)}`
      const established_on = dateIn(rng, years, dates.get(parentId)!, latest)
      paths.set(id, path)
      dates.set(id, established_on)
      orgs.push({ covered_units: [], ...row, id, parent_id: parentId, path, established_on, sort_order: 100 + sort++ })
      if (BRANCH_KINDS.includes(row.kind)) sizes.set(id, logNormal(rng, SIZE[row.host_unit_type ?? 'other'] ?? SIZE.other!))
      return id
    }
  }
  const branch = (name: string, short: string, host: string, hostName: string | null = null) => ({
    name: `中共${name}支部委员会`.slice(0, 100),
    short_name: `${short}党支部`.slice(0, 30),
    kind: 'branch',
    level: 'grassroots',
    host_unit_type: host,
    host_unit_name: hostName,
    establishment_mode: 'single',
  })
  const firmName = (rng: () => number, place: string) =>
    `${rng() < 0.4 ? place.replace(/(街道|镇|乡)$/, '') : ''}${BRANDS[between(rng, 0, BRANDS.length - 1)]!}${INDUSTRIES[between(rng, 0, INDUSTRIES.length - 1)]!}${rng() < 0.8 ? '有限公司' : '股份有限公司'}`

  for (const o of underRoot) {
    const rng = streamOf(opts.seed, `units:${o.id}`)
    const add = addUnder(rng)
    // Sizes of the branches already in the tree (villages, communities, county units).
    if (BRANCH_KINDS.includes(o.kind)) sizes.set(o.id, logNormal(rng, SIZE[o.host_unit_type ?? 'other'] ?? SIZE.other!))

    if (o.level === 'township' && o.kind === 'committee') {
      const place = placeOf(o)
      const isStreet = !/[镇乡]$/.test(place)
      // 机关: a general branch with department branches in a street, one or two branches elsewhere
      if (isStreet) {
        const gb = add(
          o.id,
          {
            name: `中共${place}机关总支部委员会`,
            short_name: '机关党总支',
            kind: 'general_branch',
            level: 'grassroots',
            host_unit_type: 'government_organ',
            host_unit_name: `${place}办事处`,
            establishment_mode: 'single',
          },
          [1980, 2010],
        )
        for (let i = 1, n = between(rng, 2, 4); i <= n; i++)
          add(gb, branch(`${place}机关第${cn(i)}`, `机关第${cn(i)}`, 'government_organ', `${place}办事处`), [1985, 2015])
      } else {
        for (let i = 1, n = between(rng, 1, 2); i <= n; i++)
          add(o.id, branch(`${place}机关第${cn(i)}`, `机关第${cn(i)}`, 'government_organ', `${place}人民政府`), [1980, 2010])
      }
      // schools and health
      const schools = isStreet
        ? Array.from({ length: between(rng, 2, 5) }, (_, i) => `${place.replace(/街道$/, '')}第${cn(i + 1)}小学`)
        : [
            `${place}中心小学`,
            `${place}初级中学`,
            `${place}中心幼儿园`,
            ...Array.from({ length: between(rng, 0, 3) }, (_, i) => `${place}第${cn(i + 1)}完全小学`),
          ]
      for (const s of schools) add(o.id, branch(s, s.replace(place, ''), 'public_institution', s), [1960, 2015])
      const health = isStreet ? `${place}社区卫生服务中心` : `${place}卫生院`
      add(o.id, branch(health, isStreet ? '卫生服务中心' : '卫生院', 'public_institution', health), [1965, 2012])
      if (!isStreet && rng() < 0.8)
        add(o.id, branch(`${place}供电所`, '供电所', 'state_enterprise', `${place}供电所`), [1975, 2010])
      // larger firms: a general branch with branches by workshop or department
      for (let i = 0, n = isStreet ? between(rng, 1, 3) : between(rng, 0, 2); i < n; i++) {
        const firm = firmName(rng, place)
        const gb = add(
          o.id,
          {
            name: `中共${firm}总支部委员会`,
            short_name: '公司党总支',
            kind: 'general_branch',
            level: 'grassroots',
            host_unit_type: 'private_enterprise',
            host_unit_name: firm,
            establishment_mode: 'single',
          },
          [1998, 2020],
        )
        for (let j = 1, m = between(rng, 2, 4); j <= m; j++)
          add(gb, branch(`${firm}第${cn(j)}`, `第${cn(j)}`, 'private_enterprise', firm), [2000, 2022])
      }
      // non-public firms, each with its own branch, and joint branches of the small ones
      for (let i = 0, n = isStreet ? between(rng, 20, 50) : between(rng, 45, 95); i < n; i++) {
        const firm = firmName(rng, place)
        add(o.id, branch(firm, firm.replace(/(股份)?有限公司$/, '').slice(-8), 'private_enterprise', firm), [2000, 2024])
      }
      for (let i = 1, n = isStreet ? between(rng, 2, 6) : between(rng, 2, 6); i <= n; i++)
        add(
          o.id,
          {
            name: `中共${place}非公有制企业第${cn(i)}联合支部委员会`,
            short_name: `非公企业第${cn(i)}联合党支部`,
            kind: 'joint_branch',
            level: 'grassroots',
            host_unit_type: 'private_enterprise',
            host_unit_name: null,
            establishment_mode: 'joint',
            covered_units: Array.from({ length: between(rng, 2, 5) }, () => firmName(rng, place)),
          },
          [2005, 2024],
        )
      // social organizations; cooperatives and the market in towns; parks and estates in streets
      for (let i = 0, n = isStreet ? between(rng, 2, 5) : between(rng, 1, 3); i < n; i++) {
        const unit = `${place.replace(/(街道|镇|乡)$/, '')}${SOCIAL[between(rng, 0, SOCIAL.length - 1)]!}`
        add(o.id, branch(unit, unit.slice(-8), 'social_organization', unit), [2008, 2024])
      }
      if (isStreet) {
        for (let i = 0, n = between(rng, 1, 3); i < n; i++) {
          const park = `${BRANDS[between(rng, 0, BRANDS.length - 1)]!}${rng() < 0.5 ? '科技产业园' : '商务大厦'}`
          add(o.id, branch(`${place}${park}`, park, 'park', park), [2005, 2024])
        }
        for (let i = 0, n = between(rng, 2, 6); i < n; i++) {
          const estate = `${BRANDS[between(rng, 0, BRANDS.length - 1)]!}${rng() < 0.5 ? '花园' : '小区'}`
          add(o.id, branch(`${place}${estate}`, estate, 'residential_area', estate), [2008, 2024])
        }
      } else {
        for (let i = 0, n = between(rng, 6, 18); i < n; i++) {
          const coop = `${place}${BRANDS[between(rng, 0, BRANDS.length - 1)]!}${CROPS[between(rng, 0, CROPS.length - 1)]!}专业合作社`
          add(o.id, branch(coop, coop.replace(place, '').slice(0, 10), 'cooperative', coop), [2008, 2024])
        }
        add(o.id, branch(`${place}农贸市场`, '农贸市场', 'market', `${place}农贸市场`), [1995, 2020])
      }
    }

    // The county's typical units (orgs.seed.ts) get their branches: departments under the organs'
    // working committee, workshops under the state enterprise, year groups under the school.
    if (o.kind === 'working_committee' && o.host_unit_type === 'government_organ') {
      const county = o.name.replace(/^中共/, '').replace(/直属机关工作委员会$/, '')
      for (const dept of COUNTY_DEPARTMENTS)
        if (rng() < 0.8) add(o.id, branch(`${county}${dept}`, dept, 'government_organ', `${county}${dept}`), [1980, 2015])
    }
    if (o.kind === 'committee' && o.host_unit_type === 'state_enterprise')
      for (let j = 1, m = between(rng, 3, 6); j <= m; j++)
        add(
          o.id,
          branch(`${o.host_unit_name ?? placeOf(o)}第${cn(j)}`, `第${cn(j)}`, 'state_enterprise', o.host_unit_name),
          [1995, 2020],
        )
    if (o.kind === 'general_branch' && o.host_unit_type === 'public_institution')
      for (const grade of ['高一年级', '高二年级', '高三年级', '行政后勤'])
        add(
          o.id,
          branch(`${o.host_unit_name ?? placeOf(o)}${grade}`, grade, 'public_institution', o.host_unit_name),
          [1985, 2015],
        )
  }

  // Party cells under the large branches; the members stay with the branch.
  const branchIds = [
    ...underRoot.filter((o) => BRANCH_KINDS.includes(o.kind)).map((o) => o.id),
    ...orgs.filter((o) => sizes.has(o.id)).map((o) => o.id),
  ]
  const shortOf = new Map([
    ...existing.map((o) => [o.id, o.short_name ?? placeOf(o)] as const),
    ...orgs.map((o) => [o.id, o.short_name ?? o.name] as const),
  ])
  for (const id of branchIds) {
    const n = sizes.get(id)!
    if (n < CELL_THRESHOLD) continue
    const add = addUnder(streamOf(opts.seed, `cells:${id}`))
    const short = shortOf.get(id)!.replace(/党支部$/, '')
    for (let i = 1, cells = Math.min(5, Math.floor(n / CELL_SIZE)); i <= cells; i++)
      add(
        id,
        {
          name: `${short}第${cn(i)}党小组`.slice(0, 100),
          short_name: null,
          kind: 'party_cell',
          level: 'grassroots',
          host_unit_type: null,
          host_unit_name: null,
          establishment_mode: null,
        },
        [1990, 2024],
      )
  }

  // The division in a branch's people's ID numbers: that of the nearest org with a code, as a county.
  const divisionOf = new Map<string, string>()
  const plannedParent = new Map(orgs.map((o) => [o.id, o.parent_id]))
  const division6 = (id: string): string => {
    const known = divisionOf.get(id)
    if (known) return known
    const o = byId.get(id)
    const d = o?.division_code ? o.division_code.slice(0, 6).padEnd(6, '0') : division6((o?.parent_id ?? plannedParent.get(id))!)
    divisionOf.set(id, d)
    return d
  }
  const branches = branchIds.map((id) => ({
    id,
    established_on: dates.get(id)!,
    division6: division6(id),
    members: sizes.get(id)!,
  }))
  // One division's people together (their ID numbers share sequence counters), then in plan order.
  branches.sort((a, b) => (a.division6 < b.division6 ? -1 : a.division6 > b.division6 ? 1 : 0))
  return { existingDates, orgs, branches, members: branches.reduce((s, b) => s + b.members, 0) }
}

// Writing ------------------------------------------------------------------------------------------

/** The tables the dataset fills, whose secondary indexes a large load builds afterwards. */
const LOADED_TABLES = [
  'orgs',
  'org_history',
  'people',
  'members',
  'member_status_history',
  'member_org_history',
  'activities',
  'activity_attendance',
]

export interface DatasetResult {
  scale: string
  orgsBefore: number
  orgsGenerated: number
  orgsTotal: number
  people: number
  statusHistory: number
  orgHistory: number
  /** Every row inserted: orgs, org history, people, members and both member histories. */
  rows: number
  ms: number
  phases: { label: string; ms: number; rows: number }[]
}

export interface ProgressSink {
  (line: string): void
}

/** Progress lines, at most every two seconds: count so far, of how many, at what rate. */
function progressMeter(write: ProgressSink, label: string, total: number, unit: string) {
  const started = performance.now()
  let last = 0
  return (done: number, force = false) => {
    const now = performance.now()
    if (!force && now - last < 2000) return
    last = now
    const rate = done / Math.max(0.001, (now - started) / 1000)
    write(
      `${label}：${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ${unit}（${Math.round(rate).toLocaleString('en-US')} ${unit}/秒）`,
    )
  }
}

/** Months of organizational life the dataset holds, up to its reference day. */
export const ACTIVITY_MONTHS = 36
/** Months back from the reference day whose theme days carry attendance (study hours). */
export const ATTENDANCE_MONTHS = 6

/** The branches' organizational life (activities.demo.ts), set-based from the branches already loaded. */
async function activityAndStudyRecords(client: pg.PoolClient, plan: DatasetPlan, today: Date) {
  const ids = plan.branches.map((b) => b.id)
  if (ids.length === 0) return { rows: 0, value: 0 }
  let rows = 0
  for (const q of demoActivityStatements({
    orgIds: ids,
    today: iso(today),
    months: ACTIVITY_MONTHS,
    attendanceMonths: ATTENDANCE_MONTHS,
  }))
    rows += (await client.query(q.text, q.values)).rowCount ?? 0
  for (const q of committeeStatements(ids, iso(today))) rows += (await client.query(q.text, q.values)).rowCount ?? 0
  return { rows, value: rows }
}

/**
 * Committees and what the rules read of them, for the benchmark's orgs: a term for every branch (a
 * committee of five where it has 7 or more full members, a secretary alone otherwise) and for every
 * committee above them (drawn from the members of its first branch); the secretaries and deputies
 * of committees above the grassroots ranked as leading cadres of their level; in the last
 * ACTIVITY_MONTHS months a committee meeting most months (the committee attending), a party cell
 * meeting most months, a party lecture by each committee's secretary and a reflection by most
 * leading cadres each year.
 */
function committeeStatements(branchIds: string[], today: string) {
  /** The first month of the records, from the parameter holding today. */
  const since = (today: string) => `(date_trunc('month', ${today}::date) - make_interval(months => ${ACTIVITY_MONTHS - 1}))`
  return [
    {
      text: `WITH full_members AS (
         SELECT org_id, count(*) AS n FROM members WHERE status = 'full' AND org_id = ANY($1::uuid[]) GROUP BY 1
       ),
       -- each committee above the branches takes its members from its first branch
       above AS (
         SELECT DISTINCT ON (a.id) a.id AS org_id, b.id AS source_id, a.kind
         FROM orgs b JOIN full_members f ON f.org_id = b.id
         CROSS JOIN LATERAL generate_series(1, nlevel(b.path) - 1) AS i
         JOIN orgs a ON a.path = subpath(b.path, 0, i)
         WHERE a.kind IN ('committee', 'working_committee', 'general_branch') AND a.status = 'active'
         ORDER BY a.id, b.path
       ),
       src AS (
         SELECT org_id, org_id AS source_id, CASE WHEN n >= 7 THEN 'committee' ELSE 'secretary_only' END AS structure, 3 AS years
         FROM full_members
         UNION ALL
         SELECT org_id, source_id, 'committee', CASE WHEN kind = 'general_branch' THEN 3 ELSE 5 END FROM above
       ),
       terms AS (
         INSERT INTO org_committee_terms (org_id, term_number, structure, elected_on, term_years)
         SELECT s.org_id, 1, s.structure, least(greatest(coalesce(o.established_on, ${since('$2')}::date), ${since('$2')}::date), $2::date), s.years
         FROM src s JOIN orgs o ON o.id = s.org_id
         RETURNING id, org_id, structure, elected_on
       ),
       ranked AS (
         SELECT person_id, org_id, row_number() OVER (PARTITION BY org_id ORDER BY hashtext(person_id::text)) AS k
         FROM members WHERE status = 'full' AND org_id = ANY($1::uuid[])
       )
       INSERT INTO org_committee_members (term_id, person_id, post, started_on)
       SELECT t.id, r.person_id, (ARRAY['secretary', 'deputy_secretary', 'organization', 'publicity', 'discipline'])[r.k], t.elected_on
       FROM terms t JOIN src s ON s.org_id = t.org_id
       JOIN ranked r ON r.org_id = s.source_id AND r.k <= CASE WHEN t.structure = 'committee' THEN 5 ELSE 1 END`,
      values: [branchIds, today],
    },
    {
      text: `UPDATE people p SET cadre_rank = r.rank
       FROM (
         SELECT DISTINCT ON (cm.person_id) cm.person_id,
           CASE o.level WHEN 'province' THEN 'province' WHEN 'city' THEN 'city' WHEN 'county' THEN 'county' ELSE 'township' END AS rank
         FROM org_committee_members cm JOIN org_committee_terms t ON t.id = cm.term_id JOIN orgs o ON o.id = t.org_id
         WHERE o.kind IN ('committee', 'working_committee') AND cm.post IN ('secretary', 'deputy_secretary')
         ORDER BY cm.person_id, o.path
       ) r
       WHERE p.id = r.person_id`,
      values: [],
    },
    {
      text: `WITH months AS (
         SELECT m::date AS m FROM generate_series(${since('$2')}, date_trunc('month', $2::date), interval '1 month') m
       ),
       planned AS (
         SELECT t.org_id, 'committee_meeting' AS kind, mo.m, hashtext(t.org_id::text || mo.m::text || 'c') AS h
         FROM org_committee_terms t JOIN orgs o ON o.id = t.org_id CROSS JOIN months mo
         WHERE t.structure = 'committee' AND o.id = ANY($1::uuid[]) AND t.elected_on <= mo.m
         UNION ALL
         SELECT o.id, 'cell_meeting', mo.m, hashtext(o.id::text || mo.m::text || 'g')
         FROM orgs o CROSS JOIN months mo
         WHERE o.kind = 'party_cell' AND o.status = 'active' AND (o.established_on IS NULL OR o.established_on <= mo.m)
       )
       INSERT INTO activities (org_id, kinds, held_on, hours, topic)
       SELECT org_id, ARRAY[kind], m + (abs(h) % 20 + 3), NULL,
         CASE kind WHEN 'committee_meeting' THEN '支委会：研究本月工作' ELSE '党小组会：学习讨论' END
       FROM planned WHERE h & 15 <> 0 AND m + (abs(h) % 20 + 3) <= $2::date`,
      values: [branchIds, today],
    },
    {
      text: `INSERT INTO activity_attendance (activity_id, person_id, presence, absence_reason)
       SELECT a.id, cm.person_id,
         CASE WHEN hashtext(a.id::text || cm.person_id::text) & 7 = 0 THEN 'absent' ELSE 'present' END,
         CASE WHEN hashtext(a.id::text || cm.person_id::text) & 7 = 0 THEN '因公外出' END
       FROM activities a
       JOIN org_committee_terms t ON t.org_id = a.org_id AND t.structure = 'committee'
       JOIN org_committee_members cm ON cm.term_id = t.id
       WHERE a.kinds = '{committee_meeting}' AND a.org_id = ANY($1::uuid[])`,
      values: [branchIds],
    },
    {
      text: `WITH years AS (
         SELECT y::date AS y FROM generate_series(date_trunc('year', ${since('$1')}), date_trunc('year', $1::date), interval '1 year') y
       )
       INSERT INTO activities (org_id, kinds, held_on, hours, topic, speaker_person_id)
       SELECT t.org_id, '{party_lecture}', y.y + (abs(hashtext(cm.person_id::text || y.y::text)) % 300), 2.0,
         '书记讲党课', cm.person_id
       FROM org_committee_terms t JOIN orgs o ON o.id = t.org_id
       JOIN org_committee_members cm ON cm.term_id = t.id AND cm.post = 'secretary'
       CROSS JOIN years y
       WHERE o.kind IN ('committee', 'working_committee') AND hashtext(cm.person_id::text || y.y::text) & 7 <> 0
         AND y.y + (abs(hashtext(cm.person_id::text || y.y::text)) % 300) <= $1::date`,
      values: [today],
    },
    {
      text: `WITH years AS (
         SELECT y::date AS y FROM generate_series(date_trunc('year', ${since('$1')}), date_trunc('year', $1::date), interval '1 year') y
       )
       INSERT INTO cadre_writings (person_id, org_id, kind, title, written_on)
       SELECT p.id, m.org_id, 'reflection', '学习体会', y.y + (abs(hashtext(p.id::text || y.y::text)) % 300)
       FROM people p JOIN members m ON m.person_id = p.id CROSS JOIN years y
       WHERE p.cadre_rank IS NOT NULL AND hashtext(p.id::text || y.y::text) & 3 <> 0
         AND y.y + (abs(hashtext(p.id::text || y.y::text)) % 300) <= $1::date`,
      values: [today],
    },
  ]
}

/** Writes `data` (COPY text, one line a row) with `sql` (a COPY … FROM STDIN) on the connection. */
async function copyText(c: pg.PoolClient, sql: string, data: string) {
  await pipeline(Readable.from([Buffer.from(data)]), c.query(copyFrom(sql)))
}

/** Chunks on their way from the workers to the writing connections. */
interface ChunkQueue {
  push: (chunk: MemberChunk) => void
  /** The next chunk; null once closed and drained. */
  take: () => Promise<MemberChunk | null>
  /** Resolves when there is room again (a few chunks per writer), so the workers stay only a little ahead. */
  room: () => Promise<void>
  close: () => void
}

function chunkQueue(limit: number): ChunkQueue {
  const items: MemberChunk[] = []
  const takers: ((c: MemberChunk | null) => void)[] = []
  const waiting: (() => void)[] = []
  let closed = false
  const max = 2 * Math.max(2, limit)
  return {
    push(chunk) {
      const t = takers.shift()
      if (t) t(chunk)
      else items.push(chunk)
    },
    take() {
      const chunk = items.shift()
      if (items.length < max) for (let w = waiting.shift(); w; w = waiting.shift()) w()
      if (chunk) return Promise.resolve(chunk)
      if (closed) return Promise.resolve(null)
      return new Promise((r) => takers.push(r))
    },
    room: () => (items.length < max ? Promise.resolve() : new Promise((r) => waiting.push(r))),
    close() {
      closed = true
      for (let t = takers.shift(); t; t = takers.shift()) t(null)
      for (let w = waiting.shift(); w; w = waiting.shift()) w()
    },
  }
}

/**
 * Hands the division groups to worker threads (dataset-worker.ts), one group at a time per worker,
 * and pushes their chunks into `queue`; closes the queue when every group is drawn.
 */
async function drawInWorkers(
  groups: PlannedBranch[][],
  queue: ChunkQueue,
  workerCount: number,
  setup: Omit<WorkerSetup, 'encryptionKey'> & { encryptionKey: Buffer },
) {
  const count = Math.max(1, Math.min(workerCount, groups.length))
  const workerData: WorkerSetup = { ...setup, encryptionKey: new Uint8Array(setup.encryptionKey) }
  const workers = Array.from(
    { length: count },
    () =>
      // The worker is TypeScript like the rest: a worker does not inherit the loader hooks of this
      // thread, so it loads its module through tsx's API itself.
      new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(
          new URL('./dataset-worker.ts', import.meta.url).href,
        )}, ${JSON.stringify(import.meta.url)}))`,
        { eval: true, workerData },
      ),
  )
  let next = 0
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const assign = async () => {
              await queue.room()
              if (next >= groups.length) return resolve()
              const task = next++
              w.postMessage({ task, branches: groups[task]! } satisfies WorkerTask)
            }
            w.on('message', (m: WorkerReply) => {
              if ('chunk' in m) queue.push(m.chunk)
              else assign().catch(reject)
            })
            w.on('error', reject)
            w.on('exit', (code) => reject(new Error(`生成人员的工作线程意外退出（${code}）`)))
            assign().catch(reject)
          }),
      ),
    )
    queue.close()
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
}

const ORG_COLUMNS: [keyof PlannedOrg | 'name_pinyin' | 'name_initials', string][] = [
  ['id', 'uuid'],
  ['parent_id', 'uuid'],
  ['path', 'ltree'],
  ['name', 'text'],
  ['short_name', 'text'],
  ['kind', 'text'],
  ['level', 'text'],
  ['host_unit_type', 'text'],
  ['host_unit_name', 'text'],
  ['establishment_mode', 'text'],
  ['established_on', 'date'],
  ['sort_order', 'int'],
  ['name_pinyin', 'text'],
  ['name_initials', 'text'],
]
// covered_units is an array per row: passed joined by a unit separator, split in SQL
const ORG_INSERT = `INSERT INTO orgs (${ORG_COLUMNS.map(([c]) => c).join(', ')}, covered_units)
  SELECT ${ORG_COLUMNS.map(([c]) => `u.${c}`).join(', ')}, CASE WHEN u.cu = '' THEN '{}'::text[] ELSE string_to_array(u.cu, chr(31)) END
  FROM unnest(${ORG_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}, $${ORG_COLUMNS.length + 1}::text[])
    AS u(${ORG_COLUMNS.map(([c]) => c).join(', ')}, cu)`

/**
 * Fills the subtree of `rootId` (already seeded with the real tree) with the planned orgs and their
 * members, through `pool`'s owner connections. A large load (`bulk`) drops the secondary indexes of
 * the loaded tables first and builds them afterwards, and skips foreign-key triggers where the role
 * may (the rows are consistent by construction; the test checks it at small scale); both need an
 * empty registry, so a failed bulk load leaves a data directory to delete, not to repair.
 */
export async function generateDataset(
  pool: pg.Pool,
  opts: {
    rootId: string
    scale: string
    seed: number
    today: Date
    encryptionKey: Buffer
    bulk?: boolean
    /** People a COPY chunk holds (5,000). */
    chunkSize?: number
    /** Worker threads drawing and sealing people (2). */
    workers?: number
    progress?: ProgressSink
  },
): Promise<DatasetResult> {
  const write = opts.progress ?? (() => undefined)
  const started = performance.now()
  const phases: DatasetResult['phases'] = []
  const phase = async <T>(label: string, fn: () => Promise<{ rows: number; value: T }>) => {
    const t0 = performance.now()
    const { rows, value } = await fn()
    const ms = performance.now() - t0
    phases.push({ label, ms, rows })
    write(`${label}：${rows.toLocaleString('en-US')} 行，${(ms / 1000).toFixed(1)} 秒`)
    return value
  }
  const client = await pool.connect()
  const second = await pool.connect()
  const bulk = opts.bulk ?? false
  let indexes: { name: string; def: string }[] = []
  let walRaised = false
  try {
    const isSuper = (await client.query<{ s: boolean }>('SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user'))
      .rows[0]!.s
    for (const c of [client, second]) {
      await c.query("SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'")
      if (isSuper) await c.query('SET session_replication_role = replica')
    }
    if (bulk) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM people')
      if (rows[0]!.n > 0) throw new Error('大批量生成需要空的党员名册：请用全新的数据目录')
      if (isSuper) {
        // Fewer checkpoints while loading; reset when done.
        await client.query("ALTER SYSTEM SET max_wal_size = '16GB'")
        await client.query("ALTER SYSTEM SET checkpoint_timeout = '30min'")
        await client.query('SELECT pg_reload_conf()')
        walRaised = true
      }
    }

    const existing = (
      await client.query<ExistingOrg>(
        'SELECT id, parent_id, path::text AS path, name, short_name, kind, level, division_code, host_unit_type, host_unit_name FROM orgs',
      )
    ).rows
    const plan = await phase('规划组织', async () => {
      const value = planDataset(existing, { rootId: opts.rootId, seed: opts.seed, today: opts.today })
      return { rows: 0, value }
    })
    write(
      `计划：新增组织 ${plan.orgs.length.toLocaleString('en-US')} 个，党支部 ${plan.branches.length.toLocaleString('en-US')} 个，人员 ${plan.members.toLocaleString('en-US')} 人`,
    )

    if (bulk) {
      indexes = (
        await client.query<{ name: string; def: string }>(
          `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i
           WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
           ORDER BY 1`,
          [LOADED_TABLES],
        )
      ).rows
      for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`)
    }

    await phase('组织（含成立日期）', async () => {
      const dated = [...plan.existingDates]
      await client.query(
        'UPDATE orgs o SET established_on = v.d FROM unnest($1::uuid[], $2::date[]) AS v(id, d) WHERE o.id = v.id AND o.established_on IS NULL',
        [dated.map(([id]) => id), dated.map(([, d]) => d)],
      )
      const meter = progressMeter(write, '组织', plan.orgs.length, '个')
      for (let i = 0; i < plan.orgs.length; i += 10_000) {
        const chunk = plan.orgs.slice(i, i + 10_000)
        const pinyin = chunk.map((o) => pinyinOf(o.name))
        const params: unknown[] = ORG_COLUMNS.map(([c]) =>
          c === 'name_pinyin'
            ? pinyin.map((p) => p.full)
            : c === 'name_initials'
              ? pinyin.map((p) => p.initials)
              : chunk.map((o) => o[c]),
        )
        params.push(chunk.map((o) => o.covered_units.join('\u001f')))
        await client.query(ORG_INSERT, params)
        meter(i + chunk.length)
      }
      // One version per org, from the day it was established (the trigger, where it ran, wrote today).
      const updated = await client.query(`
        UPDATE org_history h SET valid_from = o.established_on::timestamp AT TIME ZONE 'Asia/Shanghai'
        FROM orgs o
        WHERE h.org_id = o.id AND h.valid_to IS NULL AND o.established_on IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM org_history c WHERE c.org_id = h.org_id AND c.valid_to IS NOT NULL)`)
      const inserted = await client.query(`
        INSERT INTO org_history (org_id, valid_from, parent_id, path, name, kind, level, status, division_code, host_unit_type,
          establishment_mode)
        SELECT o.id, coalesce(o.established_on::timestamp AT TIME ZONE 'Asia/Shanghai', o.created_at), o.parent_id, o.path, o.name,
          o.kind, o.level, o.status, o.division_code, o.host_unit_type, o.establishment_mode
        FROM orgs o
        WHERE NOT EXISTS (SELECT 1 FROM org_history h WHERE h.org_id = o.id)`)
      void updated
      return { rows: plan.orgs.length + (inserted.rowCount ?? 0), value: undefined }
    })

    const people = await phase('人员与党员（工作线程抽取、加密，COPY 写入）', async () => {
      const meter = progressMeter(write, '人员与党员', plan.members, '人')
      let done = 0
      // The workers draw and seal one division at a time; the two connections COPY their chunks
      // (people, then members) as they come, so drawing and writing overlap on both cores.
      const workers = opts.workers ?? 2
      const queue = chunkQueue(workers)
      const writing = [client, second].map(async (c) => {
        for (let chunk = await queue.take(); chunk; chunk = await queue.take()) {
          await copyText(c, `COPY people (${PEOPLE_COPY_COLUMNS.join(', ')}) FROM STDIN`, chunk.people)
          await copyText(c, `COPY members (${MEMBERS_COPY_COLUMNS.join(', ')}) FROM STDIN`, chunk.members)
          done += chunk.count
          meter(done)
        }
      })
      try {
        await Promise.all([
          drawInWorkers(divisionGroups(plan.branches), queue, workers, {
            seed: opts.seed,
            todayMs: opts.today.getTime(),
            encryptionKey: opts.encryptionKey,
            chunkSize: opts.chunkSize ?? 5000,
          }),
          ...writing,
        ])
      } finally {
        queue.close()
      }
      meter(done, true)
      return { rows: done * 2, value: done }
    })

    // Members without history rows yet. A bulk load starts from an empty registry and needs no such
    // test, which would otherwise be planned against the empty table and rescan it for every member.
    const onlyNew = (table: string) => (bulk ? '' : `WHERE NOT EXISTS (SELECT 1 FROM ${table} h WHERE h.person_id = m.person_id)`)
    const [statusHistory, orgHistory] = await phase('状态与组织关系历史（INSERT … SELECT）', async () => {
      const reached = `CASE WHEN m.full_on IS NOT NULL THEN 'full' WHEN m.admitted_on IS NOT NULL THEN 'probationary'
        WHEN m.candidate_on IS NOT NULL THEN 'candidate' WHEN m.activist_on IS NOT NULL THEN 'activist' ELSE 'applicant' END`
      // Two plain INSERT … SELECTs: the 登记 row of everyone, then the leaving of those who left (a
      // lateral UNION ALL producing both was several times slower per row at province scale).
      const statusRows = async () => {
        const registered = await client.query(`
          INSERT INTO member_status_history (person_id, from_status, to_status, effective_on, reason)
          SELECT m.person_id, NULL, ${reached}, coalesce(m.full_on, m.admitted_on, m.candidate_on, m.activist_on, m.applied_on), '登记'
          FROM members m ${onlyNew('member_status_history')}`)
        const left = await client.query(`
          INSERT INTO member_status_history (person_id, from_status, to_status, effective_on, reason, document_no)
          SELECT m.person_id, ${reached}, 'left', m.left_on,
            CASE m.left_reason WHEN 'deceased' THEN '去世' WHEN 'transferred_out' THEN '转出本系统'
              WHEN 'withdrawn' THEN '退党或撤回入党申请' WHEN 'removed' THEN '除名' WHEN 'expelled' THEN '开除党籍'
              ELSE '取消预备党员资格' END,
            m.left_document
          FROM members m
          WHERE m.status = 'left'
            ${bulk ? '' : "AND NOT EXISTS (SELECT 1 FROM member_status_history h WHERE h.person_id = m.person_id AND h.to_status = 'left')"}`)
        return { rowCount: (registered.rowCount ?? 0) + (left.rowCount ?? 0) }
      }
      const [s, o] = await Promise.all([
        statusRows(),
        second.query(`
          INSERT INTO member_org_history (person_id, org_id, valid_from, valid_to)
          SELECT m.person_id, m.org_id,
            least(greatest(m.applied_on, coalesce(o.established_on, m.applied_on)), coalesce(m.left_on, 'infinity')),
            m.left_on
          FROM members m JOIN orgs o ON o.id = m.org_id
          ${onlyNew('member_org_history')}`),
      ])
      return { rows: (s.rowCount ?? 0) + (o.rowCount ?? 0), value: [s.rowCount ?? 0, o.rowCount ?? 0] as const }
    })

    await phase('活动与出席记录（集合写入）', () => activityAndStudyRecords(client, plan, opts.today))

    if (bulk) {
      await phase('重建索引', async () => {
        // Two at a time, largest tables first; each build may use parallel workers too.
        const queue = [...indexes]
        await Promise.all(
          [client, second].map(async (c) => {
            for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.def)
          }),
        )
        indexes = []
        return { rows: 0, value: undefined }
      })
    }
    if (isSuper) {
      // The trigger that keeps the name index was off while loading (replica role).
      await phase('姓名检索表（people_name_index_rebuild）', async () => {
        const { rows } = await client.query<{ n: string }>('SELECT people_name_index_rebuild() AS n')
        return { rows: Number(rows[0]!.n), value: undefined }
      })
    }
    await phase('统计信息（VACUUM ANALYZE）', async () => {
      const queue = [...LOADED_TABLES, 'people_name_index']
      await Promise.all(
        [client, second].map(async (c) => {
          for (let t = queue.shift(); t; t = queue.shift()) await c.query(`VACUUM (ANALYZE) ${t}`)
        }),
      )
      return { rows: 0, value: undefined }
    })

    // The statistics roll-ups, where the platform has them: the load wrote past their triggers
    // (replica role) or through them row by row; either way one recount from scratch makes them exact.
    const hasRollups = (await client.query<{ ok: boolean }>("SELECT to_regproc('stat_rebuild') IS NOT NULL AS ok")).rows[0]!.ok
    if (hasRollups)
      await phase('统计汇总（stat_rebuild）', async () => {
        await client.query('SELECT stat_rebuild()')
        await client.query('ANALYZE stat_rollup')
        return { rows: 0, value: undefined }
      })

    // Each person's study hours per year, kept by attendance triggers the load wrote past.
    const hasHours = (await client.query<{ ok: boolean }>("SELECT to_regproc('study_hours_rebuild') IS NOT NULL AS ok")).rows[0]!
      .ok
    if (hasHours && isSuper)
      await phase('学时台账（study_hours_rebuild）', async () => {
        const { rows } = await client.query<{ n: string }>('SELECT study_hours_rebuild() AS n')
        await client.query('ANALYZE study_hours')
        return { rows: Number(rows[0]!.n), value: undefined }
      })

    // Whether each committee meeting was quorate, kept by triggers the load wrote past.
    const hasQuorum = (
      await client.query<{ ok: boolean }>("SELECT to_regproc('activity_committee_quorum_rebuild') IS NOT NULL AS ok")
    ).rows[0]!.ok
    if (hasQuorum && isSuper)
      await phase('支委会到会过半（activity_committee_quorum_rebuild）', async () => {
        const { rows } = await client.query<{ n: string }>('SELECT activity_committee_quorum_rebuild() AS n')
        await client.query('ANALYZE activity_committee_quorum')
        return { rows: Number(rows[0]!.n), value: undefined }
      })

    const orgsTotal = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM orgs')).rows[0]!.n
    const orgHistoryRows = phases.find((p) => p.label.startsWith('组织'))!.rows - plan.orgs.length
    return {
      scale: opts.scale,
      orgsBefore: existing.length,
      orgsGenerated: plan.orgs.length,
      orgsTotal,
      people,
      statusHistory,
      orgHistory,
      rows: plan.orgs.length + orgHistoryRows + people * 2 + statusHistory + orgHistory,
      ms: performance.now() - started,
      phases,
    }
  } catch (e) {
    if (indexes.length) write(`生成失败，以下索引已删除而未重建，请删除这个数据目录：${indexes.map((i) => i.name).join('，')}`)
    throw e
  } finally {
    if (walRaised) {
      await client.query('ALTER SYSTEM RESET max_wal_size').catch(() => undefined)
      await client.query('ALTER SYSTEM RESET checkpoint_timeout').catch(() => undefined)
      await client.query('SELECT pg_reload_conf()').catch(() => undefined)
    }
    // the pool's connections go back as they came
    for (const c of [client, second]) await c.query('RESET ALL').catch(() => undefined)
    client.release()
    second.release()
  }
}
