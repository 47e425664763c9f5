import { maskIdNumber, maskPhone } from '@xianfeng/contract'

const HIDE = /password|secret|token|hash/i
// The same masks as lists and exports show (SPEC principle 5).
const PARTIAL: Record<string, (v: string) => string> = { idNumber: maskIdNumber, phone: maskPhone }

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
