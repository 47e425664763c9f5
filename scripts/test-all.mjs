#!/usr/bin/env node
// Runs every test — unit and API integration (vitest, real PostgreSQL), browser end-to-end
// (Playwright, Debian Chromium) and the benchmark harness at county scale — and ends with one line
// "N passed, N failed" summed over all three.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
process.chdir(root)

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = fs.existsSync(chromium)
let hasCjkFonts
try {
  hasCjkFonts = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0
} catch {
  hasCjkFonts = false
}
if (!hasChromium || !hasCjkFonts) {
  const missing = [!hasChromium && 'chromium', !hasCjkFonts && 'fonts-noto-cjk'].filter(Boolean)
  console.error(`浏览器测试需要 Debian 的 Chromium 和中文字体，缺少：${missing.join('、')}。请先运行：`)
  const sudo = process.getuid?.() === 0 ? '' : 'sudo '
  console.error(`  ${sudo}apt-get update && ${sudo}apt-get install -y ${missing.join(' ')}`)
  process.exit(1)
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xianfeng-results-'))
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1

let passed = 0
let failed = 0

// 1. Unit and API integration tests.
const vitestJson = path.join(tmp, 'vitest.json')
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
if (fs.existsSync(vitestJson)) {
  const r = JSON.parse(fs.readFileSync(vitestJson, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.numTotalTests === 0 ? 1 : 0)
  if (vitestStatus !== 0 && r.numFailedTests === 0) failed += 1 // a suite that failed to load
} else failed += 1

// 2. Browser end-to-end tests against the built app.
const buildStatus = run('npm', ['run', 'build'])
if (buildStatus !== 0) failed += 1
else {
  const pwJson = path.join(tmp, 'playwright.json')
  const pwStatus = run('npx', ['playwright', 'test', '--config', 'e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  })
  if (fs.existsSync(pwJson)) {
    const s = JSON.parse(fs.readFileSync(pwJson, 'utf8')).stats
    passed += s.expected
    failed += s.unexpected + s.flaky
    if (pwStatus !== 0 && s.unexpected === 0) failed += 1
  } else failed += 1
}

// 3. The benchmark harness at its smallest scale (a county, about a minute and a half): it fails on a
// broken benchmark — a step that errors, an API and its SQL floor that disagree — never on a slow figure.
const benchStatus = run('npm', [
  'run',
  'bench',
  '--',
  '--scale',
  'county',
  '--runs',
  '5',
  '--get-seconds',
  '3',
  '--import-rows',
  '5000',
  '--moves',
  '1',
])
if (benchStatus === 0) passed += 1
else failed += 1

fs.rmSync(tmp, { recursive: true, force: true })
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
