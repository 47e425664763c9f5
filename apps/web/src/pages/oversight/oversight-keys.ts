/** The query keys of the oversight pages: a write refreshes everything under `all`. */
export const oversightKeys = {
  all: ['oversight'] as const,
  meetings: ['oversight', 'meetings'] as const,
  reports: ['oversight', 'reports'] as const,
  spotChecks: ['oversight', 'spot-checks'] as const,
  findings: ['oversight', 'findings'] as const,
}

/** This year and the four before it, newest first. */
export const recentYears = (today: string) => {
  const y = Number(today.slice(0, 4))
  return [y, y - 1, y - 2, y - 3, y - 4]
}
