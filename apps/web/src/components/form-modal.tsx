import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query'
import { App, Form, Modal, type FormInstance, type FormProps } from 'antd'
import type { ReactNode } from 'react'
import { useFormErrors } from '../lib/zod-form.ts'
import { FormErrorAlert } from './form-error-alert.tsx'

interface Props<V, R> {
  title: ReactNode
  open: boolean
  onClose: () => void
  okText: string
  danger?: boolean
  width?: number
  /** The form's name: its inputs' ids start with it. */
  name: string
  /** Pass the instance when the caller watches fields or sets them; otherwise the modal makes its own. */
  form?: FormInstance<V>
  initialValues?: FormProps<V>['initialValues']
  /** Runs on each change, after the server's refusal has been cleared. */
  onValuesChange?: FormProps<V>['onValuesChange']
  /** Sends the checked values. A refusal lands on the fields it names and in the alert above the form. */
  submit: (values: V) => Promise<R>
  /** The lists a save changes: refetched after it. */
  refresh?: QueryKey[]
  /** What the user is told after a save. */
  success?: (result: R) => string
  /** Anything else a save leads to; the modal closes after it. */
  onSaved?: (result: R) => void
  /** The form's content; nothing (and no error) is shown while it is absent. */
  children: ReactNode
}

/**
 * A modal that holds one form and saves it: OK submits, the pending save disables the form and shows
 * on the button, the server's refusal goes onto the fields it names (the rest in an alert above the
 * form), and a save refreshes the lists it changed, says so and closes. Each opening starts clean.
 */
export function FormModal<V extends object, R>({
  title,
  open,
  onClose,
  okText,
  danger,
  width,
  name,
  form: given,
  initialValues,
  onValuesChange,
  submit,
  refresh = [],
  success,
  onSaved,
  children,
}: Props<V, R>) {
  const [form] = Form.useForm<V>(given)
  const { error, report, clear } = useFormErrors(form)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const save = useMutation({
    mutationFn: submit,
    onSuccess: (result) => {
      for (const queryKey of refresh) void queryClient.invalidateQueries({ queryKey })
      if (success) void message.success(success(result))
      onSaved?.(result)
      onClose()
    },
    onError: report,
  })
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      {...(danger && { okButtonProps: { danger: true } })}
      confirmLoading={save.isPending}
      {...(width !== undefined && { width })}
      destroyOnHidden
      mask={{ closable: false }}
      afterClose={() => {
        clear()
        save.reset()
      }}
    >
      {children ? (
        <>
          <FormErrorAlert error={error} />
          <Form<V>
            form={form}
            name={name}
            layout="vertical"
            preserve={false}
            clearOnDestroy
            initialValues={initialValues}
            disabled={save.isPending}
            onValuesChange={(changed, all) => {
              clear()
              onValuesChange?.(changed, all)
            }}
            onFinish={(values) => save.mutate(values)}
          >
            {children}
          </Form>
        </>
      ) : null}
    </Modal>
  )
}
