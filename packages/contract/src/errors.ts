import { z } from './zod.ts'

/** The closed set of error codes (STYLE.md §5). The server maps each to one HTTP status. */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_state',
  'rate_limited',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const FieldError = z.object({
  field: z.string(),
  label: z.string().optional(),
  message: z.string(),
})
export type FieldError = z.infer<typeof FieldError>

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum([...ERROR_CODES, 'internal']),
    message: z.string(),
    details: z.array(FieldError).optional(),
    requestId: z.string().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
