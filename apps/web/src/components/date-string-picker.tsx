import { DatePicker } from 'antd'
// The date library antd's DatePicker is built on (the same module instance antd bundles); only
// this file turns its values into the contract's 'YYYY-MM-DD' strings and back.
import dayjs, { type Dayjs } from 'dayjs'
import { useIsMobile } from '../lib/use-is-mobile.ts'

const FORMAT = 'YYYY-MM-DD'

/** Today in the browser's time zone, as 'YYYY-MM-DD'. */
export function todayString(): string {
  return dayjs().format(FORMAT)
}

interface Props {
  id?: string
  value?: string | null
  onChange?: (value: string | undefined) => void
  /** Earliest selectable day, 'YYYY-MM-DD'. */
  min?: string | undefined
  /** Latest selectable day, 'YYYY-MM-DD'. */
  max?: string | undefined
  placeholder?: string
  disabled?: boolean
  allowClear?: boolean
}

/**
 * A DatePicker whose value is the contract's date string ('YYYY-MM-DD'), so a Form.Item can
 * validate it with the contract's `isoDate` schema and send it as is. Cleared → undefined.
 */
export function DateStringPicker({
  id,
  value,
  onChange,
  min,
  max,
  placeholder = '请选择日期',
  disabled,
  allowClear = true,
}: Props) {
  const isMobile = useIsMobile()
  const parsed = value ? dayjs(value) : null
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      value={parsed?.isValid() ? parsed : null}
      format={FORMAT}
      placeholder={placeholder}
      disabled={disabled}
      allowClear={allowClear}
      // On a phone the calendar is the input; a keyboard would cover it.
      inputReadOnly={isMobile}
      disabledDate={(day: Dayjs) => {
        const s = day.format(FORMAT)
        return (min !== undefined && s < min) || (max !== undefined && s > max)
      }}
      onChange={(day: Dayjs | null) => onChange?.(day ? day.format(FORMAT) : undefined)}
    />
  )
}

const MONTH_FORMAT = 'YYYY-MM'

/** This month in the browser's time zone, as 'YYYY-MM'. */
export function thisMonthString(): string {
  return dayjs().format(MONTH_FORMAT)
}

/** A month picker whose value is 'YYYY-MM' (the contract's month query); months after `max` are disabled. */
export function MonthStringPicker({
  id,
  value,
  onChange,
  max,
  disabled,
  ariaLabel,
}: {
  id?: string
  value?: string | null
  onChange?: (value: string | undefined) => void
  max?: string | undefined
  disabled?: boolean
  ariaLabel?: string
}) {
  const isMobile = useIsMobile()
  const parsed = value ? dayjs(`${value}-01`) : null
  return (
    <DatePicker
      id={id}
      picker="month"
      aria-label={ariaLabel}
      value={parsed?.isValid() ? parsed : null}
      format={MONTH_FORMAT}
      allowClear={false}
      disabled={disabled}
      inputReadOnly={isMobile}
      disabledDate={(day: Dayjs) => max !== undefined && day.format(MONTH_FORMAT) > max}
      onChange={(day: Dayjs | null) => onChange?.(day ? day.format(MONTH_FORMAT) : undefined)}
    />
  )
}
