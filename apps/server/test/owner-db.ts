import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import type { Session } from './helpers.ts'

/**
 * Runs `fn` with a client connected as the database owner (the superuser of the test server), not
 * as the application role: for what only an operator can do, such as disabling a trigger.
 */
export async function asOwner<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One API call in a session, as the web app would make it. */
export const call = (app: FastifyInstance, session: Session | null, method: Method, url: string, payload?: object) =>
  app.inject({ method, url, headers: session?.headers ?? {}, ...(payload !== undefined && { payload }) })
