import { describe, expect, it } from 'vitest'
import { PHOTO_MAX_BYTES, photoProblem, photoTypeOf } from './photo.ts'

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
const gif = new TextEncoder().encode('GIF89a')

describe('photo checks', () => {
  it('recognizes JPEG and PNG by their leading bytes, nothing else', () => {
    expect(photoTypeOf(jpeg)).toBe('image/jpeg')
    expect(photoTypeOf(png)).toBe('image/png')
    expect(photoTypeOf(gif)).toBeNull()
    expect(photoTypeOf(new Uint8Array([0xff, 0xd8]))).toBeNull()
    expect(photoTypeOf(png.subarray(0, 7))).toBeNull()
    expect(photoTypeOf(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
  })

  it('words each refusal in Chinese, with the limit', () => {
    expect(photoProblem({ size: 100, head: jpeg })).toBeNull()
    expect(photoProblem({ size: PHOTO_MAX_BYTES, head: png })).toBeNull()
    expect(photoProblem({ size: PHOTO_MAX_BYTES + 1, head: png })).toMatch(/^照片不能超过 2 MB/)
    expect(photoProblem({ size: 6, head: gif })).toBe('照片只能是 JPEG 或 PNG 格式（按文件内容判断，不看扩展名）')
    expect(photoProblem({ size: 0, head: new Uint8Array() })).toBe('照片文件是空的')
  })
})
