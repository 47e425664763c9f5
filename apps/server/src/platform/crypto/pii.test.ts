import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createPiiCipher, piiKeysFromConfig, PiiDecryptError, type PiiErrorReason } from './pii.ts'

const ID = '42010219850315123X'
const ID_CTX = 'people.id_number'
const PHONE_CTX = 'people.phone'

const key = () => randomBytes(32)

const reasonOf = (fn: () => unknown): PiiErrorReason => {
  try {
    fn()
  } catch (e) {
    if (e instanceof PiiDecryptError) return e.reason
    throw e
  }
  throw new Error('expected a PiiDecryptError')
}

describe('createPiiCipher', () => {
  const pii = createPiiCipher(piiKeysFromConfig(key()))

  it.each([
    ['an ID number', ID],
    ['a phone number', '13812345678'],
    ['Chinese text', '湖北省武汉市江岸区 张三丰'],
    ['an empty string', ''],
    ['emoji and mixed scripts', '先锋 Xianfeng 🚩'],
  ])('round-trips %s', (_, plain) => {
    expect(pii.decrypt(pii.encrypt(plain, ID_CTX), ID_CTX)).toBe(plain)
  })

  it('writes the documented layout: format 1, version 1, nonce, ciphertext, tag', () => {
    const blob = pii.encrypt(ID, ID_CTX)
    expect(blob[0]).toBe(1)
    expect(blob.readUInt16BE(1)).toBe(1)
    expect(blob.length).toBe(1 + 2 + 12 + Buffer.byteLength(ID) + 16)
  })

  it('encrypts the same plaintext to a different blob each time', () => {
    const blobs = new Set(Array.from({ length: 50 }, () => pii.encrypt(ID, ID_CTX).toString('hex')))
    expect(blobs.size).toBe(50)
  })

  it('never repeats a nonce, also across refills of the nonce pool', () => {
    const blobs = Array.from({ length: 2000 }, () => pii.encrypt(ID, ID_CTX))
    const nonces = new Set(blobs.map((b) => b.subarray(3, 15).toString('hex')))
    expect(nonces.size).toBe(2000)
    // a nonce handed out earlier is not changed by a later refill
    for (const b of blobs.slice(0, 400)) expect(pii.decrypt(b, ID_CTX)).toBe(ID)
  })

  it('refuses a blob under another context (copied into another column)', () => {
    const blob = pii.encrypt(ID, ID_CTX)
    expect(reasonOf(() => pii.decrypt(blob, PHONE_CTX))).toBe('auth_failed')
    expect(() => pii.decrypt(blob, PHONE_CTX)).toThrow(/上下文/)
  })

  it('refuses a blob with any single bit flipped', () => {
    const blob = pii.encrypt(ID, ID_CTX)
    for (let bit = 0; bit < blob.length * 8; bit++) {
      const tampered = Buffer.from(blob)
      tampered[bit >> 3]! ^= 1 << (bit & 7)
      expect(() => pii.decrypt(tampered, ID_CTX), `bit ${bit}`).toThrow(PiiDecryptError)
    }
  })

  it('names the reason: format byte, version field, body', () => {
    const blob = pii.encrypt(ID, ID_CTX)
    const at = (i: number) => {
      const b = Buffer.from(blob)
      b[i]! ^= 1
      return b
    }
    expect(reasonOf(() => pii.decrypt(at(0), ID_CTX))).toBe('bad_format')
    expect(reasonOf(() => pii.decrypt(at(2), ID_CTX))).toBe('unknown_version')
    expect(reasonOf(() => pii.decrypt(at(20), ID_CTX))).toBe('auth_failed')
    expect(reasonOf(() => pii.decrypt(at(blob.length - 1), ID_CTX))).toBe('auth_failed')
  })

  it('refuses every truncation of a blob', () => {
    const blob = pii.encrypt(ID, ID_CTX)
    for (let n = 0; n < blob.length; n++) {
      expect(() => pii.decrypt(blob.subarray(0, n), ID_CTX), `length ${n}`).toThrow(PiiDecryptError)
    }
    expect(reasonOf(() => pii.decrypt(Buffer.alloc(0), ID_CTX))).toBe('truncated')
    expect(reasonOf(() => pii.decrypt(blob.subarray(0, 30), ID_CTX))).toBe('truncated')
  })

  it('refuses a blob written under a version it does not hold', () => {
    const v7 = createPiiCipher({ keys: new Map([[7, key()]]), currentVersion: 7, lookupKey: key() })
    const blob = v7.encrypt(ID, ID_CTX)
    expect(reasonOf(() => pii.decrypt(blob, ID_CTX))).toBe('unknown_version')
    expect(() => pii.decrypt(blob, ID_CTX)).toThrow(/版本 7/)
  })

  it('refuses a blob under the same version number but another key', () => {
    const other = createPiiCipher(piiKeysFromConfig(key()))
    expect(reasonOf(() => pii.decrypt(other.encrypt(ID, ID_CTX), ID_CTX))).toBe('auth_failed')
  })

  it('never puts the plaintext bytes in the blob', () => {
    for (let i = 0; i < 200; i++) {
      const blob = pii.encrypt(ID, ID_CTX)
      expect(blob.indexOf(Buffer.from(ID, 'utf8'))).toBe(-1)
      expect(blob.indexOf(Buffer.from(ID.slice(0, 17), 'utf8'))).toBe(-1)
    }
  })

  it('rejects bad configuration', () => {
    expect(() => createPiiCipher({ keys: new Map([[1, key()]]), currentVersion: 2, lookupKey: key() })).toThrow(/当前密钥版本 2/)
    expect(() => createPiiCipher({ keys: new Map([[1, randomBytes(16)]]), currentVersion: 1, lookupKey: key() })).toThrow(
      /32 字节/,
    )
    expect(() => createPiiCipher({ keys: new Map([[0, key()]]), currentVersion: 0, lookupKey: key() })).toThrow(/版本 0/)
    expect(() => createPiiCipher({ keys: new Map([[1, key()]]), currentVersion: 1, lookupKey: Buffer.alloc(0) })).toThrow(
      /查找密钥/,
    )
    expect(() => piiKeysFromConfig(randomBytes(31))).toThrow(/ENCRYPTION_KEY/)
    expect(() => pii.encrypt(ID, '')).toThrow(/上下文/)
    expect(() => pii.lookupHash(ID, 'a\0b')).toThrow(/NUL/)
  })
})

