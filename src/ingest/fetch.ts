import { open, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import { Agent, Client, request } from 'undici'
import { decodeFeedBytes } from './charset.js'
import type { FetchedPage } from './fulltext.js'
import { createSsrfGuard, type SsrfGuard } from './ssrf.js'

/** Why a fetch failed; the poller stores it as the feed's last error code. */
export type FetchErrorCode =
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'HTTP_4XX'
  | 'HTTP_5XX'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'REDIRECT_LOOP'
  | 'SSRF_BLOCKED'
  | 'DNS'
  | 'NETWORK'
  | 'BAD_URL'

/** What a conditional GET sends: the validators the last successful fetch returned. */
export interface Validators {
  etag?: string | null
  lastModified?: string | null
}

/** A fetch that got a body. `url` is where it was found (after redirects). */
export interface FetchedBody {
  ok: true
  notModified: false
  url: string
  status: number
  body: Uint8Array
  contentType: string | undefined
  etag: string | null
  lastModified: string | null
  /** Set when every hop was a permanent redirect (301/308): the feed has moved. */
  movedTo: string | null
}

/** A 304: nothing changed since the validators were issued. */
export interface NotModified {
  ok: true
  notModified: true
  url: string
  status: 304
  etag: string | null
  lastModified: string | null
}

/** A failed fetch, as a value: the poller records it and backs off. */
export interface FetchFailure {
  ok: false
  code: FetchErrorCode
  message: string
  url: string
  status?: number
  /** From a 429/503 `Retry-After`: wait at least this long before the next try. */
  retryAfterMs?: number
}

export type FetchResult = FetchedBody | NotModified | FetchFailure

/** A page fetch failed (fetchPage throws this; feed fetches return failures as values). */
export class FetchError extends Error {
  constructor(public readonly failure: FetchFailure) {
    super(failure.message)
    this.name = 'FetchError'
  }
  get code(): FetchErrorCode {
    return this.failure.code
  }
}

export interface FetcherOptions {
  guard?: SsrfGuard
  /** ALLOW_PRIVATE_NETWORK, used when no guard is given. */
  allowPrivate?: boolean
  /** Whole request including the body. Default 15 s. */
  timeoutMs?: number
  /** TCP/TLS connect. Default 15 s (capped by timeoutMs). */
  connectTimeoutMs?: number
  /** Decompressed body cap. Default 10 MB. */
  maxBytes?: number
  /** Default 5. */
  maxRedirects?: number
  userAgent?: string
  /** Used for Retry-After dates. */
  now?: () => Date
}

/** Fetches feeds and article pages through the SSRF guard, with limits. */
export interface Fetcher {
  /**
   * Fetches a feed (conditional GET when validators are given). `file:` URLs are read from disk
   * when `allowFile` is set (operator-configured feeds and `benchwatch ingest`); their validator
   * is the file's mtime and size, so an unchanged file answers notModified like a 304.
   */
  fetchFeed(
    url: string,
    validators?: Validators,
    options?: { allowFile?: boolean }
  ): Promise<FetchResult>
  /** Fetches an article page as text; throws FetchError. */
  fetchPage(url: string): Promise<FetchedPage>
  close(): Promise<void>
}

export const USER_AGENT =
  'benchwatch/0.1 (+https://github.com/benchwatch/benchwatch; AI news feed reader)'
const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5'
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5'
const REDIRECTS = new Set([301, 302, 303, 307, 308])
/** Prefix of a body digest stored as a feed's validator when its server sends no ETag. */
export const BODY_DIGEST_PREFIX = 'bw-sha256:'

/**
 * Builds the fetcher. One undici Agent is shared by all requests (keep-alive), and its connect
 * lookup is the SSRF guard's: a host name is resolved, vetted and connected to in one step, so a
 * DNS answer cannot change between the check and the connection.
 *
 * @example
 * const fetcher = createFetcher({ allowPrivate: config.ALLOW_PRIVATE_NETWORK })
 * const result = await fetcher.fetchFeed('https://simonwillison.net/atom/everything/', feed)
 */
export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const guard = options.guard ?? createSsrfGuard({ allowPrivate: options.allowPrivate ?? false })
  const timeoutMs = options.timeoutMs ?? 15_000
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 15_000, timeoutMs)
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024
  const maxRedirects = options.maxRedirects ?? 5
  const userAgent = options.userAgent ?? USER_AGENT
  const now = options.now ?? (() => new Date())
  // Two agents of one kept-alive connection per origin, rather than one agent of pools: undici's
  // Pool keeps a 2,048-slot request queue per origin (~19 KB), which across a thousand feed hosts
  // was a tenth of a poll cycle's memory. A request goes to the agent with fewer requests in
  // flight to its origin, so the poller's two fetches per host never wait for each other.
  const agents = [0, 1].map(
    () =>
      new Agent({
        connect: { timeout: connectTimeoutMs, lookup: guard.lookup },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        // below the 5 s idle timeout of Node's and many servers' defaults
        keepAliveTimeout: 4_000,
        factory: (origin, options) => new Client(origin, options),
      })
  )
  const inFlight = new Map<string, number[]>()
  function lease(origin: string): { agent: Agent; release: () => void } {
    let counts = inFlight.get(origin)
    if (!counts) inFlight.set(origin, (counts = [0, 0]))
    const index = counts[0]! <= counts[1]! ? 0 : 1
    counts[index]!++
    return {
      agent: agents[index]!,
      release() {
        counts[index]!--
        if (counts[0] === 0 && counts[1] === 0) inFlight.delete(origin)
      },
    }
  }

  async function get(
    startUrl: string,
    accept: string,
    validators: Validators = {}
  ): Promise<FetchResult> {
    let url: URL
    try {
      url = new URL(startUrl)
    } catch {
      return failure('BAD_URL', `not a URL: ${startUrl}`, startUrl)
    }
    const signal = AbortSignal.timeout(timeoutMs)
    const seen = new Set<string>()
    let permanent = true
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return failure('BAD_URL', `only http(s) URLs can be fetched, not ${url.protocol}`, url.href)
      }
      seen.add(url.href)
      const slot = lease(url.origin)
      try {
        guard.checkUrl(url)
        const headers: Record<string, string> = {
          'user-agent': userAgent,
          accept,
          'accept-encoding': 'gzip, deflate, br',
        }
        // a body digest kept in place of a missing ETag is ours, not the server's
        if (validators.etag && !validators.etag.startsWith(BODY_DIGEST_PREFIX)) {
          headers['if-none-match'] = validators.etag
        }
        if (validators.lastModified) headers['if-modified-since'] = validators.lastModified
        const send = () => request(url, { method: 'GET', headers, dispatcher: slot.agent, signal })
        // A kept-alive socket the server closed while idle fails on reuse; one retry on a fresh
        // connection is what browsers do too (GET is idempotent).
        const response = await send().catch((error: unknown) => {
          if (!signal.aborted && isStaleSocket(error)) return send()
          throw error
        })
        const status = response.statusCode
        const header = (name: string) => {
          const value = response.headers[name]
          return Array.isArray(value) ? value[0] : value
        }
        if (REDIRECTS.has(status)) {
          await response.body.dump().catch(() => {})
          const location = header('location')
          if (!location)
            return failure('NETWORK', `HTTP ${status} without a Location header`, url.href, status)
          if (status !== 301 && status !== 308) permanent = false
          const next = new URL(location, url)
          if (seen.has(next.href))
            return failure('REDIRECT_LOOP', `redirect loop at ${next.href}`, url.href, status)
          if (hop + 1 > maxRedirects) {
            return failure(
              'REDIRECT_LOOP',
              `more than ${maxRedirects} redirects (last to ${next.href})`,
              url.href,
              status
            )
          }
          url = next
          continue
        }
        if (status === 304) {
          await response.body.dump().catch(() => {})
          return {
            ok: true,
            notModified: true,
            url: url.href,
            status: 304,
            etag: header('etag') ?? validators.etag ?? null,
            lastModified: header('last-modified') ?? validators.lastModified ?? null,
          }
        }
        if (status < 200 || status >= 300) {
          await response.body.dump().catch(() => {})
          return httpFailure(status, url.href, header('retry-after'), now())
        }
        const declared = Number(header('content-length'))
        const encoding = (header('content-encoding') ?? '').trim().toLowerCase()
        if (
          Number.isFinite(declared) &&
          declared > maxBytes &&
          (encoding === '' || encoding === 'identity')
        ) {
          response.body.destroy()
          return failure(
            'TOO_LARGE',
            `body of ${declared} bytes is over the ${maxBytes}-byte limit`,
            url.href,
            status
          )
        }
        const body = await readCapped(decompress(response.body, encoding), maxBytes)
        if (body === null) {
          response.body.destroy()
          return failure('TOO_LARGE', `body is over the ${maxBytes}-byte limit`, url.href, status)
        }
        return {
          ok: true,
          notModified: false,
          url: url.href,
          status,
          body,
          contentType: header('content-type'),
          etag: header('etag') ?? null,
          lastModified: header('last-modified') ?? null,
          movedTo: hop > 0 && permanent ? url.href : null,
        }
      } catch (error) {
        return classifyError(error, url.href, signal.aborted)
      } finally {
        slot.release()
      }
    }
  }

  async function readFile(fileUrl: string, validators: Validators): Promise<FetchResult> {
    let path: string
    try {
      path = fileURLToPath(fileUrl)
    } catch {
      return failure('BAD_URL', `not a file URL: ${fileUrl}`, fileUrl)
    }
    try {
      const info = await stat(path)
      const etag = `"file-${Math.trunc(info.mtimeMs)}-${info.size}"`
      if (validators.etag === etag) {
        return { ok: true, notModified: true, url: fileUrl, status: 304, etag, lastModified: null }
      }
      if (info.size > maxBytes) {
        return failure(
          'TOO_LARGE',
          `file of ${info.size} bytes is over the ${maxBytes}-byte limit`,
          fileUrl
        )
      }
      const handle = await open(path)
      try {
        const body = await handle.readFile()
        return {
          ok: true,
          notModified: false,
          url: fileUrl,
          status: 200,
          body,
          contentType: undefined,
          etag,
          lastModified: null,
          movedTo: null,
        }
      } finally {
        await handle.close()
      }
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'ENOENT') return failure('NOT_FOUND', `no such file: ${path}`, fileUrl)
      if (code === 'EACCES' || code === 'EPERM')
        return failure('FORBIDDEN', `cannot read ${path}: permission denied`, fileUrl)
      if (code === 'EISDIR')
        return failure('BAD_URL', `${path} is a folder, not a feed file`, fileUrl)
      return failure('NETWORK', `cannot read ${path}: ${(error as Error).message}`, fileUrl)
    }
  }

  return {
    async fetchFeed(url, validators = {}, fetchOptions = {}) {
      if (url.startsWith('file:')) {
        if (!fetchOptions.allowFile)
          return failure(
            'BAD_URL',
            'file: feeds are allowed only for operator-configured feeds',
            url
          )
        return readFile(url, validators)
      }
      return get(url, FEED_ACCEPT, validators)
    },
    async fetchPage(url) {
      const result = await get(url, PAGE_ACCEPT)
      if (!result.ok) throw new FetchError(result)
      if (result.notModified) throw new FetchError(failure('NETWORK', 'unexpected 304', url))
      return {
        body: decodeFeedBytes(result.body, result.contentType).text,
        contentType: result.contentType,
      }
    },
    async close() {
      await Promise.all(agents.map((agent) => agent.close()))
    },
  }
}

