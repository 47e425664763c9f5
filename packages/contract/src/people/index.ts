export * from './codes.ts'
export * from './id-number.ts'
export * from './phone.ts'
export * from './photo.ts'
