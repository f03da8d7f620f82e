import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/** A route handler; it owns the response. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/** The service's one HTTP server: health, readiness, metrics, and the bots' webhooks. */
export interface HttpServer {
  route(method: string, path: string, handler: RouteHandler): void
  listen(port: number, host?: string): Promise<number>
  close(): Promise<void>
  readonly server: Server
}

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** Reads a request body up to `limit` bytes; larger bodies reject. */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Creates the HTTP server with an exact-path router; unknown paths get 404. */
export function createHttpServer(onError: (error: unknown) => void = () => {}): HttpServer {
  const routes = new Map<string, RouteHandler>()
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const handler = routes.get(`${req.method} ${path}`)
    if (!handler) {
      const allowed = [...routes.keys()].some((k) => k.endsWith(` ${path}`))
      return sendJson(res, allowed ? 405 : 404, { error: allowed ? 'method not allowed' : 'not found' })
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        onError(error)
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
        else res.end()
      })
  })
  server.keepAliveTimeout = 5000
  return {
    server,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler)
    },
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const address = server.address()
          resolve(typeof address === 'object' && address ? address.port : port)
        })
      })
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
        setTimeout(() => server.closeAllConnections(), 2000).unref()
      })
    },
  }
}
