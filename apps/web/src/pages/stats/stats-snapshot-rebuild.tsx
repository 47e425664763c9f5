import { API } from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Button, Popconfirm } from 'antd'
import { api } from '../../api.ts'
import { statSnapshotsQuery } from './stats-queries.ts'

/** Builds the whole tree's snapshot of `asOf` again (after corrections to the histories of that year). */
export function SnapshotRebuildButton({ asOf, onStarted }: { asOf: string; onStarted?: () => void }) {
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const rebuild = useMutation({
    mutationFn: () => api(API.stats.createSnapshot, { body: { asOf } }),
    onSuccess: () => {
      void message.success(`已开始重新生成 ${asOf} 的统计快照，完成前仍显示原有数据`)
      void queryClient.invalidateQueries({ queryKey: statSnapshotsQuery.queryKey })
      onStarted?.()
    },
    onError: (error) => void message.error(error.message),
  })
  return (
    <Popconfirm
      title={`重新生成 ${asOf} 的统计快照？`}
      description="快照生成后补录或更正的历史记录，重新生成后才计入。全省约需几分钟，在后台进行。"
      okText="重新生成"
      cancelText="取消"
      onConfirm={() => rebuild.mutate()}
    >
      <Button size="small" loading={rebuild.isPending}>
        重新生成快照
      </Button>
    </Popconfirm>
  )
}
