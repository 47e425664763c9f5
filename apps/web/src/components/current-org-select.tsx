import { Button, Input, Space } from 'antd'
import { useState } from 'react'
import { OrgSelect } from './org-select.tsx'

interface Props {
  id?: string
  value?: string
  onChange?: (value: string | undefined) => void
  disabled?: boolean
  placeholder?: string
  /** The org chosen now (on edit): OrgSelect knows the names only of the orgs it has found. */
  current: { id: string; name: string } | null
}

/**
 * OrgSelect, but the org already chosen is shown by name until the user picks another one.
 * Used inside Form.Item, which passes id/value/onChange.
 */
export function CurrentOrgSelect({ id, value, onChange, disabled, placeholder, current }: Props) {
  const [changing, setChanging] = useState(false)
  if (current && value === current.id && !changing) {
    return (
      <Space.Compact block>
        <Input id={id} readOnly value={current.name} disabled={disabled} />
        <Button
          disabled={disabled}
          onClick={() => {
            setChanging(true)
            onChange?.(undefined)
          }}
        >
          更换
        </Button>
      </Space.Compact>
    )
  }
  return <OrgSelect id={id} value={value} onChange={onChange} disabled={disabled} placeholder={placeholder} />
}
