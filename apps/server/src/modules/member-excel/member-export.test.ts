import type { Worksheet } from 'exceljs'
import ExcelJS from '../../platform/excel.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import { MEMBER_SHEET_COLUMNS } from '@xianfeng/contract'
import { createTestApp, login, makeOrgTree, makeUser, type Session, type TestApp } from '../../../test/helpers.ts'
import { makeMember } from '../people/people.factories.ts'

type Tree = Awaited<ReturnType<typeof makeOrgTree>>

async function readXlsx(payload: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(payload as unknown as ArrayBuffer)
  return wb
}

const rowsOf = (ws: Worksheet) => {
  const out: string[][] = []
  ws.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))))
  return out
}

describe('exporting member lists and the import template', () => {
  let t: TestApp
  let tree: Tree
  let admin: Session
  let officer: Session
  let members: Awaited<ReturnType<typeof makeMember>>[]

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    const deps = { db: t.db, encryptionKey: t.config.encryptionKey }
    members = [
      await makeMember(deps, tree.descendant, { name: '甲正式', status: 'full' }),
      await makeMember(deps, tree.descendant, { name: '乙预备', status: 'probationary' }),
      await makeMember(deps, tree.own, { name: '丙申请', status: 'applicant', phone: null }),
    ]
    await makeMember(deps, tree.sibling, { name: '丁外区' })
    // org_dept_admin may reveal; org_admin may not
    const a = await makeUser(t.db, { role: 'org_dept_admin', org: tree.own })
    admin = await login(t.app, a.loginName, a.password)
    const o = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    officer = await login(t.app, o.loginName, o.password)
  })

  const get = (url: string, as: Session) => t.app.inject({ method: 'GET', url, headers: as.headers })

  it('exports the filtered list of the scope with the template columns, ID numbers and phones masked', async () => {
    const res = await get('/api/members/export', officer)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toMatch(/党员名单-\d{4}-\d{2}-\d{2}\.xlsx/)
    const ws = (await readXlsx(res.rawPayload)).worksheets[0]!
    const rows = rowsOf(ws)
    expect(rows[0]).toEqual([...MEMBER_SHEET_COLUMNS.map((c) => c.header), '离开日期', '离开原因'])
    const names = rows.slice(1).map((r) => r[0])
    expect(names.sort()).toEqual(['丙申请', '乙预备', '甲正式'])
    const jia = rows.find((r) => r[0] === '甲正式')!
    const m = members[0]!
    expect(jia[4]).toBe(`**************${m.idNumber.slice(-4)}`)
    expect(jia[5]).toBe(`${m.phone!.slice(0, 3)}****${m.phone!.slice(-4)}`)
    expect(jia[7]).toBe('正式党员')
    expect(jia[8]).toBe(tree.descendant.name)
    // no full number anywhere in the file
    expect(res.rawPayload.includes(Buffer.from(m.idNumber))).toBe(false)

    const audit = await t.db.selectFrom('audit_log').where('action', '=', 'members.exported').select(['after']).execute()
    expect(audit.at(-1)!.after).toMatchObject({ revealed: false })
  })

  it('applies the list filters', async () => {
    const res = await get(`/api/members/export?status=probationary&orgId=${tree.descendant.id}`, officer)
    expect(res.statusCode, res.body).toBe(200)
    const rows = rowsOf((await readXlsx(res.rawPayload)).worksheets[0]!)
    expect(rows.slice(1).map((r) => r[0])).toEqual(['乙预备'])
    const outside = await get(`/api/members/export?orgId=${tree.sibling.id}`, officer)
    expect(outside.statusCode).toBe(404)
    const bad = await get('/api/members/export?ageFrom=50&ageTo=20', officer)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain('最大年龄')
  })

  it('shows full numbers only to those who may reveal them, and records that it did', async () => {
    const refused = await get('/api/members/export?reveal=true', officer)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.message).toContain('脱敏')
    const res = await get('/api/members/export?reveal=true', admin)
    expect(res.statusCode).toBe(200)
    const rows = rowsOf((await readXlsx(res.rawPayload)).worksheets[0]!)
    const jia = rows.find((r) => r[0] === '甲正式')!
    expect(jia[4]).toBe(members[0]!.idNumber)
    expect(jia[5]).toBe(members[0]!.phone)
    const audit = await t.db.selectFrom('audit_log').where('action', '=', 'members.exported').select(['after']).execute()
    expect(audit.at(-1)!.after).toMatchObject({ revealed: true })
  })

  it('gives a template with the headers, notes, text-formatted number columns and drop-down lists', async () => {
    const res = await get('/api/members/import-template', officer)
    expect(res.statusCode).toBe(200)
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('党员导入模板.xlsx')
    const wb = await readXlsx(res.rawPayload)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['党员信息', '填写说明', '选项'])
    const data = wb.getWorksheet('党员信息')!
    expect(rowsOf(data)[0]).toEqual(MEMBER_SHEET_COLUMNS.map((c) => c.header))
    const idCol = MEMBER_SHEET_COLUMNS.findIndex((c) => c.field === 'idNumber') + 1
    expect(data.getColumn(idCol).numFmt).toBe('@')
    const genderCol = MEMBER_SHEET_COLUMNS.findIndex((c) => c.field === 'gender') + 1
    const validation = data.getCell(100, genderCol).dataValidation
    expect(validation).toMatchObject({ type: 'list' })
    const [sheetRef] = validation.formulae as string[]
    const letter = /\$([A-Z]+)\$1/.exec(sheetRef!)![1]!
    expect([wb.getWorksheet('选项')!.getCell(`${letter}1`).value, wb.getWorksheet('选项')!.getCell(`${letter}2`).value]).toEqual([
      '男',
      '女',
    ])
    expect(rowsOf(wb.getWorksheet('填写说明')!).flat().join('')).toContain('整份文件全部通过校验才会写入')
  })
})
