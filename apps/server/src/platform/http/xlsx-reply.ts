import type { FastifyReply } from 'fastify'
import type { Readable } from 'node:stream'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Today's date in China (2026-11-27), for file names. */
export const chinaDateStamp = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })

/** An .xlsx attachment with its Chinese name (and an ASCII fallback for old clients); never cached. */
export const sendXlsx = (reply: FastifyReply, asciiName: string, name: string, body: Buffer | Readable) =>
  reply
    .header('content-type', XLSX)
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(body)
