import { FlagFilled } from '@ant-design/icons'

/** 先锋 · 党建管理信息系统 */
export function Brand({ dark = false, compact = false }: { dark?: boolean; compact?: boolean }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
      <FlagFilled style={{ fontSize: 22, color: dark ? '#ffd34d' : '#c8161d', flex: 'none' }} />
      <div style={{ lineHeight: 1.2, minWidth: 0 }}>
        <div style={{ fontSize: 18, fontWeight: 600, color: dark ? '#fff' : '#c8161d', letterSpacing: 2 }}>先锋</div>
        {!compact && (
          <div style={{ fontSize: 12, color: dark ? 'rgba(255,255,255,0.65)' : 'rgba(0,0,0,0.55)', whiteSpace: 'nowrap' }}>
            党建管理信息系统
          </div>
        )}
      </div>
    </div>
  )
}
