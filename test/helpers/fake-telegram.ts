/**
 * A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of anything that talks to
 * Telegram (the grammY adapter, the delivery outbox). It follows the Bot API docs
 * (https://core.telegram.org/bots/api) for the methods benchwatch uses, and is strict where
 * Telegram is strict, so a test passing here means the real API would accept the same calls:
 *
 * - `getMe`, `getUpdates` (long poll with `offset`, `limit`, `timeout`; confirmed updates are
 *   dropped; 409 while a webhook is set), `setWebhook` / `deleteWebhook` / `getWebhookInfo`;
 * - `sendMessage`: `parse_mode: "HTML"` text is parsed — only Telegram's tags, balanced, only
 *   `&lt; &gt; &amp; &quot;` and numeric entities — and the text must be 1–4096 characters after
 *   parsing (else 400 like Telegram's "message is too long" / "can't parse entities");
 * - `sendPhoto` as multipart/form-data (parsed with busboy; the photo must be an uploaded file),
 *   caption ≤ 1024 after parsing; `sendChatAction`, `setMyCommands`, `getChatMember`.
 *
 * Tests queue updates (`pushMessage`, `pushUpdate`), set members' statuses (`setMember`), inject
 * failures (`failNext`: 429 with `retry_after`, 403, 5xx, 400 with `migrate_to_chat_id`), and read
 * every call in order (`calls`, `sent`, `waitFor`).
 *
 * @example
 * const tg = await startFakeTelegram()
 * // TELEGRAM_API_ROOT=tg.apiRoot TELEGRAM_BOT_TOKEN=tg.token
 * tg.pushMessage({ chat: tg.privateChat(5), text: '/help' })
 * const [reply] = await tg.waitForSent(1)
 * await tg.close()
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import busboy from 'busboy'

/** One API request the fake received, in arrival order. */
export interface ApiCall {
  method: string
  params: Record<string, unknown>
  /** For multipart requests: uploaded files by field name. */
  files: Record<string, { filename: string; type: string; bytes: Uint8Array }>
  /** The HTTP status and body the fake answered with; 0 while the call is still pending. */
  status: number
  response: {
    ok: boolean
    result?: unknown
    error_code?: number
    description?: string
    parameters?: Record<string, unknown>
  }
  at: number
}

/** A message the bot posted that the fake accepted. */
export interface SentMessage {
  method: 'sendMessage' | 'sendPhoto'
  chatId: number
  messageId: number
  /** The raw HTML text or caption as the bot sent it. */
  html: string
  /** The text as a user sees it: tags removed, entities decoded. */
  text: string
  params: Record<string, unknown>
  photo?: { filename: string; bytes: Uint8Array }
}

/** An error the fake answers a matching call with, as Telegram would. */
export interface InjectedError {
  code: number
  description: string
  parameters?: { retry_after?: number; migrate_to_chat_id?: number }
}

export type FakeChat =
  | { id: number; type: 'private'; first_name: string; username?: string }
  | { id: number; type: 'group' | 'supergroup' | 'channel'; title: string; is_forum?: boolean }

export interface FakeUser {
  id: number
  is_bot: boolean
  first_name: string
  username?: string
  language_code?: string
}

