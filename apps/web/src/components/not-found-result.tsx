import { Button, Result } from 'antd'
import { useNavigate } from 'react-router'

export function NotFoundResult() {
  const navigate = useNavigate()
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，可能链接有误或页面已被移除。"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回首页
        </Button>
      }
    />
  )
}
