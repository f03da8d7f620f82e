import { DiscordAPIError, HTTPError, RateLimitError, REST } from '@discordjs/rest'
import { Routes } from 'discord-api-types/v10'
import { parseChatRef, SendError, type ChatRef, type ChatSender } from '../../core/chat.js'
import { describeError } from '../../core/errors.js'
import type { Reply } from '../../core/reply.js'
import { messageBody, messageFiles } from './interactions.js'
import { renderReply } from './render.js'

/** Discord's JSON error codes that mean the bot can no longer post in that channel. */
const PERMANENT_CODES: Record<number, string> = {
  50001: 'MISSING_ACCESS',
  50013: 'MISSING_PERMISSIONS',
  10003: 'UNKNOWN_CHANNEL',
}

/**
 * Translates a REST failure into the outbox's terms: lost access or a deleted channel is
 * permanent (the subscription gets paused with that reason); rate limits, 5xx and network
 * failures are retryable; a refused token is retryable too, because it is the operator's
 * problem, not the channel's.
 */
export function toSendError(error: unknown): SendError {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code)
    const reason = PERMANENT_CODES[code]
    if (reason) return new SendError('permanent', reason, error.message, { cause: error })
    if (error.status === 429)
      return new SendError('retryable', 'RATE_LIMITED', error.message, { cause: error })
    if (error.status === 401)
      return new SendError('retryable', 'UNAUTHORIZED', error.message, { cause: error })
    if (error.status >= 500)
      return new SendError('retryable', 'SERVER_ERROR', error.message, { cause: error })
    if (error.status === 404)
      return new SendError('permanent', 'UNKNOWN_CHANNEL', error.message, { cause: error })
    return new SendError('permanent', 'REJECTED', `${error.message} (code ${String(error.code)})`, {
      cause: error,
    })
  }
  if (error instanceof RateLimitError) {
    return new SendError('retryable', 'RATE_LIMITED', error.message, {
      retryAfterMs: error.retryAfter,
      cause: error,
    })
  }
  if (error instanceof HTTPError) {
    return new SendError(
      'retryable',
      error.status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR',
      `${error.status} ${error.message}`,
      { cause: error }
    )
  }
  return new SendError('retryable', 'NETWORK', describeError(error), { cause: error })
}

/**
 * The Discord `ChatSender`: posts a Reply to `channels/{id}/messages` through @discordjs/rest,
 * which queues per route bucket and waits out 429s itself, so any instance can post. A reply
 * too large for one message goes out as several, in order.
 *
 * @example
 * const sender = createDiscordSender({ token, apiBase: 'https://discord.com/api' })
 * await sender.send('discord:200', reply.text('New: …'))
 */
export function createDiscordSender(options: {
  token: string
  apiBase: string
  rest?: REST
}): ChatSender {
  const rest =
    options.rest ?? new REST({ version: '10', api: options.apiBase }).setToken(options.token)
  return {
    platform: 'discord',
    async send(chat: ChatRef, reply: Reply) {
      const parsed = parseChatRef(chat)
      if (!parsed || parsed.platform !== 'discord' || !/^\d{1,25}$/.test(parsed.id)) {
        throw new SendError('permanent', 'BAD_CHAT', `not a Discord channel: ${chat}`)
      }
      const messageIds: string[] = []
      for (const message of renderReply({ ...reply, ephemeral: false })) {
        try {
          const posted = (await rest.post(Routes.channelMessages(parsed.id), {
            body: messageBody(message),
            files: messageFiles(message),
          })) as { id: string }
          messageIds.push(posted.id)
        } catch (error) {
          throw toSendError(error)
        }
      }
      return { messageIds }
    },
  }
}
