import {
  API,
  ESTABLISHMENT_MODE_CODES,
  ESTABLISHMENT_MODES,
  HOST_UNIT_TYPE_CODES,
  HOST_UNIT_TYPES,
  ORG_KIND_CODES,
  ORG_KINDS,
  ORG_LEVEL_CODES,
  ORG_LEVELS,
  OrgCreate,
  OrgUpdate,
  type OrgDetail,
  type OrgLevel,
} from '@xianfeng/contract'
import { useQueryClient } from '@tanstack/react-query'
import { Col, Divider, Form, Input, Row, Select, Typography, type FormRule } from 'antd'
import { FormModal } from '../../components/form-modal.tsx'
import { api } from '../../api.ts'
import { DateStringPicker, todayString } from '../../components/date-string-picker.tsx'
import { CurrentOrgSelect } from '../../components/current-org-select.tsx'
import { formBody, zodItem, zodRule } from '../../lib/zod-form.ts'
import { orgKeys } from '../../lib/org-queries.ts'
import { useLastValue } from '../../lib/use-last-value.ts'

export type OrgFormTarget = { mode: 'create'; parent: OrgDetail } | { mode: 'edit'; org: OrgDetail }

interface OrgFormValues {
  name?: string
  shortName?: string
  kind?: string
  level?: string
  divisionCode?: string
  hostUnitType?: string
  hostUnitName?: string
  establishmentMode?: string
  coveredUnits?: string[]
  attachedToOrgId?: string
  address?: string
  contactPhone?: string
  establishedOn?: string
}

interface Props {
  target: OrgFormTarget | null
  onClose: () => void
  onSaved: (org: OrgDetail) => void
}

const KIND_OPTIONS = ORG_KIND_CODES.map((code) => ({ value: code, label: ORG_KINDS[code] }))
const LEVEL_OPTIONS = ORG_LEVEL_CODES.map((code) => ({ value: code, label: ORG_LEVELS[code] }))
const HOST_UNIT_TYPE_OPTIONS = HOST_UNIT_TYPE_CODES.map((code) => ({ value: code, label: HOST_UNIT_TYPES[code] }))
const ESTABLISHMENT_MODE_OPTIONS = ESTABLISHMENT_MODE_CODES.map((code) => ({ value: code, label: ESTABLISHMENT_MODES[code] }))

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
    hostUnitType: org.hostUnitType ?? undefined,
    hostUnitName: org.hostUnitName ?? undefined,
    establishmentMode: org.establishmentMode ?? undefined,
    coveredUnits: org.coveredUnits.length > 0 ? org.coveredUnits : undefined,
    attachedToOrgId: org.attachedTo?.id,
    address: org.address ?? undefined,
    contactPhone: org.contactPhone ?? undefined,
    establishedOn: org.establishedOn ?? undefined,
  }
}

/** Trimmed text, a list without blanks; an empty value of any kind is undefined. */
function clean(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() || undefined
  if (Array.isArray(value)) {
    const items = value.map((v) => String(v).trim()).filter(Boolean)
    return items.length > 0 ? items : undefined
  }
  return value ?? undefined
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The form's values as the record will be: 覆盖单位 belongs to 联合建 and 挂靠组织 to 挂靠建 only,
 * so with another 组建方式 they are dropped (and on edit, cleared).
 */
function recordValues(values: OrgFormValues): OrgFormValues {
  const out = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, clean(v)])) as OrgFormValues
  if (out.establishmentMode !== 'joint') out.coveredUnits = undefined
  if (out.establishmentMode !== 'attached') out.attachedToOrgId = undefined
  return out
}

/** Only what changed goes into the PATCH, so the audit log records a real before/after. */
function changedFields(org: OrgDetail, values: OrgFormValues): Record<string, unknown> {
  const before = recordValues(initialValues({ mode: 'edit', org }))
  const now = recordValues(values)
  const changed: Record<string, unknown> = {}
  const keys = new Set([...Object.keys(before), ...Object.keys(now)] as (keyof OrgFormValues)[])
  for (const key of keys) {
    // A cleared optional field is sent as null, which the contract reads as "clear it".
    if (!sameValue(now[key], before[key])) changed[key] = now[key] ?? null
  }
  return changed
}

/** Tags typed or pasted into 覆盖单位: trimmed, no blanks, no repeats. */
function normalizeUnits(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  return [...new Set(value.map((v) => String(v).trim()).filter(Boolean))]
}

const coveredUnitsRules: FormRule[] = [
  ...zodRule(OrgCreate, 'coveredUnits'),
  {
    validator: (_rule, value: string[] | undefined) =>
      (value?.length ?? 0) >= 2 ? Promise.resolve() : Promise.reject(new Error('联合建的组织至少要列出 2 个覆盖单位')),
  },
]

const attachedToRules = (selfId: string | undefined): FormRule[] => [
  {
    validator: (_rule, value: string | undefined) => {
      if (!value) return Promise.reject(new Error('挂靠建的组织须选择挂靠组织'))
      if (value === selfId) return Promise.reject(new Error('组织不能挂靠在自己名下'))
      return Promise.resolve()
    },
  },
  ...zodRule(OrgCreate, 'attachedToOrgId'),
]

