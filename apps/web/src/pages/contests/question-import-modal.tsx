import { DownloadOutlined } from '@ant-design/icons'
import { API, type QuestionImportError } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Flex, Form, Modal, Result, Table } from 'antd'
import { useState } from 'react'
import { api, isApiError } from '../../api.ts'
import { XlsxDropzone } from '../../components/xlsx-dropzone.tsx'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { useSession } from '../../lib/session.ts'
import { contestKeys } from './contest-queries.ts'

/** 导入试题: the whole file or nothing; every bad row is listed with its column. */
export function QuestionImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { me } = useSession()
  const { message } = App.useApp()
  const client = useQueryClient()
  const scope = me.currentGrant && { id: me.currentGrant.orgId, name: me.currentGrant.orgName }
  const [orgId, setOrgId] = useState<string | undefined>(scope?.id)
  const [file, setFile] = useState<File | null>(null)
  const [templateLoading, setTemplateLoading] = useState(false)

  const upload = useMutation({
    mutationFn: async () => {
      if (!orgId || !file) throw new Error('请选择所属组织和文件')
      return api(API.contests.importQuestions, { query: { orgId }, file })
    },
    onSuccess: (r) => {
      if (r.imported > 0) void client.invalidateQueries({ queryKey: contestKeys.questions })
    },
  })
  const result = upload.data

  const reset = () => {
    setFile(null)
    upload.reset()
  }
  const close = () => {
    reset()
    onClose()
  }
  const template = async () => {
    setTemplateLoading(true)
    try {
      await api(API.contests.questionTemplate)
    } catch (e) {
      void message.error(isApiError(e) ? e.message : '下载失败，请重试')
    } finally {
      setTemplateLoading(false)
    }
  }

  return (
    <Modal
      open={open}
      title="从 Excel 导入试题"
      width={760}
      onCancel={close}
      maskClosable={false}
      destroyOnHidden
      footer={
        result ? (
          <Flex justify="end" gap={8}>
            {result.errors.length > 0 && <Button onClick={reset}>重新选择文件</Button>}
            <Button type="primary" onClick={close}>
              完成
            </Button>
          </Flex>
        ) : (
          <Flex justify="space-between" wrap gap={8}>
            <Button icon={<DownloadOutlined aria-hidden />} loading={templateLoading} onClick={() => void template()}>
              下载导入模板
            </Button>
            <Flex gap={8}>
              <Button onClick={close}>取消</Button>
              <Button type="primary" disabled={!orgId || !file} loading={upload.isPending} onClick={() => upload.mutate()}>
                开始导入
              </Button>
            </Flex>
          </Flex>
        )
      }
    >
      {result ? (
        result.errors.length === 0 ? (
          <Result status="success" title={`已导入 ${result.imported} 道试题`} />
        ) : (
          <ImportErrors errors={result.errors} />
        )
      ) : (
        <Form layout="vertical">
          {upload.isError && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={isApiError(upload.error) ? upload.error.message : upload.error.message || '上传失败，请重试'}
            />
          )}
          <Form.Item label="导入到" required help="试题归此组织的题库所有">
            <CurrentOrgSelect id="question-import-org" value={orgId} onChange={setOrgId} current={scope} />
          </Form.Item>
          <Form.Item label="Excel 文件" required>
            <XlsxDropzone
              file={file}
              onChange={(f) => {
                setFile(f)
                upload.reset()
              }}
              hint="每行一道题；全部通过校验才导入，有错误时一道也不导入，并列出出错的行和列。"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  )
}

function ImportErrors({ errors }: { errors: QuestionImportError[] }) {
  return (
    <Flex vertical gap={12}>
      <Alert
        type="error"
        showIcon
        title={`发现 ${errors.length} 处错误，整份文件未导入`}
        description="请按下表修正文件后重新上传。"
      />
      <Table
        size="small"
        rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
        dataSource={errors}
        pagination={false}
        scroll={{ y: 280 }}
        aria-label="导入错误"
        columns={[
          { title: '行号', dataIndex: 'row', width: 64, render: (r: number) => (r === 0 ? '—' : r) },
          { title: '列', dataIndex: 'column', width: 100, render: (c: string) => c || '—' },
          { title: '错误原因', dataIndex: 'message' },
        ]}
      />
    </Flex>
  )
}
