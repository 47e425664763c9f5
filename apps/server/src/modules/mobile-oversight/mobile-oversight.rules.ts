import { defineChecks } from '../../platform/rules/registry.ts'

// The numbers of the oversight of mobile-member work (seed §23), each with its sentence and source.
// The service reads them only through the registry and, for the due days, the override in force for
// the reporting org (a city or the province may set its own).

const SEED_23 = '市（州）、县（市、区）党委组织部门每年底要逐级上报流动党员管理工作情况，省委组织部每年要组织一次抽查'

export const OVERSIGHT_CHECKS = defineChecks([
  {
    id: 'oversight.year_end_report',
    title: '流动党员管理工作情况每年底逐级上报',
    quote: SEED_23,
    source:
      '鄂发〔2006〕13号第 23 条规定“每年底逐级上报”；县级报市、市级报省的具体截止日期文件未规定，为地方做法（默认县级 12 月 20 日、市级 12 月 31 日，可按地区调整）',
    sourceKind: 'local',
    seedArticles: [23],
    appliesTo: '县（市、区）和市（州）党委组织部门：县级报告报所在市，市级报告（所辖县级报告的汇总加本级情况）报省',
    params: {
      countyMonth: { label: '县级报送截止月', unit: '月', default: 12, min: 10, max: 12 },
      countyDay: { label: '县级报送截止日', unit: '日', default: 20, min: 1, max: 31 },
      cityMonth: { label: '市级报送截止月', unit: '月', default: 12, min: 10, max: 12 },
      cityDay: { label: '市级报送截止日', unit: '日', default: 31, min: 1, max: 31 },
    },
    version: 1,
    effectiveFrom: '2006-01-01',
    configurable: true,
  },
  {
    id: 'oversight.spot_check_yearly',
    title: '省委组织部每年组织一次流动党员管理工作抽查',
    quote: SEED_23,
    source: '鄂发〔2006〕13号第 23 条',
    sourceKind: 'seed',
    seedArticles: [23],
    appliesTo: '省委组织部：每年抽取县（市、区）和流动党员，记录检查发现并跟踪整改到销号；样本以记录的种子按公开算法抽取，可复核',
    params: {},
    version: 1,
    effectiveFrom: '2006-01-01',
  },
  {
    id: 'oversight.coordination',
    title: '有关部门协作，定期研究和通报流动党员管理工作',
    quote: '加强公安、民政、人事、劳动和社会保障、农业、人口和计划生育、税务、工商等部门的协作，定期研究和通报流动党员管理工作',
    source: '鄂发〔2006〕13号第 23 条',
    sourceKind: 'seed',
    seedArticles: [23],
    appliesTo: '各级党委组织部门召集的部门协调会议：登记参加部门和议定事项，不从各部门导入数据',
    params: {},
    version: 1,
    effectiveFrom: '2006-01-01',
  },
])
