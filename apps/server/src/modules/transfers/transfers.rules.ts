import { defineChecks } from '../../platform/rules/registry.ts'

// The numbers of membership transfers (RULES.md §b4; seed §23), each with the sentence it
// implements and its source. The service reads them only through the registry (and, for the
// letter's validity, the override in force for the origin org).

const REGULATIONS = '《中国共产党党员教育管理工作条例》（2019 年）第二十五条'

export const TRANSFER_CHECKS = defineChecks([
  {
    id: 'transfer.letter_validity',
    title: '组织关系介绍信的有效期',
    quote: '介绍信有效期说法不一：“市内 10 天、市外 30 天、最长 3 个月”；“一般不超过 3 个月，跨省不超过 6 个月”。实行回执制度',
    source: '各地党员组织关系转接实施细则（地方做法，未找到全国统一规定，可按地区调整）',
    sourceKind: 'local',
    seedArticles: [23],
    appliesTo: '开具组织关系介绍信的党组织（按开具之日转出组织适用的参数）',
    params: { months: { label: '有效期', unit: '个月', default: 3, min: 1, max: 6 } },
    version: 1,
    effectiveFrom: '2019-05-06',
    configurable: true,
  },
  {
    id: 'transfer.away_fixed_place',
    title: '外出 6 个月以上且地点相对固定的应转移组织关系',
    quote: '党员工作单位、经常居住地发生变动的，或者外出学习、工作、生活 6 个月以上并且地点相对固定的，应当转移组织关系',
    source: REGULATIONS,
    sourceKind: 'national',
    seedArticles: [23],
    appliesTo: '正式党员和预备党员：外出登记中地点相对固定、尚未返回，且外出以来没有转接组织关系的',
    params: { months: { label: '外出时长', unit: '个月', default: 6, min: 3, max: 12 } },
    version: 1,
    effectiveFrom: '2019-05-06',
  },
  {
    id: 'transfer.origin_responsible',
    title: '转出后未被接收前，原党组织仍负管理责任',
    quote: '党员组织关系转出后，接收党组织未接收前，原所在党组织仍负有管理责任。不得无故拒转拒接',
    source: REGULATIONS,
    sourceKind: 'national',
    seedArticles: [23],
    appliesTo: '待接收的组织关系转接：党员留在转出组织的名册和统计中，接收后才转入；退回须写明原因',
    params: {},
    version: 1,
    effectiveFrom: '2019-05-06',
  },
  {
    id: 'transfer.complete_record',
    title: '党员信息完整方可转出',
    quote: '转接时核对党员信息，信息不完整的补全后再转出，避免因信息不完整被退回',
    source: 'RULES.md (c) 2：跨系统转接“信息不完整被退回”的教训（平台的做法）',
    sourceKind: 'local',
    seedArticles: [23],
    appliesTo: '开具介绍信前的党员信息：姓名、性别、民族、出生日期、身份证号、手机号、学历及所处阶段的日期',
    params: {},
    version: 1,
    effectiveFrom: '2026-01-01',
  },
])

export type TransferCheckId = (typeof TRANSFER_CHECKS)[number]['id']
