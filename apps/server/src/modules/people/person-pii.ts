import type { PiiCipher } from '../../platform/crypto/pii.ts'

// The two personal data fields of a person record, sealed with the platform cipher. The lookup hash
// is keyed by the field alone, so an exact search can find a row; the encryption context also names
// the row, so a blob copied onto another person fails to open instead of showing the wrong number.
const ID_NUMBER = 'people.id_number'
const PHONE = 'people.phone'

export interface Sealed {
  enc: Buffer
  hash: Buffer
}

export function createPersonPii(cipher: PiiCipher) {
  return {
    /** `value` is the normalized 18-digit number (the contract's idNumber() output). */
    sealIdNumber: (personId: string, value: string): Sealed => ({
      enc: cipher.encrypt(value, `${ID_NUMBER}:${personId}`),
      hash: cipher.lookupHash(value, ID_NUMBER),
    }),
    openIdNumber: (personId: string, enc: Buffer) => cipher.decrypt(enc, `${ID_NUMBER}:${personId}`),
    idNumberHash: (value: string) => cipher.lookupHash(value, ID_NUMBER),

    /** `value` is the bare 11 digits (the contract's mobilePhone() output). */
    sealPhone: (personId: string, value: string): Sealed => ({
      enc: cipher.encrypt(value, `${PHONE}:${personId}`),
      hash: cipher.lookupHash(value, PHONE),
    }),
    openPhone: (personId: string, enc: Buffer) => cipher.decrypt(enc, `${PHONE}:${personId}`),
    phoneHash: (value: string) => cipher.lookupHash(value, PHONE),
  }
}

export type PersonPii = ReturnType<typeof createPersonPii>
