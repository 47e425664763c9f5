import { HourglassOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Flex, Result, Typography } from 'antd'
import { formatDateTime } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { statSnapshotsQuery } from './stats-queries.ts'
import { SnapshotRebuildButton } from './stats-snapshot-rebuild.tsx'
import { yearEnd } from './stats-view.ts'

/** How often the page asks again while the snapshot is built. */
export const SNAPSHOT_POLL_MS = 15_000

interface Props {
  year: number
  /** The server's message: why the figures wait, and that the snapshot has been started. */
  message: string
  onRetry: () => void
  onLive: () => void
}

/**
 * A large subtree's figures at a year's end come from the whole tree's snapshot of that day,
 * built in the background on the first request; until it is ready the page says so and asks again.
 */
export function StatsSnapshotWait({ year, message, onRetry, onLive }: Props) {
  const { can } = useSession()
  const asOf = yearEnd(year)
  const snapshots = useQuery({ ...statSnapshotsQuery, refetchInterval: SNAPSHOT_POLL_MS })
  const latest = snapshots.data?.find((s) => s.asOf === asOf)
  return (
    <Card>
      <Result
        icon={<HourglassOutlined />}
        title={latest?.state === 'failed' ? `${year} 年末统计快照未能生成` : `${year} 年末统计快照生成中`}
        subTitle={
          <Flex vertical gap={4}>
            <span>{message}</span>
            {latest?.state === 'building' && <span>开始于 {formatDateTime(latest.startedAt)}，页面每 15 秒自动刷新。</span>}
          </Flex>
        }
        extra={[
          <Button key="live" onClick={onLive}>
            查看当前统计
          </Button>,
          <Button key="retry" type="primary" onClick={onRetry}>
            刷新
          </Button>,
        ]}
      />
      {latest?.state === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={`${asOf} 的统计快照生成失败`}
          description={
            <Typography.Text type="secondary">
              {latest.error ?? '原因不明'}（{formatDateTime(latest.finishedAt)}）
            </Typography.Text>
          }
          action={can('stats.snapshot') ? <SnapshotRebuildButton asOf={asOf} onStarted={onRetry} /> : undefined}
        />
      )}
    </Card>
  )
}
