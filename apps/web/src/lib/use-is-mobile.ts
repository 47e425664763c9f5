import { useSyncExternalStore } from 'react'

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
