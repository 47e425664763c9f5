import type { PasswordPolicy } from '@xianfeng/contract'

const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]

/** The policy as the user reads it, one rule a line. */
export function describePolicy(policy: PasswordPolicy): string[] {
  const lines = [`至少 ${policy.minLength} 个字符`]
  if (policy.requireThreeClasses) lines.push('大写字母、小写字母、数字、符号中至少三类')
  if (policy.maxAgeDays) lines.push(`每 ${policy.maxAgeDays} 天须更换一次`)
  return lines
}

/** The same check the server makes, so most refusals show before submitting. */
export function policyProblem(policy: PasswordPolicy, password: string): string | null {
  if (password.length < policy.minLength) return `新密码至少 ${policy.minLength} 个字符`
  if (policy.requireThreeClasses && CLASSES.filter((re) => re.test(password)).length < 3) {
    return '新密码须包含大写字母、小写字母、数字、符号中至少三类'
  }
  return null
}
