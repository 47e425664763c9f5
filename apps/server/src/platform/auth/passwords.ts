import { randomInt } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { dictionary } from '@zxcvbn-ts/language-common'
import type { PasswordPolicy } from '@xianfeng/contract'

const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()))

// The library's default is argon2id (m=19 MiB, t=2, p=1), OWASP's recommended setting.
export const hashPassword = (plain: string) => hash(plain)
export const verifyPassword = (stored: string, plain: string) => verify(stored, plain).catch(() => false)

// A hash of a random string, verified when the login name is unknown so that the time taken does
// not reveal whether an account exists.
let dummyHash: Promise<string> | undefined
export const verifyAgainstDummy = async (plain: string) => {
  dummyHash ??= hashPassword(`dummy-${randomInt(1e9)}`)
  await verifyPassword(await dummyHash, plain)
  return false
}

const CLASSES: [RegExp, string][] = [
  [/[A-Z]/, '大写字母'],
  [/[a-z]/, '小写字母'],
  [/[0-9]/, '数字'],
  [/[^A-Za-z0-9]/, '符号'],
]

/** The first reason the password breaks the policy, in Chinese, or null when it is acceptable. */
export function passwordProblem(plain: string, policy: PasswordPolicy, loginName?: string): string | null {
  if (plain.length < policy.minLength) return `密码至少 ${policy.minLength} 个字符`
  if (COMMON.has(plain.toLowerCase())) return '这个密码太常见，容易被猜中，请换一个'
  if (loginName && plain.toLowerCase().includes(loginName.toLowerCase())) return '密码不能包含登录名'
  if (/^(.)\1+$/.test(plain)) return '密码不能由同一个字符重复组成'
  if (policy.requireThreeClasses) {
    const present = CLASSES.filter(([re]) => re.test(plain)).length
    if (present < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类'
  }
  return null
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
const SYMBOLS = '!@#$%*+-=?'

/** A random password that satisfies every policy (all four classes), for initial and reset passwords. */
export function generatePassword(length = 16): string {
  const pick = (set: string) => set[randomInt(set.length)]!
  const chars = [pick('ABCDEFGHJKLMNPQRSTUVWXYZ'), pick('abcdefghijkmnpqrstuvwxyz'), pick('23456789'), pick(SYMBOLS)]
  while (chars.length < length) chars.push(pick(ALPHABET))
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}
