const HIDE = /password|secret|token|hash/i
const PARTIAL: Record<string, (v: string) => string> = {
  idNumber: (v) => (v.length > 8 ? `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}` : '****'),
  phone: (v) => (v.length > 7 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****'),
}

/** Copies a before/after object for the audit log with sensitive fields masked at any depth. */
export function maskSensitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSensitive)
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const partial = PARTIAL[k]
    if (HIDE.test(k)) out[k] = '[已隐藏]'
    else if (partial && (typeof v === 'string' || typeof v === 'number')) out[k] = partial(String(v))
    else out[k] = maskSensitive(v)
  }
  return out
}
