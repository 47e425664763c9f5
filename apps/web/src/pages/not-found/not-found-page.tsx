import { NotFoundResult } from '../../components/not-found-result.tsx'

export function NotFoundPage() {
  return <NotFoundResult />
}
