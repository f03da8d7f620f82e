import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { REST } from '@discordjs/rest'
import { InteractionResponseType, InteractionType, Routes } from 'discord-api-types/v10'
import { describeError } from '../../core/errors.js'
import { readBody, sendJson } from '../../http/server.js'
import { choicesForInteraction } from './autocomplete.js'
import { factsFromRaw, fromInteraction, type RawInteraction } from './commands.js'
import { renderReply, type DiscordMessage } from './render.js'
import { answerCommand, type DiscordDeps, type InteractionResponder } from './respond.js'

// Ed25519 public keys in SPKI DER are this fixed prefix followed by the raw 32 bytes.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
/** Signed requests older or newer than this are refused, so a captured request cannot be replayed later. */
const MAX_CLOCK_SKEW_S = 15 * 60

/**
 * Checks Discord's request signature: Ed25519 over `timestamp + body` with the application's
 * public key (64 hex characters, as the developer portal shows it). Node's crypto does the work.
 */
export function createSignatureVerifier(
  publicKeyHex: string,
  now: () => number = Date.now
): (body: Buffer, signatureHex: string | undefined, timestamp: string | undefined) => boolean {
  if (!/^[0-9a-f]{64}$/i.test(publicKeyHex))
    throw new Error('DISCORD_PUBLIC_KEY: expected 64 hex characters')
  const key: KeyObject = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
    format: 'der',
    type: 'spki',
  })
  return (body, signatureHex, timestamp) => {
    if (
      !signatureHex ||
      !timestamp ||
      !/^[0-9a-f]{128}$/i.test(signatureHex) ||
      !/^\d{1,12}$/.test(timestamp)
    ) {
      return false
    }
    if (Math.abs(now() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_S) return false
    return verify(
      null,
      Buffer.concat([Buffer.from(timestamp), body]),
      key,
      Buffer.from(signatureHex, 'hex')
    )
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The REST body of a message (webhook execute / edit), with upload slots for its files. */
export function messageBody(message: DiscordMessage): Record<string, unknown> {
  const body: Record<string, unknown> = {
    embeds: message.embeds,
    allowed_mentions: message.allowed_mentions,
  }
  if (message.content !== undefined) body.content = message.content
  if (message.flags !== undefined) body.flags = message.flags
  if (message.files.length > 0)
    body.attachments = message.files.map((f, id) => ({ id, filename: f.name }))
  return body
}

export function messageFiles(message: DiscordMessage) {
  return message.files.map((f) => ({
    name: f.name,
    data: Buffer.from(f.data),
    contentType: f.contentType,
  }))
}

function webhookResponder(
  rest: REST,
  applicationId: string,
  token: string
): InteractionResponder & { defer(): Promise<void> } {
  let replied = false
  const send = async (method: 'patch' | 'post', route: `/${string}`, message: DiscordMessage) => {
    await rest[method](route, {
      body: messageBody(message),
      files: messageFiles(message),
      auth: false,
    })
    replied = true
  }
  return {
    deferred: true,
    get replied() {
      return replied
    },
    async defer() {},
    reply: (message) => send('post', Routes.webhook(applicationId, token), message),
    editOriginal: (message) =>
      send('patch', Routes.webhookMessage(applicationId, token, '@original'), message),
    async deleteOriginal() {
      await rest.delete(Routes.webhookMessage(applicationId, token, '@original'), { auth: false })
    },
    followUp: (message) => send('post', Routes.webhook(applicationId, token), message),
  }
}

/** The HTTP-interactions endpoint and a way to wait for the follow-ups it still owes. */
export interface InteractionsEndpoint {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Resolves when every follow-up started so far has been sent (or failed). */
  drain(): Promise<void>
}

/**
 * `POST /discord/interactions`: verifies the signature (anything unsigned or wrongly signed gets
 * 401 and runs nothing), answers PING with PONG, autocomplete with choices, and commands with a
 * deferred response followed by the answer through the interaction webhook. Needs no bot token.
 */
export function createInteractionsEndpoint(
  deps: DiscordDeps,
  options: {
    publicKey: string
    apiBase: string
    rest?: REST
    deferAfterMs?: number
    now?: () => number
  }
): InteractionsEndpoint {
  const verifySignature = createSignatureVerifier(options.publicKey, options.now)
  const rest = options.rest ?? new REST({ version: '10', api: options.apiBase })
  const pending = new Set<Promise<void>>()
  const track = (work: Promise<void>) => {
    pending.add(work)
    void work.finally(() => pending.delete(work))
  }

  return {
    async handle(req, res) {
      let body: Buffer
      try {
        body = await readBody(req, 256 * 1024)
      } catch {
        return sendJson(res, 413, { error: 'body too large' })
      }
      const valid = verifySignature(
        body,
        header(req, 'x-signature-ed25519'),
        header(req, 'x-signature-timestamp')
      )
      if (!valid) return sendJson(res, 401, { error: 'invalid request signature' })
      let raw: RawInteraction
      try {
        raw = JSON.parse(body.toString('utf8')) as RawInteraction
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' })
      }
      if (raw.type === InteractionType.Ping)
        return sendJson(res, 200, { type: InteractionResponseType.Pong })
      if (raw.type === InteractionType.ApplicationCommandAutocomplete) {
        const facts = factsFromRaw(raw)
        const choices = await (
          facts ? choicesForInteraction(facts, deps) : Promise.resolve([])
        ).catch((error: unknown) => {
          deps.log.warn({ err: describeError(error) }, 'discord: autocomplete failed')
          return []
        })
        return sendJson(res, 200, {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices },
        })
      }
      if (raw.type !== InteractionType.ApplicationCommand) {
        return sendJson(res, 400, { error: `unsupported interaction type ${String(raw.type)}` })
      }
      const facts = factsFromRaw(raw)
      if (!facts || typeof raw.token !== 'string' || typeof raw.application_id !== 'string') {
        return sendJson(res, 400, {
          error: 'interaction lacks a channel, user, token or command name',
        })
      }
      const input = fromInteraction(facts)
      const def = deps.commands.get(facts.commandName.toLowerCase())
      if (!def || (def.preconditions?.includes('chatAdmin') && !input.user.isAdmin)) {
        // A refusal needs no work: answer it right away, privately, instead of deferring.
        const [message] = renderReply(await deps.run(input))
        return sendJson(res, 200, {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: message ? messageBody(message) : { content: '—' },
        })
      }
      sendJson(res, 200, { type: InteractionResponseType.DeferredChannelMessageWithSource })
      track(
        answerCommand(deps, webhookResponder(rest, raw.application_id, raw.token), input, {
          deferAfterMs: options.deferAfterMs ?? 0,
        })
      )
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending])
    },
  }
}
