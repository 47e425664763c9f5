import { memberExcelApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import { chinaDateStamp as stamp, sendXlsx } from '../../platform/http/xlsx-reply.ts'
import type { MemberExportService } from './member-export.service.ts'
import type { MemberImportService } from './member-import.service.ts'

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
