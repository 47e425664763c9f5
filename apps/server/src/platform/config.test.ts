import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, parseEnv } from './config.ts'

const errorOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return e
  }
  throw new Error('expected an error')
}

describe('parseEnv', () => {
  it('takes the documented defaults from an empty environment', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SESSION_IDLE_MINUTES: 30,
      PASSWORD_MLPS: false,
      SEED_DEMO: true,
    })
    expect(env.DATABASE_URL).toBeUndefined()
  })

  it('accepts good values and coerces numbers and flags', () => {
    expect(
      parseEnv({
        PORT: '65535',
        DATABASE_URL: 'postgresql://u:p@db:5432/x',
        LOG_LEVEL: 'warn',
        PASSWORD_MLPS: '1',
        TRUST_PROXY: 'true',
      }),
    ).toMatchObject({
      PORT: 65535,
      DATABASE_URL: 'postgresql://u:p@db:5432/x',
      LOG_LEVEL: 'warn',
      PASSWORD_MLPS: true,
      TRUST_PROXY: true,
    })
  })

  it.each([
    ['abc', 'a word'],
    ['70000', 'above 65535'],
    ['0', 'below 1'],
    ['80.5', 'not an integer'],
  ])('refuses PORT=%s (%s), naming the variable and its value', (port) => {
    const error = errorOf(() => parseEnv({ PORT: port }))
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toContain('PORT')
    expect((error as Error).message).toContain(`"${port}"`)
  })

  it('names every bad variable in one message', () => {
    const error = errorOf(() => parseEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', HOST: 'localhost' }))
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toContain('环境变量有误')
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(message).toContain(name)
    expect(message).toContain('"mysql://x"')
    expect(message).toContain('"loud"')
    expect(message).toContain('应以 postgres:// 开头')
    // A good variable is not blamed.
    expect(message).not.toContain('HOST')
    // One line per bad variable under the heading.
    expect(message.split('\n')).toHaveLength(4)
  })

  it('explains every problem in Chinese, even when nothing else has set up the validation messages (as in the CLI)', () => {
    // This file imports config.ts alone, as src/cli.ts does: no other module has configured zod.
    const message = (errorOf(() => parseEnv({ PORT: 'abc', LOG_LEVEL: 'loud', PASSWORD_MLPS: 'yes' })) as Error).message
    const reasons = message
      .split('\n')
      .slice(1)
      .map((line) => line.split('不正确：')[1] ?? '')
    expect(reasons).toHaveLength(3)
    for (const reason of reasons) expect(reason, message).not.toMatch(/Invalid|expected|received/)
  })

  it('refuses a session secret shorter than 32 characters and an encryption key that is not 32 bytes of base64', () => {
    const message = (errorOf(() => parseEnv({ SESSION_SECRET: 'short', ENCRYPTION_KEY: 'bm90LWEta2V5' })) as Error).message
    expect(message).toContain('SESSION_SECRET')
    expect(message).toContain('ENCRYPTION_KEY')
  })
})

describe('loadConfig', () => {
  const dirs: string[] = []
  const tempDataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-config-'))
    dirs.push(dir)
    return path.join(dir, 'data')
  }
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })

  it('generates secrets.json readable by the owner only, and reuses it on the next start', () => {
    const dataDir = tempDataDir()
    const first = loadConfig({ DATA_DIR: dataDir })
    const file = path.join(dataDir, 'secrets.json')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)

    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>
    expect(first.sessionSecret).toBe(stored.sessionSecret)
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32)
    expect(first.encryptionKey).toHaveLength(32)
    expect(first.embeddedPgPassword).toBe(stored.embeddedPgPassword)
    expect(first.DATA_DIR).toBe(dataDir)
    expect(first.pgDataDir).toBe(path.join(dataDir, 'pg'))

    const second = loadConfig({ DATA_DIR: dataDir })
    expect(second.sessionSecret).toBe(first.sessionSecret)
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true)
    expect(second.embeddedPgPassword).toBe(first.embeddedPgPassword)
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(stored)

    // Another data directory gets keys of its own.
    expect(loadConfig({ DATA_DIR: tempDataDir() }).sessionSecret).not.toBe(first.sessionSecret)
  })

  it('keys from the environment override the generated ones', () => {
    const dataDir = tempDataDir()
    const generated = loadConfig({ DATA_DIR: dataDir })
    const sessionSecret = 'x'.repeat(40)
    const key = Buffer.alloc(32, 7)
    const config = loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: sessionSecret, ENCRYPTION_KEY: key.toString('base64') })
    expect(config.sessionSecret).toBe(sessionSecret)
    expect(config.encryptionKey.equals(key)).toBe(true)
    expect(config.sessionSecret).not.toBe(generated.sessionSecret)
  })

  it('derives the password policy from PASSWORD_MLPS', () => {
    expect(loadConfig({ DATA_DIR: tempDataDir() }).passwordPolicy).toEqual({
      minLength: 10,
      requireThreeClasses: false,
      maxAgeDays: null,
    })
    expect(loadConfig({ DATA_DIR: tempDataDir(), PASSWORD_MLPS: 'true', PASSWORD_MIN_LENGTH: '12' }).passwordPolicy).toEqual({
      minLength: 12,
      requireThreeClasses: true,
      maxAgeDays: 90,
    })
  })
})
