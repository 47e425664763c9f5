import fs from 'node:fs'
import PDFDocument from 'pdfkit'
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  GENDERS,
  MEMBER_STATUSES,
  TRANSFER_REASONS,
  type TransferReason,
} from '@xianfeng/contract'
import type { LetterFacts } from '../../platform/db-types.ts'
import { AppError } from '../../platform/errors.ts'

// The printed letter (组织关系介绍信): stub, letter and receipt (存根、介绍信、回执) on one A4 page,
// with pdfkit and the system's Noto CJK font (Debian fonts-noto-cjk, which the platform already
// needs for its browser tests; CI installs it). pdfkit embeds only the glyphs used.

/** Candidate fonts: a TrueType collection and the face in it. */
const FONTS = [
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
]

export interface LetterInput {
  letterNo: string
  fromOrgName: string
  toOrgName: string
  reason: TransferReason
  reasonNote: string | null
  issuedOn: string
  validUntil: string
  validityMonths: number
  facts: LetterFacts
}

const cn = (day: string) => {
  const [y, m, d] = day.split('-')
  return `${y} 年 ${Number(m)} 月 ${Number(d)} 日`
}

function ageOn(birthDate: string, day: string) {
  const age = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return day.slice(5) < birthDate.slice(5) ? age - 1 : age
}

export function renderLetter(l: LetterInput): Promise<Buffer> {
  const font = FONTS.find((f) => fs.existsSync(f.file))
  if (!font) throw new AppError('invalid_state', '服务器没有安装中文字体（fonts-noto-cjk），不能生成介绍信 PDF，请联系管理员')
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 40, left: 64, right: 64 },
    info: { Title: `组织关系介绍信 ${l.letterNo}` },
  })
  doc.registerFont('cjk', font.file, font.face)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const f = l.facts
  const gender = GENDERS[f.gender as keyof typeof GENDERS] ?? f.gender
  const ethnicity = ETHNICITIES[f.ethnicity as keyof typeof ETHNICITIES] ?? f.ethnicity
  const status =
    f.status === 'full'
      ? '正式党员'
      : f.status === 'probationary'
        ? '预备党员'
        : MEMBER_STATUSES[f.status as keyof typeof MEMBER_STATUSES]
  const reason = l.reason === 'other' && l.reasonNote ? l.reasonNote : TRANSFER_REASONS[l.reason]
  const width = doc.page.width - 128
  const cut = (y: number) => {
    doc
      .save()
      .moveTo(64, y)
      .lineTo(64 + width, y)
      .dash(4, { space: 4 })
      .strokeColor('#888')
      .stroke()
      .restore()
  }
  doc.font('cjk')

  // 存根: kept by the origin
  doc.fontSize(13).text('中国共产党党员组织关系介绍信（存根）', { align: 'center' })
  doc.moveDown(0.3).fontSize(10).text(l.letterNo, { align: 'right' })
  doc
    .fontSize(10.5)
    .text(
      `${f.name}同志（${gender}，${ethnicity}，${status}），身份证号码 ${f.idNumber ?? '（未登记）'}，组织关系由${l.fromOrgName}转往${l.toOrgName}。转接原因：${reason}。`,
      { lineGap: 3 },
    )
  doc.text(`开具日期：${cn(l.issuedOn)}\u3000\u3000有效期至：${cn(l.validUntil)}`, { lineGap: 3 })
  cut(doc.y + 12)
  doc.y += 28

  // 介绍信
  doc.fontSize(17).text('中国共产党党员组织关系介绍信', { align: 'center' })
  doc.moveDown(0.4).fontSize(10).text(l.letterNo, { align: 'right' })
  doc.moveDown(0.6).fontSize(12).text(`${l.toOrgName}：`)
  const age = ageOn(f.birthDate, l.issuedOn)
  const joined = f.admittedOn ? `，${cn(f.admittedOn)}入党` : ''
  const full = f.fullOn ? `，${cn(f.fullOn)}转为正式党员` : ''
  doc.text(
    `\u3000\u3000兹介绍${f.name}同志（${gender}，${age} 岁，${ethnicity}，${status}${joined}${full}，身份证号码 ${f.idNumber ?? '（未登记）'}）的党员组织关系由我处转去，请接洽。`,
    { lineGap: 6 },
  )
  doc.text(`\u3000\u3000转接原因：${reason}。`, { lineGap: 6 })
  const extra = [
    f.education ? `学历：${EDUCATION_LEVELS[f.education as keyof typeof EDUCATION_LEVELS] ?? f.education}` : null,
    f.workUnit ? `工作单位：${f.workUnit}` : null,
    f.phone ? `联系电话：${f.phone}` : null,
  ].filter(Boolean)
  if (extra.length) doc.text(`\u3000\u3000${extra.join('\u3000')}`, { lineGap: 6 })
  doc.text(`\u3000\u3000（有效期 ${l.validityMonths} 个月，至 ${cn(l.validUntil)}止）`, { lineGap: 6 })
  doc.moveDown(1.2)
  doc.text(`${l.fromOrgName}（盖章）`, { align: 'right' })
  doc.text(cn(l.issuedOn), { align: 'right' })
  cut(doc.y + 16)
  doc.y += 32

  // 回执: the destination sends it back
  doc.fontSize(15).text('回\u3000执', { align: 'center' })
  doc.moveDown(0.3).fontSize(10).text(l.letterNo, { align: 'right' })
  doc.moveDown(0.5).fontSize(12).text(`${l.fromOrgName}：`)
  doc.text(`\u3000\u3000${f.name}同志的党员组织关系已转达我处，特此回复。`, { lineGap: 6 })
  doc.moveDown(1.2)
  doc.text('接收党组织（盖章）', { align: 'right' })
  doc.text('年\u3000\u3000月\u3000\u3000日', { align: 'right' })
  doc.end()
  return done
}
