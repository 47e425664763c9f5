import { defineRules } from '../../platform/rules/registry.ts'

// Leading cadres' study (seed §7): lectures and writings, per cadre, counted for the org of each
// cadre's member record (the org's result: cadres who met it / cadres of the org).

const SEED = '鄂发〔2006〕13号'
/** Orgs that hold members' records. */
const MEMBER_ORGS = ['committee', 'general_branch', 'branch', 'joint_branch'] as const

export const CADRE_STUDY_RULES = defineRules([
  {
    id: 'lecture.leader_yearly',
    title: '党员领导干部每年讲党课或作形势报告',
    quote: '党员领导干部坚持每年定期给所在单位党员或联系点党员干部讲党课或作形势报告',
    source: `${SEED}第 7 条`,
    sourceKind: 'seed',
    seedArticles: [7, 8],
    appliesTo:
      '有党员领导干部（省级、市级、县级、乡级）组织关系在本组织的组织；每名领导干部单独计算，讲课地点不限（所在单位或联系点）',
    target: { orgKinds: MEMBER_ORGS },
    period: 'year',
    params: { count: { label: '每人每年次数', unit: '次', default: 1, min: 1, max: 12 } },
    version: 1,
    effectiveFrom: '2006-07-20',
    evaluator: { kind: 'cadre_lectures', param: 'count', ranks: ['province', 'city', 'county', 'township'] },
    unit: '人',
    duty: '由每名党员领导干部讲党课或作形势报告',
    recordKind: 'party_lecture',
  },
  {
    id: 'article.county_cadre_yearly',
    title: '县以上党员领导干部每年撰写学习体会和理论文章',
    quote: '县以上党员领导干部每年结合工作实际，自己动手撰写学习体会和理论文章',
    source: `${SEED}第 7 条`,
    sourceKind: 'seed',
    seedArticles: [7],
    appliesTo: '有县级以上党员领导干部组织关系在本组织的组织；每名领导干部单独计算',
    target: { orgKinds: MEMBER_ORGS },
    period: 'year',
    params: { count: { label: '每人每年篇数', unit: '篇', default: 1, min: 1, max: 12 } },
    version: 1,
    effectiveFrom: '2006-07-20',
    evaluator: { kind: 'cadre_writings', param: 'count', ranks: ['province', 'city', 'county'] },
    unit: '人',
    duty: '由每名县以上党员领导干部撰写学习体会或理论文章',
    recordKind: null,
  },
])
