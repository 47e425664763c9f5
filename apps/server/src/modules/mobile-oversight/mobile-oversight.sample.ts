import { createHash } from 'node:crypto'

// The spot check's draw (generator 'sha256-fisher-yates-v1'), written so that anyone can redo it with
// a SHA-256 and a few lines in any language (the text is SPOT_CHECK_GENERATOR_TEXT in the contract):
//
//   frame   the candidates' ids (UUID text), sorted ascending (byte order of the text)
//   u(i)    the first 6 bytes of SHA-256("<seed>:<stage>:<i>") as a 48-bit unsigned integer
//   draw    for i = 0 … k−1: j = i + floor(u(i) × (n − i) / 2^48); swap frame[i] and frame[j]
//   sample  frame[0 … k−1], in draw order
//
// A partial Fisher–Yates shuffle: every k-subset in every order is equally likely up to the 48-bit
// resolution (a bias below n / 2^48). The same seed over the same frame always gives the same sample.

const TWO_48 = 2 ** 48

/** The i-th 48-bit draw of a seed in a stage. */
export function draw48(seed: string, stage: string, i: number): number {
  const digest = createHash('sha256').update(`${seed}:${stage}:${i}`, 'utf8').digest()
  return digest.readUIntBE(0, 6)
}

/** The frame in its canonical order (ids ascending as text). */
export const canonicalFrame = (ids: readonly string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** The SHA-256 of the canonical frame: its ids joined by "\n" (empty frame: the digest of ""). */
export const frameSha256 = (ids: readonly string[]) =>
  createHash('sha256').update(canonicalFrame(ids).join('\n'), 'utf8').digest('hex')

/** Draws `k` ids from the frame (all of them if k ≥ n), in draw order. */
export function drawSample(seed: string, stage: string, ids: readonly string[], k: number): string[] {
  const a = canonicalFrame(ids)
  const n = a.length
  const take = Math.min(k, n)
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor((draw48(seed, stage, i) * (n - i)) / TWO_48)
    const t = a[i]!
    a[i] = a[j]!
    a[j] = t
  }
  return a.slice(0, take)
}
