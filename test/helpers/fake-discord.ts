/**
 * A local fake of Discord for tests: a REST router that records every call (JSON bodies and
 * multipart uploads alike) and a `ws` gateway that says HELLO, answers IDENTIFY with READY and
 * GUILD_CREATE, acknowledges heartbeats, and dispatches whatever a test asks (INTERACTION_CREATE).
 * The real discord.js Client and @discordjs/rest talk to it through `apiBase`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'

export const APP_ID = '111111111111111111'
export const BOT_ID = '111111111111111111'
export const GUILD_ID = '222222222222222222'
export const CHANNEL_ID = '333333333333333333'
export const MEMBER_ID = '444444444444444444'

/** Permission bitfields as strings, the way Discord sends them. */
export const PERMISSIONS = {
  /** View Channel + Send Messages: an ordinary member. */
  member: String((1n << 10n) | (1n << 11n)),
  /** An ordinary member plus Manage Server. */
  manager: String((1n << 10n) | (1n << 11n) | (1n << 5n)),
  /** An ordinary member plus Administrator. */
  administrator: String((1n << 10n) | (1n << 11n) | (1n << 3n)),
}

/** One uploaded file of a multipart request. */
export interface UploadedFile {
  field: string
  filename: string
  contentType: string
  data: Buffer
}

/** One REST call as the fake saw it. */
export interface RecordedCall {
  method: string
  /** Decoded path without the query, e.g. `/api/v10/webhooks/1/tok/messages/@original`. */
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  /** The JSON body, or `payload_json` of a multipart body. */
  json?: any
  files: UploadedFile[]
}

/** A test's answer for a route: status and JSON body (undefined body → empty response). */
export type Override = (call: RecordedCall) => { status: number; body?: unknown } | undefined

