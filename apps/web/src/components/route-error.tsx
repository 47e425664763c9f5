import { isRouteErrorResponse, useRouteError } from 'react-router'
import { ErrorFallback } from './error-boundary.tsx'
import { NotFoundResult } from './not-found-result.tsx'

/** The router's error element: anything a route threw, in Chinese. */
export function RouteError() {
  const error = useRouteError()
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundResult />
  return <ErrorFallback error={error} />
}
