import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
// The contract's zod carries the Chinese locale, so every reason below is Chinese.
import { z } from '@xianfeng/contract'
import { REPO_ROOT } from './paths.ts'

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

/** Every setting read from the environment, with its default and what a bad value means. */
const EnvSchema = z.object({
  PORT: int(1, 65535).default(3000).describe('HTTP 端口'),
  HOST: z.string().min(1).default('127.0.0.1').describe('监听地址'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, '应以 postgres:// 开头')
    .optional()
    .describe('外部 PostgreSQL（≥15）连接串；不设时启动内置 PostgreSQL'),
  DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, 'data')).describe('数据目录'),
  EMBEDDED_PG_PORT: int(1024, 65535).default(54329).describe('内置 PostgreSQL 端口'),
  SESSION_SECRET: z.string().min(32, '至少 32 个字符').optional().describe('会话密钥'),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, '应为 32 字节的 base64')
    .optional()
    .describe('个人信息加密密钥'),
  SESSION_IDLE_MINUTES: int(1, 24 * 60)
    .default(30)
    .describe('会话空闲超时（分钟）'),
  SESSION_ABSOLUTE_HOURS: int(1, 7 * 24)
    .default(12)
    .describe('会话最长时间（小时）'),
  LOGIN_MAX_FAILURES: int(1, 100).default(5).describe('锁定前允许的连续失败次数'),
  LOGIN_IP_MAX_FAILURES: int(1, 10000).default(5).describe('同一 IP 锁定前允许的连续失败次数'),
  LOGIN_LOCK_MINUTES: int(1, 24 * 60)
    .default(15)
    .describe('锁定时长（分钟）'),
  PASSWORD_MIN_LENGTH: int(8, 128).default(10).describe('密码最短长度'),
  PASSWORD_MLPS: bool.default(false).describe('等保模式：三类字符、90 天过期'),
  PUBLIC_RATE_LIMIT_PER_MINUTE: int(1, 100000).default(30).describe('每个 IP 每分钟对免登录接口（含登录）的请求上限'),
  TRUST_PROXY: bool.default(false).describe('信任反向代理的 X-Forwarded-* 头'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('日志级别'),
  SEED_DEMO: bool.default(true).describe('首次启动时写入演示数据'),
})

export type Env = z.infer<typeof EnvSchema>

export interface Config extends Env {
  sessionSecret: string
  encryptionKey: Buffer
  /** Where the embedded server keeps its data (unused with DATABASE_URL). */
  pgDataDir: string
  embeddedPgPassword: string
  /** Password of the application's own database role (xianfeng_app), set by the owner at start. */
  appDbPassword: string
  passwordPolicy: { minLength: number; requireThreeClasses: boolean; maxAgeDays: number | null }
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming every bad variable in Chinese. */
export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(env)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0])
    const what = EnvSchema.shape[key as keyof Env]?.description ?? key
    return `  ${key}（${what}）取值 ${JSON.stringify(env[key])} 不正确：${issue.message}`
  })
  throw new ConfigError(`环境变量有误，无法启动：\n${lines.join('\n')}`)
}

interface Secrets {
  sessionSecret: string
  encryptionKey: string
  embeddedPgPassword: string
  appDbPassword?: string
}

/**
 * Keys come from the environment or, when absent, from DATA_DIR/secrets.json, which is generated
 * with mode 600 on first start. No key is ever a constant in code.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseEnv(env)
  const dataDir = path.resolve(parsed.DATA_DIR)
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 })
  const secretsFile = path.join(dataDir, 'secrets.json')
  let secrets: Secrets
  if (fs.existsSync(secretsFile)) {
    secrets = JSON.parse(fs.readFileSync(secretsFile, 'utf8')) as Secrets
    if (!secrets.appDbPassword) {
      // a data directory from before the application role had its own login
      secrets.appDbPassword = randomBytes(24).toString('base64url')
      fs.writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 })
    }
  } else {
    secrets = {
      sessionSecret: randomBytes(32).toString('base64url'),
      encryptionKey: randomBytes(32).toString('base64'),
      embeddedPgPassword: randomBytes(24).toString('base64url'),
      appDbPassword: randomBytes(24).toString('base64url'),
    }
    fs.writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  }
  return {
    ...parsed,
    DATA_DIR: dataDir,
    sessionSecret: parsed.SESSION_SECRET ?? secrets.sessionSecret,
    encryptionKey: Buffer.from(parsed.ENCRYPTION_KEY ?? secrets.encryptionKey, 'base64'),
    pgDataDir: path.join(dataDir, 'pg'),
    embeddedPgPassword: secrets.embeddedPgPassword,
    appDbPassword: secrets.appDbPassword!,
    passwordPolicy: {
      minLength: parsed.PASSWORD_MIN_LENGTH,
      requireThreeClasses: parsed.PASSWORD_MLPS,
      maxAgeDays: parsed.PASSWORD_MLPS ? 90 : null,
    },
  }
}
