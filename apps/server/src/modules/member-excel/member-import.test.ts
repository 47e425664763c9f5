import ExcelJS from '../../platform/excel.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import { MEMBER_SHEET_COLUMNS, type MemberImport, type MemberListItem } from '@xianfeng/contract'
import {
  createTestApp,
  login,
  makeOrg,
  makeOrgTree,
  makeUser,
  type OrgNode,
  type Session,
  type TestApp,
} from '../../../test/helpers.ts'
import { makeIdNumber, makeMember, makePhone } from '../people/people.factories.ts'

type Tree = Awaited<ReturnType<typeof makeOrgTree>>

const HEADERS = MEMBER_SHEET_COLUMNS.map((c) => c.header)
type Cells = Partial<Record<(typeof HEADERS)[number], unknown>>

/** An .xlsx whose first sheet has the template's header and one row per `rows` entry. */
async function workbook(rows: Cells[], opts: { headers?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('党员信息')
  const headers = opts.headers ?? HEADERS
  ws.addRow(headers)
  for (const r of rows) ws.addRow(headers.map((h) => (r as Record<string, unknown>)[h] ?? null))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** A valid full member's row in `org`, born 1988-05-20. */
function row(orgName: string, overrides: Cells = {}): Cells {
  return {
    姓名: '李秀英',
    性别: '女',
    民族: '汉族',
    出生日期: '1988-05-20',
    身份证号: makeIdNumber({ birthDate: '1988-05-20', gender: '2' }),
    手机号: makePhone(),
    学历: '大学本科',
    人员类别: '正式党员',
    所在党组织: orgName,
    入党日期: '2012-07-01',
    转为正式党员日期: '2013-07-01',
    ...overrides,
  }
}

describe('importing members from Excel', () => {
  let t: TestApp
  let tree: Tree
  let session: Session
  let branchB: OrgNode

  beforeAll(async () => {
    t = await createTestApp()
    tree = await makeOrgTree(t.db)
    branchB = await makeOrg(t.db, tree.own, `一区第二党支部-${tree.own.name.slice(-6)}`, 'grassroots', 'branch')
    const user = await makeUser(t.db, { role: 'org_admin', org: tree.own })
    session = await login(t.app, user.loginName, user.password)
  })

  async function upload(file: Buffer, opts: { orgId?: string; fileName?: string; as?: Session } = {}) {
    const qs = new URLSearchParams({ orgId: opts.orgId ?? tree.own.id, fileName: opts.fileName ?? '党员名册.xlsx' })
    return t.app.inject({
      method: 'POST',
      url: `/api/members/imports?${qs}`,
      headers: { ...(opts.as ?? session).headers, 'content-type': 'application/octet-stream' },
      payload: file,
    })
  }

  /** Polls the import as the web page does until it has finished. */
  async function finished(id: string, as: Session = session): Promise<MemberImport> {
    for (let i = 0; i < 200; i++) {
      const res = await t.app.inject({ method: 'GET', url: `/api/members/imports/${id}`, headers: as.headers })
      expect(res.statusCode, res.body).toBe(200)
      const imp = (res.json() as { import: MemberImport }).import
      if (['done', 'rejected', 'failed', 'interrupted', 'duplicate'].includes(imp.status)) return imp
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('import did not finish')
  }

  async function importFile(file: Buffer, opts: Parameters<typeof upload>[1] = {}) {
    const res = await upload(file, opts)
    expect(res.statusCode, res.body).toBe(201)
    return finished((res.json() as { import: MemberImport }).import.id, opts.as)
  }

  const peopleCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('people')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  async function search(q: string) {
    const res = await t.app.inject({ method: 'GET', url: `/api/members?q=${encodeURIComponent(q)}`, headers: session.headers })
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as { items: MemberListItem[] }).items
  }

  it('writes every row of a valid file, reading dates and codes as people type them', async () => {
    const ids = [
      makeIdNumber({ birthDate: '1975-01-31', gender: '1' }),
      makeIdNumber({ birthDate: '1990-12-01', gender: '2' }),
      makeIdNumber({ birthDate: '1966-06-15', gender: '1' }),
    ]
    // a 15-digit legacy number of someone born 1966-06-15 (male: odd last digit)
    const legacy = `${ids[2]!.slice(0, 6)}${ids[2]!.slice(8, 17)}`
    const fullWidth = ids[1]!.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    const file = await workbook([
      row(tree.descendant.name, {
        姓名: '欧阳建华',
        性别: '男',
        民族: '土家',
        出生日期: new Date(Date.UTC(1975, 0, 31)),
        身份证号: ids[0]!.replace('X', 'x'),
        学历: '硕士',
        入党日期: 38899, // an Excel serial number: 2006-07-01
        转为正式党员日期: '2007年7月1日',
        生活困难: '是',
      }),
      row(`${tree.own.name}/${branchB.name}`, {
        姓名: '王芳',
        出生日期: '1990/12/1',
        身份证号: fullWidth,
        人员类别: '预备党员',
        入党日期: '2025.7.1',
        转为正式党员日期: null,
        领导干部职级: '乡级',
      }),
      row(tree.descendant.name, {
        姓名: '张伟',
        性别: '男',
        出生日期: '19660615',
        身份证号: legacy,
        人员类别: '入党积极分子',
        申请入党日期: '2024-03-01',
        确定为入党积极分子日期: '2024-09-01',
        入党日期: null,
        转为正式党员日期: null,
      }),
    ])
    const before = await peopleCount()
    const imp = await importFile(file)
    expect(imp).toMatchObject({ status: 'done', createdCount: 3, skippedCount: 0, errorCount: 0, percent: 100, rowsRead: 3 })
    expect(await peopleCount()).toBe(before + 3)

    const [ouyang] = await search('欧阳建华')
    expect(ouyang).toMatchObject({ gender: '1', education: '14', status: 'full', admittedOn: '2006-07-01' })
    expect(ouyang!.org.id).toBe(tree.descendant.id)
    const detail = (
      await t.app.inject({ method: 'GET', url: `/api/members/${ouyang!.personId}`, headers: session.headers })
    ).json() as { member: { ethnicity: string; fullOn: string; isInDifficulty: boolean; statusHistory: { reason: string }[] } }
    expect(detail.member).toMatchObject({ ethnicity: '15', fullOn: '2007-07-01', isInDifficulty: true })
    expect(detail.member.statusHistory[0]!.reason).toBe('批量导入')

    const [wang] = await search('王芳')
    expect(wang).toMatchObject({ status: 'probationary', birthDate: '1990-12-01' })
    expect(wang!.org.id).toBe(branchB.id)
    // the 15-digit number was stored as its 18-digit form: an exact search by it finds him
    expect((await search(ids[2]!)).map((m) => m.name)).toEqual(['张伟'])

    const audit = await t.db.selectFrom('audit_log').where('entity_id', '=', imp.id).select('action').execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['members.import_started', 'members.imported'])
  })

  it('writes nothing when any row is wrong, and reports each error by row, column and value', async () => {
    const good = row(tree.descendant.name, { 姓名: '赵敏' })
    const badId = makeIdNumber({ birthDate: '1988-05-20', gender: '2' })
    const wrongDigit = badId.slice(0, 17) + (badId.endsWith('0') ? '1' : '0')
    const file = await workbook([
      good,
      row(tree.descendant.name, { 姓名: '钱红', 身份证号: wrongDigit }),
      row('没有这个支部', { 姓名: '孙丽', 学历: '大本' }),
      row(tree.descendant.name, { 姓名: '周强', 入党日期: '2014-07-01', 转为正式党员日期: '2013-07-01' }),
    ])
    const before = await peopleCount()
    const imp = await importFile(file, { fileName: '有错误的名册.xlsx' })
    expect(imp.status).toBe('rejected')
    expect(await peopleCount()).toBe(before)
    expect(imp.errorCount).toBe(4)
    expect(imp.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '身份证号'],
      [4, '所在党组织'],
      [4, '学历'],
      [5, '转为正式党员日期'],
    ])
    expect(imp.errors[0]!.message).toMatch(/校验码/)
    // the ID number in the report is masked
    expect(imp.errors[0]!.value).toBe(`**************${wrongDigit.slice(-4)}`)
    expect(imp.errors[1]!.message).toContain('找不到“没有这个支部”')
    expect(imp.errors[2]).toMatchObject({ value: '大本', message: expect.stringContaining('学历') })
    expect(imp.message).toContain('整份文件未导入')

    const report = await t.app.inject({ method: 'GET', url: `/api/members/imports/${imp.id}/errors`, headers: session.headers })
    expect(report.statusCode).toBe(200)
    expect(decodeURIComponent(String(report.headers['content-disposition']))).toContain('有错误的名册-错误报告.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).values).toEqual([undefined, '行号', '列', '填写的值', '错误原因'])
    expect(ws.getRow(3).values).toEqual([undefined, 4, '所在党组织', '没有这个支部', expect.stringContaining('找不到')])
    expect(ws.rowCount).toBe(5)

    // the corrected file goes in whole
    const fixed = await workbook([
      good,
      row(tree.descendant.name, { 姓名: '钱红' }),
      row(tree.descendant.name, { 姓名: '孙丽' }),
      row(tree.descendant.name, { 姓名: '周强' }),
    ])
    expect(await importFile(fixed)).toMatchObject({ status: 'done', createdCount: 4 })
    expect(await peopleCount()).toBe(before + 4)
  })

  it('never registers anyone twice: the same file again, or rows already registered, write nothing new', async () => {
    const rows = [row(tree.descendant.name, { 姓名: '吴刚' }), row(tree.descendant.name, { 姓名: '郑洁' })]
    const file = await workbook(rows)
    const first = await importFile(file)
    expect(first).toMatchObject({ status: 'done', createdCount: 2 })
    const before = await peopleCount()

    const again = await importFile(file)
    expect(again).toMatchObject({ status: 'duplicate', duplicateOf: first.id, createdCount: 0 })
    expect(again.message).toContain('没有重复写入')

    // the same people in a new file with one more: the two are skipped, the new one written
    const more = await importFile(await workbook([...rows, row(tree.descendant.name, { 姓名: '冯军' })]))
    expect(more).toMatchObject({ status: 'done', createdCount: 1, skippedCount: 2 })
    expect(more.message).toContain('2 人已在册')
    expect(await peopleCount()).toBe(before + 1)
  })

  it('refuses duplicates within the file, numbers registered elsewhere, and ID numbers Excel turned into numbers', async () => {
    const elsewhere = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.otherCity, { gender: '2' })
    const inScope = await makeMember({ db: t.db, encryptionKey: t.config.encryptionKey }, tree.descendant, {
      name: '原有人员',
      gender: '2',
    })
    const shared = makeIdNumber({ birthDate: '1988-05-20', gender: '2' })
    const before = await peopleCount()
    const imp = await importFile(
      await workbook([
        row(tree.descendant.name, { 身份证号: shared }),
        row(tree.descendant.name, { 身份证号: shared, 姓名: '李秀英二' }),
        row(tree.descendant.name, { 身份证号: elsewhere.idNumber, 出生日期: elsewhere.birthDate }),
        row(tree.descendant.name, { 身份证号: inScope.idNumber, 出生日期: inScope.birthDate, 姓名: '别的名字' }),
        row(tree.descendant.name, { 身份证号: Number('420102198805201234') }),
        row(tree.otherCity.name),
      ]),
    )
    expect(imp.status).toBe('rejected')
    expect(await peopleCount()).toBe(before)
    const byRow = Object.fromEntries(imp.errors.map((e) => [e.row, e.message]))
    expect(byRow[3]).toBe('与第 2 行的身份证号相同')
    expect(byRow[4]).toContain('本次导入范围以外')
    expect(byRow[5]).toContain('原有人员名下，与本行姓名不符')
    expect(byRow[6]).toContain('存成了数字')
    // an org outside the import's subtree is not found, whoever may see it
    expect(byRow[7]).toContain(`找不到“${tree.otherCity.name}”`)
  })

  it('refuses a file without the required columns, naming them', async () => {
    const imp = await importFile(await workbook([{ 姓名: '某人' }], { headers: ['姓名', '性别', '备注'] }))
    expect(imp.status).toBe('rejected')
    expect(imp.errors[0]!.message).toMatch(/缺少必填列：民族、出生日期、身份证号、学历、人员类别、所在党组织/)
  })

  it('accepts only .xlsx files, into orgs in scope', async () => {
    const csv = await upload(Buffer.from('姓名,性别\n张三,男\n'), { fileName: '名册.xlsx' })
    expect(csv.statusCode).toBe(400)
    expect(csv.json().error.message).toContain('不是 .xlsx 格式')
    const xls = await upload(await workbook([]), { fileName: '名册.xls' })
    expect(xls.statusCode).toBe(400)
    expect(xls.json().error.message).toContain('.xlsx')
    const outside = await upload(await workbook([]), { orgId: tree.sibling.id })
    expect(outside.statusCode).toBe(404)
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/members/imports?orgId=${tree.own.id}&fileName=a.xlsx`,
      headers: session.headers,
      payload: { rows: [] },
    })
    expect(json.statusCode).toBe(400)
    expect(json.json().error.message).toContain('不是 .xlsx 格式')
    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/members/imports?orgId=${tree.own.id}&fileName=a.xlsx`,
      headers: session.headers,
    })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.message).toContain('请上传 Excel 文件')
  })

  it('shows a user only the imports of their scope', async () => {
    const mine = await importFile(await workbook([row(tree.descendant.name, { 姓名: '范例' })]))
    const other = await makeUser(t.db, { role: 'org_admin', org: tree.sibling })
    const otherSession = await login(t.app, other.loginName, other.password)
    const res = await t.app.inject({ method: 'GET', url: `/api/members/imports/${mine.id}`, headers: otherSession.headers })
    expect(res.statusCode).toBe(404)
    const list = await t.app.inject({ method: 'GET', url: '/api/members/imports', headers: otherSession.headers })
    expect((list.json() as { items: MemberImport[] }).items.map((i) => i.id)).not.toContain(mine.id)
    const ownList = await t.app.inject({ method: 'GET', url: '/api/members/imports', headers: session.headers })
    expect((ownList.json() as { items: MemberImport[] }).items[0]!.id).toBe(mine.id)
  })

  it('marks imports a stopped process left unfinished as interrupted, with nothing written', async () => {
    const user = await t.db.selectFrom('users').select('id').executeTakeFirstOrThrow()
    const { id } = await t.db
      .insertInto('member_imports')
      .values({
        org_id: tree.own.id,
        created_by: user.id,
        file_name: 'x.xlsx',
        file_sha256: Buffer.alloc(32),
        file_size: 1,
        status: 'reading',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // a second app on the same database starts as a restarted process would
    const { buildApp } = await import('../../app.ts')
    const { createLogger } = await import('../../platform/logger.ts')
    const app = await buildApp({ config: t.config, db: t.db, log: createLogger('silent') })
    await app.ready()
    await app.close()
    const after = await t.db.selectFrom('member_imports').where('id', '=', id).selectAll().executeTakeFirstOrThrow()
    expect(after.status).toBe('interrupted')
    expect(after.message).toContain('没有写入任何数据')
  })
})
