import pino, { type DestinationStream, type Logger } from 'pino'

/**
 * Paths pino blanks out wherever they appear. Request bodies are never logged, but services log
 * objects too, so the personal fields are listed by name at every depth we use.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.passwordHash',
  '*.token',
  '*.idNumber',
  '*.phone',
  'password',
  'idNumber',
  'phone',
  'token',
]

const ID_NUMBER = /\b\d{17}[\dXx]\b|\b\d{15}\b/g
const PHONE = /\b1[3-9]\d{9}\b/g

/** Masks ID numbers and mobile numbers that slip into free text (URLs, error messages). */
export function scrubText(s: string): string {
  return s.replace(ID_NUMBER, '[身份证号已隐藏]').replace(PHONE, '[手机号已隐藏]')
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[已隐藏]' },
      serializers: {
        req: (req: { id: string; method: string; url: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          url: scrubText(req.url),
          ip: req.ip,
        }),
        err: pino.stdSerializers.err,
      },
      hooks: {
        // Free-text messages may quote input; scrub them as a last line.
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>)
        },
      },
    },
    destination,
  )
}
