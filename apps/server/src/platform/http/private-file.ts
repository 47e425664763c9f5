import type { FastifyReply, FastifyRequest } from 'fastify'

export interface PrivateFile {
  content: Buffer
  mimeType: string
  /** A strong validator, quoted: `"<sha256 hex>"`. */
  etag: string
}

/**
 * Sends a file only its viewer may see (a person's photo). `private` keeps shared proxies and CDNs
 * from storing it; `no-cache` makes the browser ask again each time, so that a file removed or moved
 * out of the viewer's scope is not shown from its cache — the ETag turns the asking into a 304.
 */
export function sendPrivateFile(req: FastifyRequest, reply: FastifyReply, file: PrivateFile) {
  void reply.header('cache-control', 'private, no-cache').header('etag', file.etag).header('vary', 'Cookie')
  if (req.headers['if-none-match'] === file.etag) return reply.code(304).send()
  return reply.code(200).type(file.mimeType).header('content-disposition', 'inline').send(file.content)
}