export interface FakeTelegram {
  /** Pass as TELEGRAM_API_ROOT (no trailing slash). */
  apiRoot: string
  /** Any `\d+:\w+` token works; this is the one tests use. */
  token: string
  port: number
  /** The bot itself, as getMe returns it. */
  bot: FakeUser & { username: string }
  calls: ApiCall[]
  sent: SentMessage[]
  /** The current webhook, if one is set. */
  webhook: { url: string; secretToken?: string } | null
  /** Commands registered by setMyCommands, keyed by scope type and language ("default:", "default:ru"). */
  commands: Map<string, { command: string; description: string }[]>
  privateChat(id: number, firstName?: string): FakeChat
  group(id: number, title?: string, type?: 'group' | 'supergroup'): FakeChat
  channel(id: number, title?: string): FakeChat
  user(id: number, options?: { languageCode?: string; firstName?: string }): FakeUser
  /** Queues a raw update; `update_id` is assigned. Returns it. */
  pushUpdate(update: Record<string, unknown>): number
  /**
   * Queues a message (or a channel post when the chat is a channel) whose text starting with
   * `/` gets a `bot_command` entity, as Telegram sends it. Returns the update id.
   */
  pushMessage(message: {
    chat: FakeChat
    from?: FakeUser
    text: string
    senderChat?: FakeChat
    threadId?: number
  }): number
  /** Sets the status getChatMember reports (default: "member"). */
  setMember(
    chatId: number,
    userId: number,
    status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked'
  ): void
  /**
   * Answers the next `times` calls of `method` (matching `when`, if given) with an error.
   * The failed calls are recorded but send nothing.
   */
  failNext(
    method: string,
    error: InjectedError,
    options?: { times?: number; when?: (params: Record<string, unknown>) => boolean }
  ): void
  /** Resolves with the first `count` messages sent (optionally to one chat) once they exist. */
  waitForSent(
    count: number,
    options?: { chatId?: number; timeoutMs?: number }
  ): Promise<SentMessage[]>
  /** Resolves with the first call matching `predicate`. */
  waitFor(predicate: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>
  close(): Promise<void>
}

/** Telegram's HTML tags (https://core.telegram.org/bots/api#html-style) and their allowed attributes. */
const ALLOWED_TAGS: Record<string, readonly string[]> = {
  b: [],
  strong: [],
  i: [],
  em: [],
  u: [],
  ins: [],
  s: [],
  strike: [],
  del: [],
  'tg-spoiler': [],
  span: ['class'],
  a: ['href'],
  'tg-emoji': ['emoji-id'],
  code: ['class'],
  pre: [],
  blockquote: ['expandable'],
}

/**
 * Parses Telegram HTML the way the Bot API does and returns the visible text, or throws with
 * Telegram's wording. Hand-written because forgiving HTML parsers (htmlparser2, parse5) repair
 * exactly the mistakes this check exists to catch: unclosed or misnested tags, unknown tags,
 * bare `&`.
 */
export function parseTelegramHtml(html: string): string {
  const stack: string[] = []
  let text = ''
  let i = 0
  while (i < html.length) {
    const ch = html[i]!
    if (ch === '<') {
      const m =
        /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'<>]+))?)*)\s*>/.exec(
          html.slice(i)
        )
      if (!m)
        throw new Error(
          `Bad Request: can't parse entities: Unexpected start tag at byte offset ${i}`
        )
      const [whole, closing, rawName, attrs] = m
      const name = rawName!.toLowerCase()
      const allowed = ALLOWED_TAGS[name]
      if (!allowed)
        throw new Error(
          `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${i}`
        )
      if (closing) {
        if (stack.pop() !== name)
          throw new Error(
            `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${stack.at(-1) ?? ''}>", found "</${name}>"`
          )
      } else {
        for (const a of attrs!.matchAll(/([a-zA-Z-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>]+))?/g)) {
          if (!allowed.includes(a[1]!.toLowerCase()))
            throw new Error(
              `Bad Request: can't parse entities: unsupported attribute "${a[1]}" of tag "${name}"`
            )
          const value = a[2] ?? ''
          if (/&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)/.test(value))
            throw new Error(
              `Bad Request: can't parse entities: bad entity in attribute of "${name}"`
            )
        }
        stack.push(name)
      }
      i += whole!.length
    } else if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i))
      if (!m)
        throw new Error(
          `Bad Request: can't parse entities: Character entity expected at byte offset ${i}`
        )
      const body = m[1]!
      text +=
        body === 'lt'
          ? '<'
          : body === 'gt'
            ? '>'
            : body === 'amp'
              ? '&'
              : body === 'quot'
                ? '"'
                : String.fromCodePoint(
                    body.startsWith('#x')
                      ? parseInt(body.slice(2), 16)
                      : parseInt(body.slice(1), 10)
                  )
      i += m[0].length
    } else if (ch === '>') {
      throw new Error(
        `Bad Request: can't parse entities: Unexpected end of name token at byte offset ${i}`
      )
    } else {
      text += ch
      i++
    }
  }
  if (stack.length > 0)
    throw new Error(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`
    )
  return text
}

function visibleText(html: string, parseMode: unknown): string {
  if (parseMode === undefined) return html
  if (parseMode !== 'HTML')
    throw new Error(`Bad Request: unsupported parse_mode ${String(parseMode)}`)
  return parseTelegramHtml(html)
}

/**
 * Parses a multipart/form-data body with busboy, which accepts what Telegram accepts (grammY
 * writes `filename=c.png` unquoted; undici's FormData parser refuses that).
 */
function parseMultipart(
  body: Buffer,
  contentType: string
): Promise<{ params: Record<string, unknown>; files: ApiCall['files'] }> {
  return new Promise((resolve, reject) => {
    const params: Record<string, unknown> = {}
    const files: ApiCall['files'] = {}
    const parser = busboy({ headers: { 'content-type': contentType } })
    parser.on('field', (name, value) => {
      params[name] = /^[[{]/.test(value) ? JSON.parse(value) : value
    })
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        files[name] = {
          filename: info.filename,
          type: info.mimeType,
          bytes: new Uint8Array(Buffer.concat(chunks)),
        }
      })
    })
    parser.on('close', () => resolve({ params, files }))
    parser.on('error', (error: unknown) =>
      reject(new Error(`Bad Request: can't parse multipart body (${String(error)})`))
    )
    parser.end(body)
  })
}