function failure(
  code: FetchErrorCode,
  message: string,
  url: string,
  status?: number
): FetchFailure {
  return status === undefined
    ? { ok: false, code, message, url }
    : { ok: false, code, message, url, status }
}

function httpFailure(
  status: number,
  url: string,
  retryAfter: string | undefined,
  now: Date
): FetchFailure {
  const code: FetchErrorCode =
    status === 401 || status === 403 || status === 451
      ? 'FORBIDDEN'
      : status === 404 || status === 410
        ? 'NOT_FOUND'
        : status >= 500
          ? 'HTTP_5XX'
          : 'HTTP_4XX'
  const result = failure(code, `HTTP ${status}${status === 410 ? ' Gone' : ''}`, url, status)
  if (status === 429 || status === 503) {
    const wait = parseRetryAfter(retryAfter, now)
    if (wait !== null) {
      result.retryAfterMs = wait
      result.message += ` (retry after ${Math.round(wait / 1000)} s)`
    }
  }
  return result
}

/**
 * Milliseconds a `Retry-After` value asks to wait (delta-seconds or an HTTP date), or null when
 * absent or unreadable.
 *
 * @example
 * parseRetryAfter('120', new Date()) // 120000
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  const text = value?.trim()
  if (!text) return null
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - now.getTime())
}

function decompress(body: Readable, encoding: string): Readable {
  if (encoding === 'gzip' || encoding === 'x-gzip') return body.pipe(createGunzip())
  if (encoding === 'deflate') return body.pipe(createInflate())
  if (encoding === 'br') return body.pipe(createBrotliDecompress())
  return body
}

// Reads at most `max` bytes; null when the stream goes past it (the caller destroys it, so a
// 50 MB body or a compression bomb costs `max` bytes of memory, not its size).
async function readCapped(stream: Readable, max: number): Promise<Uint8Array | null> {
  const chunks: Buffer[] = []
  let total = 0
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer
      total += buffer.length
      if (total > max) {
        stream.destroy()
        return null
      }
      chunks.push(buffer)
    }
  } catch (error) {
    stream.destroy()
    throw error
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)
}

function isStaleSocket(error: unknown): boolean {
  const code = (error as { code?: string }).code
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET'
}

function classifyError(error: unknown, url: string, timedOut: boolean): FetchFailure {
  const chain: Array<{ code?: string; name?: string; message?: string }> = []
  let current = error as
    { code?: string; name?: string; message?: string; cause?: unknown } | undefined
  while (current && chain.length < 5) {
    chain.push(current)
    current = current.cause as typeof current
  }
  const codes = chain.map((e) => e.code ?? e.name ?? '')
  const message = chain.map((e) => e.message).find(Boolean) ?? String(error)
  const blocked = chain.find((e) => e.code === 'SSRF_BLOCKED')
  if (blocked) return failure('SSRF_BLOCKED', blocked.message ?? message, url)
  if (
    codes.some((c) => c === 'DNS' || c === 'ENOTFOUND' || c === 'EAI_AGAIN' || c === 'EAI_NODATA')
  ) {
    return failure(
      'DNS',
      chain.find((e) => e.code === 'DNS')?.message ?? `cannot resolve ${new URL(url).hostname}`,
      url
    )
  }
  if (
    timedOut ||
    codes.some((c) =>
      [
        'UND_ERR_CONNECT_TIMEOUT',
        'UND_ERR_HEADERS_TIMEOUT',
        'UND_ERR_BODY_TIMEOUT',
        'TimeoutError',
        'ETIMEDOUT',
      ].includes(c)
    )
  ) {
    return failure('TIMEOUT', `timed out fetching ${url}`, url)
  }
  if (
    codes.some(
      (c) =>
        c === 'Z_DATA_ERROR' || c === 'ERR__ERROR_FORMAT_PADDING_1' || c.startsWith('ERR_BROTLI')
    )
  ) {
    return failure('NETWORK', `bad compressed body: ${message}`, url)
  }
  return failure('NETWORK', `${codes[0] || 'error'}: ${message}`, url)
}