describe('key rotation', () => {
  const k1 = key()
  const k2 = key()
  const lookupKey = key()
  const before = createPiiCipher({ keys: new Map([[1, k1]]), currentVersion: 1, lookupKey })
  const after = createPiiCipher({
    keys: new Map([
      [1, k1],
      [2, k2],
    ]),
    currentVersion: 2,
    lookupKey,
  })

  it('still opens version-1 blobs once version 2 is current, and flags them for re-encryption', () => {
    const old = before.encrypt(ID, ID_CTX)
    expect(after.decrypt(old, ID_CTX)).toBe(ID)
    expect(after.needsReencryption(old)).toBe(true)
    expect(before.needsReencryption(old)).toBe(false)
  })

  it('writes new blobs with version 2, which the old cipher cannot open', () => {
    const fresh = after.encrypt(ID, ID_CTX)
    expect(fresh.readUInt16BE(1)).toBe(2)
    expect(after.needsReencryption(fresh)).toBe(false)
    expect(after.decrypt(fresh, ID_CTX)).toBe(ID)
    expect(reasonOf(() => before.decrypt(fresh, ID_CTX))).toBe('unknown_version')
  })

  it('re-encrypting an old blob gives one that no longer needs it', () => {
    const old = before.encrypt(ID, ID_CTX)
    const moved = after.encrypt(after.decrypt(old, ID_CTX), ID_CTX)
    expect(after.needsReencryption(moved)).toBe(false)
    expect(after.decrypt(moved, ID_CTX)).toBe(ID)
  })

  it('needsReencryption refuses a blob it cannot parse rather than guessing', () => {
    expect(reasonOf(() => after.needsReencryption(Buffer.alloc(5)))).toBe('truncated')
    const bad = after.encrypt(ID, ID_CTX)
    bad[0] = 9
    expect(reasonOf(() => after.needsReencryption(bad))).toBe('bad_format')
  })

  it('keeps the lookup hash unchanged across the rotation', () => {
    expect(after.lookupHash(ID, ID_CTX).equals(before.lookupHash(ID, ID_CTX))).toBe(true)
  })
})

