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

// Not next to another digit: Chinese text or a percent-encoded byte may stand right before them.
const ID_NUMBER = /(?<!\d)(\d{17}[\dXx]|\d{15})(?![\dXx])/g
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/g

/** Masks ID numbers and mobile numbers that slip into free text (URLs, error messages). */
export function scrubText(s: string): string {
  return s.replace(ID_NUMBER, '[身份证号已隐藏]').replace(PHONE, '[手机号已隐藏]')
}

/** A URL as it will be logged: decoded (so encoded digits cannot hide) and scrubbed. */
export function scrubUrl(url: string): string {
  let decoded = url
  try {
    decoded = decodeURIComponent(url)
  } catch {
    // a malformed escape: scrub it as it came
  }
  return scrubText(decoded)
}

/** Errors keep their shape, but message, stack and PostgreSQL's detail are scrubbed. */
function serializeError(err: Error) {
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>
  for (const key of ['message', 'stack', 'detail', 'where', 'hint']) {
    const v = out[key]
    if (typeof v === 'string') out[key] = scrubText(v)
  }
  return out
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
          url: scrubUrl(req.url),
          ip: req.ip,
        }),
        err: serializeError,
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
