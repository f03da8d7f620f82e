import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'

/** A route handler of the test server. */
export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/** A real HTTP server on 127.0.0.1 serving test routes. */
export interface FeedServer {
  port: number
  /** `http://127.0.0.1:PORT/path` */
  url(path: string): string
  /** Request paths in arrival order. */
  hits: string[]
  route(path: string, handler: Route): void
  close(): Promise<void>
}

/** Starts a server on an ephemeral loopback port; unknown paths answer 404. */
export async function startFeedServer(routes: Record<string, Route> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes))
  const hits: string[] = []
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    hits.push(path)
    const handler = table.get(path) ?? table.get(req.url ?? '/')
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error))
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    route(path, handler) {
      table.set(path, handler)
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Serves a body with an ETag; answers 304 to a matching If-None-Match. */
export function withEtag(
  body: string | Uint8Array,
  etag: string,
  contentType = 'application/rss+xml'
): Route {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end()
      return
    }
    res.writeHead(200, { 'content-type': contentType, etag }).end(body)
  }
}

/** Serves a body as is. */
export function serve(
  body: string | Uint8Array,
  contentType = 'application/rss+xml',
  headers: Record<string, string> = {}
): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, ...headers }).end(body)
  }
}

/** Serves a body gzip-compressed. */
export function serveGzip(body: string, contentType = 'application/rss+xml'): Route {
  const zipped = gzipSync(body)
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-encoding': 'gzip' }).end(zipped)
  }
}

/** Answers with a status and headers. */
export function status(code: number, headers: Record<string, string> = {}): Route {
  return (_req, res) => {
    res.writeHead(code, headers).end()
  }
}

/** Sends headers, then nothing for `ms` (a server that hangs). */
export function slow(ms: number): Route {
  return (_req, res) => {
    const timer = setTimeout(() => res.writeHead(200).end('<rss/>'), ms)
    res.on('close', () => clearTimeout(timer))
  }
}

/** Streams `bytes` of filler without allocating them (1 MB chunks, back-pressure respected). */
export function huge(bytes: number, withLength = false): Route {
  return (_req, res) => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    res.writeHead(200, {
      'content-type': 'application/rss+xml',
      ...(withLength ? { 'content-length': String(bytes) } : {}),
    })
    let sent = 0
    const pump = () => {
      while (sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent)
        sent += n
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump)
          return
        }
      }
      res.end()
    }
    res.on('error', () => {})
    pump()
  }
}

/** A minimal RSS 2.0 document with the given items. */
export function rss(
  title: string,
  items: Array<{ title: string; link: string; guid?: string; date?: string; description?: string }>
): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${escapeXml(i.title)}</title><link>${escapeXml(i.link)}</link>${i.guid ? `<guid>${escapeXml(i.guid)}</guid>` : ''}${i.date ? `<pubDate>${i.date}</pubDate>` : ''}${i.description ? `<description>${escapeXml(i.description)}</description>` : ''}</item>`
    )
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://example.org/</link>${entries}</channel></rss>`
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
