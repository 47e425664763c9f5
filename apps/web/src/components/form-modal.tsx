import type { ReactNode } from 'react'
import { Modal, type FormInstance } from 'antd'
import type { FormErrorState } from '../lib/zod-form.ts'
import { FormErrorAlert } from './form-error-alert.tsx'

interface Props {
  title: ReactNode
  open: boolean
  onClose: () => void
  /** OK submits this form. */
  form: FormInstance
  okText: string
  /** The save: its pending state shows on the OK button; it is reset after the modal has closed. */
  mutation: { isPending: boolean; reset: () => void }
  /** Clears the server's refusal after the modal has closed. */
  clear: () => void
  error: FormErrorState | null
  width?: number
  danger?: boolean
  /** The form; nothing (and no error) is shown while it is absent. */
  children: ReactNode
}

/** A modal that holds one form: the server's refusal above it, and a clean slate each time it opens. */
export function FormModal({ title, open, onClose, form, okText, mutation, clear, error, width, danger, children }: Props) {
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      {...(danger && { okButtonProps: { danger: true } })}
      confirmLoading={mutation.isPending}
      {...(width !== undefined && { width })}
      destroyOnHidden
      mask={{ closable: false }}
      afterClose={() => {
        clear()
        mutation.reset()
      }}
    >
      {children ? (
        <>
          <FormErrorAlert error={error} />
          {children}
        </>
      ) : null}
    </Modal>
  )
}
