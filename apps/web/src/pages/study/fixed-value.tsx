import { Input } from 'antd'

/** A form field whose value is fixed (the person of a record being edited): shows its name, keeps its id. */
export function FixedValue({ id, text }: { id?: string; value?: unknown; text: string }) {
  return <Input id={id} readOnly value={text} />
}
