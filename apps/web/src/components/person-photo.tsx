import { UserOutlined } from '@ant-design/icons'
import { theme } from 'antd'

/**
 * A person's photo in ID-photo proportions (3:4), or a placeholder when there is none. `src` is a
 * photo route's URL with the photo's version, so a new upload is fetched at once.
 */
export function PersonPhoto({ src, name, width = 96 }: { src: string | null; name: string; width?: number }) {
  const { token } = theme.useToken()
  const box = {
    width,
    height: Math.round((width * 4) / 3),
    borderRadius: token.borderRadius,
    border: `1px solid ${token.colorBorderSecondary}`,
    flex: 'none',
  } as const
  if (src) return <img src={src} alt={`${name}的照片`} style={{ ...box, objectFit: 'cover', display: 'block' }} />
  return (
    <div
      role="img"
      aria-label={`${name}还没有照片`}
      style={{
        ...box,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 4,
        background: token.colorFillQuaternary,
        color: token.colorTextTertiary,
        fontSize: 12,
      }}
    >
      <UserOutlined style={{ fontSize: width / 3 }} aria-hidden />
      暂无照片
    </div>
  )
}
