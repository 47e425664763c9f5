import { DownloadOutlined } from '@ant-design/icons'
import { API, FINISHED_IMPORT_STATUSES, MEMBER_IMPORT_STATUSES, type MemberImport } from '@xianfeng/contract'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Flex, Form, Modal, Progress, Result, Table, Typography, message } from 'antd'
import { useEffect, useState } from 'react'
import { api, isApiError } from '../../api.ts'
import { XlsxDropzone } from '../../components/xlsx-dropzone.tsx'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { formatCount } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { memberKeys } from './member-queries.ts'

const isFinished = (imp: MemberImport) => FINISHED_IMPORT_STATUSES.includes(imp.status)

/** The result of a finished import, in the words a branch secretary would use. */
function ImportResult({ imp }: { imp: MemberImport }) {
  const [downloading, setDownloading] = useState(false)
  if (imp.status === 'done')
    return (
      <Result
        status="success"
        title={`已导入 ${formatCount(imp.createdCount)} 人`}
        subTitle={
          imp.skippedCount ? `${formatCount(imp.skippedCount)} 人已在册，未重复登记` : `共读取 ${formatCount(imp.rowsRead)} 行`
        }
      />
    )
  if (imp.status === 'duplicate') return <Alert type="info" showIcon title={imp.message ?? MEMBER_IMPORT_STATUSES.duplicate} />
  if (imp.status !== 'rejected')
    return <Alert type="error" showIcon title={MEMBER_IMPORT_STATUSES[imp.status]} description={imp.message} />

  const report = async () => {
    setDownloading(true)
    try {
      await api(API.memberExcel.importErrors, { params: { importId: imp.id } })
    } catch (e) {
      void message.error(isApiError(e) ? e.message : '下载失败，请重试')
    } finally {
      setDownloading(false)
    }
  }
  return (
    <Flex vertical gap={12}>
      <Alert
        type="error"
        showIcon
        title={`发现 ${formatCount(imp.errorCount)} 处错误，整份文件未导入`}
        description="请按错误报告修正文件后重新上传；修正后的文件会整份导入。"
        action={
          <Button size="small" icon={<DownloadOutlined aria-hidden />} loading={downloading} onClick={() => void report()}>
            下载错误报告
          </Button>
        }
      />
      <Table
        size="small"
        rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
        dataSource={imp.errors}
        pagination={false}
        scroll={{ y: 240 }}
        aria-label="导入错误"
        columns={[
          { title: '行号', dataIndex: 'row', width: 64 },
          { title: '列', dataIndex: 'column', width: 140 },
          { title: '填写的值', dataIndex: 'value', width: 160, render: (v: string | null) => v ?? '' },
          { title: '错误原因', dataIndex: 'message' },
        ]}
      />
      {imp.errorCount > imp.errors.length && (
        <Typography.Text type="secondary">此处列出前 {imp.errors.length} 处，完整内容见错误报告。</Typography.Text>
      )}
    </Flex>
  )
}

/** 导入党员: pick the org and the file, watch the progress, read the result or the error report. */
export function MemberImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { me } = useSession()
  const client = useQueryClient()
  const scope = me.currentGrant && { id: me.currentGrant.orgId, name: me.currentGrant.orgName }
  const [orgId, setOrgId] = useState<string | undefined>(scope?.id)
  const [file, setFile] = useState<File | null>(null)
  const [importId, setImportId] = useState<string | null>(null)
  const [templateLoading, setTemplateLoading] = useState(false)

  const start = useMutation({
    mutationFn: async () => {
      if (!orgId || !file) throw new Error('请选择党组织和文件')
      return (await api(API.memberExcel.startImport, { query: { orgId, fileName: file.name }, file })).import
    },
    onSuccess: (imp) => setImportId(imp.id),
  })

  const progress = useQuery({
    queryKey: ['members', 'import', importId],
    queryFn: async () => (await api(API.memberExcel.getImport, { params: { importId: importId! } })).import,
    enabled: importId !== null,
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data) ? false : 1000),
  })
  const imp = progress.data
  const finished = imp !== undefined && isFinished(imp)
  const done = imp?.status === 'done'
  useEffect(() => {
    // the new people are in the lists now
    if (done) void client.invalidateQueries({ queryKey: memberKeys.searches })
  }, [done, client])

  const reset = () => {
    setFile(null)
    setImportId(null)
    start.reset()
  }
  const close = () => {
    reset()
    onClose()
  }
  const template = async () => {
    setTemplateLoading(true)
    try {
      await api(API.memberExcel.template)
    } catch (e) {
      void message.error(isApiError(e) ? e.message : '下载失败，请重试')
    } finally {
      setTemplateLoading(false)
    }
  }

  const running = importId !== null && !finished
  return (
    <Modal
      open={open}
      title="从 Excel 导入党员"
      width={760}
      onCancel={close}
      maskClosable={false}
      destroyOnHidden
      footer={
        importId === null ? (
          <Flex justify="space-between">
            <Button icon={<DownloadOutlined aria-hidden />} loading={templateLoading} onClick={() => void template()}>
              下载导入模板
            </Button>
            <Flex gap={8}>
              <Button onClick={close}>取消</Button>
              <Button type="primary" disabled={!orgId || !file} loading={start.isPending} onClick={() => start.mutate()}>
                开始导入
              </Button>
            </Flex>
          </Flex>
        ) : (
          <Flex justify="end" gap={8}>
            {finished && imp.status !== 'done' && <Button onClick={reset}>重新选择文件</Button>}
            <Button type={finished ? 'primary' : 'default'} onClick={close}>
              {finished ? '完成' : '在后台继续'}
            </Button>
          </Flex>
        )
      }
    >
      {importId === null ? (
        <Form layout="vertical">
          {start.isError && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={isApiError(start.error) ? start.error.message : '上传失败，请重试'}
            />
          )}
          <Form.Item label="导入到" required help="文件中“所在党组织”一列须是此组织或其下级组织">
            <CurrentOrgSelect id="import-org" value={orgId} onChange={setOrgId} current={scope} />
          </Form.Item>
          <Form.Item label="Excel 文件" required>
            <XlsxDropzone
              file={file}
              onChange={(f) => {
                setFile(f)
                start.reset()
              }}
              hint="整份文件全部通过校验才写入，有错误时一行也不写入并给出错误报告；同一文件重复导入不会重复登记。"
            />
          </Form.Item>
        </Form>
      ) : !imp ? (
        <Progress percent={0} status="active" />
      ) : finished ? (
        <ImportResult imp={imp} />
      ) : (
        <Flex vertical gap={8} role="status" aria-live="polite">
          <Typography.Text>
            {imp.fileName}：{MEMBER_IMPORT_STATUSES[imp.status]}
          </Typography.Text>
          <Progress percent={imp.percent} status={running ? 'active' : 'normal'} />
          <Typography.Text type="secondary">
            已读取 {formatCount(imp.rowsRead)} 行
            {imp.rowsWritten > 0 && `，已暂存 ${formatCount(imp.rowsWritten)} 人（整份校验通过后一并生效）`}
            {imp.errorCount > 0 && `，发现 ${formatCount(imp.errorCount)} 处错误`}
          </Typography.Text>
          <Typography.Text type="secondary">关闭此窗口不会中断导入。</Typography.Text>
        </Flex>
      )}
    </Modal>
  )
}
