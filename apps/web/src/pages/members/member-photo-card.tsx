import { DeleteOutlined, UploadOutlined } from '@ant-design/icons'
import { API, PHOTO_MAX_BYTES, photoProblem, type MemberDetail } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Flex, Popconfirm, Space, Typography } from 'antd'
import { useRef, useState } from 'react'
import { api, routeUrl } from '../../api.ts'
import { PersonPhoto } from '../../components/person-photo.tsx'
import { memberKeys } from './member-queries.ts'

/** The photo on the member page; those who keep the record upload, replace or remove it. */
export function MemberPhoto({ member, canWrite }: { member: MemberDetail; canWrite: boolean }) {
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const input = useRef<HTMLInputElement>(null)
  const [refusal, setRefusal] = useState<string | null>(null)
  const params = { personId: member.personId }
  const refresh = () => void queryClient.invalidateQueries({ queryKey: memberKeys.detail(member.personId) })

  const upload = useMutation({
    mutationFn: async (file: File) => {
      // The same check as the server's, before sending 2 MB for nothing.
      const problem = photoProblem({ size: file.size, head: new Uint8Array(await file.slice(0, 16).arrayBuffer()) })
      if (problem) throw new Error(problem)
      return api(API.members.uploadPhoto, { params, file })
    },
    onSuccess: () => {
      setRefusal(null)
      refresh()
      void message.success('照片已上传')
    },
    onError: (e) => setRefusal(e.message),
  })
  const remove = useMutation({
    mutationFn: () => api(API.members.removePhoto, { params }),
    onSuccess: () => {
      refresh()
      void message.success('照片已删除')
    },
    onError: (e) => setRefusal(e.message),
  })

  const src = member.photo ? routeUrl(API.members.photo, { params, query: { v: member.photo.version } }) : null
  return (
    <Flex gap={16} align="flex-start" wrap>
      <PersonPhoto src={src} name={member.name} />
      {canWrite && (
        <Space orientation="vertical" size={8} style={{ maxWidth: 320 }}>
          <input
            ref={input}
            type="file"
            accept="image/jpeg,image/png"
            aria-label="选择照片文件"
            style={{ display: 'none' }}
            onChange={(e) => {
              const file = e.target.files?.[0]
              e.target.value = ''
              if (file) upload.mutate(file)
            }}
          />
          <Space wrap>
            <Button icon={<UploadOutlined aria-hidden />} loading={upload.isPending} onClick={() => input.current?.click()}>
              {member.photo ? '更换照片' : '上传照片'}
            </Button>
            {member.photo && (
              <Popconfirm title="删除这张照片？" okText="删除" cancelText="取消" onConfirm={() => remove.mutateAsync()}>
                <Button icon={<DeleteOutlined aria-hidden />} danger loading={remove.isPending}>
                  删除照片
                </Button>
              </Popconfirm>
            )}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            JPEG 或 PNG，不超过 {PHOTO_MAX_BYTES / 1024 / 1024} MB
          </Typography.Text>
          {refusal && <Alert type="error" showIcon role="alert" title={refusal} closable={{ onClose: () => setRefusal(null) }} />}
        </Space>
      )}
    </Flex>
  )
}
