// The ESM build: `antd/locale/zh_CN` is a CommonJS re-export that Vite's dev server hands over as
// `{ default: locale }`.
import zhCN from 'antd/es/locale/zh_CN'
import dayjs from 'dayjs'
// Weekday and month names, and weeks that start on Monday, in the date pickers.
import 'dayjs/locale/zh-cn'

dayjs.locale('zh-cn')

export const LOCALE = zhCN
