export { createMemberImportService, type MemberImportService } from './member-import.service.ts'
export { createMemberExportService, type MemberExportService } from './member-export.service.ts'
export { memberExcelRoutes } from './member-excel.routes.ts'
export { cellText } from './sheet-cells.ts'