export interface FakeDiscord {
  port: number
  /** What to pass as `DISCORD_API_BASE` / `rest.api`. */
  apiBase: string
  calls: RecordedCall[]
  /** Resolves with the first recorded call (past or future) that matches. */
  waitForCall(match: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>
  /** Answers matching calls differently (first override that returns a value wins). */
  override(handler: Override): void
  gateway: {
    /** IDENTIFY payloads received. */
    identifies: any[]
    /** RESUME payloads received (after a dropped connection). */
    resumes: any[]
    /** Sends a dispatch event to every connected client. */
    dispatch(event: string, data: unknown): void
    /** Closes every gateway connection with a close code (tests of reconnects). */
    drop(code?: number): void
    connections(): number
  }
  close(): Promise<void>
}

const user = (id: string, bot = false) => ({
  id,
  username: bot ? 'benchwatch' : 'alice',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot,
})

function messageJson(call: RecordedCall, id: string, channelId = CHANNEL_ID) {
  return {
    id,
    channel_id: channelId,
    type: 0,
    content: call.json?.content ?? '',
    author: user(BOT_ID, true),
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: call.files.map((f, i) => ({
      id: String(900 + i),
      filename: f.filename,
      size: f.data.length,
      url: `https://cdn.example/${f.filename}`,
      proxy_url: `https://cdn.example/${f.filename}`,
      content_type: f.contentType,
    })),
    embeds: call.json?.embeds ?? [],
    pinned: false,
    flags: call.json?.flags ?? 0,
  }
}

/**
 * Discord's checks on a message body (the ones benchwatch could break): length limits, at most
 * 10 embeds and 6000 embed characters, something to show, and every `attachment://` name
 * uploaded. Returns Discord's 50035 "Invalid Form Body" error text, or null when fine.
 */
export function messageProblem(json: any, files: UploadedFile[]): string | null {
  if (!json || typeof json !== 'object') return 'body is not an object'
  const embeds: any[] = json.embeds ?? []
  if ((json.content ?? '').length > 2000) return 'content: must be 2000 or fewer in length'
  if (embeds.length > 10) return 'embeds: must be 10 or fewer in length'
  if (!json.content && embeds.length === 0 && files.length === 0)
    return 'cannot send an empty message'
  let total = 0
  for (const e of embeds) {
    if ((e.title ?? '').length > 256) return 'embeds.title: must be 256 or fewer in length'
    if ((e.description ?? '').length > 4096)
      return 'embeds.description: must be 4096 or fewer in length'
    if ((e.fields ?? []).length > 25) return 'embeds.fields: must be 25 or fewer in length'
    if ((e.footer?.text ?? '').length > 2048)
      return 'embeds.footer.text: must be 2048 or fewer in length'
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length
    const image: string | undefined = e.image?.url
    if (image?.startsWith('attachment://') && !files.some((f) => f.filename === image.slice(13))) {
      return `embeds.image.url: no uploaded file named ${image.slice(13)}`
    }
  }
  if (total > 6000) return 'embeds: total length must be 6000 or fewer'
  return null
}

async function record(req: IncomingMessage): Promise<RecordedCall> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  const url = new URL(req.url ?? '/', 'http://fake')
  const call: RecordedCall = {
    method: req.method ?? 'GET',
    path: decodeURIComponent(url.pathname),
    query: url.searchParams,
    headers: req.headers,
    files: [],
  }
  const type = req.headers['content-type'] ?? ''
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData()
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') call.json = JSON.parse(value)
      } else {
        call.files.push({
          field,
          filename: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        })
      }
    }
  } else if (raw.length > 0) {
    call.json = JSON.parse(raw.toString('utf8'))
  }
  return call
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeDiscord(): Promise<FakeDiscord> {
  const calls: RecordedCall[] = []
  const overrides: Override[] = []
  const waiters: { match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = []
  const identifies: any[] = []
  const resumes: any[] = []
  let port = 0
  let nextId = 1000

  const send = (res: ServerResponse, status: number, body?: unknown): void => {
    if (body === undefined) {
      res.writeHead(status).end()
      return
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }

  function answer(call: RecordedCall): { status: number; body?: unknown } {
    for (const override of overrides) {
      const result = override(call)
      if (result) return result
    }
    const { method, path } = call
    const needsBot =
      !path.startsWith('/api/v10/webhooks/') && !path.startsWith('/api/v10/interactions/')
    if (needsBot && !/^Bot \S+$/.test(String(call.headers.authorization ?? ''))) {
      return { status: 401, body: { message: '401: Unauthorized', code: 0 } }
    }
    const createsMessage =
      (method === 'POST' || method === 'PATCH') &&
      (/\/messages(\/[^/]+)?$/.test(path) || /^\/api\/v10\/webhooks\/\d+\/[^/]+$/.test(path))
    const isCallback = method === 'POST' && path.endsWith('/callback')
    const problem = createsMessage
      ? messageProblem(call.json, call.files)
      : isCallback && call.json?.type === 4
        ? messageProblem(call.json.data, call.files)
        : null
    if (problem)
      return {
        status: 400,
        body: { message: 'Invalid Form Body', code: 50035, errors: { problem } },
      }
    if (method === 'GET' && path === '/api/v10/gateway/bot') {
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        },
      }
    }
    if (method === 'GET' && path === '/api/v10/applications/@me') {
      return { status: 200, body: { id: APP_ID, name: 'benchwatch', bot_public: true } }
    }
    if (
      method === 'PUT' &&
      /^\/api\/v10\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)
    ) {
      const list = Array.isArray(call.json) ? call.json : []
      return {
        status: 200,
        body: list.map((c: Record<string, unknown>) => ({
          ...c,
          id: String(nextId++),
          application_id: APP_ID,
          version: '1',
        })),
      }
    }
    if (method === 'POST' && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      return { status: 204 }
    }
    const webhookMessage = /^\/api\/v10\/webhooks\/\d+\/[^/]+\/messages\/(@original|\d+)$/.exec(
      path
    )
    if (webhookMessage && method === 'PATCH')
      return { status: 200, body: messageJson(call, String(nextId++)) }
    if (webhookMessage && method === 'DELETE') return { status: 204 }
    if (webhookMessage && method === 'GET')
      return { status: 200, body: messageJson(call, String(nextId++)) }
    if (method === 'POST' && /^\/api\/v10\/webhooks\/\d+\/[^/]+$/.test(path)) {
      return { status: 200, body: messageJson(call, String(nextId++)) }
    }
    const channelMessages = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path)
    if (method === 'POST' && channelMessages) {
      return { status: 200, body: messageJson(call, String(nextId++), channelMessages[1]) }
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } }
  }

  const server = createServer((req, res) => {
    record(req)
      .then((call) => {
        calls.push(call)
        for (const waiter of [...waiters]) {
          if (waiter.match(call)) {
            waiters.splice(waiters.indexOf(waiter), 1)
            waiter.resolve(call)
          }
        }
        const { status, body } = answer(call)
        send(res, status, body)
      })
      .catch((error: unknown) => send(res, 500, { message: String(error), code: 0 }))
  })

  const wss = new WebSocketServer({ server })
  let sequence = 0
  const dispatchTo = (ws: WebSocket, t: string, d: unknown) =>
    ws.send(JSON.stringify({ op: 0, t, s: ++sequence, d }))
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }))
    ws.on('message', (data) => {
      const payload = JSON.parse(String(data)) as { op: number; d: any }
      if (payload.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }))
      if (payload.op === 6) {
        resumes.push(payload.d)
        dispatchTo(ws, 'RESUMED', {})
      }
      if (payload.op === 2) {
        identifies.push(payload.d)
        dispatchTo(ws, 'READY', {
          v: 10,
          user: user(BOT_ID, true),
          guilds: [{ id: GUILD_ID, unavailable: true }],
          session_id: `session-${identifies.length}`,
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          application: { id: APP_ID, flags: 0 },
        })
        dispatchTo(ws, 'GUILD_CREATE', {
          id: GUILD_ID,
          name: 'Bench Guild',
          owner_id: '555555555555555555',
          unavailable: false,
          member_count: 2,
          roles: [
            {
              id: GUILD_ID,
              name: '@everyone',
              permissions: PERMISSIONS.member,
              position: 0,
              color: 0,
              hoist: false,
              managed: false,
              mentionable: false,
            },
          ],
          channels: [
            { id: CHANNEL_ID, type: 0, name: 'ai-news', position: 0, permission_overwrites: [] },
          ],
          members: [],
          emojis: [],
          stickers: [],
          features: [],
          joined_at: new Date().toISOString(),
        })
      }
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0

  return {
    port,
    apiBase: `http://127.0.0.1:${port}/api`,
    calls,
    waitForCall(match, timeoutMs = 5000) {
      const seen = calls.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = waiters.findIndex((w) => w.resolve === done)
          if (index >= 0) waiters.splice(index, 1)
          reject(
            new Error(
              `fake Discord: no matching call within ${timeoutMs} ms; saw ${calls.map((c) => `${c.method} ${c.path}`).join(', ')}`
            )
          )
        }, timeoutMs)
        const done = (call: RecordedCall) => {
          clearTimeout(timer)
          resolve(call)
        }
        waiters.push({ match, resolve: done })
      })
    },
    override(handler) {
      overrides.push(handler)
    },
    gateway: {
      identifies,
      resumes,
      dispatch(event, data) {
        for (const ws of wss.clients) dispatchTo(ws, event, data)
      },
      drop(code = 4000) {
        for (const ws of wss.clients) ws.close(code)
      },
      connections: () => wss.clients.size,
    },
    async close() {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Options of a slash-command interaction built by `slashInteraction`. */
export interface SlashOptions {
  name: string
  options?: { name: string; type: number; value: string | number | boolean; focused?: boolean }[]
  /** The member's permissions; `null` builds a DM interaction (no guild, no member). */
  permissions?: string | null
  locale?: string
  id?: string
  token?: string
  /** 2 = application command (default), 4 = autocomplete. */
  type?: number
}

let interactionCounter = 0

/** A raw interaction payload shaped as Discord sends it (HTTP body and gateway dispatch alike). */
export function slashInteraction(o: SlashOptions): Record<string, any> {
  interactionCounter++
  const id = o.id ?? String(700000000000000000n + BigInt(interactionCounter))
  const permissions = o.permissions === undefined ? PERMISSIONS.manager : o.permissions
  const base = {
    id,
    application_id: APP_ID,
    type: o.type ?? 2,
    token: o.token ?? `tok-${interactionCounter}`,
    version: 1,
    locale: o.locale ?? 'en-US',
    app_permissions: PERMISSIONS.member,
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    attachment_size_limit: 10_485_760,
    data: { id: '600000000000000001', name: o.name, type: 1, options: o.options ?? [] },
  }
  if (permissions === null) {
    return {
      ...base,
      channel_id: '666666666666666666',
      channel: { id: '666666666666666666', type: 1 },
      user: user(MEMBER_ID),
      context: 1,
    }
  }
  return {
    ...base,
    guild_id: GUILD_ID,
    guild_locale: 'en-US',
    channel_id: CHANNEL_ID,
    channel: {
      id: CHANNEL_ID,
      type: 0,
      name: 'ai-news',
      guild_id: GUILD_ID,
      permissions: PERMISSIONS.member,
    },
    member: {
      user: user(MEMBER_ID),
      roles: [],
      permissions,
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    context: 0,
  }
}
