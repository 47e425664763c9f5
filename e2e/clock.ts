import path from 'node:path'

/** The end-to-end runs' clock: the day in this file is the server's today (see server.ts). */
export const clockFile = (dataDir: string) => path.join(dataDir, 'e2e-clock.txt')
