import { choice } from '../zod.ts'

// National standard code tables for person records. The codes are what the database stores and
// what the annual party statistics and other systems exchange; the names are what users see.
//
// Keys such as '10'…'98' are integer-like, so Object.keys/entries on these records list them
// before '01'…'09'. Use the *_CODES tuples (in code order) or the *_OPTIONS lists to show them.

/** 民族, GB/T 3304-1991 数字代码. 97 and 98 are the standard's entries for people outside the 56. */
export const ETHNICITIES = {
  '01': '汉族',
  '02': '蒙古族',
  '03': '回族',
  '04': '藏族',
  '05': '维吾尔族',
  '06': '苗族',
  '07': '彝族',
  '08': '壮族',
  '09': '布依族',
  '10': '朝鲜族',
  '11': '满族',
  '12': '侗族',
  '13': '瑶族',
  '14': '白族',
  '15': '土家族',
  '16': '哈尼族',
  '17': '哈萨克族',
  '18': '傣族',
  '19': '黎族',
  '20': '傈僳族',
  '21': '佤族',
  '22': '畲族',
  '23': '高山族',
  '24': '拉祜族',
  '25': '水族',
  '26': '东乡族',
  '27': '纳西族',
  '28': '景颇族',
  '29': '柯尔克孜族',
  '30': '土族',
  '31': '达斡尔族',
  '32': '仫佬族',
  '33': '羌族',
  '34': '布朗族',
  '35': '撒拉族',
  '36': '毛南族',
  '37': '仡佬族',
  '38': '锡伯族',
  '39': '阿昌族',
  '40': '普米族',
  '41': '塔吉克族',
  '42': '怒族',
  '43': '乌孜别克族',
  '44': '俄罗斯族',
  '45': '鄂温克族',
  '46': '德昂族',
  '47': '保安族',
  '48': '裕固族',
  '49': '京族',
  '50': '塔塔尔族',
  '51': '独龙族',
  '52': '鄂伦春族',
  '53': '赫哲族',
  '54': '门巴族',
  '55': '珞巴族',
  '56': '基诺族',
  '97': '其他',
  '98': '外国血统中国籍人士',
} as const
export type EthnicityCode = keyof typeof ETHNICITIES
export const ETHNICITY_CODES = sortedCodes(ETHNICITIES)

/**
 * 学历, GB/T 4658-2006: the eight top-level categories (codes ending in 0) and the second-level
 * codes party statistics separate out (博士/硕士; 中专/职高/技校). The standard's 结业/肄业 variants
 * and the remaining second-level codes are not offered.
 */
export const EDUCATION_LEVELS = {
  '10': '研究生教育',
  '11': '博士研究生毕业',
  '14': '硕士研究生毕业',
  '20': '大学本科教育',
  '30': '大学专科教育',
  '40': '中等职业教育',
  '41': '中等专科毕业',
  '44': '职业高中毕业',
  '47': '技工学校毕业',
  '60': '普通高级中学教育',
  '70': '初级中学教育',
  '80': '小学教育',
  '90': '其他',
} as const
export type EducationLevelCode = keyof typeof EDUCATION_LEVELS
export const EDUCATION_LEVEL_CODES = sortedCodes(EDUCATION_LEVELS)

export type EducationCategoryCode = Extract<EducationLevelCode, `${number}0`>
/** The top-level category of a code: '14' (硕士研究生毕业) → '10' (研究生教育). */
export const educationCategoryOf = (code: EducationLevelCode): EducationCategoryCode =>
  `${code.charAt(0)}0` as EducationCategoryCode

/**
 * 性别, GB/T 2261.1-2003. Only 1 and 2 are offered: the ID number fixes a person's gender, and the
 * standard's 0 (未知) and 9 (未说明) have no use in a member record. The standard names them 男性/女性.
 */
export const GENDERS = { '1': '男', '2': '女' } as const
export type GenderCode = keyof typeof GENDERS
export const GENDER_CODES = sortedCodes(GENDERS)

/** 'male'/'female' as `parseIdNumber` reports it → the code stored in person records. */
export const genderCodeOf = (gender: 'male' | 'female'): GenderCode => (gender === 'male' ? '1' : '2')

export const ethnicity = (label = '民族') => choice(label, ETHNICITY_CODES)
export const educationLevel = (label = '学历') => choice(label, EDUCATION_LEVEL_CODES)
export const gender = (label = '性别') => choice(label, GENDER_CODES)

export interface CodeOption<C extends string> {
  value: C
  label: string
}
/** For select boxes, in code order. */
export const ETHNICITY_OPTIONS = optionsOf(ETHNICITIES, ETHNICITY_CODES)
export const EDUCATION_LEVEL_OPTIONS = optionsOf(EDUCATION_LEVELS, EDUCATION_LEVEL_CODES)
export const GENDER_OPTIONS = optionsOf(GENDERS, GENDER_CODES)

function sortedCodes<T extends Record<string, string>>(table: T): [keyof T & string, ...(keyof T & string)[]] {
  // All codes in a table have the same width, so string order is code order.
  return Object.keys(table).sort() as [keyof T & string, ...(keyof T & string)[]]
}

function optionsOf<C extends string>(table: Record<C, string>, codes: readonly C[]): CodeOption<C>[] {
  return codes.map((value) => ({ value, label: table[value] }))
}
