import { API } from '@xianfeng/contract'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Select } from 'antd'
import { useState } from 'react'
import { api } from '../../api.ts'
import { useDebounced } from '../../lib/use-debounced.ts'

interface Props {
  id?: string
  value?: string
  onChange?: (value: string | undefined) => void
}

/** Picks a person of the current scope by name, pinyin or ID number, for a member's own account. */
export function PersonSelect({ id, value, onChange }: Props) {
  const [q, setQ] = useState('')
  const term = useDebounced(q.trim())
  const people = useQuery({
    queryKey: ['members', 'search', 'person-select', term],
    queryFn: async () => (await api(API.members.search, { query: { q: term, limit: 20 } })).items,
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  })
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入姓名、拼音或身份证号查找"
      notFoundContent={term ? (people.isFetching ? '查找中…' : '没有找到') : '请输入关键字'}
      loading={people.isFetching}
      options={(people.data ?? []).map((p) => ({ value: p.personId, label: `${p.name}（${p.org.name}）` }))}
    />
  )
}
