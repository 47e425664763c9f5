import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import ExcelJS, { parseSax } from './excel.ts'

describe('reading Excel files as streams', () => {
  it('keeps a character whose bytes are split between two chunks', async () => {
    const bytes = Buffer.from('<si><t>中共江岸区委员会</t></si>')
    const texts: string[] = []
    // split inside 岸 (3 bytes): each chunk alone would decode to U+FFFD
    for await (const events of parseSax(Readable.from([bytes.subarray(0, 13), bytes.subarray(13)])))
      for (const e of events) if (e.eventType === 'text') texts.push(String(e.value))
    expect(texts.join('')).toBe('中共江岸区委员会')
  })

  it('reads back every Chinese string of a large file unchanged', async () => {
    // tens of thousands of distinct Chinese strings: the shared strings span many zip chunks
    const names = Array.from({ length: 30_000 }, (_, i) => `中共江岸区第${i}党支部委员会`)
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('党员信息')
    for (const n of names) ws.addRow([n])
    const buffer = Buffer.from(await wb.xlsx.writeBuffer())
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
      sharedStrings: 'cache',
      worksheets: 'emit',
    })
    const read: string[] = []
    for await (const sheet of reader) for await (const row of sheet) read.push(String((row.values as unknown[])[1]))
    expect(read.filter((v) => v.includes('\uFFFD'))).toEqual([])
    expect(read).toEqual(names)
  })
})