export function OrgFormModal({ target: openTarget, onClose, onSaved }: Props) {
  const target = useLastValue(openTarget)
  const [form] = Form.useForm<OrgFormValues>()
  const mode = Form.useWatch('establishmentMode', form)
  const queryClient = useQueryClient()

  const submit = async (values: OrgFormValues): Promise<OrgDetail> => {
    if (target!.mode === 'create') {
      const body = formBody(OrgCreate, { ...recordValues(values), parentId: target!.parent.id })
      return (await api(API.orgs.create, { body })).org
    }
    const changed = changedFields(target!.org, values)
    if (Object.keys(changed).length === 0) return target!.org
    // not formBody: it would turn the nulls that clear a field back into "unchanged"
    const body = OrgUpdate.parse(changed)
    return (await api(API.orgs.update, { params: { id: target!.org.id }, body })).org
  }

  const title = target?.mode === 'create' ? '新建下级组织' : '编辑组织'
  const editing = target?.mode === 'edit' ? target.org : undefined

  return (
    <FormModal<OrgFormValues, OrgDetail>
      title={title}
      open={openTarget !== null}
      onClose={onClose}
      okText={target?.mode === 'create' ? '创建' : '保存'}
      width={720}
      name="org-form"
      form={form}
      initialValues={target ? initialValues(target) : undefined}
      submit={submit}
      refresh={[orgKeys.all]}
      success={(org) => (editing ? '已保存' : `已新建“${org.name}”`)}
      onSaved={(org) => {
        queryClient.setQueryData(orgKeys.detail(org.id), org)
        onSaved(org)
      }}
    >
      {target && (
        <>
          {target.mode === 'create' && (
            <Form.Item label="上级组织">
              <Typography.Text strong>{target.parent.name}</Typography.Text>
            </Form.Item>
          )}
          <Form.Item label="组织名称" {...zodItem(OrgCreate, 'name')}>
            <Input maxLength={100} placeholder="如：中共武汉市江岸区委员会" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="简称" {...zodItem(OrgCreate, 'shortName')}>
                <Input maxLength={30} placeholder="选填" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="行政区划代码" extra="选填；2、4、6、9 或 12 位数字" {...zodItem(OrgCreate, 'divisionCode')}>
                <Input maxLength={12} inputMode="numeric" placeholder="如：420102" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="组织类别" {...zodItem(OrgCreate, 'kind', { select: true })}>
                <Select options={KIND_OPTIONS} placeholder="请选择" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="组织层级" {...zodItem(OrgCreate, 'level', { select: true })}>
                <Select options={LEVEL_OPTIONS} placeholder="请选择" />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
            所在单位与组建方式
          </Divider>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="所在单位类型" {...zodItem(OrgCreate, 'hostUnitType', { select: true })}>
                <Select options={HOST_UNIT_TYPE_OPTIONS} placeholder="选填" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="所在单位名称" {...zodItem(OrgCreate, 'hostUnitName')}>
                <Input maxLength={100} placeholder="选填" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="组建方式" {...zodItem(OrgCreate, 'establishmentMode', { select: true })}>
                <Select options={ESTABLISHMENT_MODE_OPTIONS} placeholder="选填" allowClear />
              </Form.Item>
            </Col>
            {mode === 'attached' && (
              <Col xs={24} sm={12}>
                <Form.Item
                  label="挂靠组织"
                  name="attachedToOrgId"
                  required
                  rules={attachedToRules(editing?.id)}
                  extra="挂靠在哪个组织名下"
                >
                  <CurrentOrgSelect current={editing?.attachedTo ?? null} />
                </Form.Item>
              </Col>
            )}
            {mode === 'joint' && (
              <Col xs={24}>
                <Form.Item
                  label="覆盖单位"
                  name="coveredUnits"
                  required
                  rules={coveredUnitsRules}
                  normalize={normalizeUnits}
                  extra="联合建的组织至少列出 2 个单位；输入单位名称后按回车，或用逗号、顿号分隔"
                >
                  <Select
                    mode="tags"
                    open={false}
                    suffixIcon={null}
                    tokenSeparators={[',', '，', '、', ';', '；', '\n']}
                    placeholder="输入单位名称后按回车"
                    maxCount={50}
                  />
                </Form.Item>
              </Col>
            )}
          </Row>

          <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
            地址与联系方式
          </Divider>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label="成立日期" {...zodItem(OrgCreate, 'establishedOn')}>
                <DateStringPicker placeholder="选填" max={todayString()} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="联系电话" {...zodItem(OrgCreate, 'contactPhone')}>
                <Input maxLength={30} inputMode="tel" placeholder="如：027-82701234" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item label="地址" {...zodItem(OrgCreate, 'address')}>
                <Input maxLength={200} placeholder="选填" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </FormModal>
  )
}
