// The ESM build: `antd/locale/zh_CN` is a CommonJS re-export that Vite's dev server hands over as
// `{ default: locale }` (ConfigProvider unwraps that, but the spread below would not).
import zhCN from 'antd/es/locale/zh_CN'

type Locale = typeof zhCN

/**
 * antd's zh_CN leaves weekday and month names to dayjs, whose zh-cn locale is not loaded (dayjs
 * is not a dependency of the web app), so the calendar would read "Su Mo … / Nov". The picker
 * takes the names from its locale first.
 */
const datePickerLang = {
  shortWeekDays: ['日', '一', '二', '三', '四', '五', '六'],
  shortMonths: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
}

export const LOCALE: Locale = {
  ...zhCN,
  DatePicker: zhCN.DatePicker && {
    ...zhCN.DatePicker,
    lang: { ...zhCN.DatePicker.lang, ...datePickerLang },
  },
}