describe('lookupHash', () => {
  const options = piiKeysFromConfig(key())
  const pii = createPiiCipher(options)

  it('is a deterministic 32-byte HMAC', () => {
    const h = pii.lookupHash(ID, ID_CTX)
    expect(h.length).toBe(32)
    expect(pii.lookupHash(ID, ID_CTX).equals(h)).toBe(true)
    expect(createPiiCipher(options).lookupHash(ID, ID_CTX).equals(h)).toBe(true)
    expect(pii.lookupHash('42010219850315123x', ID_CTX).equals(h)).toBe(false)
  })

  it('differs per context', () => {
    expect(pii.lookupHash('13812345678', ID_CTX).equals(pii.lookupHash('13812345678', PHONE_CTX))).toBe(false)
  })

  it('separates context from value, so shifting characters across the boundary changes it', () => {
    expect(pii.lookupHash('b', 'ctx.a').equals(pii.lookupHash('ab', 'ctx.'))).toBe(false)
  })

  it('differs per lookup key', () => {
    const other = createPiiCipher({ ...options, lookupKey: key() })
    expect(other.lookupHash(ID, ID_CTX).equals(pii.lookupHash(ID, ID_CTX))).toBe(false)
  })

  it('does not depend on the encryption keys or their version', () => {
    const rekeyed = createPiiCipher({ keys: new Map([[3, key()]]), currentVersion: 3, lookupKey: options.lookupKey })
    expect(rekeyed.lookupHash(ID, ID_CTX).equals(pii.lookupHash(ID, ID_CTX))).toBe(true)
  })

  it('derives a lookup master that is not the encryption key itself', () => {
    const master = key()
    const opts = piiKeysFromConfig(master)
    expect(opts.lookupKey.equals(master)).toBe(false)
    expect(opts.lookupKey.length).toBe(32)
    expect(piiKeysFromConfig(master).lookupKey.equals(opts.lookupKey)).toBe(true)
  })

  it('does not contain the value', () => {
    expect(pii.lookupHash(ID, ID_CTX).indexOf(Buffer.from(ID))).toBe(-1)
  })
})

describe('throughput', () => {
  it('encrypts and decrypts 100k ID numbers', () => {
    const pii = createPiiCipher(piiKeysFromConfig(key()))
    const n = 100_000
    const ids = Array.from({ length: n }, (_, i) => `4201021985${String(i).padStart(7, '0')}X`)
    const start = process.hrtime.bigint()
    const blobs = ids.map((id) => pii.encrypt(id, ID_CTX))
    const encrypted = process.hrtime.bigint()
    let ok = 0
    for (let i = 0; i < n; i++) if (pii.decrypt(blobs[i]!, ID_CTX) === ids[i]) ok++
    const done = process.hrtime.bigint()
    const perSecond = (ns: bigint) => Math.round(n / (Number(ns) / 1e9)).toLocaleString('en-US')
    console.log(
      `pii: ${n} ID numbers — encrypt ${perSecond(encrypted - start)}/s, decrypt ${perSecond(done - encrypted)}/s, ` +
        `round trip ${perSecond(done - start)}/s`,
    )
    expect(ok).toBe(n)
  })
})
