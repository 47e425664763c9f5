import { useSyncExternalStore } from 'react'
import type { Breakpoint } from 'antd'

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', onChange)
      return () => list.removeEventListener('change', onChange)
    },
    () => window.matchMedia(query).matches,
    () => false,
  )
}

/** Below antd's `md` breakpoint (768px) the side menu becomes a drawer and forms stack. */
export function useIsMobile(): boolean {
  return useMediaQuery('(max-width: 767.98px)')
}

/** Below 1100px the header has no room for the user's name and two text buttons. */
export function useIsNarrow(): boolean {
  return useMediaQuery('(max-width: 1099.98px)')
}

/** A table column shown from antd's `md` breakpoint up: on a phone the row keeps only its key columns. */
export const WIDE_ONLY: Breakpoint[] = ['md']

/** A table's horizontal scroll: its full width on wider screens; on a phone the table fits the screen. */
export function useTableScroll(x: number): { x: number } | undefined {
  return useIsMobile() ? undefined : { x }
}
