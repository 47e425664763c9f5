import { API, type MemberStatus } from '@xianfeng/contract'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Select, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { api } from '../../api.ts'
import { useDebounced } from '../../lib/use-debounced.ts'
import { memberKeys } from './member-queries.ts'

interface MemberOption {
  value: string
  label: string
  orgName: string
  birthDate: string
}

interface Props {
  id?: string
  value?: string
  onChange?: (value: string | undefined) => void
  /** Only people of this org and the orgs under it. */
  orgId: string
  /** Only people of this status. */
  status?: MemberStatus
  placeholder?: string
  disabled?: boolean
}

/**
 * Picks one registered person of an org by typing part of the name, its pinyin or initials. Before
 * anything is typed it offers the first of them by pinyin. Used inside Form.Item.
 */
export function MemberSelect({
  id,
  value,
  onChange,
  orgId,
  status,
  placeholder = '输入姓名、拼音或首字母查找',
  disabled,
}: Props) {
  const [keyword, setKeyword] = useState('')
  const q = useDebounced(keyword.trim().slice(0, 50))
  const [picked, setPicked] = useState<MemberOption | null>(null)

  const search = useQuery({
    queryKey: [...memberKeys.all, 'pick', orgId, status ?? 'any', q],
    queryFn: () => api(API.members.search, { query: { q: q || undefined, orgId, status, limit: 20 } }),
    placeholderData: keepPreviousData,
  })

  const options = useMemo(() => {
    const found: MemberOption[] = (search.data?.items ?? []).map((m) => ({
      value: m.personId,
      label: m.name,
      orgName: m.org.name,
      birthDate: m.birthDate,
    }))
    // Keep the chosen person in the list so the select still shows the name after a new search.
    if (picked && picked.value === value && !found.some((o) => o.value === picked.value)) return [picked, ...found]
    return found
  }, [search.data, picked, value])

  return (
    <Select<string, MemberOption>
      id={id}
      value={value}
      disabled={disabled}
      placeholder={placeholder}
      allowClear
      loading={search.isFetching}
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
        search.error ? (
          <Typography.Text type="danger">{search.error.message}</Typography.Text>
        ) : search.isFetching ? (
          '正在查找…'
        ) : q ? (
          '没有找到匹配的人员'
        ) : (
          '没有可选的人员'
        )
      }
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
            {option.data.orgName} · {option.data.birthDate} 生
          </Typography.Text>
        </div>
      )}
    />
  )
}
