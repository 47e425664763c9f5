import { InboxOutlined } from '@ant-design/icons'
import { Upload } from 'antd'
import type { ReactNode } from 'react'

/** The one .xlsx file an import takes: dropped or chosen, kept in the page until it is sent. */
export function XlsxDropzone({
  file,
  onChange,
  hint,
}: {
  file: File | null
  onChange: (file: File | null) => void
  hint: ReactNode
}) {
  return (
    <Upload.Dragger
      accept=".xlsx"
      maxCount={1}
      beforeUpload={(f) => {
        onChange(f)
        return false
      }}
      onRemove={() => onChange(null)}
      fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined aria-hidden />
      </p>
      <p className="ant-upload-text">点击或拖入 .xlsx 文件</p>
      <p className="ant-upload-hint">{hint}</p>
    </Upload.Dragger>
  )
}
