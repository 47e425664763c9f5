// A person's photo (证件照): JPEG or PNG, recognized by the file's leading bytes — a name ending in
// .jpg proves nothing — and at most 2 MB. The browser checks before uploading; the server again.

/** 2 MB: a scanned ID-size photo at print resolution is well under 1 MB. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024

export const PHOTO_TYPES = { 'image/jpeg': 'JPEG', 'image/png': 'PNG' } as const
export type PhotoType = keyof typeof PHOTO_TYPES

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** The type the bytes show: JPEG starts FF D8 FF, PNG with its 8-byte signature; null for anything else. */
export function photoTypeOf(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png'
  return null
}

const megabytes = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`

/** What is wrong with a file offered as a photo, in words for the user; null when it will do. */
export function photoProblem(file: { size: number; head: Uint8Array }): string | null {
  if (file.size === 0) return '照片文件是空的'
  if (file.size > PHOTO_MAX_BYTES) return `照片不能超过 ${megabytes(PHOTO_MAX_BYTES)}，这个文件有 ${megabytes(file.size)}`
  if (!photoTypeOf(file.head)) return '照片只能是 JPEG 或 PNG 格式（按文件内容判断，不看扩展名）'
  return null
}
