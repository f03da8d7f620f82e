/**
 * A minimal chat platform on 127.0.0.1 for outbox tests: `POST /send {chat, text}` answers
 * `{ok: true, id}` and records the message, unless a failure was queued for it. Failures mirror
 * what real platforms do: 429 with `retry_after` (seconds), 5xx, 403 "bot was blocked", and a
 * dropped connection (a network error). `createFakePlatformSender` is the small ChatSender for it,
 * translating those answers into SendError the way the real adapters do.
 */
import { createServer, type Server } from 'node:http'
import { request } from 'undici'
import { SendError, type ChatSender } from '../../src/core/chat.js'
import { replyToPlainText } from '../../src/core/reply.js'

export type Failure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { status: 403; description?: string }
  | { status: 'drop' }
  | { status: 400; migrateTo?: string }

export interface FakePlatform {
  url: string
  /** Accepted messages in arrival order. */
  messages: { chat: string; text: string; id: number; at: number }[]
  /** Every request, including failed ones. */
  requests: { chat: string; text: string; answered: number | 'drop'; at: number }[]
  /** Queues failures for the next requests to `chat` (any chat when omitted). */
  fail(failures: Failure[], chat?: string): void
  /** Milliseconds each answer waits; a slow platform keeps messages in flight longer. */
  delayMs: number
  close(): Promise<void>
}

export async function startFakePlatform(options: { delayMs?: number } = {}): Promise<FakePlatform> {
  const queued: { chat?: string; failure: Failure }[] = []
  let nextId = 1
  const platform: FakePlatform = {
    url: '',
    messages: [],
    requests: [],
    delayMs: options.delayMs ?? 0,
    fail(failures, chat) {
      for (const failure of failures) queued.push({ ...(chat ? { chat } : {}), failure })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const answer = () => {
        const { chat, text } = JSON.parse(body) as { chat: string; text: string }
        const index = queued.findIndex((q) => q.chat === undefined || q.chat === chat)
        const failure = index >= 0 ? queued.splice(index, 1)[0]!.failure : null
        const at = Date.now()
        if (failure?.status === 'drop') {
          platform.requests.push({ chat, text, answered: 'drop', at })
          req.socket.destroy()
          return
        }
        if (failure) {
          platform.requests.push({ chat, text, answered: failure.status, at })
          const payload =
            failure.status === 429
              ? {
                  ok: false,
                  error_code: 429,
                  description: 'Too Many Requests',
                  parameters: { retry_after: failure.retryAfter },
                }
              : failure.status === 403
                ? {
                    ok: false,
                    error_code: 403,
                    description: failure.description ?? 'Forbidden: bot was blocked by the user',
                  }
                : failure.status === 400
                  ? failure.migrateTo
                    ? {
                        ok: false,
                        error_code: 400,
                        description: 'Bad Request: group chat was upgraded to a supergroup chat',
                        parameters: { migrate_to_chat_id: failure.migrateTo },
                      }
                    : {
                        ok: false,
                        error_code: 400,
                        description: 'Bad Request: message is too long',
                      }
                  : { ok: false, error_code: failure.status, description: 'Internal Server Error' }
          res
            .writeHead(failure.status, { 'content-type': 'application/json' })
            .end(JSON.stringify(payload))
          return
        }
        const id = nextId++
        platform.requests.push({ chat, text, answered: 200, at })
        platform.messages.push({ chat, text, id, at })
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: true, id }))
      }
      if (platform.delayMs > 0) setTimeout(answer, platform.delayMs)
      else answer()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  platform.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return platform
}

/** A ChatSender that posts the reply's plain text to a fake platform, as `platform` chats. */
export function createFakePlatformSender(
  url: string,
  platform: 'telegram' | 'discord' = 'telegram'
): ChatSender {
  return {
    platform,
    async send(chat, reply) {
      const text = replyToPlainText(reply, (table) =>
        table.rows.map((r) => r.join(' | ')).join('\n')
      )
      let response
      try {
        response = await request(`${url}/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat, text }),
        })
      } catch (error) {
        throw new SendError('retryable', 'NETWORK', `network error: ${(error as Error).message}`, {
          cause: error,
        })
      }
      const body = (await response.body.json()) as {
        ok: boolean
        id?: number
        description?: string
        parameters?: { retry_after?: number; migrate_to_chat_id?: string }
      }
      if (response.statusCode === 200 && body.ok) return { messageIds: [String(body.id)] }
      const description = body.description ?? `HTTP ${response.statusCode}`
      if (response.statusCode === 429) {
        throw new SendError('retryable', 'RATE_LIMITED', description, {
          retryAfterMs: (body.parameters?.retry_after ?? 1) * 1000,
        })
      }
      if (response.statusCode >= 500) throw new SendError('retryable', 'SERVER_ERROR', description)
      if (response.statusCode === 403) throw new SendError('permanent', 'FORBIDDEN', description)
      const migrateTo = body.parameters?.migrate_to_chat_id
      if (migrateTo) {
        throw new SendError('permanent', 'MIGRATED', description, {
          migrateTo: `${platform}:${migrateTo}`,
        })
      }
      throw new SendError('permanent', 'BAD_REQUEST', description)
    },
  }
}
