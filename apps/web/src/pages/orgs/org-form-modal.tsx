import {
  API,
  ORG_KIND_CODES,
  ORG_KINDS,
  ORG_LEVEL_CODES,
  ORG_LEVELS,
  OrgCreate,
  OrgUpdate,
  type OrgDetail,
  type OrgLevel,
} from '@xianfeng/contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App, Form, Input, Modal, Select, Typography } from 'antd'
import { api } from '../../api.ts'
import { FormErrorAlert } from '../../components/form-error-alert.tsx'
import { formBody, useFormErrors, zodItem, zodRule } from '../../lib/zod-form.ts'
import { orgKeys } from '../../lib/org-queries.ts'
import { useLastValue } from '../../lib/use-last-value.ts'

export type OrgFormTarget = { mode: 'create'; parent: OrgDetail } | { mode: 'edit'; org: OrgDetail }

interface OrgFormValues {
  name?: string
  shortName?: string
  kind?: string
  level?: string
  divisionCode?: string
}

interface Props {
  target: OrgFormTarget | null
  onClose: () => void
  onSaved: (org: OrgDetail) => void
}

const KIND_OPTIONS = ORG_KIND_CODES.map((code) => ({ value: code, label: ORG_KINDS[code] }))
const LEVEL_OPTIONS = ORG_LEVEL_CODES.map((code) => ({ value: code, label: ORG_LEVELS[code] }))

/** A new org usually sits one level below its parent. */
function nextLevel(level: OrgLevel): OrgLevel {
  const i = ORG_LEVEL_CODES.indexOf(level)
  return ORG_LEVEL_CODES[Math.min(i + 1, ORG_LEVEL_CODES.length - 1)] ?? level
}

function initialValues(target: OrgFormTarget): OrgFormValues {
  if (target.mode === 'create') return { level: nextLevel(target.parent.level) }
  const { org } = target
  return {
    name: org.name,
    shortName: org.shortName ?? undefined,
    kind: org.kind,
    level: org.level,
    divisionCode: org.divisionCode ?? undefined,
  }
}

/** Only what changed goes into the PATCH, so the audit log records a real before/after. */
function changedFields(org: OrgDetail, values: OrgFormValues): Record<string, unknown> {
  const before: OrgFormValues = initialValues({ mode: 'edit', org })
  const changed: Record<string, unknown> = {}
  for (const key of Object.keys(values) as (keyof OrgFormValues)[]) {
    const now = typeof values[key] === 'string' ? values[key].trim() : values[key]
    // A cleared optional field is sent as null, which the contract reads as "clear it".
    if ((now || undefined) !== before[key]) changed[key] = now === '' || now === undefined ? null : values[key]
  }
  return changed
}

export function OrgFormModal({ target: openTarget, onClose, onSaved }: Props) {
  const target = useLastValue(openTarget)
  const [form] = Form.useForm<OrgFormValues>()
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()

  const save = useMutation({
    mutationFn: async (values: OrgFormValues): Promise<OrgDetail | null> => {
      if (!target) return null
      if (target.mode === 'create') {
        const body = formBody(OrgCreate, { ...values, parentId: target.parent.id })
        return (await api(API.orgs.create, { body })).org
      }
      const changed = changedFields(target.org, values)
      if (Object.keys(changed).length === 0) return target.org
      // not formBody: it would turn the nulls that clear a field back into "unchanged"
      const body = OrgUpdate.parse(changed)
      return (await api(API.orgs.update, { params: { id: target.org.id }, body })).org
    },
    onSuccess: (org) => {
      if (!org || !target) return
      queryClient.setQueryData(orgKeys.detail(org.id), org)
      void queryClient.invalidateQueries({ queryKey: orgKeys.all })
      void message.success(target.mode === 'create' ? `已新建“${org.name}”` : '已保存')
      onSaved(org)
    },
    onError: report,
  })

  const title = target?.mode === 'create' ? '新建下级组织' : '编辑组织'

  return (
    <Modal
      title={title}
      open={openTarget !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={target?.mode === 'create' ? '创建' : '保存'}
      confirmLoading={save.isPending}
      destroyOnHidden
      mask={{ closable: false }}
      afterClose={() => {
        clear()
        save.reset()
      }}
    >
      {target && (
        <>
          <FormErrorAlert error={error} />
          <Form<OrgFormValues>
            form={form}
            name="org-form"
            layout="vertical"
            preserve={false}
            initialValues={initialValues(target)}
            disabled={save.isPending}
            onValuesChange={clear}
            onFinish={(values) => save.mutate(values)}
          >
            {target.mode === 'create' && (
              <Form.Item label="上级组织">
                <Typography.Text strong>{target.parent.name}</Typography.Text>
              </Form.Item>
            )}
            <Form.Item label="组织名称" {...zodItem(OrgCreate, 'name')}>
              <Input maxLength={100} placeholder="如：中共武汉市江岸区委员会" />
            </Form.Item>
            <Form.Item label="简称" {...zodItem(OrgCreate, 'shortName')} rules={zodRule(OrgCreate, 'shortName')}>
              <Input maxLength={30} placeholder="选填" />
            </Form.Item>
            <Form.Item label="组织类别" {...zodItem(OrgCreate, 'kind', { select: true })}>
              <Select options={KIND_OPTIONS} placeholder="请选择" />
            </Form.Item>
            <Form.Item label="组织层级" {...zodItem(OrgCreate, 'level', { select: true })}>
              <Select options={LEVEL_OPTIONS} placeholder="请选择" />
            </Form.Item>
            <Form.Item
              label="行政区划代码"
              extra="选填；2、4、6、9 或 12 位数字"
              {...zodItem(OrgCreate, 'divisionCode')}
              rules={zodRule(OrgCreate, 'divisionCode')}
            >
              <Input maxLength={12} inputMode="numeric" placeholder="如：420102" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  )
}
