import { createHash, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalFrame, draw48, drawSample, frameSha256 } from './mobile-oversight.sample.ts'

const FRAME = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)

const PINNED = [10, 18, 4, 2, 13]

describe('the spot check draw (sha256-fisher-yates-v1)', () => {
  it('is the documented arithmetic: the first 6 bytes of SHA-256("seed:stage:i") as a 48-bit integer', () => {
    const digest = createHash('sha256').update('2026抽查:county:0').digest()
    expect(draw48('2026抽查', 'county', 0)).toBe(parseInt(digest.subarray(0, 6).toString('hex'), 16))
  })

  it('draws the same sample from the same seed over the same frame, whatever order the frame comes in', () => {
    const a = drawSample('2026抽查', 'county', FRAME, 5)
    const b = drawSample('2026抽查', 'county', [...FRAME].reverse(), 5)
    expect(a).toEqual(b)
    expect(new Set(a).size).toBe(5)
    for (const id of a) expect(FRAME).toContain(id)
    // a pinned vector: a reimplementation elsewhere must give these
    expect(a.map((id) => Number(id.slice(-12)))).toEqual(PINNED)
    const byHand = canonicalFrame(FRAME)
    for (let i = 0; i < 5; i++) {
      const j = i + Math.floor((draw48('2026抽查', 'county', i) * (byHand.length - i)) / 2 ** 48)
      ;[byHand[i], byHand[j]] = [byHand[j]!, byHand[i]!]
    }
    expect(a).toEqual(byHand.slice(0, 5))
  })

  it('another seed or another stage draws another sample; k ≥ n takes the whole frame in draw order', () => {
    const a = drawSample('2026抽查', 'county', FRAME, 5)
    expect(drawSample('2026抽查-2', 'county', FRAME, 5)).not.toEqual(a)
    expect(drawSample('2026抽查', 'member:x', FRAME, 5)).not.toEqual(a)
    const all = drawSample('s', 'county', FRAME, 50)
    expect([...all].sort()).toEqual(canonicalFrame(FRAME))
    expect(drawSample('s', 'county', [], 3)).toEqual([])
  })

  it('spreads evenly: each of 10 items is drawn first about a tenth of the time over 5,000 seeds', () => {
    const ten = FRAME.slice(0, 10)
    const firsts = new Map<string, number>()
    for (let s = 0; s < 5000; s++) {
      const first = drawSample(`seed-${s}`, 'county', ten, 1)[0]!
      firsts.set(first, (firsts.get(first) ?? 0) + 1)
    }
    for (const id of ten) expect(Math.abs((firsts.get(id) ?? 0) - 500)).toBeLessThan(100)
  })

  it('hashes the frame in canonical order: ids ascending joined by newlines', () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()]
    const expected = createHash('sha256').update(canonicalFrame(ids).join('\n')).digest('hex')
    expect(frameSha256(ids)).toBe(expected)
    expect(frameSha256([...ids].reverse())).toBe(expected)
  })
})
