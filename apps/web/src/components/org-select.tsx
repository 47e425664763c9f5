import { useQuery } from '@tanstack/react-query'
import { Select, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { normalizeKeyword, orgChildrenQuery, orgSearchQuery } from '../lib/org-queries.ts'
import { useDebounced } from '../lib/use-debounced.ts'

interface OrgOption {
  value: string
  label: string
  path: string
}

interface Props {
  id?: string
  value?: string
  onChange?: (value: string | undefined) => void
  placeholder?: string
  disabled?: boolean
}

/**
 * Picks one org of the current scope by typing part of its name. Before anything is typed it
 * offers the scope's root orgs. Used inside Form.Item, which passes id/value/onChange.
 */
export function OrgSelect({ id, value, onChange, placeholder = '输入组织名称查找', disabled }: Props) {
  const [keyword, setKeyword] = useState('')
  const q = useDebounced(normalizeKeyword(keyword))
  const [picked, setPicked] = useState<OrgOption | null>(null)

  const roots = useQuery({ ...orgChildrenQuery(null), enabled: q === '' })
  const search = useQuery(orgSearchQuery(q))

  const options = useMemo(() => {
    const found: OrgOption[] =
      q === ''
        ? (roots.data ?? []).map((o) => ({ value: o.id, label: o.name, path: '' }))
        : (search.data ?? []).map((o) => ({ value: o.id, label: o.name, path: o.pathNames.join(' / ') }))
    // Keep the chosen org in the list so the select still shows its name after a new search.
    if (picked && picked.value === value && !found.some((o) => o.value === picked.value)) return [picked, ...found]
    return found
  }, [q, roots.data, search.data, picked, value])

  const loading = q === '' ? roots.isFetching : search.isFetching
  const error = q === '' ? roots.error : search.error

  return (
    <Select<string, OrgOption>
      id={id}
      value={value}
      disabled={disabled}
      placeholder={placeholder}
      allowClear
      loading={loading}
      options={options}
      showSearch={{ filterOption: false, onSearch: setKeyword }}
      onChange={(next, option) => {
        setPicked(option && !Array.isArray(option) ? option : null)
        onChange?.(next)
      }}
      onOpenChange={(open) => {
        if (!open) setKeyword('')
      }}
      notFoundContent={
        error ? (
          <Typography.Text type="danger">{error.message}</Typography.Text>
        ) : loading ? (
          '正在查找…'
        ) : q ? (
          '没有找到匹配的组织'
        ) : (
          '没有可选的组织'
        )
      }
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          {option.data.path && (
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
              {option.data.path}
            </Typography.Text>
          )}
        </div>
      )}
    />
  )
}