async function readRequest(
  req: IncomingMessage
): Promise<{ params: Record<string, unknown>; files: ApiCall['files'] }> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const body = Buffer.concat(chunks)
  const type = req.headers['content-type'] ?? ''
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams)
  if (body.length === 0) return { params: query, files: {} }
  if (type.startsWith('application/json'))
    return {
      params: { ...query, ...(JSON.parse(body.toString('utf8')) as Record<string, unknown>) },
      files: {},
    }
  if (type.startsWith('multipart/form-data')) {
    const { params, files } = await parseMultipart(body, type)
    return { params: { ...query, ...params }, files }
  }
  if (type.startsWith('application/x-www-form-urlencoded'))
    return {
      params: { ...query, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) },
      files: {},
    }
  throw new Error(`Bad Request: unsupported content type ${type}`)
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeTelegram(
  options: { token?: string; botId?: number; username?: string } = {}
): Promise<FakeTelegram> {
  const token = options.token ?? '123:TEST'
  const bot = {
    id: options.botId ?? 123,
    is_bot: true,
    first_name: 'Benchwatch',
    username: options.username ?? 'benchwatch_test_bot',
  }
  const calls: ApiCall[] = []
  const sent: SentMessage[] = []
  const queue: Record<string, unknown>[] = []
  const waiting = new Set<() => void>()
  const members = new Map<string, string>()
  const failures: {
    method: string
    error: InjectedError
    times: number
    when?: (p: Record<string, unknown>) => boolean
  }[] = []
  const commands = new Map<string, { command: string; description: string }[]>()
  const chats = new Map<number, FakeChat>()
  const listeners = new Set<() => void>()
  let nextUpdateId = 1
  let nextMessageId = 1000
  let webhook: FakeTelegram['webhook'] = null
  let closed = false

  const notify = () => {
    for (const l of [...listeners]) l()
  }
  const wake = () => {
    for (const w of [...waiting]) w()
  }

  function chatOf(id: unknown): FakeChat {
    const n = Number(id)
    if (!Number.isSafeInteger(n))
      throw Object.assign(new Error('Bad Request: chat not found'), { code: 400 })
    return (
      chats.get(n) ??
      (n > 0
        ? { id: n, type: 'private', first_name: 'User' }
        : { id: n, type: 'supergroup', title: 'Group' })
    )
  }

  function messageResult(chat: FakeChat, extra: Record<string, unknown>) {
    return {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
      ...extra,
    }
  }

  async function answer(
    method: string,
    params: Record<string, unknown>,
    files: ApiCall['files'],
    res: ServerResponse
  ): Promise<unknown> {
    const fail = (description: string, code = 400): never => {
      throw Object.assign(new Error(description), { code })
    }
    switch (method) {
      case 'getMe':
        return {
          ...bot,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        }
      case 'getUpdates': {
        if (webhook)
          fail(
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            409
          )
        const offset = Number(params.offset ?? 0)
        const limit = Math.min(100, Number(params.limit ?? 100))
        const timeout = Math.min(50, Number(params.timeout ?? 0))
        if (offset > 0) {
          while (queue.length > 0 && Number(queue[0]!.update_id) < offset) queue.shift()
        }
        if (queue.length === 0 && timeout > 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer)
              waiting.delete(done)
              res.off('close', done)
              resolve()
            }
            const timer = setTimeout(done, timeout * 1000)
            waiting.add(done)
            // The response's close (not the request's) tells that the client gave up the poll.
            res.once('close', done)
          })
        }
        return queue.slice(0, limit)
      }
      case 'setWebhook': {
        if (typeof params.url !== 'string') fail('Bad Request: bad webhook: URL must be provided')
        const url = params.url as string
        if (url !== '' && !/^https?:\/\//.test(url))
          fail('Bad Request: bad webhook: Failed to resolve host')
        const secret = params.secret_token as string | undefined
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
          fail('Bad Request: bad webhook: secret token contains unallowed characters')
        webhook = url === '' ? null : { url, ...(secret ? { secretToken: secret } : {}) }
        return true
      }
      case 'deleteWebhook':
        webhook = null
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true')
          queue.length = 0
        return true
      case 'getWebhookInfo':
        return {
          url: webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: queue.length,
        }
      case 'setMyCommands': {
        const list = params.commands as { command: string; description: string }[] | undefined
        if (!Array.isArray(list) || list.length > 100)
          fail('Bad Request: commands must be an array of at most 100 BotCommand')
        for (const c of list!) {
          if (!/^[a-z0-9_]{1,32}$/.test(c.command)) fail('Bad Request: BOT_COMMAND_INVALID')
          if (
            typeof c.description !== 'string' ||
            c.description.length < 1 ||
            c.description.length > 256
          )
            fail('Bad Request: BOT_COMMAND_DESCRIPTION_INVALID')
        }
        const scope = (params.scope as { type?: string } | undefined)?.type ?? 'default'
        commands.set(`${scope}:${(params.language_code as string | undefined) ?? ''}`, list!)
        return true
      }
      case 'getChatMember': {
        const chat = chatOf(params.chat_id)
        if (chat.type === 'private' && Number(params.user_id) !== chat.id)
          fail('Bad Request: user not found')
        const status =
          members.get(`${chat.id}:${Number(params.user_id)}`) ??
          (chat.type === 'private' ? 'member' : 'member')
        const user = { id: Number(params.user_id), is_bot: false, first_name: 'User' }
        return status === 'administrator'
          ? { status, user, can_be_edited: false, is_anonymous: false }
          : { status, user }
      }
      case 'sendChatAction':
        chatOf(params.chat_id)
        return true
      case 'sendMessage': {
        const chat = chatOf(params.chat_id)
        if (typeof params.text !== 'string') fail('Bad Request: message text is empty')
        let text: string
        try {
          text = visibleText(params.text as string, params.parse_mode)
        } catch (error) {
          return fail((error as Error).message)
        }
        if (text.trim().length === 0) fail('Bad Request: message text is empty')
        if (text.length > 4096) fail('Bad Request: message is too long')
        const result = messageResult(chat, {
          text,
          ...(params.message_thread_id
            ? { message_thread_id: Number(params.message_thread_id), is_topic_message: true }
            : {}),
        })
        sent.push({
          method: 'sendMessage',
          chatId: chat.id,
          messageId: result.message_id,
          html: params.text as string,
          text,
          params,
        })
        return result
      }
      case 'sendPhoto': {
        const chat = chatOf(params.chat_id)
        const ref = params.photo
        const attached =
          typeof ref === 'string' && ref.startsWith('attach://')
            ? files[ref.slice('attach://'.length)]
            : files.photo
        if (!attached || attached.bytes.length === 0)
          fail('Bad Request: there is no photo in the request')
        let caption: string
        try {
          caption = visibleText((params.caption as string | undefined) ?? '', params.parse_mode)
        } catch (error) {
          return fail((error as Error).message)
        }
        if (caption.length > 1024) fail('Bad Request: message caption is too long')
        const result = messageResult(chat, {
          photo: [
            { file_id: `photo${nextMessageId}`, file_unique_id: 'u', width: 100, height: 100 },
          ],
          caption,
        })
        sent.push({
          method: 'sendPhoto',
          chatId: chat.id,
          messageId: result.message_id,
          html: (params.caption as string | undefined) ?? '',
          text: caption,
          params,
          photo: { filename: attached!.filename, bytes: attached!.bytes },
        })
        return result
      }
      default:
        return fail('Not Found: method not found', 404)
    }
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/bot(\d+:[\w-]+)\/([A-Za-z]+)/.exec(req.url ?? '')
    const reply = (status: number, body: ApiCall['response']) => {
      if (!res.destroyed)
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      return body
    }
    if (!match) {
      reply(404, { ok: false, error_code: 404, description: 'Not Found' })
      return
    }
    if (match[1] !== token) {
      reply(401, { ok: false, error_code: 401, description: 'Unauthorized' })
      return
    }
    const method = match[2]!
    const call: ApiCall = {
      method,
      params: {},
      files: {},
      status: 0,
      response: { ok: false },
      at: Date.now(),
    }
    try {
      const { params, files } = await readRequest(req)
      call.params = params
      // Recorded on arrival, so a test can see a long poll that is still waiting (status 0).
      if (!closed) calls.push(call)
      notify()
      call.files = files
      const injected = failures.find(
        (f) => f.method === method && f.times > 0 && (!f.when || f.when(params))
      )
      if (injected) {
        injected.times--
        call.status = injected.error.code
        call.response = {
          ok: false,
          error_code: injected.error.code,
          description: injected.error.description,
          ...(injected.error.parameters ? { parameters: injected.error.parameters } : {}),
        }
      } else {
        const result = await answer(method, params, files, res)
        call.status = 200
        call.response = { ok: true, result }
      }
    } catch (error) {
      const code = (error as { code?: number }).code ?? 400
      call.status = code
      call.response = { ok: false, error_code: code, description: (error as Error).message }
    }
    if (!calls.includes(call) && !closed) calls.push(call)
    reply(call.status, call.response)
    notify()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  function until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check()
        if (value === undefined) return false
        cleanup()
        resolve(value)
        return true
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(
          new Error(
            `fake Telegram: timed out after ${timeoutMs} ms waiting for ${what}; calls: ${calls.map((c) => `${c.method}:${c.status}${c.response.ok ? '' : ` (${c.response.description})`}`).join(' ')}`
          )
        )
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        listeners.delete(listener)
      }
      const listener = () => void attempt()
      listeners.add(listener)
      attempt()
    })
  }

  const fake: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    port,
    bot,
    calls,
    sent,
    get webhook() {
      return webhook
    },
    commands,
    privateChat(id, firstName = 'User') {
      const chat: FakeChat = { id, type: 'private', first_name: firstName }
      chats.set(id, chat)
      return chat
    },
    group(id, title = 'Group', type = 'supergroup') {
      const chat: FakeChat = { id, type, title }
      chats.set(id, chat)
      return chat
    },
    channel(id, title = 'Channel') {
      const chat: FakeChat = { id, type: 'channel', title }
      chats.set(id, chat)
      return chat
    },
    user(id, options = {}) {
      return {
        id,
        is_bot: false,
        first_name: options.firstName ?? `User${id}`,
        ...(options.languageCode ? { language_code: options.languageCode } : {}),
      }
    },
    pushUpdate(update) {
      const id = nextUpdateId++
      queue.push({ ...update, update_id: id })
      wake()
      return id
    },
    pushMessage({ chat, from, text, senderChat, threadId }) {
      chats.set(chat.id, chat)
      const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text)
      const message = {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat,
        ...(from ? { from } : {}),
        ...(senderChat ? { sender_chat: senderChat } : {}),
        ...(threadId ? { message_thread_id: threadId, is_topic_message: true } : {}),
        text,
        ...(command
          ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }
          : {}),
      }
      return fake.pushUpdate(chat.type === 'channel' ? { channel_post: message } : { message })
    },
    setMember(chatId, userId, status) {
      members.set(`${chatId}:${userId}`, status)
    },
    failNext(method, error, options = {}) {
      failures.push({
        method,
        error,
        times: options.times ?? 1,
        ...(options.when ? { when: options.when } : {}),
      })
    },
    waitForSent(count, options = {}) {
      const pick = () =>
        sent.filter((m) => options.chatId === undefined || m.chatId === options.chatId)
      return until(
        () => (pick().length >= count ? pick().slice(0, count) : undefined),
        options.timeoutMs ?? 10_000,
        `${count} sent message(s)${options.chatId !== undefined ? ` to ${options.chatId}` : ''}`
      )
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return until(() => calls.find(predicate), timeoutMs, 'a matching call')
    },
    async close() {
      closed = true
      wake()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
  return fake
}
