import {
  API,
  RETURN_CODE_CODES,
  RETURN_CODES,
  TRANSFER_KINDS,
  TRANSFER_REASON_CODES,
  TRANSFER_REASONS,
  TransferCancel,
  TransferReceipt,
  TransferReceive,
  TransferReturn,
  TransferStart,
  type TransferDestination,
  type TransferView,
} from '@xianfeng/contract'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Descriptions, Form, Input, Radio, Select, Typography } from 'antd'
import { useState } from 'react'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { FormModal } from '../../components/form-modal.tsx'
import { OrgSelect } from '../../components/org-select.tsx'
import { useDebounced } from '../../lib/use-debounced.ts'
import { formBody, zodItem } from '../../lib/zod-form.ts'
import { MemberSelect } from '../members/member-select.tsx'

export const transferKeys = { all: ['transfers'] as const }

interface StartValues {
  orgId?: string
  personId?: string
  kind?: 'internal' | 'external'
  toOrgId?: string
  toOrgName?: string
  reason?: string
  reasonNote?: string
  issuedOn?: string
}

/** Any active org of the platform, found by name or pinyin, shown with the orgs above it. */
function DestinationSelect({ id, value, onChange }: { id?: string; value?: string; onChange?: (v: string | undefined) => void }) {
  const [keyword, setKeyword] = useState('')
  const q = useDebounced(keyword.trim().slice(0, 50))
  const found = useQuery({
    queryKey: [...transferKeys.all, 'destinations', q],
    queryFn: () => api(API.transfers.destinations, { query: { q } }),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  })
  const items: TransferDestination[] = q ? (found.data?.items ?? []) : []
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      allowClear
      placeholder="输入接收党组织名称或拼音查找（全平台）"
      showSearch={{ filterOption: false, onSearch: setKeyword }}
      loading={found.isFetching}
      notFoundContent={q ? (found.isFetching ? '正在查找…' : '没有找到匹配的党组织') : '请输入名称查找'}
      options={items.map((d) => ({ value: d.id, label: d.name, path: d.pathNames.join(' / ') }))}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
            {(o.data as { path: string }).path}
          </Typography.Text>
        </div>
      )}
    />
  )
}

/** 开具介绍信: the member, where to, why; the server checks the record is complete and numbers the letter. */
export function StartTransferModal({
  open,
  onClose,
  onStarted,
}: {
  open: boolean
  onClose: () => void
  onStarted?: (t: TransferView) => void
}) {
  const [form] = Form.useForm<StartValues>()
  const orgId = Form.useWatch('orgId', form)
  const kind = Form.useWatch('kind', form)
  const reason = Form.useWatch('reason', form)
  const submit = async (v: StartValues) => {
    const { orgId: _org, ...rest } = v
    return (await api(API.transfers.start, { body: formBody(TransferStart, rest) })).transfer
  }
  return (
    <FormModal
      title="开具组织关系介绍信"
      open={open}
      onClose={onClose}
      form={form}
      name="transfer-start"
      okText="开具"
      width={600}
      initialValues={{ kind: 'internal', issuedOn: todayString() }}
      onValuesChange={(changed: Partial<StartValues>) => {
        if ('orgId' in changed) form.setFieldValue('personId', undefined)
      }}
      submit={submit}
      refresh={[transferKeys.all]}
      success={(t) => `已开具介绍信 ${t.letterNo}，待${t.toOrg.name}接收`}
      {...(onStarted && { onSaved: onStarted })}
    >
      {open && (
        <>
          <Form.Item label="所在党组织" name="orgId" rules={[{ required: true, message: '请选择党员所在党组织' }]}>
            <OrgSelect />
          </Form.Item>
          <Form.Item
            label="党员"
            extra="开具前逐项核对党员信息，不完整的须先补全"
            {...zodItem(TransferStart, 'personId', { select: true })}
          >
            {orgId ? <MemberSelect key={orgId} orgId={orgId} /> : <Select disabled placeholder="请先选择所在党组织" />}
          </Form.Item>
          <Form.Item label="转往" {...zodItem(TransferStart, 'kind', { select: true })}>
            <Radio.Group
              options={(Object.keys(TRANSFER_KINDS) as (keyof typeof TRANSFER_KINDS)[]).map((k) => ({
                value: k,
                label: TRANSFER_KINDS[k],
              }))}
            />
          </Form.Item>
          {kind === 'external' ? (
            <Form.Item
              label="接收党组织名称"
              extra="转出本平台：打印介绍信交本人，收到回执后在此登记"
              {...zodItem(TransferStart, 'toOrgName')}
              required
            >
              <Input maxLength={100} placeholder="如：中共深圳市南山区某街道工作委员会" />
            </Form.Item>
          ) : (
            <Form.Item label="接收党组织" {...zodItem(TransferStart, 'toOrgId', { select: true })} required>
              <DestinationSelect />
            </Form.Item>
          )}
          <Form.Item label="转接原因" {...zodItem(TransferStart, 'reason', { select: true })}>
            <Select options={TRANSFER_REASON_CODES.map((c) => ({ value: c, label: TRANSFER_REASONS[c] }))} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="情况说明" {...zodItem(TransferStart, 'reasonNote')} required={reason === 'other'}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Form.Item label="开具日期" {...zodItem(TransferStart, 'issuedOn')}>
            <DateStringPicker max={todayString()} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            介绍信有效期按本组织适用的规则参数（默认 3
            个月，可由上级组织调整）；转出后未被接收前，党员仍在本组织名册中，由本组织负责管理。
          </Typography.Text>
        </>
      )}
    </FormModal>
  )
}

