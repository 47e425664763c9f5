import { createRequire } from 'node:module'
import type ExcelJSModule from 'exceljs'

// ExcelJS for the whole server: import it from here, never from 'exceljs' (ESLint enforces this).
//
// exceljs 4.4.0's streaming reader turns each chunk of a zip entry into text on its own, so a
// character whose UTF-8 bytes straddle two chunks becomes two U+FFFD: in a large member file,
// names and org names come out garbled at random (exceljs issues #2063, #2084, #2316; the fixes
// are unmerged). Its parse-sax module is replaced here, before exceljs loads it, by one that
// decodes each entry as one stream.

const require = createRequire(import.meta.url)
const fromExceljs = createRequire(require.resolve('exceljs'))
const parseSaxPath = fromExceljs.resolve('./lib/utils/parse-sax.js')
const { SaxesParser } = fromExceljs('saxes') as typeof import('saxes')

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown }

/** exceljs' parse-sax, with a streaming UTF-8 decoder per entry. */
export async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser()
  const decoder = new TextDecoder('utf-8')
  let error: Error | undefined
  let events: SaxEvent[] = []
  parser.on('error', (e) => (error = e))
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }))
  parser.on('text', (value) => events.push({ eventType: 'text', value }))
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }))
  const feed = (text: string) => {
    parser.write(text)
    if (error) throw error
    const out = events
    events = []
    return out
  }
  for await (const chunk of iterable) yield feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
  const rest = decoder.decode()
  if (rest) yield feed(rest)
}

if (require.cache[parseSaxPath]) throw new Error('exceljs 已在 platform/excel.ts 之前加载：请从 platform/excel.ts 引入 ExcelJS')
// A stand-in module in the CommonJS cache: exceljs' require('../../utils/parse-sax') gets this one.
const stub = new (require('node:module') as { new (id: string): NodeJS.Module })(parseSaxPath)
stub.filename = parseSaxPath
stub.loaded = true
stub.exports = parseSax
require.cache[parseSaxPath] = stub

const ExcelJS = require('exceljs') as typeof ExcelJSModule
export default ExcelJS
