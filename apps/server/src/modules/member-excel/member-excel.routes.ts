import { memberExcelApi } from '@xianfeng/contract'
import type { FastifyReply } from 'fastify'
import type { Readable } from 'node:stream'
import { bind } from '../../platform/http/route.ts'
import type { MemberExportService } from './member-export.service.ts'
import type { MemberImportService } from './member-import.service.ts'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const stamp = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })

/** An .xlsx attachment with its Chinese name (and an ASCII fallback for old clients). */
const sendXlsx = (reply: FastifyReply, asciiName: string, name: string, body: Buffer | Readable) =>
  reply
    .header('content-type', XLSX)
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(body)

export const memberExcelRoutes = (imports: MemberImportService, exports: MemberExportService) => [
  bind(memberExcelApi.template, async ({ reply }) =>
    sendXlsx(reply, 'member-import-template.xlsx', '党员导入模板.xlsx', await exports.template()),
  ),
  bind(memberExcelApi.startImport, async ({ actor, query, body }) => ({ import: await imports.start(actor, query, body) })),
  bind(memberExcelApi.listImports, async ({ actor }) => ({ items: await imports.list(actor) })),
  bind(memberExcelApi.getImport, async ({ actor, params }) => ({ import: await imports.get(actor, params.importId) })),
  bind(memberExcelApi.importErrors, async ({ actor, params, reply }) => {
    const { buffer, fileName } = await imports.errorReport(actor, params.importId)
    return sendXlsx(reply, 'import-errors.xlsx', fileName, buffer)
  }),
  bind(memberExcelApi.export, async ({ actor, query, reply }) =>
    sendXlsx(reply, `members-${stamp()}.xlsx`, `党员名单-${stamp()}.xlsx`, await exports.exportXlsx(actor, query)),
  ),
]
