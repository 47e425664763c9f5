import { CopyOutlined } from '@ant-design/icons'
import { Alert, App, Button, Descriptions, Modal, Space, Typography } from 'antd'
import { copyText } from '../../lib/clipboard.ts'
import { useLastValue } from '../../lib/use-last-value.ts'

export interface OneTimeSecret {
  title: string
  /** 初始密码 or 临时密码 */
  label: string
  loginName: string
  displayName: string
  password: string
}

/** Shows a generated password exactly once: the server never returns it again. */
export function OneTimePasswordModal({ secret: openSecret, onClose }: { secret: OneTimeSecret | null; onClose: () => void }) {
  const secret = useLastValue(openSecret)
  const { message } = App.useApp()
  const copy = (text: string) => {
    void copyText(text).then((ok) => {
      if (ok) void message.success('已复制到剪贴板')
      else void message.error('复制失败，请手动选中密码复制')
    })
  }

  return (
    <Modal
      title={secret?.title}
      open={openSecret !== null}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下
        </Button>
      }
    >
      {secret && (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${secret.label}只显示这一次`}
            description="关闭后无法再次查看。请立即复制，并通过安全渠道交给本人；对方登录后须立即修改密码。"
          />
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'name', label: '姓名', children: secret.displayName },
              { key: 'login', label: '登录名', children: secret.loginName },
              {
                key: 'password',
                label: secret.label,
                children: (
                  <Space wrap>
                    <Typography.Text code style={{ fontSize: 16, userSelect: 'all' }} aria-label={secret.label}>
                      {secret.password}
                    </Typography.Text>
                    <Button size="small" icon={<CopyOutlined />} onClick={() => copy(secret.password)}>
                      复制
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </>
      )}
    </Modal>
  )
}