function Summary({ t }: { t: TransferView }) {
  return (
    <Descriptions
      size="small"
      column={1}
      style={{ marginBottom: 12 }}
      items={[
        { key: 'no', label: '介绍信编号', children: t.letterNo },
        { key: 'name', label: '党员', children: t.person.name },
        { key: 'route', label: '转接', children: `${t.fromOrg.name} → ${t.toOrg.name}` },
        { key: 'valid', label: '有效期至', children: t.validUntil },
      ]}
    />
  )
}

export type AnswerKind = 'receive' | 'return' | 'cancel' | 'receipt'

/** The answers to a transfer: receive, return (with a reason code), cancel, or record the receipt. */
export function AnswerModal({
  transfer,
  kind,
  onClose,
}: {
  transfer: TransferView | null
  kind: AnswerKind
  onClose: () => void
}) {
  const t = transfer
  const today = todayString()
  const common = { open: t !== null, onClose, refresh: [transferKeys.all] }
  if (kind === 'receive')
    return (
      <FormModal<{ receivedOn?: string }, TransferView>
        {...common}
        title="接收组织关系"
        name="transfer-receive"
        okText="接收"
        initialValues={{ receivedOn: today }}
        submit={async (v) =>
          (await api(API.transfers.receive, { params: { id: t!.id }, body: formBody(TransferReceive, v) })).transfer
        }
        success={(r) => `已接收${r.person.name}的组织关系，已转入${r.toOrg.name}`}
      >
        {t && (
          <>
            <Summary t={t} />
            <Form.Item label="接收日期" {...zodItem(TransferReceive, 'receivedOn')}>
              <DateStringPicker min={t.issuedOn} max={today} />
            </Form.Item>
          </>
        )}
      </FormModal>
    )
  if (kind === 'return')
    return (
      <FormModal<{ returnedOn?: string; returnCode?: string; note?: string }, TransferView>
        {...common}
        title="退回组织关系"
        name="transfer-return"
        okText="退回"
        danger
        initialValues={{ returnedOn: today }}
        submit={async (v) =>
          (await api(API.transfers.return, { params: { id: t!.id }, body: formBody(TransferReturn, v) })).transfer
        }
        success={(r) => `已退回${r.person.name}的组织关系`}
      >
        {t && (
          <>
            <Summary t={t} />
            <Form.Item label="退回原因" {...zodItem(TransferReturn, 'returnCode', { select: true })}>
              <Select options={RETURN_CODE_CODES.map((c) => ({ value: c, label: RETURN_CODES[c] }))} placeholder="请选择" />
            </Form.Item>
            <Form.Item label="退回说明" {...zodItem(TransferReturn, 'note')}>
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
            <Form.Item label="退回日期" {...zodItem(TransferReturn, 'returnedOn')}>
              <DateStringPicker min={t.issuedOn} max={today} />
            </Form.Item>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              不得无故拒接：退回须写明原因，党员仍在转出组织。
            </Typography.Text>
          </>
        )}
      </FormModal>
    )
  if (kind === 'cancel')
    return (
      <FormModal<{ cancelledOn?: string; note?: string }, TransferView>
        {...common}
        title="撤销转接"
        name="transfer-cancel"
        okText="撤销"
        danger
        initialValues={{ cancelledOn: today }}
        submit={async (v) =>
          (await api(API.transfers.cancel, { params: { id: t!.id }, body: formBody(TransferCancel, v) })).transfer
        }
        success={(r) => `已撤销介绍信 ${r.letterNo}`}
      >
        {t && (
          <>
            <Summary t={t} />
            <Form.Item label="撤销原因" {...zodItem(TransferCancel, 'note')}>
              <Input.TextArea rows={2} maxLength={200} placeholder="如：介绍信过期，重新开具" />
            </Form.Item>
            <Form.Item label="撤销日期" {...zodItem(TransferCancel, 'cancelledOn')}>
              <DateStringPicker min={t.issuedOn} max={today} />
            </Form.Item>
          </>
        )}
      </FormModal>
    )
  return (
    <FormModal<{ receivedOn?: string; receiptNo?: string; note?: string }, TransferView>
      {...common}
      title="登记回执"
      name="transfer-receipt"
      okText="登记"
      submit={async (v) =>
        (await api(API.transfers.recordReceipt, { params: { id: t!.id }, body: formBody(TransferReceipt, v) })).transfer
      }
      success={(r) => `已登记回执，${r.person.name}以“转出本系统”离开名册`}
    >
      {t && (
        <>
          <Summary t={t} />
          <Form.Item label="回执编号或接收组织文号" {...zodItem(TransferReceipt, 'receiptNo')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="回执上的接收日期" {...zodItem(TransferReceipt, 'receivedOn')}>
            <DateStringPicker min={t.issuedOn} max={today} />
          </Form.Item>
          <Form.Item label="备注" {...zodItem(TransferReceipt, 'note')}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </>
      )}
    </FormModal>
  )
}
